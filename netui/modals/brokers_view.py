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

from netui.core.brokers import KNOWS, BrokerPath, TeamPath
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


def team_row(rank: int, path: TeamPath) -> Table:
    """One of the team's routes: the member (bold), their broker, the target."""
    table = _columns(
        Table(box=None, expand=True, show_edge=False, pad_edge=False, show_header=False)
    )
    route = Text()
    for index, name in enumerate(path.path):
        if index:
            route.append(" → ", style="dim")
        route.append(safe_line(name), style="bold" if index == 0 else "")
    why = "knows them" if path.kind == KNOWS else "through their contact"
    table.add_row(str(rank), f"{path.score:.1f}", route, Text(why))
    return table


MINE_HINT = (
    "Score = my closeness to the broker × their tie to the target, "
    "weighed by my credit with them: the meter, from −100 (the score halves) to "
    "+100 (it grows by half). Chains through two people rank below direct brokers."
)
TEAM_HINT = (
    "The team's routes: each member's closeness to their broker × the broker's tie to "
    "the target × that member's credit with them; members who know the target come "
    "first. t shows mine again."
)


class BrokersView(ModalScreen[BrokerPath | None]):
    """The ranking, the formula in one line; enter asks the highlighted broker (returns
    their path: the caller opens the target's worksheet with them as the introducer)."""

    BINDINGS = [
        Binding("escape,q,b", "close", "Close", id="brokers.close", tooltip="Back to the list"),
        Binding(
            "t", "toggle_team", "Mine / team's", id="brokers.team",
            tooltip="Show the whole team's routes to them, or mine",
        ),
    ]  # fmt: skip

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
        self,
        target: str,
        paths: Sequence[BrokerPath],
        labels: Mapping[int, str] | None = None,
        team: Sequence[TeamPath] | None = None,
    ) -> None:
        super().__init__()
        self.target = target
        self.paths = list(paths)
        self.labels = dict(labels or {})
        # The team's routes (a team database, netui.db.members); None: one member, and
        # the dialog is exactly the personal one.
        self.team = list(team) if team is not None else None
        self.showing_team = False

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
            yield Static(hint + MINE_HINT, id="brokers-hint")

    def on_mount(self) -> None:
        if self.paths:
            options = self.query_one("#brokers-table", OptionList)
            options.highlighted = 0
            options.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_team":
            return self.team is not None  # hidden on a one-member file
        return True

    async def action_toggle_team(self) -> None:
        """Switch between my brokers and the whole team's routes."""
        if self.team is None:
            return
        self.showing_team = not self.showing_team
        table = self.query("#brokers-table").first()
        container = self.query_one("#brokers", Vertical)
        rows = self.team if self.showing_team else self.paths
        if rows:
            if self.showing_team:
                options = [Option(team_row(rank, path), id=f"team-{rank}")
                           for rank, path in enumerate(self.team, start=1)]  # fmt: skip
            else:
                options = [Option(broker_row(rank, path, self.labels), id=f"broker-{rank}")
                           for rank, path in enumerate(self.paths, start=1)]  # fmt: skip
            new: Static | OptionList = OptionList(*options, id="brokers-table")
        else:
            who = (
                "Nobody in the team knows them"
                if self.showing_team
                else "Nobody in your network is known to know them"
            )
            new = Static(Text(f"{who} yet. Add ties (t on a contact) for the people who do.",
                              style="italic"), id="brokers-table")  # fmt: skip
        opening = "Who among us can introduce us to " if self.showing_team else None
        title = Text.assemble(
            opening or "Who can introduce me to ", (safe_line(self.target), "bold")
        )
        self.query_one("#brokers-title", Static).update(title)
        self.query_one("#brokers-hint", Static).update(
            TEAM_HINT if self.showing_team else MINE_HINT
        )
        header = self.query("#brokers-header")
        await table.remove()
        if rows and not header:
            await container.mount(Static(brokers_header(), id="brokers-header"), before=1)
        elif not rows and header:
            await header.remove()
        await container.mount(new, before=self.query_one("#brokers-hint"))
        if isinstance(new, OptionList):
            new.highlighted = 0
            new.focus()

    @on(OptionList.OptionSelected, "#brokers-table")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        option = str(event.option.id)
        if option.startswith("team-"):
            path = self.team[int(option.removeprefix("team-")) - 1] if self.team else None
            if path is not None:
                ask = path.member if path.kind == KNOWS else f"{path.member}, through {path.name}"
                self.notify(safe_line(f"Ask {ask}."), markup=False)
            return
        rank = int(option.removeprefix("broker-"))
        self.dismiss(self.paths[rank - 1])

    def action_close(self) -> None:
        self.dismiss(None)
