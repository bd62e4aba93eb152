"""Applying a calendar to the network: meetings ahead, contact in the past. No Textual.

    report = import_calendar("calendar.ics", add_unknown=False)
    print(report.summary())  # "2 meetings added, 0 updated, 1 cancelled, 3 past contacts, ..."

The calendar is read whole first (:mod:`netui.core.calendar_import`), for events
from :data:`~netui.core.calendar_import.PAST_DAYS` days ago to
:data:`~netui.core.calendar_import.FUTURE_DAYS` ahead; then everything is written in
ONE transaction. The organiser and attendees are matched to contacts by email,
case-insensitively, leaving out my own addresses (the ``my-email`` setting) and
archived contacts. For each occurrence that is not cancelled and has a known person:

- every known person gets a :class:`~netui.db.models.Touch` on its day, which counts
  as contact once the day has come (last contact, overdue, dormant); the earliest
  past one becomes their first-contact day when it is earlier than the one known;
- an occurrence still ahead becomes a meeting with the first known person (the
  organiser first): its worksheet pre-filled from them, when in local time, place
  from ``LOCATION``, title from ``SUMMARY`` and purpose from ``DESCRIPTION`` (else
  ``SUMMARY``), all kept literally.

Importing again is idempotent by ``UID`` and occurrence (``RECURRENCE-ID``, else the
start): what the calendar said last is kept with the meeting, and only a change in
the calendar changes the meeting (so a purpose edited in netui survives a re-import
of an unchanged event). An occurrence of an event in the file that is cancelled, was
removed by ``EXDATE`` or no longer has a known person cancels the meeting it made
(unless that meeting was marked done) and removes its touches. All-day events
without attendees and events with no known person make nothing; the addresses
nobody has are listed in the report, and ``add_unknown`` adds them as contacts.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netui import clock
from netui.core.calendar_export import ExportMeeting
from netui.core.calendar_import import (
    Attendee,
    Occurrence,
    ParsedCalendar,
    parse_calendars,
    read_sources,
)
from netui.core.importers import ImportCancelled
from netui.core.worksheet import SECTION_KEYS, Worksheet, gauge
from netui.db import journal
from netui.db.contacts import ContactFields, create_contact
from netui.db.meetings import create_worksheet
from netui.db.models import Contact, Meeting, Touch, database
from netui.db.settings import my_emails

#: The longest purpose taken from a description, in characters.
PURPOSE_CHARS = 300
#: How many unknown addresses the one-line summary names.
SHOWN_UNKNOWN = 5

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CalendarReport:
    """What a calendar import did."""

    added: int = 0
    updated: int = 0
    cancelled: int = 0
    past_contacts: int = 0
    unknown: tuple[str, ...] = ()  # addresses nobody has, as first written
    contacts_added: int = 0  # with add_unknown
    occurrences: int = 0  # read in the window
    kind: str = field(default="ics")

    @property
    def changed(self) -> bool:
        return bool(
            self.added or self.updated or self.cancelled or self.past_contacts
            or self.contacts_added
        )  # fmt: skip

    def summary(self) -> str:
        """``N meetings added, M updated, K cancelled, P past contacts, U unknown attendees``,
        and whether anything changed at all."""
        text = (
            f"{self.added:,} meeting{_s(self.added)} added, {self.updated:,} updated, "
            f"{self.cancelled:,} cancelled, {self.past_contacts:,} past contact"
            f"{_s(self.past_contacts)}, {len(self.unknown):,} unknown attendee"
            f"{_s(len(self.unknown))}"
        )
        if self.contacts_added:
            text += f" ({self.contacts_added:,} added as contacts)"
        elif self.unknown:
            names = ", ".join(self.unknown[:SHOWN_UNKNOWN])
            more = ", …" if len(self.unknown) > SHOWN_UNKNOWN else ""
            text += f" ({names}{more})"
        if not self.changed:
            text += "; nothing changed"
        return text + "."


def _s(count: int) -> str:
    return "" if count == 1 else "s"


# --- entry points -----------------------------------------------------------------------


def import_calendar(
    path: str | Path,
    *,
    add_unknown: bool = False,
    stdin: bytes | None = None,
    on_progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> CalendarReport:
    """Import a ``.ics`` file, a folder of them, or ``-`` (``stdin``'s bytes)."""
    sources = read_sources(path, stdin)
    parsed = parse_calendars(sources, clock.now())
    name = "standard input" if str(path) == "-" else Path(path).name
    # One undo step (joined to the app's, when the app runs it).
    with journal.undoable(f"calendar import of {name}"):
        return apply_calendar(
            parsed, add_unknown=add_unknown, on_progress=on_progress, cancelled=cancelled
        )


def apply_calendar(
    parsed: ParsedCalendar,
    *,
    add_unknown: bool = False,
    on_progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> CalendarReport:
    """Write ``parsed`` in one transaction (see the module docstring)."""
    with database.atomic():
        run = _Run(parsed, clock.now(), on_progress, cancelled, ImportCancelled)
        report = run.apply(add_unknown)
    if on_progress is not None:
        on_progress(len(parsed.occurrences), len(parsed.occurrences))
    return report


# --- the run ---------------------------------------------------------------------------


def _said(occurrence: Occurrence, contact_id: int) -> dict[str, object]:
    """What the calendar says about a meeting, as kept in ``Meeting.calendar_said``."""
    description = " ".join(occurrence.description.split())
    purpose = description[:PURPOSE_CHARS] if description else occurrence.summary
    return {
        "scheduled_at": occurrence.start.isoformat(timespec="minutes"),
        "place": occurrence.location,
        "title": occurrence.summary,
        "purpose": purpose,
        "contact": contact_id,
    }


class _Run:
    def __init__(
        self,
        parsed: ParsedCalendar,
        now: dt.datetime,
        on_progress: Progress | None,
        cancelled: Callable[[], bool],
        cancel_error: type[Exception],
    ) -> None:
        self.parsed = parsed
        self.now = now
        self.on_progress = on_progress
        self.cancelled = cancelled
        self.cancel_error = cancel_error
        self.mine = my_emails()
        self.by_email: dict[str, int] = {}
        self.archived: set[str] = set()
        self.added = self.updated = self.cancelled_count = self.past = 0

    def tick(self, done: int) -> None:
        if self.cancelled():
            raise self.cancel_error("The import was cancelled; nothing was changed.")
        if self.on_progress is not None:
            self.on_progress(done, len(self.parsed.occurrences))

    # -- people ----------------------------------------------------------------

    def load_people(self) -> None:
        rows = database.execute(
            Contact.select(Contact.id, Contact.email, Contact.archived)
            .where(Contact.email != "")
            .order_by(Contact.archived.desc(), Contact.id.desc())
        ).fetchall()
        for contact_id, email, archived in rows:  # live, then oldest, win
            key = email.strip().casefold()
            self.by_email[key] = contact_id
            if archived:
                self.archived.add(key)
            else:
                self.archived.discard(key)

    def unknown(self) -> dict[str, Attendee]:
        found: dict[str, Attendee] = {}
        for occurrence in self.parsed.occurrences:
            if occurrence.cancelled:
                continue
            for person in occurrence.people:
                key = person.email.casefold()
                if key not in self.mine and key not in self.by_email and key not in found:
                    found[key] = person
        return found

    def add_contacts(self, people: Sequence[Attendee]) -> int:
        for person in people:
            name = person.name or person.email.split("@", 1)[0]
            contact_id = create_contact(
                ContactFields(name=name, email=person.email, how_we_met="Calendar")
            )
            self.by_email[person.email.casefold()] = contact_id
        return len(people)

    def known(self, occurrence: Occurrence) -> list[int]:
        ids: list[int] = []
        for person in occurrence.people:
            key = person.email.casefold()
            if key in self.mine or key in self.archived:
                continue
            contact_id = self.by_email.get(key)
            if contact_id is not None and contact_id not in ids:
                ids.append(contact_id)
        return ids

    # -- writing ---------------------------------------------------------------

    def apply(self, add_unknown: bool) -> CalendarReport:
        self.tick(0)
        self.load_people()
        unknown = self.unknown()
        contacts_added = self.add_contacts(list(unknown.values())) if add_unknown else 0
        meetings = {
            (uid, key): row
            for *row, uid, key in database.execute(
                Meeting.select(
                    Meeting.id,
                    Meeting.contact,
                    Meeting.cancelled,
                    Meeting.done,
                    Meeting.calendar_said,
                    Meeting.scheduled_at,
                    Meeting.calendar_uid,
                    Meeting.calendar_key,
                ).where(Meeting.calendar_uid != "")
            ).fetchall()
        }
        touches = {
            (contact_id, uid, key): (touch_id, day)
            for touch_id, contact_id, day, uid, key in database.execute(
                Touch.select(
                    Touch.id, Touch.contact, Touch.day, Touch.calendar_uid, Touch.calendar_key
                ).where(Touch.calendar_uid != "")
            ).fetchall()
        }
        wanted: set[tuple[str, str]] = set()
        wanted_touches: set[tuple[int, str, str]] = set()
        earliest: dict[int, dt.date] = {}
        for done, occurrence in enumerate(self.parsed.occurrences):
            if done % 200 == 0 and done:
                self.tick(done)
            people = [] if occurrence.cancelled else self.known(occurrence)
            if not people:
                continue
            identity = (occurrence.uid, occurrence.key)
            wanted.add(identity)
            day = occurrence.start.date()
            past = occurrence.start < self.now
            for contact_id in people:
                wanted_touches.add((contact_id, *identity))
                stored = touches.get((contact_id, *identity))
                if stored is None:
                    journal.insert(
                        Touch,
                        contact=contact_id,
                        day=day,
                        source="calendar",
                        calendar_uid=occurrence.uid,
                        calendar_key=occurrence.key,
                        created_at=self.now,
                    )
                    self.past += past
                elif str(stored[1])[:10] != day.isoformat():
                    journal.update(Touch, Touch.id == stored[0], day=day)
                if past and (contact_id not in earliest or day < earliest[contact_id]):
                    earliest[contact_id] = day
            row = meetings.get(identity)
            if row is not None:
                self.update_meeting(row, occurrence, people)
            elif not past:
                self.create_meeting(occurrence, people[0])
        self.cancel(meetings, touches, wanted, wanted_touches)
        self.first_contacts(earliest)
        return CalendarReport(
            added=self.added,
            updated=self.updated,
            cancelled=self.cancelled_count,
            past_contacts=self.past,
            unknown=tuple(sorted((p.email for p in unknown.values()), key=str.casefold)),
            contacts_added=contacts_added,
            occurrences=len(self.parsed.occurrences),
        )

    def create_meeting(self, occurrence: Occurrence, contact_id: int) -> None:
        said = _said(occurrence, contact_id)
        meeting_id = create_worksheet(
            contact_id,
            scheduled_at=occurrence.start,
            place=str(said["place"]),
            purpose=str(said["purpose"]),
        )
        journal.update(
            Meeting,
            Meeting.id == meeting_id,
            title=said["title"],
            calendar_uid=occurrence.uid,
            calendar_key=occurrence.key,
            calendar_said=json.dumps(said, ensure_ascii=False, sort_keys=True),
        )
        self.added += 1

    def update_meeting(self, row: list[Any], occurrence: Occurrence, people: list[int]) -> None:
        meeting_id, contact_id, cancelled, done, said_text, _ = row
        if done:
            return
        try:
            before = json.loads(said_text) if said_text else {}
        except ValueError:
            before = {}
        said = _said(occurrence, contact_id if contact_id in people else people[0])
        changes: dict[str, object] = {}
        for key in ("scheduled_at", "place", "title", "purpose"):
            if said[key] != before.get(key):  # the calendar changed it: follow the calendar
                changes[key] = occurrence.start if key == "scheduled_at" else said[key]
        if contact_id not in people:
            changes["contact"] = people[0]
        if cancelled:
            changes["cancelled"] = False
        if not changes and said == before:
            return
        changes["calendar_said"] = json.dumps(said, ensure_ascii=False, sort_keys=True)
        changes["updated_at"] = self.now
        journal.update(Meeting, Meeting.id == meeting_id, **changes)
        if set(changes) - {"calendar_said", "updated_at"}:
            self.updated += 1

    def _in_window(self, when: object) -> bool:
        if when is None:
            return False
        text = str(when)
        start, end = self.parsed.window
        return start.isoformat(" ")[:10] <= text[:10] <= end.isoformat(" ")[:10]

    def cancel(
        self,
        meetings: dict[tuple[str, str], list[Any]],
        touches: dict[tuple[int, str, str], tuple[int, object]],
        wanted: set[tuple[str, str]],
        wanted_touches: set[tuple[int, str, str]],
    ) -> None:
        uids = self.parsed.uids
        gone_keys: set[tuple[str, str]] = set()
        for identity, (meeting_id, _, cancelled, done, _, when) in meetings.items():
            if identity[0] not in uids or identity in wanted or cancelled or done:
                continue
            if not self._in_window(when):
                continue
            journal.update(Meeting, Meeting.id == meeting_id, cancelled=True, updated_at=self.now)
            self.cancelled_count += 1
            gone_keys.add(identity)
        stale = []
        for (contact_id, uid, key), (touch_id, day) in touches.items():
            if uid not in uids or (contact_id, uid, key) in wanted_touches:
                continue
            if self._in_window(day):
                stale.append(touch_id)
                if (uid, key) not in wanted and (uid, key) not in gone_keys:
                    gone_keys.add((uid, key))
                    self.cancelled_count += 1
        for start in range(0, len(stale), 500):
            journal.delete(Touch, Touch.id.in_(stale[start : start + 500]))

    def first_contacts(self, earliest: dict[int, dt.date]) -> None:
        for contact_id, day in earliest.items():
            journal.update(
                Contact,
                (Contact.id == contact_id)
                & (Contact.first_contact.is_null() | (Contact.first_contact > day)),
                first_contact=day,
            )


# --- export ---------------------------------------------------------------------------


def meetings_to_export(now: dt.datetime | None = None) -> list[ExportMeeting]:
    """The upcoming meetings (scheduled from ``now`` on, not done, not cancelled), the
    soonest first, for :func:`netui.core.calendar_export.to_ics`."""
    now = now or clock.now()
    query = (
        Meeting.select()
        .where((Meeting.scheduled_at >= now) & ~Meeting.done & ~Meeting.cancelled)
        .order_by(Meeting.scheduled_at, Meeting.id)
    )
    meetings = list(query)
    ids = {m.contact_id for m in meetings} | {m.introducer_id for m in meetings if m.introducer_id}
    names: dict[int, str] = {}
    listed = sorted(ids)
    for start in range(0, len(listed), 500):
        names.update(
            database.execute(
                Contact.select(Contact.id, Contact.name).where(
                    Contact.id.in_(listed[start : start + 500])
                )
            ).fetchall()
        )
    result = []
    for m in meetings:
        assert m.scheduled_at is not None  # the query asked for scheduled_at >= now
        sections = {key: getattr(m, key) for key in SECTION_KEYS}
        filled, total = gauge(
            Worksheet(
                id=m.id,
                contact_id=m.contact_id,
                contact_name=names.get(m.contact_id, ""),
                scheduled_at=m.scheduled_at,
                purpose=m.purpose,
                sections=sections,
            )
        )
        result.append(
            ExportMeeting(
                id=m.id,
                start=m.scheduled_at,
                contact_name=names.get(m.contact_id, ""),
                title=m.title,
                purpose=m.purpose,
                place=m.place,
                introducer_name=names.get(m.introducer_id, "") if m.introducer_id else "",
                filled=filled,
                total=total,
                give_first=m.give_first,
                ask=m.ask,
                questions=m.questions,
            )
        )
    return result
