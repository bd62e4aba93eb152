"""The worksheet editor's texts, built literally: the header (who, the gauge, the
warnings, the last meeting's outcome) and what happened after the meeting."""

from __future__ import annotations

from rich.text import Text

from netui.core.continuity import PreviousMeeting
from netui.core.reciprocity import meter_label
from netui.core.text import safe_block, safe_line
from netui.core.worksheet import Worksheet, gauge, gauge_bar, warnings
from netui.db.meetings import LoggedExchange

#: The gauge's bar: its width, and how narrow it gets in a narrow pane.
GAUGE_WIDTH = 22
GAUGE_MIN = 8
def header_text(
    worksheet: Worksheet,
    meter: float | None,
    previous: PreviousMeeting | None = None,
    width: int = 0,
) -> Text:
    """Who, the gauge and the warnings, built literally; then the last meeting's outcome
    and follow-up, when there was one. In ``width`` cells the gauge's bar shrinks so
    that its numbers stay on its line."""
    text = Text(end="")
    text.append(safe_line(worksheet.contact_name), style="bold")
    if worksheet.introducer_name:
        text.append("  via ", style="dim")
        text.append(safe_line(worksheet.introducer_name))
    if worksheet.done:
        text.append("  ✓ done", style="green")
    filled, total = gauge(worksheet)
    text.append("\n")
    counts = f"  {filled}/{total} sections filled"
    after = f"  ·  meter {meter_label(meter)}" if meter is not None else ""
    bar = GAUGE_WIDTH
    if width:
        bar = max(GAUGE_MIN, min(GAUGE_WIDTH, width - len(counts) - len(after)))
        if bar + len(counts) + len(after) > width:
            after = ""  # the meter is on the Contacts screen; the gauge is this one's
    text.append(gauge_bar(filled, total, bar), style="green" if filled == total else "cyan")
    text.append(counts)
    if after:
        text.append(after, style="dim")
    for warning in warnings(worksheet, meter):
        text.append("\n⚠ ", style="bold yellow")
        text.append(warning, style="yellow")
    if previous is not None:
        text.append("\n↺ ", style="bold")
        text.append(safe_line(previous.summary()), style="italic")
    return text


def after_text(worksheet: Worksheet, exchanges: list[LoggedExchange]) -> Text:
    text = Text(end="")
    text.append("After the meeting\n", style="bold")
    if not worksheet.done:
        text.append("Not done yet. Press ctrl+t to record the outcome.", style="dim")
        return text
    text.append("Done")
    if worksheet.follow_up:
        text.append(f" · follow up on {worksheet.follow_up.isoformat()}")
    if worksheet.outcome.strip():
        text.append("\n")
        text.append(safe_block(worksheet.outcome.strip()))
    for exchange in exchanges:
        text.append("\n")
        arrow = "→ gave" if exchange.direction == "gave" else "← received"
        text.append(f"{arrow} {exchange.currency} {exchange.value}/5", style="dim")
        if exchange.note:
            text.append(" — ")
            text.append(safe_line(exchange.note))
    return text
