"""When I was last in contact with each person: their latest exchange, past meeting,
calendar event or "kept in touch" (:mod:`netui.db.touches`). No Textual here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from peewee import fn

from netui import clock
from netui.db.members import own
from netui.db.models import Exchange, Meeting
from netui.db.rows import chunks, tuples
from netui.db.touches import latest_touches


def last_contacts(
    contact_ids: Sequence[int], today: dt.date | None = None
) -> dict[int, dt.date]:
    """The latest exchange or past meeting date of each contact that has one; past
    means up to the end of ``today`` (default: the clock's)."""
    result: dict[int, dt.date] = {}
    today_end = dt.datetime.combine(today or clock.today(), dt.time.max)
    for chunk in chunks(contact_ids):
        exchanges = tuples(
            Exchange.select(Exchange.contact, fn.MAX(Exchange.date))
            .where(Exchange.contact.in_(chunk) & own(Exchange))
            .group_by(Exchange.contact)
        )
        for contact_id, day in exchanges:
            exchanged = _as_date(day)
            if exchanged is not None:  # MAX over a contact's exchanges: never NULL
                result[contact_id] = exchanged
        meetings = tuples(
            Meeting.select(Meeting.contact, fn.MAX(Meeting.scheduled_at))
            .where(
                Meeting.contact.in_(chunk)
                & own(Meeting)
                & (Meeting.scheduled_at <= today_end)
                & ~Meeting.cancelled
            )
            .group_by(Meeting.contact)
        )
        for contact_id, when in meetings:
            day = _as_date(when)
            if day and (contact_id not in result or day > result[contact_id]):
                result[contact_id] = day
    # Schema 5: calendar events and "kept in touch" (netui.db.touches) count too.

    for contact_id, day in latest_touches(contact_ids, today=today_end.date()).items():
        if contact_id not in result or day > result[contact_id]:
            result[contact_id] = day
    return result


def _as_date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
