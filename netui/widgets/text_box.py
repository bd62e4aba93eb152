"""A multi-line text field whose cursor lands at the end when it gets the focus.

Textual's ``TextArea`` keeps the cursor where it was, at the start of a field just
loaded, so tabbing into a prefilled "Who they are" and typing glued the new text
onto the name. Undo (ctrl+z) is the ``TextArea``'s own and stays inside the field.
"""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea


class TextBox(TextArea):
    """``TextArea`` with the cursor at the end of the text on focus."""

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)  # the app's setting

    def _on_focus(self, event: events.Focus) -> None:
        if not event.from_app_focus:
            self.move_cursor(self.document.end)  # a click then moves it where clicked
