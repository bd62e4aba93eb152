"""Undo from the app: ctrl+z takes back the newest step, the palette lists them all.

Steps live in the database (:mod:`netui.db.history`): they survive a restart, and
each carries its description and the screen it was done on. ctrl+z takes back this
run's newest step (or, with none, anyone's newest). Mixed into
:class:`~netui.app.NetuiApp`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.widgets import Input, TextArea

from netui.db import history
from netui.db.history import NothingToUndo, UndoEntry, UndoOutcome
from netui.modals.confirm import Confirm
from netui.modals.undo_history import undo_history
from netui.modes import mode_of_screen

if TYPE_CHECKING:  # the app it is mixed into, for the type checker only
    from netui.database_work import DatabaseWork

    _App = DatabaseWork
else:
    _App = object


class UndoActions(_App):
    """ctrl+z, the undo history, and the check that keeps ctrl+z in text fields."""

    if TYPE_CHECKING:  # NetuiApp's

        def database_changed(self) -> None: ...

    def _mode_of(self, screen: Screen) -> str:
        return mode_of_screen(screen) or self.current_mode

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Never the app-wide undo from a text field: ctrl+z there is the field's own.
        return not (action == "undo" and isinstance(self.focused, Input | TextArea))

    def action_undo(self) -> None:
        """Take back the newest step (see :func:`netui.db.history.latest`); one made
        on another screen, or outside this app, is named and asked about first."""

        def found(entry: UndoEntry | None) -> None:
            if entry is None:
                self.say("Nothing to undo.")
                return
            if entry.screen == self.current_mode:
                self.undo_step(entry.id)
                return
            where = entry.where() or "elsewhere"
            self.push_screen(
                Confirm(
                    f"Undo a change made {where}?",
                    f"The last change was made {where}: {entry.description}.",
                    yes="Undo it",
                    no="Keep it",
                ),
                lambda yes: self.undo_step(entry.id) if yes else None,
            )

        self.run_db(history.latest, done=found, group="undo")

    def undo_step(self, step_id: int) -> None:
        """Take back one listed step, whichever it is."""
        self.run_db(_undo_step, step_id, done=self._undone, group="undo")

    def _undone(self, outcome: UndoOutcome | None) -> None:
        if outcome is None:
            self.say("Nothing to undo.")
            return
        self.say(outcome.message(here=self.current_mode), timeout=8)
        self.database_changed()

    def action_undo_history(self) -> None:
        """List the steps that can be undone, newest first; the one chosen is undone."""

        def listed(entries: list[UndoEntry]) -> None:
            if not entries:
                self.say("Nothing to undo.")
                return
            self.push_screen(
                undo_history(entries), lambda step: self.undo_step(step) if step else None
            )

        self.run_db(history.steps, done=listed, group="undo")


def _undo_step(step_id: int) -> UndoOutcome | None:
    try:
        return history.undo(step_id)
    except NothingToUndo:
        return None
