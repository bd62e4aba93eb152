"""A member's private notes about a contact (schema 8): rows of ``private_note``
that only their member reads. On PostgreSQL a row-level security policy
(:mod:`netui.db.roles`) keeps them from the rest of the team even with plain SQL;
the relationship (closeness, cadence) stays readable by the team for "who among us".
Written through :mod:`netui.db.journal`, so a change of notes is undone like the
rest. No Textual here."""

from __future__ import annotations

from netui.db import journal
from netui.db.members import current_member_id
from netui.db.models import PrivateNote


def _mine(contact_id: int):  # type: ignore[no-untyped-def]  # a peewee expression
    return (PrivateNote.member == current_member_id()) & (PrivateNote.contact == contact_id)


def private_notes_of(contact_id: int) -> str:
    """My private notes about the contact ('' when I have none)."""
    text = PrivateNote.select(PrivateNote.text).where(_mine(contact_id)).scalar()
    return str(text or "")


def write_private_notes(contact_id: int, text: str) -> bool:
    """Make my private notes about the contact ``text``; whether anything changed. An
    empty text removes my note."""
    where = _mine(contact_id)
    stored = PrivateNote.select(PrivateNote.text).where(where).scalar()
    if stored is None:
        if not text:
            return False
        journal.insert(PrivateNote, member=current_member_id(), contact=contact_id, text=text)
        return True
    if stored == text:
        return False
    if text:
        journal.update(PrivateNote, where, text=text)
    else:
        journal.delete(PrivateNote, where)
    return True
