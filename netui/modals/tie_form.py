"""How well two people know each other: strength 1 to 5 and the context."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from netui.core.text import safe_line
from netui.modals.form import FormScreen
from netui.widgets.text_input import TextInput

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


class TieForm(FormScreen[TieFields]):
    """Returns the tie's strength and context, or ``None`` when cancelled."""

    DEFAULT_CSS = """
    TieForm {
        & > Vertical { width: 70; }
        .field-label { width: 10; }
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
            yield Static(title, id="tie-title", classes="form-title")
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
                yield TextInput(
                    self.shown("context", initial.context),
                    placeholder="worked together at Globex, 2019-2022",
                    compact=True,
                    id="context",
                )
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#strength", Select).focus()

    def collect(self) -> TieFields:
        context = self.kept("context", self.query_one("#context", Input).value.strip())
        strength = self.query_one("#strength", Select).selection
        assert strength is not None  # allow_blank=False
        return TieFields(int(strength), context)
