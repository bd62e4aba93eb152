"""The Reciprocity screen's right pane: one contact's meter, its breakdown by currency,
their activity per month and the history of exchanges."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from netui.core.reciprocity import meter_label
from netui.core.text import safe_line
from netui.db.reciprocity_overview import ContactLedger
from netui.widgets.activity_chart import ActivityChart
from netui.widgets.ledger_history import LedgerHistory
from netui.widgets.meter_table import BAR_WIDTH, meter_cell, meter_style

CURRENCY_WIDTH = 13


def heading_text(ledger: ContactLedger, width: int = 0) -> Text:
    """Who, and their meter: the bar after the number only if the line has room."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(safe_line(ledger.name), style="bold")
    if ledger.organisation:
        text.append("  " + safe_line(ledger.organisation), style="dim")
    text.append("\n")
    balance = ledger.balance
    line = f"gave {balance.given:.1f} · received {balance.received:.1f} · meter "
    label = meter_label(balance.meter)
    text.append(line)
    text.append(label, style=meter_style(balance.meter))
    if not width or len(line) + len(label) + 1 + BAR_WIDTH <= width:
        text.append(" ")
        text.append_text(meter_cell(balance.meter))
    return text


def breakdown_text(ledger: ContactLedger, width: int = 0) -> Text:
    """Per currency: gave, received and the meter's number, then its bar if room."""
    text = Text(no_wrap=True, end="")
    text.append("By currency", style="bold")
    if not ledger.breakdown:
        text.append("\nnothing exchanged yet", style="dim")
        return text
    numbers = CURRENCY_WIDTH + 6 + 10 + 7
    bar = not width or numbers + 1 + BAR_WIDTH <= width
    text.append(f"\n{'':<{CURRENCY_WIDTH}}{'gave':>6}{'received':>10}{'meter':>7}", style="dim")
    for currency, balance in ledger.breakdown.items():
        text.append(f"\n{currency:<{CURRENCY_WIDTH}}{balance.given:>6.1f}{balance.received:>10.1f}")
        text.append(f"{meter_label(balance.meter):>7}", style=meter_style(balance.meter))
        if bar:
            text.append(" ")
            text.append_text(meter_cell(balance.meter))
    return text


def history_title(ledger: ContactLedger) -> Text:
    if not ledger.history:
        return Text.assemble(
            ("History", "bold"), ("  no exchanges yet: press ", "dim"), ("l", "bold"),
            (" to log one", "dim"),
        )  # fmt: skip
    count = len(ledger.history)
    return Text.assemble(
        ("History", "bold"),
        (f" ({count})  → I gave  ← I received", "dim"),
    )


class ContactLedgerPane(Vertical):
    """Shows one contact's ledger, or what to do when there is none."""

    DEFAULT_CSS = """
    ContactLedgerPane {
        padding: 0 1;
        background: $surface;
        border-left: vkey $panel;
        &.-empty > #contact-activity, &.-empty > #history { display: none; }
        & > #ledger-heading { height: auto; margin-bottom: 1; }
        & > #ledger-breakdown { height: auto; margin-bottom: 1; }
        & > #contact-activity { margin-bottom: 1; }
        & > #history-title { height: 1; }
        & > #entry-note { height: auto; max-height: 3; color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ledger: ContactLedger | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("No contact selected.", style="dim"), id="ledger-heading")
        yield Static("", id="ledger-breakdown")
        yield ActivityChart(id="contact-activity")
        yield Static("", id="history-title")
        yield LedgerHistory(id="history")
        yield Static("", id="entry-note")

    @property
    def history(self) -> LedgerHistory:
        return self.query_one(LedgerHistory)

    def show(self, ledger: ContactLedger | None, *, keep_entry: int | None = None) -> None:
        self.ledger = ledger
        heading = self.query_one("#ledger-heading", Static)
        breakdown = self.query_one("#ledger-breakdown", Static)
        chart = self.query_one(ActivityChart)
        self.set_class(ledger is None, "-empty")
        if ledger is None:
            heading.update(
                Text("No contact selected: move the cursor onto one in the list.", style="dim")
            )
            breakdown.update("")
            self.query_one("#history-title", Static).update("")
            self.history.show([])
            self.show_entry_note()
            return
        self._show_texts()
        chart.show(f"Activity with {ledger.name}", ledger.activity)
        self.query_one("#history-title", Static).update(history_title(ledger))
        self.history.show(ledger.history, keep=keep_entry)
        self.show_entry_note()

    def _show_texts(self) -> None:
        """The heading and the breakdown, laid out for the pane's width."""
        if self.ledger is None:
            return
        width = self.content_region.width
        self.query_one("#ledger-heading", Static).update(heading_text(self.ledger, width))
        self.query_one("#ledger-breakdown", Static).update(breakdown_text(self.ledger, width))

    def on_resize(self) -> None:
        self._show_texts()

    def show_entry_note(self) -> None:
        """The highlighted entry's whole note, which the table may have cut short."""
        record = self.history.highlighted
        note = self.query_one("#entry-note", Static)
        note.display = bool(record and record.note)
        if record and record.note:
            note.update(Text("Note: " + safe_line(record.note), no_wrap=False))

    def on_data_table_row_highlighted(self, event: LedgerHistory.RowHighlighted) -> None:
        if event.data_table is self.history:
            self.show_entry_note()
