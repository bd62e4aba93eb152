"""Introductions I broker: who, what each side gains, status and the balance check."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from netui.core.text import safe_line
from netui.db.introductions import IntroductionRecord
from netui.widgets.meter_table import clipped

STATUS_STYLES = {
    "idea": "dim",
    "asked": "bold yellow",
    "made": "bold green",
    "declined": "strike dim",
}


def balance_cell(record: IntroductionRecord) -> Text:
    if record.balanced:
        return Text("✓ both gain", style="green")
    return Text("⚠ lopsided", style="bold yellow")


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
    else:
        text.append("  ·  both sides gain", style="green")
    return text


class IntroductionTable(DataTable):
    """One row per introduction, the newest first."""

    DEFAULT_CSS = """
    IntroductionTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.records: list[IntroductionRecord] = []

    def on_mount(self) -> None:
        self.add_column("Status", width=8, key="status")
        self.add_column("Between", width=34, key="people")
        self.add_column(Text("Gains", justify="center"), width=7, key="values")
        self.add_column("Check", width=11, key="check")

    def show(self, records: Sequence[IntroductionRecord], keep: int | None = None) -> None:
        previous = self.cursor_row
        self.records = list(records)
        self.clear()
        for record in self.records:
            people = clipped(record.a_name, 16, "bold")
            people.append(" ↔ ", style="dim")
            people.append_text(clipped(record.b_name, 15, "bold"))
            self.add_row(
                Text(record.status, style=STATUS_STYLES.get(record.status, "")),
                people,
                Text(f"{record.a_value} ↔ {record.b_value}", justify="center"),
                balance_cell(record),
                key=str(record.id),
            )
        if not self.records:
            return
        index = next((n for n, r in enumerate(self.records) if r.id == keep), None)
        if index is None:
            index = min(max(previous, 0), len(self.records) - 1)
        self.move_cursor(row=index, animate=False)

    @property
    def highlighted(self) -> IntroductionRecord | None:
        if not self.records or not 0 <= self.cursor_row < len(self.records):
            return None
        return self.records[self.cursor_row]
