"""Ask a yes/no question. Returns ``True`` to go ahead, ``False`` to leave things as they are."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from netui.core.text import safe_block


class Confirm(ModalScreen[bool]):
    """A title, a message shown literally, and two buttons."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no", tooltip="Leave it as it is"),
    ]

    DEFAULT_CSS = """
    Confirm {
        align: center middle;
        & > #confirm {
            width: 64; max-width: 100%; height: auto;
            border: thick $warning 80%; background: $surface; padding: 0 1;
        }
        #confirm-title { text-style: bold; padding-bottom: 1; }
        #confirm-message { padding-bottom: 1; }
        #confirm-buttons { height: auto; align-horizontal: right; }
        #confirm-buttons Button { margin-left: 2; }
    }
    """

    def __init__(self, title: str, message: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.confirm_title = title
        self.message = message
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Text(self.confirm_title), id="confirm-title")
            yield Static(Text(safe_block(self.message)), id="confirm-message")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(f"{self.no_label}  n"), id="no")
                yield Button(Content(f"{self.yes_label}  y"), variant="warning", id="yes")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)
