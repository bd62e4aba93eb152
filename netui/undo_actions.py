"""Undo from the app: ctrl+z takes back the newest step, the palette lists them all.

Steps live in the database (:mod:`netui.db.history`): they survive a restart, and
each carries its description and the screen it was done on. ctrl+z takes back this
run's newest step (or, with none, anyone's newest). Mixed into
:class:`~netui.app.NetuiApp`.
"""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from netui.modes import mode_of_screen
from netui.screens.base import NetuiScreen
from netui.workers import db_work

# The undo history's storage and dialogs are imported when first used, not before the
# first paint (as netui.app's other mixins' are).
if TYPE_CHECKING:  # the app it is mixed into, for the type checker only
    from netui.database_work import DatabaseWork
    from netui.db.history import UndoEntry, UndoOutcome

    _App = DatabaseWork
else:
    _App = object


class LatestFound(Message):
    """The newest step that can be undone was read (``None``: there is none)."""

    def __init__(self, entry: UndoEntry | None) -> None:
        super().__init__()
        self.entry = entry


class Undone(Message):
    """A step was taken back (``None``: there was nothing to undo)."""

    def __init__(self, outcome: UndoOutcome | None) -> None:
        super().__init__()
        self.outcome = outcome


class StepsListed(Message):
    """The steps that can be undone were read, newest first."""

    def __init__(self, entries: list[UndoEntry]) -> None:
        super().__init__()
        self.entries = entries


class UndoActions(_App):
    """ctrl+z, the undo history, and the check that keeps ctrl+z in text fields."""

    if TYPE_CHECKING:  # NetuiApp's

        def database_changed(self) -> None: ...

    def _mode_of(self, screen: Screen) -> str:
        return mode_of_screen(screen) or self.current_mode

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Never the app-wide undo from a text field: ctrl+z there is the field's own.
        return not (action == "undo" and _is_text_field(self.focused))

    def action_undo(self) -> None:
        """Take back the newest step (see :func:`netui.db.history.latest`); one made
        on another screen, or outside this app, is named and asked about first."""
        self._find_latest()

    @db_work(group="undo")
    def _find_latest(self) -> Message:
        from netui.db import history

        return LatestFound(history.latest())

    def on_latest_found(self, message: LatestFound) -> None:
        # Methods by their names: the mixin is no MessagePump, so @on would not register.
        entry = message.entry
        if entry is None:
            self.say("Nothing to undo.")
        elif entry.screen == self.current_mode:
            self.undo_step(entry.id)
        else:
            from netui.modals.confirm import Confirm

            where = entry.where() or "elsewhere"
            self.push_screen(
                Confirm(
                    f"Undo a change made {where}?",
                    f"The last change was made {where}: {entry.description}.",
                    yes="Undo it",
                    no="Keep it",
                ),
                partial(self._undo_if, entry.id),
            )

    def _undo_if(self, step_id: int, yes: bool | None) -> None:
        if yes:
            self.undo_step(step_id)

    def _undo_chosen(self, step_id: int | None) -> None:
        if step_id:
            self.undo_step(step_id)

    @db_work(group="undo")
    def undo_step(self, step_id: int) -> Message:
        """Take back one listed step, whichever it is."""
        return Undone(_undo_step(step_id))

    def on_undone(self, message: Undone) -> None:
        outcome = message.outcome
        if outcome is None:
            self.say("Nothing to undo.")
            return
        self.say(outcome.message(here=self.current_mode), timeout=8)
        if outcome.contact is not None and isinstance(self.screen, NetuiScreen):
            # The contact that came back (unarchived, restored, changed back) is the
            # one the user is looking for: the list goes to it.
            self.screen.go_to_after_reload(outcome.contact)
        self.database_changed()

    def action_undo_history(self) -> None:
        """List the steps that can be undone, newest first; the one chosen is undone."""
        self._list_steps()

    @db_work(group="undo")
    def _list_steps(self) -> Message:
        from netui.db import history

        return StepsListed(history.steps())

    def on_steps_listed(self, message: StepsListed) -> None:
        if not message.entries:
            self.say("Nothing to undo.")
            return
        from netui.modals.undo_history import undo_history

        self.push_screen(undo_history(message.entries), self._undo_chosen)


def _is_text_field(widget: object) -> bool:
    """Whether ``widget`` is a one-line or a multi-line text field (a TextArea can only
    be one once Textual's module of it is loaded: not imported here for that)."""
    text_area = sys.modules.get("textual.widgets._text_area")
    kinds = (Input,) if text_area is None else (Input, text_area.TextArea)
    return isinstance(widget, kinds)


def _undo_step(step_id: int) -> UndoOutcome | None:
    from netui.db import history

    try:
        return history.undo(step_id)
    except history.NothingToUndo:
        return None
