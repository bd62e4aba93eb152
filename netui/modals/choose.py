"""Choose one item from a short list. Returns its value, or ``None`` when cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

T = TypeVar("T")


class Choose(ModalScreen[T | None], Generic[T]):
    """A title and a list; enter or a click picks."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="choose.cancel", tooltip="Close without choosing"),
    ]

    DEFAULT_CSS = """
    Choose {
        align: center middle;
        & > #choose {
            width: 76; max-width: 100%; height: auto; max-height: 80%;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #choose-title { padding-bottom: 1; }
        #choose-options { height: auto; max-height: 20; border: none; }
    }
    """

    def __init__(self, title: Text | str, items: Sequence[tuple[Text | str, T]]) -> None:
        super().__init__()
        self.choose_title = title
        self.values = [value for _, value in items]
        self.prompts = [prompt for prompt, _ in items]

    def compose(self) -> ComposeResult:
        with Vertical(id="choose"):
            title = self.choose_title
            yield Static(Text(title) if isinstance(title, str) else title, id="choose-title")
            yield OptionList(
                *(
                    Option(Text(prompt) if isinstance(prompt, str) else prompt, id=str(index))
                    for index, prompt in enumerate(self.prompts)
                ),
                id="choose-options",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.values[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
