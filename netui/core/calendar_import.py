"""Reading calendars (iCalendar, RFC 5545) into plain occurrences. No database, no Textual.

``icalendar`` parses the files (folded lines, CRLF or LF, escaped text, ``VTIMEZONE``
blocks, ``TZID`` parameters, UTC ``Z`` times, floating times, all-day dates) and
``recurring-ical-events`` expands each series (``RRULE``, ``RDATE``, ``EXDATE``, and
occurrences moved or cancelled by a ``RECURRENCE-ID`` override) between two moments.
What comes out is one :class:`Occurrence` per event occurrence in that window:

- its identity: the event's ``UID`` and, for a repeating event, the occurrence's
  key (its ``RECURRENCE-ID``, the original start, written in UTC when it has a time
  zone), so that importing the same file again finds the same occurrence, moved or
  not;
- its start in *local* time, naive like every date-time netui stores: times with a
  zone are converted with the process's time zone (``TZ``), floating times are taken
  as they are, an all-day date starts at midnight;
- summary, description and location as text (a description written as HTML, as
  Google writes them, is turned into plain text; anything else, Rich markup
  included, is kept literally: it is shown as ``Text``, never as markup);
- the organiser and the attendees' addresses (``mailto:`` dropped), once each, the
  organiser first, with the names (``CN``) they carry;
- whether it is cancelled (``STATUS:CANCELLED`` on the event or the occurrence, or a
  ``METHOD:CANCEL`` calendar).

A file that is not a calendar, or an event without a usable start, raises
:class:`~netui.core.importers.ImportFileError` with one sentence naming the file and
the event; nothing is applied then (:mod:`netui.db.calendar` writes in one
transaction, after everything was read).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from netui.core.importers import MAX_FILE_BYTES, ImportFileError, decode_text, shown, too_large

if TYPE_CHECKING:  # imported where a calendar is read: not at start-up
    from icalendar.cal import Component

#: The window of a calendar import: this many days back ...
PAST_DAYS = 365
#: ... and this many ahead.
FUTURE_DAYS = 60
#: The longest description kept, in characters.
MAX_TEXT = 10_000

_HTML_HINT = re.compile(r"<(br|p|div|a|b|i|u|ul|ol|li|span|strong|em)\b[^>]*>|&nbsp;", re.I)


class CalendarFileError(ImportFileError):
    """A calendar file that cannot be imported (one sentence); nothing was changed."""


@dataclass(frozen=True)
class Attendee:
    """Someone invited: their address as written (``mailto:`` dropped) and name."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of one event, in local time."""

    uid: str
    key: str  # the occurrence of a series: RECURRENCE-ID as text (UTC when zoned); "" alone
    start: dt.datetime  # local, naive
    all_day: bool
    summary: str
    description: str
    location: str
    people: tuple[Attendee, ...]  # the organiser first, then the attendees, once each
    cancelled: bool
    source: str  # the file it came from, for messages


@dataclass(frozen=True)
class ParsedCalendar:
    """Every occurrence in the window, and every UID the files hold."""

    occurrences: tuple[Occurrence, ...]
    uids: frozenset[str]
    window: tuple[dt.datetime, dt.datetime]
    files: int


# --- sources ----------------------------------------------------------------------------


def read_sources(path: str | Path, stdin: bytes | None = None) -> list[tuple[str, bytes]]:
    """``[(name, bytes)]`` of a ``.ics`` file, of every ``.ics`` file in a folder (a
    vdir), or of standard input when ``path`` is ``-`` (``stdin`` holds its bytes)."""
    if str(path) == "-":
        return [("standard input", stdin or b"")]
    folder = Path(path).expanduser()
    if folder.is_dir():
        files = sorted(p for p in folder.iterdir() if p.suffix.casefold() == ".ics" and p.is_file())
        if not files:
            raise CalendarFileError(f"{folder} holds no .ics files.")
        return [(str(p), _read(p)) for p in files]
    return [(str(folder), _read(folder))]


def _read(path: Path) -> bytes:
    """The file's bytes; a device, a FIFO or a file over the import cap is refused
    before it is read into memory."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise CalendarFileError(f"{path} is not a regular file; netui imports files.")
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CalendarFileError(f"{path} does not exist.") from None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise CalendarFileError(f"{path} cannot be read: {reason}.") from None
    if len(data) > MAX_FILE_BYTES:
        raise CalendarFileError(too_large(path, len(data)))
    return data


# --- times ------------------------------------------------------------------------------


def local_naive(value: dt.date | dt.datetime) -> dt.datetime:
    """A calendar time as netui stores it: local (the process's ``TZ``) and naive."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value  # floating: the same wall-clock time wherever you are
        return value.astimezone().replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time())


def occurrence_key(value: dt.date | dt.datetime) -> str:
    """The occurrence's identity: ``20260105T090000Z`` (zoned, in UTC), ``20260105T100000``
    (floating) or ``20260105`` (a date); the same whatever the local time zone."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


# --- text -------------------------------------------------------------------------------


class _TextOfHtml(HTMLParser):
    BREAKS = frozenset({"br", "p", "div", "li", "tr", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "div", "li"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(value: object) -> str:
    """An event's text as plain text: HTML (Google's descriptions) turned into lines,
    anything else kept literally; line ends normalised, trimmed, capped."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_HINT.search(text):
        parser = _TextOfHtml()
        parser.feed(text)
        parser.close()
        text = html.unescape("".join(parser.parts)).replace("\xa0", " ")
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()[:MAX_TEXT]


def address(value: object) -> str:
    """An ``ORGANIZER`` or ``ATTENDEE`` value as an email address (``mailto:`` dropped)."""
    text = str(value or "").strip()
    if text[:7].casefold() == "mailto:":
        text = text[7:]
    return text.strip()


