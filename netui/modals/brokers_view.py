"""Who can introduce me to someone: the brokers, best first, with their paths; picking
one asks them (the target's worksheet with the broker as introducer)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from netui.core.brokers import BrokerPath
from netui.core.text import safe_line


def _columns(table: Table) -> Table:
    table.add_column("#", justify="right", style="dim", no_wrap=True, width=3)
    table.add_column("Score", justify="right", no_wrap=True, width=6)
    table.add_column("Path", ratio=3)
    table.add_column("Why", ratio=2, style="dim")
    return table


def _route(path: BrokerPath, labels: Mapping[int, str]) -> Text:
    route = Text()
    for index, (contact_id, name) in enumerate(zip(path.ids, path.path, strict=True)):
        if index:
            route.append(" → ", style="dim")
        shown = safe_line(labels.get(contact_id, name))
        route.append(shown, style="bold" if index == 0 else "")
    if path.kind == "chain":
        route.append("  (through two people)", style="italic dim")
    return route


def brokers_table(paths: Sequence[BrokerPath], labels: Mapping[int, str] | None = None) -> Table:
    """The ranking; ``labels`` (contact id → what to show) tell same-named people apart."""
    labels = labels or {}
    table = _columns(Table(box=None, expand=True, show_edge=False, pad_edge=False))
    for rank, path in enumerate(paths, start=1):
        table.add_row(str(rank), f"{path.score:.1f}", _route(path, labels), safe_line(path.reasons))
    return table


def broker_row(rank: int, path: BrokerPath, labels: Mapping[int, str]) -> Table:
    """One row of the ranking, as a pickable option (the columns line up with the header)."""
    table = _columns(
        Table(box=None, expand=True, show_edge=False, pad_edge=False, show_header=False)
    )
    table.add_row(
        str(rank), f"{path.score:.1f}", _route(path, labels), Text(safe_line(path.reasons))
    )
    return table


def brokers_header() -> Table:
    return _columns(Table(box=None, expand=True, show_edge=False, pad_edge=False))


class BrokersView(ModalScreen[BrokerPath | None]):
    """The ranking, the formula in one line; enter asks the highlighted broker (returns
    their path: the caller opens the target's worksheet with them as the introducer)."""

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
        #brokers-header { height: 1; }
        #brokers-table { height: auto; max-height: 24; border: none; padding: 0; }
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
            if self.paths:
                yield Static(brokers_header(), id="brokers-header")
                yield OptionList(
                    *(
                        Option(broker_row(rank, path, self.labels), id=f"broker-{rank}")
                        for rank, path in enumerate(self.paths, start=1)
                    ),
                    id="brokers-table",
                )
            else:
                yield Static(
                    Text(
                        "Nobody in your network is known to know them yet. Add ties "
                        "(t on a contact) for the people who do.",
                        style="italic",
                    ),
                    id="brokers-table",
                )
            hint = (
                "Enter asks the highlighted broker: the worksheet with them as the "
                "introducer, and the intro request to send. "
                if self.paths
                else ""
            )
            yield Static(
                hint + "Score = my closeness to the broker × their tie to the target, "
                "weighed by my credit with them: the meter, from −100 (the score halves) to "
                "+100 (it grows by half). Chains through two people rank below direct brokers.",
                id="brokers-hint",
            )

    def on_mount(self) -> None:
        if self.paths:
            options = self.query_one("#brokers-table", OptionList)
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected, "#brokers-table")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        rank = int(str(event.option.id).removeprefix("broker-"))
        self.dismiss(self.paths[rank - 1])

    def action_close(self) -> None:
        self.dismiss(None)
