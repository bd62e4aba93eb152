"""Introductions I broker: who, what each side gains, status and the balance check."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from netui.core.text import safe_line
from netui.db.introductions import IntroductionRecord
from netui.widgets.fitted_columns import Column, fit
from netui.widgets.meter_table import clipped

STATUS_STYLES = {
    "idea": "dim",
    "asked": "bold yellow",
    "made": "bold green",
    "declined": "strike dim",
}


def gains_written(record: IntroductionRecord) -> bool:
    """Whether both sides' gains are written down (values alone are not a reason)."""
    return bool(record.a_gains.strip() and record.b_gains.strip())


def balance_cell(record: IntroductionRecord) -> Text:
    if not record.balanced:
        return Text("⚠ lopsided", style="bold yellow")
    if not gains_written(record):
        return Text("? unwritten", style="dim")
    return Text("✓ both gain", style="green")


def introduction_text(record: IntroductionRecord) -> Text:
    """Both sides in full, and the warning when there is one."""
    text = Text(end="")
    for name, gains, value in (
        (record.a_name, record.a_gains, record.a_value),
        (record.b_name, record.b_gains, record.b_value),
    ):
        text.append(safe_line(name), style="bold")
        text.append(f" gains {value}/5: ", style="dim")
        text.append(safe_line(gains) if gains else "nothing written", style="" if gains else "dim")
        text.append("\n")
    status = record.status
    if record.made_on:
        status += f" on {record.made_on.isoformat()}"
    text.append(f"Status: {status}", style=STATUS_STYLES.get(record.status, ""))
    if record.warning:
        text.append("\n⚠ ", style="bold yellow")
        text.append(safe_line(record.warning), style="yellow")
    elif gains_written(record):
        text.append("  ·  both sides gain", style="green")
    else:
        text.append("  ·  write what each side gains (e)", style="dim")
    return text


#: The columns by priority: who, whether both gain, the status, the values.
COLUMNS = (
    Column("people", 1, 20, grow=1),
    Column("check", 3, 11),
    Column("status", 0, 8),
    Column("values", 2, 7),
)


class IntroductionTable(DataTable):
    """One row per introduction, the newest first; the columns that fit the width
    (the detail under the table shows the highlighted one in full)."""

    DEFAULT_CSS = """
    IntroductionTable { height: 1fr; scrollbar-gutter: stable; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.records: list[IntroductionRecord] = []
        self.fitted: list[tuple[Column, int]] = []

    def on_mount(self) -> None:
        self._lay_out()

    def on_resize(self) -> None:
        if self._lay_out():
            self.show(self.records, keep=self.highlighted.id if self.highlighted else None)

    def _lay_out(self) -> bool:
        width = self.scrollable_content_region.width or self.size.width
        fitted = fit(COLUMNS, width, padding=2 * self.cell_padding)
        if fitted == self.fitted:
            return False
        self.fitted = fitted
        self.clear(columns=True)
        titles: dict[str, str | Text] = {
            "status": "Status",
            "people": "Between",
            "values": Text("Gains", justify="center"),
            "check": "Check",
        }
        for column, column_width in fitted:
            self.add_column(titles[column.key], width=column_width, key=column.key)
        return True

    def show(self, records: Sequence[IntroductionRecord], keep: int | None = None) -> None:
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

    def _cells(self, record: IntroductionRecord) -> list[Text]:
        cells = []
        for column, width in self.fitted:
            if column.key == "people":
                side = max(1, (width - 3) // 2)
                people = clipped(record.a_name, side, "bold")
                people.append(" ↔ ", style="dim")
                people.append_text(clipped(record.b_name, width - 3 - side, "bold"))
                cells.append(people)
            elif column.key == "status":
                cells.append(Text(record.status, style=STATUS_STYLES.get(record.status, "")))
            elif column.key == "values":
                cells.append(Text(f"{record.a_value} ↔ {record.b_value}", justify="center"))
            else:
                cells.append(balance_cell(record))
        return cells

    @property
    def highlighted(self) -> IntroductionRecord | None:
        if not self.records or not 0 <= self.cursor_row < len(self.records):
            return None
        return self.records[self.cursor_row]
