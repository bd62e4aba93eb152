"""The meeting list of the Prep screen: upcoming meetings first, then those with no
date, then those done or past."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from netui.core.text import safe_line
from netui.core.worksheet import format_when
from netui.db.meetings import MeetingRow
from netui.widgets.shared_mark import shared_mark


def option_id(meeting_id: int) -> str:
    return f"meeting-{meeting_id}"


def meeting_id_of(option: Option | None) -> int | None:
    if option is None or not option.id or not option.id.startswith("meeting-"):
        return None
    return int(option.id.removeprefix("meeting-"))


def meeting_prompt(row: MeetingRow) -> Text:
    """When (and whether it is done), then who, the gauge and the purpose. User text is
    literal. A meeting with no date goes without the first line: its group's heading
    ("Not scheduled") says so once, not on every row."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    when = format_when(row.scheduled_at)
    if when or row.done or row.cancelled:
        text.append(when or "no date", style="dim")
        if row.done:
            text.append("  ✓ done", style="green")
        elif row.cancelled:
            text.append("  ✗ cancelled", style="red")
        text.append("\n")
    text.append(safe_line(row.contact_name) or "?", style="bold")
    text.append(f"  {row.filled}/{row.total}", style="dim")
    if row.shared:  # with the team (only ever on a team's database)
        text.append_text(shared_mark())
    if row.purpose:
        text.append(" · ")
        text.append(safe_line(row.purpose), style="italic")
    return text


#: The groups of the list, in order: what to prepare (by date), what has no date
#: yet, and what is over. A meeting marked done is over whatever its date (a
#: meeting for tomorrow marked done early leaves "Upcoming": there is nothing left
#: to prepare), so the last group is "Done or past", not just "Past".
UPCOMING = "Upcoming"
UNSCHEDULED = "Not scheduled"
OVER = "Done or past"


def group_of(row: MeetingRow) -> str:
    if not row.upcoming:
        return OVER
    return UPCOMING if row.scheduled_at is not None else UNSCHEDULED


class MeetingList(OptionList):
    """Meetings grouped under "Upcoming", "Not scheduled" and "Done or past"; options
    are ``meeting-<id>``."""

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
        for title in (UPCOMING, UNSCHEDULED, OVER):
            group = [row for row in rows if group_of(row) == title]
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
