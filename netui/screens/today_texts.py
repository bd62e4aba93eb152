"""The Today screen's texts: one line per meeting, overdue person, follow-up and
person to give back to, the empty day, and the day a snooze is asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rich.text import Text

from netui.core.reciprocity import meter_label
from netui.core.text import cell_width, plural, safe_line
from netui.db.today import FollowUp, GiveBack, OverduePerson, TodayMeeting

#: The widest a name column gets, in cells.
NAME_WIDTH = 28
def parse_until(value: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    """A day after today: ``YYYY-MM-DD`` or a number of days; ``(day, None)`` or
    ``(None, one sentence)``."""
    value = value.strip()
    if value.lstrip("+").isdigit():
        day = today + dt.timedelta(days=int(value.lstrip("+")))
    else:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return None, f"{value!r} is not a day (like {today + dt.timedelta(days=7)}) or days."
    if day <= today:
        return None, "Snooze to a day after today."
    return day, None


def meeting_prompt(meeting: TodayMeeting, today: dt.date) -> Text:
    from netui.core.worksheet import gauge_bar  # (with the first meeting, not at start)

    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if meeting.start is None:
        when = "not scheduled"
    elif meeting.start.date() == today:
        when = f"today {meeting.start:%H:%M}"
    elif meeting.start.date() == today + dt.timedelta(days=1):
        when = f"tomorrow {meeting.start:%H:%M}"
    else:
        when = f"{meeting.start:%a %d %b %H:%M}"
    text.append(f"{when:<16} ", style="bold")
    text.append(", ".join(safe_line(name) for name in meeting.contacts), style="bold")
    if meeting.title:
        text.append(" — ")
        text.append(safe_line(meeting.title), style="italic")
    text.append("\n")
    text.append(" " * 19)  # under the names (the first line is indented by two)
    full = meeting.filled == meeting.total
    text.append(gauge_bar(meeting.filled, meeting.total, 10), style="green" if full else "cyan")
    text.append(f" {meeting.filled}/{meeting.total}", style="dim")
    if meeting.place:
        text.append(" · ")
        text.append(safe_line(meeting.place))
    if meeting.goods:
        text.append(" · offer: ", style="dim")
        text.append("; ".join(safe_line(good) for good in meeting.goods), style="green")
    return text


def append_if_fits(text: Text, part: str, style: str, width: int) -> bool:
    """Append ``part`` only if it fits whole in ``width`` cells (0: any width): a
    number or a date is left out at 80 columns, never cut."""
    if width and text.cell_len + cell_width(part) > width:
        return False
    text.append(part, style=style)
    return True


def _name(text: Text, name: str, width: int) -> None:
    shown = safe_line(name)
    text.append(shown, style="bold")
    text.append(" " * max(0, width - cell_width(shown)))


def name_width(names: Iterable[str]) -> int:
    return min(NAME_WIDTH, max((cell_width(safe_line(name)) for name in names), default=0))


def overdue_prompt(person: OverduePerson, width: int = 0, room: int = 0) -> Text:
    """Name, days overdue, then the last contact and the cadence as far as each fits
    whole in ``room`` cells (0: any)."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    _name(text, person.name, width)
    text.append(f"  {plural(person.days_overdue, 'day')} overdue", style="yellow")
    last = person.last_contact.isoformat() if person.last_contact else "never"
    if append_if_fits(text, f" · last contact {last}", "dim", room):
        append_if_fits(text, f" · every {plural(person.cadence_days, 'day')}", "dim", room)
    return text


def follow_up_prompt(follow_up: FollowUp, today: dt.date) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    late = follow_up.due < today
    text.append(follow_up.due.isoformat(), style="bold red" if late else "bold")
    text.append("  ")
    text.append(safe_line(follow_up.name), style="bold")
    if follow_up.note:
        text.append(" — ")
        text.append(safe_line(follow_up.note))
    return text


def give_back_prompt(person: GiveBack, width: int = 0, room: int = 0) -> Text:
    """Name and meter, then why, if it fits whole in ``room`` cells (0: any)."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    _name(text, person.name, width)
    text.append(f"  meter {meter_label(person.meter)}", style="red")
    append_if_fits(text, " · they gave more than they received", "dim", room)
    return text


def empty_text() -> Text:
    return Text.assemble(
        ("Nothing due today.\n\n", "bold"),
        "No meetings ahead, nobody overdue for their keep-in-touch cadence, no follow-ups. ",
        "Bring your calendar in with ",
        ("i", "bold"),
        " (a .ics file or a folder of them): the meetings ahead get worksheets, the past "
        "ones count as contact. Meetings are in Prep (",
        ("2", "bold"),
        "), the whole network in Contacts (",
        ("1", "bold"),
        ").",
        style="dim",
    )
