"""Marking my ledger entry, meeting (its worksheet) or goal shared with the team, or
private again (schema 7's ``shared``): what the team's row-level security reads
(:mod:`netui.db.roles`). Only my own rows: another member's are not mine to share.
Through :mod:`netui.db.journal`, so it is undone like any change. No Textual here."""

from __future__ import annotations

from typing import Any

from netui.db import journal
from netui.db.members import own
from netui.db.models import Exchange, Goal, Meeting

#: What can be shared, by kind: the model, and the word for it.
SHAREABLE: dict[str, tuple[Any, str]] = {
    "exchange": (Exchange, "ledger entry"),
    "meeting": (Meeting, "meeting"),
    "goal": (Goal, "goal"),
}


class SharingError(LookupError):
    """Nothing of mine to share there (one sentence)."""


def set_shared(kind: str, row_id: int, shared: bool) -> bool:
    """Mark my ``kind`` row ``row_id`` shared with the team (or private); whether it
    changed. :class:`SharingError` if it is not mine or not there."""
    model, word = SHAREABLE[kind]
    where = (model.id == row_id) & own(model)
    stored = model.select(model.shared).where(where).scalar()
    if stored is None:
        raise SharingError(f"That {word} is not yours to share, or is gone.")
    if bool(stored) == shared:
        return False
    journal.update(model, where, shared=shared)
    return True
