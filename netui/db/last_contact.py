"""When I was last in contact with each person: their latest exchange, past meeting,
calendar event or "kept in touch" (:mod:`netui.db.touches`). No Textual here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from typing import Any

from peewee import fn

from netui import clock
from netui.db.id_lists import among
from netui.db.members import current_member_id, own
from netui.db.models import Exchange, Meeting, Touch
from netui.db.rows import chunks
from netui.db.statements import read_among


def last_contacts(contact_ids: Sequence[int], today: dt.date | None = None) -> dict[int, dt.date]:
    """The latest exchange, past meeting or touch (schema 5: calendar events and "kept
    in touch", :mod:`netui.db.touches`) of each contact that has one; past means up
    to the end of ``today`` (default: the clock's).

    One ``UNION ALL`` of the three per chunk of ids: one round trip to a server
    rather than three (this runs for every screenful the contact list shows)."""
    result: dict[int, dt.date] = {}
    today_end = dt.datetime.combine(today or clock.today(), dt.time.max)
    shape = ("last contacts", today_end, current_member_id())
    for chunk in chunks(contact_ids):
        # Raw rows: a day (exchange, touch) or a moment (meeting), as the backend gives it.
        for contact_id, when in read_among(shape, partial(_latest, today_end), chunk):
            day = _as_date(when)
            if day is not None and (contact_id not in result or day > result[contact_id]):
                result[contact_id] = day
    return result


def _latest(today_end: dt.datetime, contact_ids: Sequence[int]) -> Any:  # a peewee query
    """Each contact's latest exchange, past meeting and touch: one ``UNION ALL``."""
    exchanges = (
        Exchange.select(Exchange.contact, fn.MAX(Exchange.date))
        .where(among(Exchange.contact, contact_ids) & own(Exchange))
        .group_by(Exchange.contact)
    )
    meetings = (
        Meeting.select(Meeting.contact, fn.MAX(Meeting.scheduled_at))
        .where(
            among(Meeting.contact, contact_ids)
            & own(Meeting)
            & (Meeting.scheduled_at <= today_end)
            & ~Meeting.cancelled
        )
        .group_by(Meeting.contact)
    )
    touches = (
        Touch.select(Touch.contact, fn.MAX(Touch.day))
        .where(among(Touch.contact, contact_ids) & own(Touch) & (Touch.day <= today_end.date()))
        .group_by(Touch.contact)
    )
    return exchanges + meetings + touches


def _as_date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
