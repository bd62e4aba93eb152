"""How well two people know each other: strength 1 to 5 and the context."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from netui.core.text import safe_line

STRENGTHS = {
    1: "heard of each other",
    2: "met a few times",
    3: "know each other",
    4: "work closely",
    5: "trust each other",
}


@dataclass(frozen=True)
class TieFields:
    strength: int
    context: str


class TieForm(ModalScreen[TieFields | None]):
    """Returns the tie's strength and context, or ``None`` when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="tie.save", tooltip="Save the tie"),
        Binding("escape", "cancel", "Cancel", id="tie.cancel", tooltip="Close unsaved"),
    ]

    DEFAULT_CSS = """
    TieForm {
        align: center middle;
        & > #tie-form {
            width: 70; max-width: 100%; height: auto;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #tie-title { padding-bottom: 1; }
        .field-row { height: 1; margin-bottom: 1; }
        .field-label { width: 10; color: $text-muted; }
        .field-row Select, .field-row Input { width: 1fr; }
        #tie-buttons { height: auto; align-horizontal: right; }
        #tie-buttons Button { margin-left: 2; }
    }
    """

    def __init__(self, name: str, other: str, initial: TieFields | None = None) -> None:
        super().__init__()
        self.names = (name, other)
        self.initial = initial

    def compose(self) -> ComposeResult:
        name, other = self.names
        title = Text.assemble((safe_line(name), "bold"), " knows ", (safe_line(other), "bold"))
        initial = self.initial or TieFields(3, "")
        with Vertical(id="tie-form"):
            yield Static(title, id="tie-title")
            with Horizontal(classes="field-row"):
                yield Label("Strength", classes="field-label")
                yield Select(
                    [
                        (f"{n} {'●' * n}{'○' * (5 - n)}  {label}", n)
                        for n, label in STRENGTHS.items()
                    ],
                    value=initial.strength,
                    allow_blank=False,
                    compact=True,
                    id="strength",
                )
            with Horizontal(classes="field-row"):
                yield Label("Context", classes="field-label")
                yield Input(
                    safe_line(initial.context),
                    placeholder="worked together at Globex, 2019-2022",
                    compact=True,
                    id="context",
                )
            with Horizontal(id="tie-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save  ctrl+s", variant="primary", id="save")

    def on_mount(self) -> None:
        self.query_one("#strength", Select).focus()

    def action_save(self) -> None:
        context = self.query_one("#context", Input).value.strip()
        if self.initial and context == safe_line(self.initial.context).strip():
            context = self.initial.context
        strength = self.query_one("#strength", Select).value
        self.dismiss(TieFields(int(strength), context))  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
