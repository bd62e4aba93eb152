"""Putting off what Today asks: an item (a meeting, an overdue person, a follow-up, a
person to give back to) hidden until a day, or for good. Each snooze is one undo step
(through the journal) and belongs to its member. No Textual.
"""

from __future__ import annotations

import datetime as dt

from netui import clock
from netui.db import journal
from netui.db.members import current_member_id, own
from netui.db.models import SNOOZE_KINDS, Snooze, database


class TodayError(ValueError):
    """An item that cannot be snoozed or done: one sentence."""


def _check_kind(kind: str) -> None:
    if kind not in SNOOZE_KINDS:
        raise TodayError(f"{kind!r} is not a kind of item; use one of {', '.join(SNOOZE_KINDS)}.")


def snooze(kind: str, ref: int, until: dt.date) -> Snooze | None:
    """Hide an item until ``until`` (a day after today); the snooze it replaced, if any."""
    _check_kind(kind)
    if until <= clock.today():
        raise TodayError(f"{until.isoformat()} is not after today; snooze to a later day.")
    return _put_snooze(kind, ref, until)


def _put_snooze(kind: str, ref: int, until: dt.date | None) -> Snooze | None:
    """Store the snooze (through the journal: one undo step takes it back); the one
    it replaced, if any."""
    with database.atomic():
        before = _snooze_of(kind, ref)
        if before is None:
            journal.insert(Snooze, member=current_member_id(), kind=kind, ref=ref, until=until)
        else:
            journal.update(
                Snooze, (Snooze.kind == kind) & (Snooze.ref == ref) & own(Snooze), until=until
            )
    return before


def done_for_good(kind: str, ref: int) -> Snooze | None:
    """Hide an item for good (a follow-up done); the snooze it replaced, if any."""
    _check_kind(kind)
    return _put_snooze(kind, ref, None)


def _snooze_of(kind: str, ref: int) -> Snooze | None:
    return Snooze.get_or_none((Snooze.kind == kind) & (Snooze.ref == ref) & own(Snooze))


def hidden(today: dt.date) -> dict[str, set[int]]:
    """``{kind: refs}`` of the items snoozed past ``today`` or done for good."""
    found: dict[str, set[int]] = {kind: set() for kind in SNOOZE_KINDS}
    query = Snooze.select(Snooze.kind, Snooze.ref).where(
        (Snooze.until.is_null() | (Snooze.until > today)) & own(Snooze)
    )
    for kind, ref in database.execute(query).fetchall():
        found.setdefault(kind, set()).add(ref)
    return found
