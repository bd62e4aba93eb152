"""A table of contacts with their faded given / received sums and a coloured meter bar.

It shows the rows it is handed (the Reciprocity screen hands it the top few hundred
of a list, never the whole network) and says which contact the cursor is on.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from netui.core.reciprocity import meter_bar, meter_label
from netui.core.text import safe_line
from netui.db.ledger import MeterRow
from netui.widgets.fitted_columns import Column, fit

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


#: The columns of the ranked lists, by priority: name, meter and balance first.
RANKED_COLUMNS = (
    Column("name", 0, 12, grow=3),
    Column("meter", 6, 5),
    Column("balance", 4, 7),
    Column("organisation", 1, 12, grow=2),
    Column("bar", 5, BAR_WIDTH),
    Column("given", 2, 5, together="received"),
    Column("received", 3, 8),
)
#: The columns of the dormant list: name, how long it has been, the last contact.
DORMANT_COLUMNS = (
    Column("name", 0, 12, grow=3),
    Column("quiet", 3, 11),
    Column("last", 2, 10),
    Column("meter", 6, 5),
    Column("organisation", 1, 12, grow=2),
    Column("bar", 5, BAR_WIDTH),
)
TITLES = {
    "name": "Name",
    "organisation": "Organisation",
    "given": "Given",
    "received": "Received",
    "balance": "Balance",
    "last": "Last contact",
    "quiet": "Quiet",
    "bar": "",
    "meter": "Meter",
}
RIGHT = {"given", "received", "balance", "quiet", "meter"}


class MeterTable(DataTable):
    """Name, organisation, given, received, balance and meter; or, for dormant
    contacts, the last contact and how long it has been against their cadence.

    The columns that fit the width show (:mod:`netui.widgets.fitted_columns`): at
    80 columns name, balance and the meter's number; the rest as room allows.
    """

    DEFAULT_CSS = """
    MeterTable { height: 1fr; scrollbar-gutter: stable; }
    """

    def __init__(self, *, dormant: bool = False, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.dormant = dormant
        self.rows_shown: list[MeterRow] = []
        self.fitted: list[tuple[Column, int]] = []

    def on_mount(self) -> None:
        self._lay_out()

    def on_resize(self) -> None:
        if self._lay_out():
            self.show(self.rows_shown, keep=self.highlighted_id)

    def _lay_out(self) -> bool:
        """Choose the columns for the width; whether they changed."""
        width = self.scrollable_content_region.width or self.size.width
        columns = DORMANT_COLUMNS if self.dormant else RANKED_COLUMNS
        layout = fit(columns, width, padding=2 * self.cell_padding)
        if layout == self.fitted:
            return False
        self.fitted = layout
        self.clear(columns=True)
        for column, column_width in layout:
            title = TITLES[column.key]
            label = Text(title, justify="right") if column.key in RIGHT else title
            self.add_column(label, width=column_width, key=column.key)
        return True

    @property
    def column_keys(self) -> list[str]:
        """The keys of the columns shown, left to right."""
        return [column.key for column, _ in self.fitted]

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
        return [self._cell(row, column.key, width) for column, width in self.fitted]

    def _cell(self, row: MeterRow, key: str, width: int) -> Text:
        if key == "name":
            return clipped(row.name, width, "bold")
        if key == "organisation":
            return clipped(row.organisation, width, "dim")
        if key == "given":
            return amount(row.given)
        if key == "received":
            return amount(row.received)
        if key == "balance":
            return amount(row.balance, signed=True)
        if key == "last":
            return Text(row.last_contact.isoformat() if row.last_contact else "never")
        if key == "quiet":
            return Text(f"{row.days_since_contact}d / {row.cadence_days}d", justify="right")
        if key == "bar":
            return meter_cell(row.meter)
        return Text(meter_label(row.meter), style=meter_style(row.meter), justify="right")

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
