"""Ask for one line of text (say, my organisation). Returns it stripped, or ``None``."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from netui.core.text import safe_line
from netui.widgets.text_input import TextInput


class TextPrompt(ModalScreen[str | None]):
    """A title, a hint and one input; enter saves, escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel", tooltip="Close unsaved"),
    ]

    DEFAULT_CSS = """
    TextPrompt {
        align: center middle;
        & > #prompt {
            width: 64; max-width: 100%; height: auto;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #prompt-title { text-style: bold; padding-bottom: 1; }
        #prompt-hint { color: $text-muted; padding-top: 1; }
    }
    """

    def __init__(
        self, title: str, value: str = "", *, placeholder: str = "", hint: str = ""
    ) -> None:
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Static(Text(self.prompt_title), id="prompt-title")
            yield TextInput(safe_line(self.value), placeholder=self.placeholder, id="prompt-input")
            yield Static(Text(self.hint), id="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if self.value and value == safe_line(self.value).strip():
            value = self.value  # untouched: keep it exactly as stored
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