def _people(component: Component) -> list[Attendee]:
    found: dict[str, Attendee] = {}
    entries: list[object] = []
    organiser = component.get("ORGANIZER")
    if organiser is not None:
        entries.append(organiser)
    attendees = component.get("ATTENDEE")
    if attendees is not None:
        entries.extend(attendees if isinstance(attendees, list) else [attendees])
    for entry in entries:
        email = address(entry)
        if "@" not in email:
            continue
        params = getattr(entry, "params", {}) or {}
        name = " ".join(str(params.get("CN", "")).split())
        if email.casefold() not in found:
            found[email.casefold()] = Attendee(email, name)
    return list(found.values())


# --- parsing ----------------------------------------------------------------------------


def _calendars(name: str, data: bytes) -> list[Component]:
    import icalendar

    try:
        text = decode_text(data, f"calendar {name}")
    except ImportFileError as error:
        raise CalendarFileError(str(error)) from None
    if "BEGIN:VCALENDAR" not in text.upper():
        raise CalendarFileError(f"{name} is not a calendar (it has no BEGIN:VCALENDAR).")
    if not text.rstrip().upper().endswith("END:VCALENDAR"):
        raise CalendarFileError(f"{name} ends before END:VCALENDAR; the file looks cut short.")
    try:
        return list(icalendar.Calendar.from_ical(text, multiple=True))
    except (ValueError, IndexError, KeyError) as error:
        detail = " ".join(str(error).split())[:120]
        raise CalendarFileError(f"{name} is not a valid calendar ({detail}).") from None


def _describe(name: str, number: int, event: Component) -> str:
    uid = str(event.get("UID", "") or "")
    summary = str(event.get("SUMMARY", "") or "")
    label = f"Event {number} of {name}"
    if summary:
        label += f" ({shown(summary)})"
    elif uid:
        label += f" (UID {shown(uid)})"
    return label


def _check_events(name: str, calendar: Component) -> None:
    """Every event has a UID and a start that is a date or a date-time."""
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        where = _describe(name, number, event)
        start = event.get("DTSTART")
        if start is None:
            raise CalendarFileError(f"{where} has no start (DTSTART).")
        try:
            value = start.dt
        except Exception:  # icalendar keeps a broken value and raises on access
            value = None
        if not isinstance(value, dt.date):
            raise CalendarFileError(
                f"{where} has a start that is not a date or a time: {shown(str(start))}."
            )
        if not str(event.get("UID", "") or "").strip():
            raise CalendarFileError(f"{where} has no UID, so it could not be imported twice.")


def parse_calendars(
    sources: Sequence[tuple[str, bytes]],
    now: dt.datetime,
    *,
    past_days: int = PAST_DAYS,
    future_days: int = FUTURE_DAYS,
) -> ParsedCalendar:
    """Every occurrence of every event of ``sources`` between ``past_days`` before
    ``now`` and ``future_days`` after it (local, naive); :class:`CalendarFileError`
    for a file that cannot be read."""
    import recurring_ical_events

    start = now - dt.timedelta(days=past_days)
    end = now + dt.timedelta(days=future_days)
    occurrences: list[Occurrence] = []
    uids: set[str] = set()
    for name, data in sources:
        for calendar in _calendars(name, data):
            _check_events(name, calendar)
            method_cancel = str(calendar.get("METHOD", "") or "").upper() == "CANCEL"
            masters = {}
            for event in calendar.walk("VEVENT"):
                uid = str(event.get("UID")).strip()
                uids.add(uid)
                if event.get("RECURRENCE-ID") is None:
                    masters[uid] = event
            try:
                expanded = list(recurring_ical_events.of(calendar).between(start, end))
            except Exception as error:  # the library's own errors, or a bad rule
                detail = " ".join(str(error).split())[:120] or type(error).__name__
                raise CalendarFileError(
                    f"{name} has an event whose repetition cannot be read ({detail})."
                ) from None
            for event in expanded:
                occurrences.append(_occurrence(name, event, masters, method_cancel))
    occurrences.sort(key=lambda o: (o.start, o.uid, o.key))
    return ParsedCalendar(tuple(occurrences), frozenset(uids), (start, end), len(sources))


def _occurrence(
    name: str,
    event: Component,
    masters: dict[str, Component],
    method_cancel: bool,
) -> Occurrence:
    get = event.get
    uid = str(get("UID")).strip()
    begin = get("DTSTART").dt
    master = masters.get(uid)
    repeats = master is None or any(master.get(p) is not None for p in ("RRULE", "RDATE"))
    recurrence = get("RECURRENCE-ID")
    identity = recurrence.dt if recurrence is not None else begin
    people = _people(event)
    if not people and uid in masters and masters[uid] is not event:
        people = _people(masters[uid])  # an override that left the invitees out
    status = str(get("STATUS", "") or "").upper()
    return Occurrence(
        uid=uid,
        # A single event is one occurrence whatever its start: moving it keeps it.
        key=occurrence_key(identity) if repeats else "",
        start=local_naive(begin),
        all_day=not isinstance(begin, dt.datetime),
        summary=" ".join(plain_text(get("SUMMARY")).split()),
        description=plain_text(get("DESCRIPTION")),
        location=" ".join(plain_text(get("LOCATION")).split()),
        people=tuple(people),
        cancelled=method_cancel or status == "CANCELLED",
        source=name,
    )


def earliest_by_email(occurrences: Iterable[Occurrence]) -> dict[str, dt.date]:
    """The earliest day each address (casefolded) appears on."""
    found: dict[str, dt.date] = {}
    for occurrence in occurrences:
        for person in occurrence.people:
            key = person.email.casefold()
            day = occurrence.start.date()
            if key not in found or day < found[key]:
                found[key] = day
    return found
