"""Undo that lasts: the steps a user can take back, kept in the database.

An action that may be undone runs inside :func:`undoable`::

    with undoable("edit Dana Levi", screen="contacts"):
        edit_contact(...)

Its writes go through :mod:`netui.db.journal`, which notes how to revert each;
when the block ends the step is written in the same transaction as the change
(``undo_step``: the description, the screen it was done on, the run of netui that
did it, the revert as JSON). Rows a delete takes out wait in ``trash``. So the
history survives quitting, and another window or the command line sees it too.

:func:`undo_latest` takes back this run's newest step, or, when this run has none
(just started, say), the newest of anyone's. :func:`undo` takes back any listed
step. Either reverts only what still holds the value it wrote and says what it
left. The newest :data:`KEEP` steps are kept. No Textual here.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from netui.db import journal
from netui.db.journal import Recorder
from netui.db.models import UndoStep, database

#: This run of netui (an app window or one command); steps it writes carry it.
SESSION = uuid.uuid4().hex
#: How many steps are kept; older ones (and their trash) are forgotten.
KEEP = 200
#: The screen name of steps written outside the app.
COMMAND_LINE = "command line"


class NothingToUndo(LookupError):
    """There is no step to undo (or it was undone elsewhere)."""


@contextmanager
def undoable(
    description: str, screen: str = COMMAND_LINE, *, origin: str | None = None
) -> Iterator[Recorder]:
    """Run a block as one undo step, in one transaction with it. Nested blocks join
    the outer step. A block that changed nothing leaves no step."""
    outer = journal.current()
    if outer is not None:
        yield outer
        return
    recorder = Recorder(description, screen, origin or SESSION)
    token = journal._current.set(recorder)
    try:
        with database.atomic():
            yield recorder
            _finish(recorder)
    finally:
        journal._current.reset(token)


def _finish(recorder: Recorder) -> None:
    if not recorder.ops:
        if recorder.step_id is not None:
            UndoStep.delete().where(UndoStep.id == recorder.step_id).execute()
        return
    step_id = recorder.ensure_step()
    revert = json.dumps(recorder.ops, default=journal.as_stored)  # a server's dates
    UndoStep.update(revert=revert, description=recorder.description).where(
        UndoStep.id == step_id
    ).execute()
    forget_old()


def forget_old(keep: int = KEEP) -> None:
    """Keep the newest ``keep`` steps; older ones go, with their trash."""
    newest = (
        UndoStep.select(UndoStep.id).order_by(UndoStep.id.desc()).offset(keep).limit(1).scalar()
    )
    if newest is not None:
        UndoStep.delete().where(UndoStep.id <= newest).execute()


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
    """The steps that can be undone, newest first."""
    query = UndoStep.select(
        UndoStep.id, UndoStep.description, UndoStep.screen, UndoStep.origin, UndoStep.created_at
    ).order_by(UndoStep.id.desc())
    return [_entry(step) for step in query.limit(limit)]


def latest(prefer: str = SESSION) -> UndoEntry | None:
    """The step ctrl+z takes back: the newest of run ``prefer``, else the newest."""
    fields = (UndoStep.id, UndoStep.description, UndoStep.screen, UndoStep.origin,
              UndoStep.created_at)  # fmt: skip
    step = (
        UndoStep.select(*fields)
        .where(UndoStep.origin == prefer)
        .order_by(UndoStep.id.desc())
        .first()
    ) or UndoStep.select(*fields).order_by(UndoStep.id.desc()).first()
    return None if step is None else _entry(step)


# --- undoing ------------------------------------------------------------------------


@dataclass(frozen=True)
class UndoOutcome:
    """What an undo did."""

    entry: UndoEntry
    left: tuple[str, ...] = ()  # what it left alone, and why
    changed: int = 0  # rows put back, removed or reverted

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
    """Take back one step (in one transaction); it is then forgotten."""
    with database.atomic():
        step = UndoStep.get_or_none(UndoStep.id == step_id)
        if step is None:
            raise NothingToUndo("That change was already undone (in another window?).")
        ops = json.loads(step.revert)
        done = journal.revert(ops, step.id)
        UndoStep.delete().where(UndoStep.id == step.id).execute()
    return UndoOutcome(_entry(step), tuple(done.left), done.changed)


def undo_latest(prefer: str = SESSION) -> UndoOutcome:
    """Take back the step :func:`latest` names; :class:`NothingToUndo` if none."""
    with database.atomic():
        entry = latest(prefer)
        if entry is None:
            raise NothingToUndo("Nothing to undo.")
        return undo(entry.id)
