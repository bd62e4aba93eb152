"""A table of contacts with their faded given / received sums and a coloured meter bar.

It shows the rows it is handed (the Reciprocity screen hands it the top few hundred
of a list, never the whole network) and says which contact the cursor is on.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from netui.core.reciprocity import meter_bar
from netui.core.text import safe_line
from netui.db.ledger import MeterRow

BAR_WIDTH = 9

#: Styles of a meter: I owe them (took more), I am investing (gave more), balanced.
OWING = "bold red"
INVESTING = "bold green"
EVEN = "dim"


def meter_style(meter: float) -> str:
    if meter <= -1:
        return OWING
    if meter >= 1:
        return INVESTING
    return EVEN


def meter_cell(meter: float, width: int = BAR_WIDTH) -> Text:
    """The bar, coloured by which way it leans: red owing, green investing."""
    return Text(meter_bar(meter, width), style=meter_style(meter), no_wrap=True)


def amount(value: float, *, signed: bool = False) -> Text:
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    return Text(text.replace("-", "−"), justify="right", no_wrap=True)


def clipped(value: str, width: int, style: str = "") -> Text:
    """A literal, one-line cell cut to ``width`` cells with an ellipsis."""
    text = Text(safe_line(value), style=style, no_wrap=True, overflow="ellipsis")
    text.truncate(width, overflow="ellipsis")
    return text


class MeterTable(DataTable):
    """Name, organisation, given, received, balance and meter; or, for dormant
    contacts, the last contact and how long it has been against their cadence."""

    DEFAULT_CSS = """
    MeterTable { height: 1fr; }
    """

    def __init__(self, *, dormant: bool = False, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.dormant = dormant
        self.rows_shown: list[MeterRow] = []

    def on_mount(self) -> None:
        self.add_column("Name", width=20, key="name")
        self.add_column("Organisation", width=14, key="organisation")
        if self.dormant:
            self.add_column("Last contact", width=12, key="last")
            self.add_column(Text("Quiet", justify="right"), width=12, key="quiet")
        else:
            self.add_column(Text("Given", justify="right"), width=5, key="given")
            self.add_column(Text("Received", justify="right"), width=8, key="received")
            self.add_column(Text("Balance", justify="right"), width=7, key="balance")
        self.add_column("Meter", width=BAR_WIDTH, key="meter")

    def show(self, rows: Sequence[MeterRow], keep: int | None = None) -> None:
        """Replace the rows; keep the cursor on contact ``keep`` if it is still there."""
        self.rows_shown = list(rows)
        self.clear()
        for row in self.rows_shown:
            self.add_row(*self._cells(row), key=str(row.contact_id))
        if keep is not None:
            index = self.index_of(keep)
            if index is not None:
                self.move_cursor(row=index, animate=False)

    def _cells(self, row: MeterRow) -> list[Text]:
        cells = [clipped(row.name, 20, "bold"), clipped(row.organisation, 14, "dim")]
        if self.dormant:
            last = row.last_contact.isoformat() if row.last_contact else "never"
            cells.append(Text(last, no_wrap=True))
            cells.append(Text(f"{row.days_since_contact}d / {row.cadence_days}d", justify="right"))
        else:
            cells.append(amount(row.given))
            cells.append(amount(row.received))
            cells.append(amount(row.balance, signed=True))
        cells.append(meter_cell(row.meter))
        return cells

    def index_of(self, contact_id: int) -> int | None:
        for index, row in enumerate(self.rows_shown):
            if row.contact_id == contact_id:
                return index
        return None

    @property
    def highlighted_row(self) -> MeterRow | None:
        if not self.rows_shown or not 0 <= self.cursor_row < len(self.rows_shown):
            return None
        return self.rows_shown[self.cursor_row]

    @property
    def highlighted_id(self) -> int | None:
        row = self.highlighted_row
        return row.contact_id if row else None
