"""Who can introduce me to someone: the brokers, best first, with their paths."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from netui.core.brokers import BrokerPath
from netui.core.text import safe_line


def brokers_table(paths: Sequence[BrokerPath], labels: Mapping[int, str] | None = None) -> Table:
    """The ranking; ``labels`` (contact id → what to show) tell same-named people apart."""
    labels = labels or {}
    table = Table(box=None, expand=True, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Path", ratio=3)
    table.add_column("Why", ratio=2, style="dim")
    for rank, path in enumerate(paths, start=1):
        route = Text()
        for index, (contact_id, name) in enumerate(zip(path.ids, path.path, strict=True)):
            if index:
                route.append(" → ", style="dim")
            shown = safe_line(labels.get(contact_id, name))
            route.append(shown, style="bold" if index == 0 else "")
        if path.kind == "chain":
            route.append("  (through two people)", style="italic dim")
        table.add_row(str(rank), f"{path.score:.1f}", route, Text(safe_line(path.reasons)))
    return table


class BrokersView(ModalScreen[None]):
    """Read-only: the ranking, the formula in one line, and how to close."""

    BINDINGS = [
        Binding("escape,q,b", "close", "Close", id="brokers.close", tooltip="Back to the list"),
    ]

    DEFAULT_CSS = """
    BrokersView {
        align: center middle;
        & > #brokers {
            width: 110; max-width: 100%; height: auto; max-height: 90%;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #brokers-title { padding-bottom: 1; }
        #brokers-body { height: auto; max-height: 30; }
        #brokers-hint { color: $text-muted; padding-top: 1; }
    }
    """

    def __init__(
        self, target: str, paths: Sequence[BrokerPath], labels: Mapping[int, str] | None = None
    ) -> None:
        super().__init__()
        self.target = target
        self.paths = list(paths)
        self.labels = dict(labels or {})

    def compose(self) -> ComposeResult:
        title = Text.assemble("Who can introduce me to ", (safe_line(self.target), "bold"))
        with Vertical(id="brokers"):
            yield Static(title, id="brokers-title")
            with VerticalScroll(id="brokers-body"):
                if self.paths:
                    yield Static(brokers_table(self.paths, self.labels), id="brokers-table")
                else:
                    yield Static(
                        Text(
                            "Nobody in your network is known to know them yet. Add ties "
                            "(t on a contact) for the people who do.",
                            style="italic",
                        ),
                        id="brokers-table",
                    )
            yield Static(
                "Score = my closeness to the broker × their tie to the target, weighed by "
                "my credit with them: the meter, from −100 (the score halves) to +100 (it "
                "grows by half). Chains through two people rank below direct brokers.",
                id="brokers-hint",
            )

    def action_close(self) -> None:
        self.dismiss(None)
