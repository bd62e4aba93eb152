"""When I was last in contact with each person: their latest exchange, past meeting,
calendar event or "kept in touch" (:mod:`netui.db.touches`). No Textual here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from peewee import fn

from netui import clock
from netui.db.id_lists import among
from netui.db.members import own
from netui.db.models import Exchange, Meeting, Touch, database
from netui.db.rows import chunks


def last_contacts(
    contact_ids: Sequence[int], today: dt.date | None = None
) -> dict[int, dt.date]:
    """The latest exchange, past meeting or touch (schema 5: calendar events and "kept
    in touch", :mod:`netui.db.touches`) of each contact that has one; past means up
    to the end of ``today`` (default: the clock's).

    One ``UNION ALL`` of the three per chunk of ids: one round trip to a server
    rather than three (this runs for every screenful the contact list shows)."""
    result: dict[int, dt.date] = {}
    today_end = dt.datetime.combine(today or clock.today(), dt.time.max)
    for chunk in chunks(contact_ids):
        exchanges = (
            Exchange.select(Exchange.contact, fn.MAX(Exchange.date))
            .where(among(Exchange.contact, chunk) & own(Exchange))
            .group_by(Exchange.contact)
        )
        meetings = (
            Meeting.select(Meeting.contact, fn.MAX(Meeting.scheduled_at))
            .where(
                among(Meeting.contact, chunk)
                & own(Meeting)
                & (Meeting.scheduled_at <= today_end)
                & ~Meeting.cancelled
            )
            .group_by(Meeting.contact)
        )
        touches = (
            Touch.select(Touch.contact, fn.MAX(Touch.day))
            .where(among(Touch.contact, chunk) & own(Touch) & (Touch.day <= today_end.date()))
            .group_by(Touch.contact)
        )
        # Raw rows: a day (exchange, touch) or a moment (meeting), as the backend gives it.
        for contact_id, when in database.execute(exchanges + meetings + touches).fetchall():
            day = _as_date(when)
            if day is not None and (contact_id not in result or day > result[contact_id]):
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
