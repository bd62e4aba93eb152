"""Contact outside the ledger: calendar events with someone, and "kept in touch".

A :class:`~netui.db.models.Touch` counts as contact (last contact, overdue,
dormant) once its day has come, like an exchange or a past meeting. Calendar
imports write them for every known attendee of every occurrence
(:mod:`netui.db.calendar`); the Today screen writes one when an overdue person is
marked done. No Textual here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from peewee import fn

from netui import clock
from netui.db import journal
from netui.db.members import own
from netui.db.models import Touch, database

CHUNK = 500


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def latest_touches(
    contact_ids: Sequence[int] | None = None, *, today: dt.date | None = None
) -> dict[int, dt.date]:
    """``{contact_id: the latest touch on or before today}`` (every contact, or those of
    ``contact_ids``)."""
    today = today or clock.today()
    result: dict[int, dt.date] = {}
    base = Touch.select(Touch.contact, fn.MAX(Touch.day)).where((Touch.day <= today) & own(Touch))
    chunks: Iterable[Sequence[int] | None] = [None] if contact_ids is None else _chunks(contact_ids)
    for chunk in chunks:
        query = base if chunk is None else base.where(Touch.contact.in_(list(chunk)))
        for contact_id, day in database.execute(query.group_by(Touch.contact)).fetchall():
            result[contact_id] = _as_date(day)
    return result


def keep_in_touch(contact_id: int, day: dt.date | None = None) -> int:
    """Record that I was in touch with the contact on ``day`` (default today); the id."""
    return int(
        journal.insert(
        Touch, contact=contact_id, day=day or clock.today(), source="today", created_at=clock.now()
        )
    )


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    ids = list(dict.fromkeys(ids))
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
