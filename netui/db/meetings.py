"""Meetings and their worksheets: start, list, read, edit, and close with an outcome.

Returns the plain objects of :mod:`netui.core.worksheet`; no Peewee row leaves this
module. No Textual.

A worksheet is pre-filled from the contact when it is created, and the pre-filled
text is stored on the meeting: editing the contact later never rewrites it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from netui import clock
from netui.core.continuity import PreviousMeeting
from netui.core.worksheet import (
    SECTION_KEYS,
    SECTIONS,
    ContactSnapshot,
    KnownPerson,
    Worksheet,
    gauge,
    prefill,
)
from netui.db import journal
from netui.db.backends import lock_row
from netui.db.contacts import (
    ContactNotFoundError,
    contact_rows,
    get_contact,
)
from netui.db.continuity import previous_meeting
from netui.db.edits import EditOutcome, plan
from netui.db.ledger import check_currency, check_direction, check_value, log_exchange
from netui.db.members import own
from netui.db.meter_sums import meters
from netui.db.models import Contact, Exchange, Meeting, database
from netui.db.names import labels_for
from netui.db.rows import first_tuple, tuples
from netui.db.settings import get_setting
from netui.db.ties import ties_of

#: Columns :func:`update_worksheet` may change, besides the text sections.
MEETING_FIELDS = ("scheduled_at", "place", "purpose", "introducer_id", "outcome", "follow_up")


#: How the worksheet names each field (for a conflict).
FIELD_LABELS: dict[str, str] = {
    **{section.key: section.title for section in SECTIONS},
    "scheduled_at": "When",
    "place": "Where",
    "purpose": "Purpose",
    "introducer_id": "Introducer",
    "outcome": "Outcome",
    "follow_up": "Follow up on",
}


class MeetingNotFoundError(LookupError):
    """No meeting with that id."""


@dataclass(frozen=True)
class MeetingRow:
    """One line of the meeting list."""

    id: int
    contact_id: int
    contact_name: str
    scheduled_at: dt.datetime | None
    purpose: str
    done: bool
    upcoming: bool
    filled: int
    total: int
    cancelled: bool = False  # by the calendar it came from: neither upcoming nor past
    shared: bool = False  # with the team (schema 7): the other members may read it


@dataclass(frozen=True)
class ExchangeEntry:
    """Something given or received in a meeting, to log in the ledger."""

    direction: str  # "gave" or "received"
    currency: str
    value: int
    note: str = ""

    def check(self) -> None:
        """The ledger's own checks; :class:`~netui.db.ledger.LedgerError` if wrong."""
        check_direction(self.direction)
        check_currency(self.currency)
        check_value(self.value)


@dataclass(frozen=True)
class LoggedExchange:
    id: int
    date: dt.date
    direction: str
    currency: str
    value: int
    note: str


# --- the contact as the worksheet sees it --------------------------------------------


def _known_people(contact_id: int) -> tuple[KnownPerson, ...]:
    """Whom the contact knows, from the ties."""
    records = ties_of(contact_id, include_archived=False)
    roles = {row.id: row.role for row in contact_rows([r.other_id for r in records])}
    return tuple(
        KnownPerson(
            name=record.name,
            organisation=record.organisation,
            role=roles.get(record.other_id, ""),
            strength=record.strength,
            context=record.context,
            i_know_them=record.in_my_network,
        )
        for record in records
    )


def contact_snapshot(contact_id: int) -> ContactSnapshot:
    detail = get_contact(contact_id)
    f = detail.fields
    return ContactSnapshot(
        name=f.name,
        organisation=f.organisation,
        role=f.role,
        location=f.location,
        how_we_met=f.how_we_met,
        career_path=f.career_path,
        expertise=f.expertise,
        interests=f.interests,
        tags=f.tags,
        knows=_known_people(contact_id),
        helps_them=Contact.select(Contact.helps_them).where(Contact.id == contact_id).scalar()
        or "",
    )


