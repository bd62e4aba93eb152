"""Saving an edit form from any screen: field by field, asking when two writers clash.

:func:`save_edit` runs ``save(loaded, wanted)`` (one of the ``edit_*`` functions of
:mod:`netui.db`, which write only what the user changed and only where nobody
changed it since) in a worker, as one undo step. When it reports conflicts, the
:class:`~netui.modals.conflict.ConflictDialog` shows both values of each; the
user's choices are saved the same way (and asked again, should yet another change
land meanwhile). Cancelling saves nothing and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from textual.message import Message

from netui.db import journal
from netui.db.edits import Conflict, EditOutcome, resolved
from netui.workers import db_work

if TYPE_CHECKING:
    from netui.app import NetuiApp
    from netui.database_work import DatabaseWork

    _App = DatabaseWork
else:
    _App = object

Save = Callable[[dict[str, Any], dict[str, Any]], EditOutcome]


def save_edit(
    app: NetuiApp,
    save: Save,
    loaded: Mapping[str, Any],
    wanted: Mapping[str, Any],
    *,
    undo: str,
    what: str = "",
    done: Callable[[EditOutcome], object],
) -> None:
    """Save ``wanted`` over ``loaded`` with ``save``; ``done(outcome)`` once saved."""
    EditSave(app, save, undo, what, done).attempt(dict(loaded), dict(wanted))


class EditSave:
    """One edit on its way to the database: each step a method, not a closure in a
    closure. No worker waits while the dialog is open (a test that waits for the
    app's workers would wait for the user's answer)."""

    def __init__(
        self,
        app: NetuiApp,
        save: Save,
        undo: str,
        what: str,
        done: Callable[[EditOutcome], object],
    ) -> None:
        self.app, self.save, self.undo, self.what, self.done = app, save, undo, what, done
        self.loaded: dict[str, Any] = {}
        self.wanted: dict[str, Any] = {}
        self.conflicts: tuple[Conflict, ...] = ()

    def attempt(self, loaded: dict[str, Any], wanted: dict[str, Any]) -> None:
        self.loaded, self.wanted = loaded, wanted
        self.app.write_edit(self, self.app.current_mode)

    def finished(self, outcome: EditOutcome) -> None:
        if outcome.saved:
            self.done(outcome)
            return
        self.conflicts = outcome.conflicts
        from netui.modals.conflict import ConflictDialog  # imported when first needed

        self.app.push_screen(ConflictDialog(outcome.conflicts, self.what), self.chosen)

    def chosen(self, choices: dict[str, object] | None) -> None:
        if choices is None:
            self.app.say("Nothing was saved; what was saved elsewhere stays.", "warning")
            return
        self.attempt(*resolved(self.loaded, self.wanted, self.conflicts, choices))


class EditWritten(Message):
    """One attempt of an :class:`EditSave` was written (or met conflicts)."""

    def __init__(self, edit: EditSave, outcome: EditOutcome) -> None:
        super().__init__()
        self.edit = edit
        self.outcome = outcome


class EditSaving(_App):
    """The app's side of :func:`save_edit`: each attempt in a worker, as one undo
    step of the screen it was made on. Mixed into :class:`~netui.app.NetuiApp`."""

    @db_work(group="edit-save", description="save the edit")
    def write_edit(self, edit: EditSave, screen: str) -> Message:
        with journal.undoable(edit.undo, screen=screen):
            outcome = edit.save(edit.loaded, edit.wanted)
        return EditWritten(edit, outcome)

    def on_edit_written(self, message: EditWritten) -> None:
        message.edit.finished(message.outcome)
