"""The meeting list of the Prep screen: upcoming meetings first, then past ones."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from netui.core.text import safe_line
from netui.core.worksheet import format_when
from netui.db.meetings import MeetingRow


def option_id(meeting_id: int) -> str:
    return f"meeting-{meeting_id}"


def meeting_id_of(option: Option | None) -> int | None:
    if option is None or not option.id or not option.id.startswith("meeting-"):
        return None
    return int(option.id.removeprefix("meeting-"))


def meeting_prompt(row: MeetingRow) -> Text:
    """Two lines: when and who, then purpose and the gauge. User text is literal."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(format_when(row.scheduled_at) or "not scheduled", style="dim")
    if row.done:
        text.append("  ✓ done", style="green")
    elif row.cancelled:
        text.append("  ✗ cancelled", style="red")
    text.append("\n")
    text.append(safe_line(row.contact_name) or "?", style="bold")
    text.append(f"  {row.filled}/{row.total}", style="dim")
    if row.purpose:
        text.append(" · ")
        text.append(safe_line(row.purpose), style="italic")
    return text


class MeetingList(OptionList):
    """Meetings grouped under "Upcoming" and "Past"; options are ``meeting-<id>``."""

    DEFAULT_CSS = """
    MeetingList { height: 1fr; border: none; padding: 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: dict[int, MeetingRow] = {}
        self.loaded = False

    @property
    def meeting_id(self) -> int | None:
        """The highlighted meeting."""
        return meeting_id_of(self.highlighted_option)

    def show(self, rows: Sequence[MeetingRow], keep: int | None = None) -> None:
        """Replace the list; highlight ``keep`` if present, else the first meeting."""
        self.rows = {row.id: row for row in rows}
        self.loaded = True
        options: list[Option | None] = []
        upcoming = [row for row in rows if row.upcoming]
        past = [row for row in rows if not row.upcoming]
        for title, group in (("Upcoming", upcoming), ("Past", past)):
            if not group:
                continue
            options.append(Option(Text(title, style="bold underline"), disabled=True))
            options.extend(Option(meeting_prompt(row), id=option_id(row.id)) for row in group)
        self.set_options(options)
        if not rows:
            return
        target = keep if keep in self.rows else rows[0].id
        self.highlighted = self.get_option_index(option_id(target))

    def update_row(self, row: MeetingRow) -> None:
        """Redraw one meeting (say, after its gauge changed) without moving the cursor."""
        if row.id not in self.rows:
            return
        self.rows[row.id] = row
        self.replace_option_prompt(option_id(row.id), meeting_prompt(row))
