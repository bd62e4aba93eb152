"""Continuity between meetings with the same person: the facts a worksheet gathered go
back to the contact when the meeting is marked done, and the next worksheet shows the
last one's outcome and follow-up. The rules are :mod:`netui.core.continuity`'s; this
module reads and writes them. No Textual.

    preview = write_back_preview(meeting_id)      # what marking it done would change
    before = apply_write_back(preview)            # write it (with mark_done)

The writes go through :mod:`netui.db.journal`, so the undo step of marking the
meeting done takes them back too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from netui.core.continuity import (
    ContactFacts,
    FactChange,
    PreviousMeeting,
    fact_changes,
    learned,
)
from netui.core.worksheet import SECTION_KEYS
from netui.db import journal
from netui.db.contacts import ContactNotFoundError, get_contact, update_contact
from netui.db.members import own
from netui.db.models import Contact, Meeting, database


class MeetingGoneError(LookupError):
    """The meeting is no longer there."""


@dataclass(frozen=True)
class WriteBack:
    """What marking a meeting done would teach its contact."""

    meeting_id: int
    contact_id: int
    contact_name: str
    before: ContactFacts
    after: ContactFacts
    changes: tuple[FactChange, ...]


def contact_facts(contact_id: int) -> ContactFacts:
    fields = get_contact(contact_id).fields
    helps = Contact.select(Contact.helps_them).where(Contact.id == contact_id).scalar() or ""
    return ContactFacts(
        career_path=fields.career_path,
        expertise=tuple(fields.expertise),
        interests=tuple(fields.interests),
        helps_them=helps,
    )


def write_back_preview(meeting_id: int) -> WriteBack:
    """What the meeting's worksheet would change on its contact (reads only)."""
    meeting = Meeting.get_or_none(Meeting.id == meeting_id)
    if meeting is None:
        raise MeetingGoneError(f"There is no meeting with id {meeting_id}.")
    before = contact_facts(meeting.contact_id)
    sections = {key: getattr(meeting, key) for key in SECTION_KEYS}
    after = learned(before, sections)
    name = Contact.select(Contact.name).where(Contact.id == meeting.contact_id).scalar() or ""
    return WriteBack(
        meeting_id, meeting.contact_id, name, before, after, fact_changes(before, after)
    )


def _write_facts(contact_id: int, facts: ContactFacts) -> None:
    fields = get_contact(contact_id).fields
    new = replace(
        fields,
        career_path=facts.career_path,
        expertise=facts.expertise,
        interests=facts.interests,
    )
    if new != fields:
        update_contact(contact_id, new)
    updated = journal.update(Contact, Contact.id == contact_id, helps_them=facts.helps_them)
    if not updated:
        raise ContactNotFoundError(f"There is no contact with id {contact_id}.")


def apply_write_back(preview: WriteBack) -> ContactFacts | None:
    """Write the previewed facts to the contact; the facts as they were (for
    :func:`restore_facts`), or ``None`` when there was nothing to change."""
    if not preview.changes:
        return None
    with database.atomic():
        current = contact_facts(preview.contact_id)
        # What changed on the contact since the preview wins over the worksheet for the
        # facts the preview did not touch.
        touched = {change.key for change in preview.changes}
        facts = replace(
            current,
            **{key: getattr(preview.after, key) for key in touched},
        )
        _write_facts(preview.contact_id, facts)
    return current



def previous_meeting(contact_id: int, meeting_id: int | None = None) -> PreviousMeeting | None:
    """The latest meeting with the contact marked done, other than ``meeting_id`` and
    not after it (by when it was, then by id)."""
    query = Meeting.select(
        Meeting.id, Meeting.scheduled_at, Meeting.outcome, Meeting.follow_up
    ).where((Meeting.contact == contact_id) & Meeting.done & own(Meeting))
    if meeting_id is not None:
        query = query.where(Meeting.id != meeting_id)
        current = Meeting.get_or_none(Meeting.id == meeting_id)
        if current is not None and current.scheduled_at is not None:
            query = query.where(
                Meeting.scheduled_at.is_null() | (Meeting.scheduled_at <= current.scheduled_at)
            )
    row = query.order_by(Meeting.scheduled_at.desc(nulls="LAST"), Meeting.id.desc()).first()
    if row is None:
        return None
    return PreviousMeeting(row.id, row.scheduled_at, row.outcome, row.follow_up)
