"""One contact's exchanges, newest first: the cursor picks the entry to edit or delete."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from netui.core.reciprocity import GAVE
from netui.db.ledger import ExchangeRecord
from netui.widgets.fitted_columns import Column, fit
from netui.widgets.meter_table import INVESTING, OWING, clipped
from netui.widgets.shared_mark import shared_mark

#: The columns by priority: the day, what and its value first; the note with what is
#: left (at 80 columns there is none: the highlighted entry's whole note shows
#: under the table anyway).
COLUMNS = (
    Column("day", 0, 10),
    Column("what", 1, 14),
    Column("value", 2, 5),
    Column("note", 3, 8, grow=1),
)
TITLES = {"day": "Day", "what": "What", "value": "Value", "note": "Note"}


def value_dots(value: int) -> str:
    return "●" * value + "○" * (5 - value)


class LedgerHistory(DataTable):
    """Day, what (→ I gave, ← I received, and the currency), value and note."""

    DEFAULT_CSS = """
    LedgerHistory { height: 1fr; scrollbar-gutter: stable; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.records: list[ExchangeRecord] = []
        self.fitted: list[tuple[Column, int]] = []

    def on_mount(self) -> None:
        self._lay_out()

    def _lay_out(self) -> bool:
        """Choose the columns for the width (never a sideways scroll); whether they changed."""
        width = self.scrollable_content_region.width or self.size.width
        fitted = fit(COLUMNS, width, padding=2 * self.cell_padding)
        if fitted == self.fitted:
            return False
        self.fitted = fitted
        self.clear(columns=True)
        for column, column_width in fitted:
            self.add_column(TITLES[column.key], width=column_width, key=column.key)
        return True

    def on_resize(self) -> None:
        if self._lay_out():
            self.show(self.records, keep=self.highlighted.id if self.highlighted else None)

    @property
    def note_width(self) -> int:
        """The note column's width (0 when there is no room for it)."""
        return next((width for column, width in self.fitted if column.key == "note"), 0)

    def show(self, records: Sequence[ExchangeRecord], keep: int | None = None) -> None:
        """Replace the entries; keep the cursor on exchange ``keep``, else near where it was."""
        previous = self.cursor_row
        self.records = list(records)
        self.clear()
        for record in self.records:
            self.add_row(*self._cells(record), key=str(record.id))
        if not self.records:
            return
        index = next((n for n, r in enumerate(self.records) if r.id == keep), None)
        if index is None:
            index = min(max(previous, 0), len(self.records) - 1)
        self.move_cursor(row=index, animate=False)

    def _cells(self, record: ExchangeRecord) -> list[Text]:
        gave = record.direction == GAVE
        what = Text("→ " if gave else "← ", style=INVESTING if gave else OWING)
        what.append(record.currency)
        if record.shared:  # with the team (only ever on a team's database)
            what.append_text(shared_mark(words=False))
        if record.note:
            note = clipped(record.note, self.note_width)
        elif record.introduction_id is not None:
            note = Text("an introduction I brokered", style="italic dim")
        else:
            note = Text("")
        cells = {
            "day": Text(record.date.isoformat()),
            "what": what,
            "value": Text(value_dots(record.value)),
            "note": note,
        }
        return [cells[column.key] for column, _ in self.fitted]

    @property
    def highlighted(self) -> ExchangeRecord | None:
        if not self.records or not 0 <= self.cursor_row < len(self.records):
            return None
        return self.records[self.cursor_row]
