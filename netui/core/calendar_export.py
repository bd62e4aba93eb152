"""Upcoming meetings as an iCalendar file any calendar app reads (RFC 5545). No database.

One ``VEVENT`` per meeting: ``UID`` ``netui-meeting-<id>@netui`` (stable, so importing
the file again into a calendar updates the same events), ``DTSTART`` in UTC (``Z``,
converted from local time) with a ``DURATION`` of an hour, ``SUMMARY`` (the meeting's
title, else "Meeting with NAME"), ``LOCATION`` (the place as typed) and a
``DESCRIPTION`` that sums the worksheet up: the purpose, who, the introducer, how
complete it is, what I give first, my ask and the questions. The summary is
link-free: any web address in it is left out, so that nothing private is passed on
through a link. Nobody is invited: no ``ATTENDEE`` is written, so no calendar app
sends an invitation. ``icalendar`` escapes the text and folds the lines (CRLF).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from netui import __version__

#: Every exported meeting lasts this long (netui does not keep an end time).
DURATION = dt.timedelta(hours=1)
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
LINK_REMOVED = "(link left out)"


@dataclass(frozen=True)
class ExportMeeting:
    """One upcoming meeting, as the export needs it."""

    id: int
    start: dt.datetime  # local, naive
    contact_name: str
    title: str = ""
    purpose: str = ""
    place: str = ""
    introducer_name: str = ""
    filled: int = 0
    total: int = 0
    give_first: str = ""
    ask: str = ""
    questions: str = ""


def without_links(text: str) -> str:
    return _LINK.sub(LINK_REMOVED, text)


def summary_of(meeting: ExportMeeting) -> str:
    return meeting.title.strip() or f"Meeting with {meeting.contact_name}"


def description_of(meeting: ExportMeeting) -> str:
    """The worksheet summed up, link-free."""
    lines = []
    if meeting.purpose.strip():
        lines.append(f"Purpose: {meeting.purpose.strip()}")
    who = f"With: {meeting.contact_name}"
    if meeting.introducer_name:
        who += f", introduced by {meeting.introducer_name}"
    lines.append(who)
    if meeting.total:
        lines.append(f"Worksheet: {meeting.filled}/{meeting.total} sections filled (netui)")
    for title, text in (
        ("What I give first", meeting.give_first),
        ("My ask", meeting.ask),
        ("Questions", meeting.questions),
    ):
        if text.strip():
            lines += ["", f"{title}:", text.strip()]
    return without_links("\n".join(lines))


def utc(moment: dt.datetime) -> dt.datetime:
    """A local naive time as an aware UTC one (the process's time zone)."""
    return moment.astimezone(dt.UTC)  # a naive time is taken as local


def to_ics(meetings: Sequence[ExportMeeting], now: dt.datetime) -> str:
    """The calendar of ``meetings`` as text (CRLF line ends, folded)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//netui//netui {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "netui meetings")
    stamp = utc(now)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"netui-meeting-{meeting.id}@netui")
        event.add("dtstamp", stamp)
        event.add("dtstart", utc(meeting.start))
        event.add("duration", DURATION)
        event.add("summary", summary_of(meeting))
        if meeting.place.strip():
            event.add("location", meeting.place.strip())
        event.add("description", description_of(meeting))
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical.decode("utf-8")