# --- writes --------------------------------------------------------------------------


def create_worksheet(
    contact_id: int,
    *,
    introducer_id: int | None = None,
    scheduled_at: dt.datetime | None = None,
    place: str = "",
    purpose: str = "",
) -> int:
    """Start a new worksheet for a contact, pre-filled and saved; returns the meeting id."""
    with database.atomic():
        sections = prefill(contact_snapshot(contact_id))
        if introducer_id is not None:
            _require_contact(introducer_id)
        return int(
            journal.insert(
            Meeting,
            contact=contact_id,
            introducer=introducer_id,
            scheduled_at=scheduled_at,
            place=place,
            purpose=purpose,
            **sections,
            )
        )


def open_worksheet(contact_id: int) -> tuple[int, bool]:
    """The contact's newest open worksheet, creating one if none: ``(id, created?)``."""
    with database.atomic():
        newest = (
            Meeting.select(Meeting.id)
            .where((Meeting.contact == contact_id) & ~Meeting.done & own(Meeting))
            .order_by(Meeting.created_at.desc(), Meeting.id.desc())
            .first()
        )
        if newest is not None:
            return newest.id, False
        return create_worksheet(contact_id), True


def _require_contact(contact_id: int) -> None:
    if not Contact.select().where(Contact.id == contact_id).exists():
        raise ContactNotFoundError(f"There is no contact with id {contact_id}.")


def update_worksheet(meeting_id: int, changes: Mapping[str, object]) -> None:
    """Change some sections or meeting fields (keys: section keys and MEETING_FIELDS)."""
    _check_keys(changes)
    if not changes:
        return
    values: dict[str, object] = {}
    for key, value in changes.items():
        if key == "introducer_id":
            if value == _contact_of(meeting_id):
                raise ValueError("A contact cannot introduce you to themselves.")
            if value is not None:
                _require_contact(int(cast("int | str", value)))
            values["introducer"] = value
        else:
            values[key] = value
    with database.atomic():
        updated = journal.update(
            Meeting, Meeting.id == meeting_id, **values, updated_at=clock.now()
        )
    if not updated:
        raise MeetingNotFoundError(f"There is no meeting with id {meeting_id}.")


def _check_keys(changes: Mapping[str, object]) -> None:
    unknown = set(changes) - set(SECTION_KEYS) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"A worksheet has no field {sorted(unknown)[0]!r}.")


def worksheet_fields(sheet: Worksheet) -> dict[str, object]:
    """Every field :func:`update_worksheet` may change, as stored now."""
    fields: dict[str, object] = {key: sheet.text(key) for key in SECTION_KEYS}
    fields.update(
        scheduled_at=sheet.scheduled_at,
        place=sheet.place,
        purpose=sheet.purpose,
        introducer_id=sheet.introducer_id,
        outcome=sheet.outcome,
        follow_up=sheet.follow_up,
    )
    return fields


def edit_worksheet(
    meeting_id: int, loaded: Mapping[str, object], wanted: Mapping[str, object]
) -> EditOutcome:
    """Save edits of a worksheet made against ``loaded`` (what the editor last read
    or saved of each field): each field the user changed is written only if nobody
    changed it since; otherwise nothing is written and the conflicts say why."""
    _check_keys(wanted)
    with database.atomic():
        lock_row(Meeting, meeting_id)  # PostgreSQL: another save of it waits
        current = worksheet_fields(get_worksheet(meeting_id))
        writes, conflicts = plan(loaded, wanted, current, labels=FIELD_LABELS)
        if conflicts:
            return EditOutcome(conflicts=tuple(conflicts))
        update_worksheet(meeting_id, writes)
    return EditOutcome(written=tuple(writes))


def _contact_of(meeting_id: int) -> int:
    row = first_tuple(Meeting.select(Meeting.contact).where(Meeting.id == meeting_id))
    if row is None:
        raise MeetingNotFoundError(f"There is no meeting with id {meeting_id}.")
    return int(row[0])


