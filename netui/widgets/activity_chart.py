"""Exchanges per month as two rows of bars, given above received, on one scale.

One scale for both rows, so a month where I gave twice what I received looks it
(two separate sparklines would each stretch to their own maximum).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from netui.core.text import safe_line
from netui.widgets.meter_table import INVESTING, OWING

LEVELS = " ▁▂▃▄▅▆▇█"
LABEL_WIDTH = 9

Activity = Sequence[tuple[str, int, int]]  # (YYYY-MM, given count, received count)


def bar(count: int, peak: int) -> str:
    """One cell for ``count`` out of ``peak``: any exchange shows at least ▁."""
    if count <= 0 or peak <= 0:
        return LEVELS[0]
    level = max(1, round(count / peak * (len(LEVELS) - 1)))
    return LEVELS[min(level, len(LEVELS) - 1)]


def chart_text(title: str, activity: Activity, width: int) -> Text:
    """Four lines: the title with totals, the given bars, the received bars, the months.

    In a narrow pane (80 columns) the totals move to the end of their rows, so that
    no line wraps and pushes the months out of the chart's four lines.
    """
    text = Text(no_wrap=True, end="")
    given = sum(g for _, g, _ in activity)
    received = sum(r for _, _, r in activity)
    shown = safe_line(title)
    totals = f"  gave {given} · received {received}"
    beside = width <= 0 or cell_len(shown + totals) <= width
    heading = Text(shown, style="bold", no_wrap=True, end="")
    if beside:
        heading.append(totals, style="dim")
    elif width > 0:
        heading.truncate(width, overflow="ellipsis")
    text.append_text(heading)
    text.append("\n")
    if not activity:
        return text
    suffix = 0 if beside else 1 + len(str(max(given, received)))
    if suffix and width - LABEL_WIDTH - suffix < len(activity):
        suffix = 0  # no room for the totals after the bars: left out, never cut
    room = max(1, width - LABEL_WIDTH - suffix)
    # Each month gets the same number of cells (1 to 3), bars one cell wide.
    cell = max(1, min(3, room // len(activity)))
    peak = max(max(g, r) for _, g, r in activity)
    for label, index, style in (("gave", 1, INVESTING), ("received", 2, OWING)):
        text.append(f"{label:<{LABEL_WIDTH}}", style="dim")
        for _, gave, received_now in activity:
            count = gave if index == 1 else received_now
            text.append(bar(count, peak), style=style if count else "")
            text.append(" " * (cell - 1))
        if suffix:
            total = given if index == 1 else received
            text.append(f" {total}", style="dim")
        text.append("\n")
    first, last = activity[0][0], activity[-1][0]
    span = len(activity) * cell
    axis = first + " " * max(1, span - len(first) - len(last)) + last
    text.append(" " * LABEL_WIDTH + axis, style="dim")
    return text


class ActivityChart(Widget):
    """Given and received exchanges per month, redrawn to the width it has."""

    DEFAULT_CSS = """
    ActivityChart { height: 4; }
    """

    title: reactive[str] = reactive("Activity")
    activity: reactive[tuple[tuple[str, int, int], ...]] = reactive(())

    def show(self, title: str, activity: Activity) -> None:
        self.title = title
        self.activity = tuple(activity)

    def render(self) -> Text:
        return chart_text(self.title, self.activity, self.size.width)
