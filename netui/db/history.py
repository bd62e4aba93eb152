"""Undo that lasts: the steps a user can take back, kept in the database.

An action that may be undone runs inside :func:`netui.db.journal.undoable`::

    with undoable("edit Dana Levi", screen="contacts"):
        edit_contact(...)

Its writes go through :mod:`netui.db.journal`, which notes how to revert each;
when the block ends the step is written in the same transaction as the change
(``undo_step``: the description, the screen it was done on, the run of netui that
did it, the revert as JSON). Rows a delete takes out wait in ``trash``. So the
history survives quitting, and another window or the command line sees it too.

:func:`undo_latest` takes back this run's newest step, or, when this run has none
(just started, say), the newest of the member's. :func:`undo` takes back any listed
step. Steps are one member's (schema 8): each member lists and takes back only
their own, never a teammate's (on PostgreSQL they cannot even read them). Either
reverts only what still holds the value it wrote and says what it
left. The newest :data:`KEEP` steps are kept. No Textual here.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from netui.db.journal import COMMAND_LINE, KEEP, SESSION
from netui.db.members import own
from netui.db.models import UndoStep, database
from netui.db.reverting import revert


class NothingToUndo(LookupError):
    """There is no step to undo (or it was undone elsewhere)."""


# --- listing ------------------------------------------------------------------------


@dataclass(frozen=True)
class UndoEntry:
    """One step that can be taken back."""

    id: int
    description: str
    screen: str
    origin: str
    created_at: dt.datetime

    @property
    def mine(self) -> bool:
        """Done by this run of netui."""
        return self.origin == SESSION

    def where(self) -> str:
        """Where it was done, as words: ``on Bank & goals``, ``from the command line``."""
        if self.screen == COMMAND_LINE:
            return "from the command line"
        label = SCREEN_LABELS.get(self.screen, self.screen)
        return f"on {label}" if label else ""


SCREEN_LABELS = {
    "contacts": "Contacts",
    "prep": "Prep",
    "reciprocity": "Reciprocity",
    "bank": "Bank & goals",
}


def _entry(step: UndoStep) -> UndoEntry:
    return UndoEntry(step.id, step.description, step.screen, step.origin, step.created_at)


def steps(limit: int = KEEP) -> list[UndoEntry]:
    """My steps that can be undone, newest first."""
    query = UndoStep.select(
        UndoStep.id, UndoStep.description, UndoStep.screen, UndoStep.origin, UndoStep.created_at
    ).where(own(UndoStep)).order_by(UndoStep.id.desc())
    return [_entry(step) for step in query.limit(limit)]


def latest(prefer: str = SESSION) -> UndoEntry | None:
    """The step ctrl+z takes back: my newest of run ``prefer``, else my newest."""
    fields = (UndoStep.id, UndoStep.description, UndoStep.screen, UndoStep.origin,
              UndoStep.created_at)  # fmt: skip
    mine = own(UndoStep)
    step = (
        UndoStep.select(*fields)
        .where(mine & (UndoStep.origin == prefer))
        .order_by(UndoStep.id.desc())
        .first()
    ) or UndoStep.select(*fields).where(mine).order_by(UndoStep.id.desc()).first()
    return None if step is None else _entry(step)


# --- undoing ------------------------------------------------------------------------


@dataclass(frozen=True)
class UndoOutcome:
    """What an undo did."""

    entry: UndoEntry
    left: tuple[str, ...] = ()  # what it left alone, and why
    changed: int = 0  # rows put back, removed or reverted
    #: The contact the undo brought back (a merge undone: the one merged away), else
    #: the one it changed back, else the one whose touch or exchange it took back;
    #: ``None`` when it touched several or none.
    contact: int | None = None

    def message(self, here: str | None = None) -> str:
        """One or two sentences for the user: ``Undone on Bank & goals: link Rita.``
        (where, unless it was done on ``here``, the screen the user is on; whether it
        was done by another run of netui) and what was left as another writer
        changed it since."""
        entry = self.entry
        where = entry.where()
        if entry.screen == here or not where:
            where = ""
        if not entry.mine and entry.screen != COMMAND_LINE:
            where = f"{where}, from an earlier run or another window".lstrip(", ")
        text = f"Undone{' ' + where if where else ''}: {entry.description}."
        if self.left:
            shown = "; ".join(self.left[:4])
            more = f"; and {len(self.left) - 4} more" if len(self.left) > 4 else ""
            text += f" Left as they are: {shown}{more}."
        return text


def undo(step_id: int) -> UndoOutcome:
    """Take back one of my steps (in one transaction); it is then forgotten. Another
    member's step is not there to take back."""
    with database.atomic():
        step = UndoStep.get_or_none((UndoStep.id == step_id) & own(UndoStep))
        if step is None:
            raise NothingToUndo("That change was already undone (in another window?).")
        ops = json.loads(step.revert)
        done = revert(ops, step.id)
        UndoStep.delete().where(UndoStep.id == step.id).execute()
    about = done.restored or done.contacts or done.about
    contact = next(iter(about)) if len(about) == 1 else None
    return UndoOutcome(_entry(step), tuple(done.left), done.changed, contact)


def undo_latest(prefer: str = SESSION) -> UndoOutcome:
    """Take back the step :func:`latest` names; :class:`NothingToUndo` if none."""
    with database.atomic():
        entry = latest(prefer)
        if entry is None:
            raise NothingToUndo("Nothing to undo.")
        return undo(entry.id)