def mark_done(
    meeting_id: int,
    *,
    outcome: str = "",
    follow_up: dt.date | None = None,
    exchanges: Sequence[ExchangeEntry] = (),
    today: dt.date | None = None,
) -> list[int]:
    """Close a meeting: outcome, follow-up date and the exchanges, in one transaction.

    The exchanges are ledger entries linked to the meeting, dated on the meeting's
    day when it is past, else today. Returns their ids. Nothing is written when any
    entry is invalid.
    """
    for entry in exchanges:
        entry.check()
    today = today or clock.today()
    with database.atomic():
        meeting = Meeting.get_or_none(Meeting.id == meeting_id)
        if meeting is None:
            raise MeetingNotFoundError(f"There is no meeting with id {meeting_id}.")
        day = today
        if meeting.scheduled_at is not None and meeting.scheduled_at.date() <= today:
            day = meeting.scheduled_at.date()
        journal.update(
            Meeting,
            Meeting.id == meeting_id,
            done=True,
            outcome=outcome.strip(),
            follow_up=follow_up,
            updated_at=clock.now(),
        )
        return [
            log_exchange(
                meeting.contact_id,
                entry.direction,
                entry.currency,
                entry.value,
                note=entry.note,
                on=day,
                meeting_id=meeting_id,
                today=today,
            )
            for entry in exchanges
        ]


def reopen(meeting_id: int) -> None:
    """Mark a meeting as not done again (its exchanges stay in the ledger)."""
    journal.update(Meeting, Meeting.id == meeting_id, done=False, updated_at=clock.now())


# --- reads ---------------------------------------------------------------------------


def _worksheet_of(meeting: Meeting, contact_name: str, introducer_name: str) -> Worksheet:
    return Worksheet(
        id=meeting.id,
        contact_id=meeting.contact_id,
        contact_name=contact_name,
        scheduled_at=meeting.scheduled_at,
        place=meeting.place,
        purpose=meeting.purpose,
        introducer_id=meeting.introducer_id,
        introducer_name=introducer_name,
        sections={key: getattr(meeting, key) for key in SECTION_KEYS},
        done=bool(meeting.done),
        outcome=meeting.outcome,
        follow_up=meeting.follow_up,
    )


def _names(contact_ids: Sequence[int | None]) -> dict[int, str]:
    ids = [cid for cid in set(contact_ids) if cid is not None]
    if not ids:
        return {}
    return dict(tuples(Contact.select(Contact.id, Contact.name).where(Contact.id.in_(ids))))


def _name_of(names: Mapping[int, str], contact_id: int | None) -> str:
    return names.get(contact_id, "") if contact_id is not None else ""


def get_worksheet(meeting_id: int) -> Worksheet:
    meeting = Meeting.get_or_none(Meeting.id == meeting_id)
    if meeting is None:
        raise MeetingNotFoundError(f"There is no meeting with id {meeting_id}.")
    names = _names([meeting.contact_id, meeting.introducer_id])
    return _worksheet_of(
        meeting, names.get(meeting.contact_id, ""), _name_of(names, meeting.introducer_id)
    )


