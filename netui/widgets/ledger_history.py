"""One contact's exchanges, newest first: the cursor picks the entry to edit or delete."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from netui.core.reciprocity import GAVE
from netui.db.ledger import ExchangeRecord
from netui.widgets.meter_table import INVESTING, OWING, clipped

#: Columns before the note: day, what, value (with a cell of padding each side).
FIXED_WIDTH = 10 + 14 + 5 + 2 * 4
MIN_NOTE = 12


def value_dots(value: int) -> str:
    return "●" * value + "○" * (5 - value)


class LedgerHistory(DataTable):
    """Day, what (→ I gave, ← I received, and the currency), value and note."""

    DEFAULT_CSS = """
    LedgerHistory { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.records: list[ExchangeRecord] = []
        self.note_width = MIN_NOTE

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        self.add_column("Day", width=10, key="day")
        self.add_column("What", width=14, key="what")
        self.add_column("Value", width=5, key="value")
        self.add_column("Note", width=self.note_width, key="note")

    def on_resize(self) -> None:
        """Give the note whatever width is left, so the table never scrolls sideways."""
        width = max(MIN_NOTE, self.scrollable_content_region.width - FIXED_WIDTH - 2)
        if width != self.note_width:
            self.note_width = width
            keep = self.highlighted.id if self.highlighted else None
            self.clear(columns=True)
            self._add_columns()
            self.show(self.records, keep=keep)

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
        if record.note:
            note = clipped(record.note, self.note_width)
        elif record.introduction_id is not None:
            note = Text("an introduction I brokered", style="italic dim")
        else:
            note = Text("")
        return [
            Text(record.date.isoformat()),
            what,
            Text(value_dots(record.value)),
            note,
        ]

    @property
    def highlighted(self) -> ExchangeRecord | None:
        if not self.records or not 0 <= self.cursor_row < len(self.records):
            return None
        return self.records[self.cursor_row]
