"""My private notes about a contact (a team's database): a text area, ctrl+s to
save, escape to close unsaved. Returns the text, or ``None``."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea


class PrivateNotesForm(ModalScreen[str | None]):
    """The notes only I read about one contact."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="private_notes.save", tooltip="Save my notes"),
        Binding("escape", "cancel", "Cancel", id="private_notes.cancel", tooltip="Close unsaved"),
    ]

    DEFAULT_CSS = """
    PrivateNotesForm {
        align: center middle;
        & > #private-notes {
            width: 72; max-width: 100%; height: auto; max-height: 100%;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #private-notes-title { text-style: bold; padding-bottom: 1; }
        #private-notes-text { height: 8; }
        #private-notes-hint { color: $text-muted; padding-top: 1; }
    }
    """

    def __init__(self, name: str, notes: str) -> None:
        super().__init__()
        self.contact_name = name
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="private-notes"):
            title = Text("My private notes about ")
            title.append(self.contact_name)
            yield Static(title, id="private-notes-title")
            yield TextArea(self.notes, id="private-notes-text", soft_wrap=True)
            yield Static(
                Text("Only you read them; the rest of the team never does. ctrl+s saves."),
                id="private-notes-hint",
            )

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        self.dismiss(text.strip() if text.strip() != self.notes.strip() else self.notes)

    def action_cancel(self) -> None:
        self.dismiss(None)
