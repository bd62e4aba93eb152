"""A one-line text field that keeps what the user typed.

Textual's ``Input`` selects its whole value when it gets the focus, so the next key
replaces it (a Purpose was wiped by Tab and a letter), and it has no undo, so
ctrl+z went on to the app and undid the last change on another screen. Here the
cursor lands at the end, and ctrl+z / ctrl+y undo and redo the typing in the field
itself, a word at a time; the app-wide undo never hears them.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

#: Undo steps kept per field.
UNDO_LIMIT = 100

UNDO_KEYS = frozenset({"ctrl+z", "super+z"})
REDO_KEYS = frozenset({"ctrl+y", "super+y", "ctrl+shift+z"})


class TextInput(Input):
    """``Input`` with the cursor at the end on focus and its own undo and redo."""

    # Input sets its virtual size (the width of its text) on every keystroke, and
    # Widget's ``virtual_size`` is a layout reactive: each key typed laid out and
    # repainted the whole screen (10 ms on the Contacts screen, where the floor's lone
    # Input takes 1). Only the field itself changes; it still lays out when its
    # width is auto (Input does that itself).
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, value: str | None = None, placeholder: str = "", **kwargs: Any) -> None:
        self._undo_steps: list[tuple[str, int]] = []
        self._redo_steps: list[tuple[str, int]] = []
        #: True while the value changes by an edit here (not set by the program).
        self._editing = False
        #: Where the run of characters being typed ends (typing there is one step).
        self._typing_at: int | None = None
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, placeholder, **kwargs)

    # --- the cursor ------------------------------------------------------------------

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)  # the app's setting

    def _on_focus(self, event: events.Focus) -> None:
        if not event.from_app_focus:
            self.cursor_position = len(self.value)  # a click then moves it where clicked

    # --- undo ------------------------------------------------------------------------

    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit (typing, deleting, pasting, cutting) comes through here."""
        before = (self.value, self.cursor_position)
        one_character = len(text) == 1 and start == end
        continues = one_character and start == self._typing_at and not text.isspace()
        self._editing = True
        try:
            super().replace(text, start, end)
        finally:
            self._editing = False
        if self.value == before[0]:
            return  # refused (too long, restricted) or nothing changed
        if not continues:
            self._undo_steps.append(before)
            del self._undo_steps[:-UNDO_LIMIT]
        self._redo_steps.clear()
        self._typing_at = self.cursor_position if one_character else None

    def watch_value(self) -> None:
        if not self._editing:
            # Set by the program (another record loaded): nothing before it to undo,
            # and what is typed next goes after it.
            self._undo_steps.clear()
            self._redo_steps.clear()
            self._typing_at = None
            self.cursor_position = len(self.value)

    def load_value(self, value: str) -> None:
        """Show ``value`` as loaded: it cannot be undone into what was there before."""
        self.value = value
        self._undo_steps.clear()
        self._redo_steps.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo_steps)

    def undo(self) -> None:
        if self._undo_steps:
            self._redo_steps.append((self.value, self.cursor_position))
            self._restore(*self._undo_steps.pop())

    def redo(self) -> None:
        if self._redo_steps:
            self._undo_steps.append((self.value, self.cursor_position))
            self._restore(*self._redo_steps.pop())

    def _restore(self, value: str, cursor: int) -> None:
        self._editing = True
        try:
            self.value = value
        finally:
            self._editing = False
        self.cursor_position = min(cursor, len(value))
        self._typing_at = None

    async def _on_key(self, event: events.Key) -> None:
        if event.key in UNDO_KEYS or event.key in REDO_KEYS:
            # Handled here, never passed on: the app's ctrl+z undoes changes elsewhere.
            event.stop()
            event.prevent_default()
            if event.key in UNDO_KEYS:
                self.undo()
            else:
                self.redo()
