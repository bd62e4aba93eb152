"""Ask for one line of text (say, my organisation). Returns it stripped, or ``None``.
A value the caller's check refuses keeps the prompt open with the sentence that says
why: closed, the user's retry would be typed into the screen underneath, as commands."""

from __future__ import annotations

from collections.abc import Callable

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
        #prompt-error { color: $error; display: none; padding-top: 1; }
        #prompt-error.-shown { display: block; }
    }
    """

    def __init__(
        self,
        title: str,
        value: str = "",
        *,
        placeholder: str = "",
        hint: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        """``check(value)`` returns the sentence that refuses a value (``None``: fine)."""
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Static(Text(self.prompt_title), id="prompt-title")
            yield TextInput(safe_line(self.value), placeholder=self.placeholder, id="prompt-input")
            yield Static("", id="prompt-error")
            yield Static(Text(self.hint), id="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if self.value and value == safe_line(self.value).strip():
            value = self.value  # untouched: keep it exactly as stored
        problem = self.check(value) if self.check is not None else None
        error = self.query_one("#prompt-error", Static)
        error.set_class(problem is not None, "-shown")
        if problem is not None:
            error.update(Text(problem))
            self.app.bell()
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