def list_meetings(*, now_: dt.datetime | None = None) -> list[MeetingRow]:
    """Every meeting: upcoming first (soonest first, unscheduled last), then past ones
    (latest first). Upcoming means not done and not before today."""
    start_of_today = dt.datetime.combine((now_ or clock.now()).date(), dt.time.min)
    meetings = list(Meeting.select().where(own(Meeting)).order_by(Meeting.id))
    names = _names([m.contact_id for m in meetings] + [m.introducer_id for m in meetings])
    labels = labels_for([m.contact_id for m in meetings])  # "Rita Alvarez @ Globex"
    upcoming: list[MeetingRow] = []
    past: list[MeetingRow] = []
    for meeting in meetings:
        is_upcoming = (
            not meeting.done
            and not meeting.cancelled
            and (meeting.scheduled_at is None or meeting.scheduled_at >= start_of_today)
        )
        worksheet = _worksheet_of(
            meeting, names.get(meeting.contact_id, ""), _name_of(names, meeting.introducer_id)
        )
        filled, total = gauge(worksheet)
        row = MeetingRow(
            id=meeting.id,
            contact_id=meeting.contact_id,
            contact_name=labels.get(meeting.contact_id, worksheet.contact_name),
            scheduled_at=meeting.scheduled_at,
            purpose=meeting.purpose,
            done=bool(meeting.done),
            upcoming=is_upcoming,
            filled=filled,
            total=total,
            cancelled=bool(meeting.cancelled),
            shared=bool(meeting.shared),
        )
        (upcoming if is_upcoming else past).append(row)
    upcoming.sort(key=lambda r: (r.scheduled_at is None, r.scheduled_at or dt.datetime.min, r.id))
    past.sort(key=lambda r: (r.scheduled_at or dt.datetime.min, r.id), reverse=True)
    return upcoming + past


def meeting_exchanges(meeting_id: int) -> list[LoggedExchange]:
    query = Exchange.select().where(Exchange.meeting == meeting_id).order_by(Exchange.id)
    return [LoggedExchange(e.id, e.date, e.direction, e.currency, e.value, e.note) for e in query]


def meter_of(contact_id: int) -> float | None:
    """The reciprocity meter with this contact, or ``None`` when it cannot be known
    (no exchanges yet)."""
    balance = meters([contact_id]).get(contact_id)
    return None if balance is None else balance.meter


def my_name() -> str:
    return get_setting("my_name")


@dataclass(frozen=True)
class WorksheetView:
    """Everything the Prep screen shows for one meeting."""

    worksheet: Worksheet
    meter: float | None
    my_name: str
    exchanges: list[LoggedExchange]
    #: The last meeting with the same person marked done: its outcome and follow-up
    #: are shown at the top.
    previous: PreviousMeeting | None = None


def worksheet_view(meeting_id: int) -> WorksheetView:
    worksheet = get_worksheet(meeting_id)
    return WorksheetView(
        worksheet=worksheet,
        meter=meter_of(worksheet.contact_id),
        my_name=my_name(),
        exchanges=meeting_exchanges(meeting_id),
        previous=previous_meeting(worksheet.contact_id, meeting_id),
    )


def newest_worksheet(contact_id: int) -> int | None:
    """The worksheet ``netui prep NAME`` would open (the newest open one), else the
    newest done one; ``None`` when the contact has none. Reads only."""
    newest = (
        Meeting.select(Meeting.id)
        .where((Meeting.contact == contact_id) & own(Meeting))
        .order_by(Meeting.done, Meeting.created_at.desc(), Meeting.id.desc())
        .first()
    )
    return newest.id if newest is not None else None


def draft_worksheet_view(contact_id: int) -> WorksheetView:
    """The worksheet a new meeting with the contact would start with, pre-filled from
    what is known, never stored (its id is 0). Reads only."""
    snapshot = contact_snapshot(contact_id)
    worksheet = Worksheet(
        id=0,
        contact_id=contact_id,
        contact_name=snapshot.name,
        sections=prefill(snapshot),
    )
    return WorksheetView(
        worksheet=worksheet,
        meter=meter_of(contact_id),
        my_name=my_name(),
        exchanges=[],
        previous=previous_meeting(contact_id),
    )


def worksheet_with_introducer(target_id: int, introducer_id: int) -> int:
    """Asking a broker: the target's newest open worksheet (started, pre-filled, if there
    is none) with ``introducer_id`` as the introducer; its id."""
    with database.atomic():
        meeting_id, _ = open_worksheet(target_id)
        update_worksheet(meeting_id, {"introducer_id": introducer_id})
    return meeting_id
