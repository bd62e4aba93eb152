"""The contact list's order: the ids of every contact a scope shows, sorted by any
column of the list (name, organisation, role, last contact, meter), names breaking
ties. Searching filters this order. No Textual here."""

from __future__ import annotations

import datetime as dt
from array import array
from dataclasses import dataclass

from peewee import JOIN, Case, ColumnBase, ModelSelect, Query, fn

from netui import clock
from netui.core.folding import fold_key
from netui.db.contacts import Scope, SortKey, in_scope
from netui.db.members import own
from netui.db.meter_sums import meters
from netui.db.models import Contact, Exchange, Meeting, Touch, database, on_server


def _ids(query: Query) -> list[int]:
    """Run a one-column query straight on the cursor (no per-row model overhead)."""
    return list(id_column(query))


def id_column(query: Query) -> array[int]:
    """The ids a one-column query selects, in its order: on SQLite in one row
    (``group_concat``), so that SQLite reads them all without Python's interpreter
    lock (a thread busy beside it would otherwise slow the read to one row per
    switch of the lock); row by row on a server."""
    if on_server():
        return array("q", (row[0] for row in database.execute(query).fetchall()))
    sql, params = query.sql()
    (joined,) = database.execute_sql(f"SELECT group_concat(id) FROM ({sql})", params).fetchone()
    return array("q", map(int, joined.split(","))) if joined else array("q")


def ordered_contact_ids(
    sort: SortKey = SortKey.NAME, descending: bool = False, scope: Scope = Scope.EVERYONE
) -> list[int]:
    """Every live contact in display order. Searching filters this list."""
    select = Contact.select(Contact.id).where(in_scope(scope))
    tiebreak = (
        (Contact.sort_name.desc(), Contact.id.desc())
        if descending
        else (
            Contact.sort_name,
            Contact.id,
        )
    )
    if sort is SortKey.NAME:
        return _ids(select.order_by(*tiebreak))
    if sort is SortKey.METER:
        return _by_meter(_ids(select.order_by(Contact.sort_name, Contact.id)), descending)
    if sort is SortKey.LAST_CONTACT:
        day = _last_contact_day(select)
        select = day.query
        # Most recent first by default; contacts never met go last either way.
        order = [day.value.is_null(), day.value if descending else day.value.desc()]
        return _ids(select.order_by(*order, Contact.sort_name, Contact.id))
    column = {SortKey.ORGANISATION: Contact.organisation, SortKey.ROLE: Contact.role}[sort]
    by_name = _ids(select.order_by(Contact.sort_name, Contact.id))
    texts = database.execute(Contact.select(Contact.id, column).where(in_scope(scope))).fetchall()
    return _by_folded(by_name, texts, descending)


def _by_folded(by_name: list[int], texts: list[tuple[int, str]], descending: bool) -> list[int]:
    """``by_name`` (ids in name order) sorted by their text's collation key, descending
    if asked, names ascending among equals; empty texts last either way. In Python,
    as SQL's ``LOWER`` knows no accents: each distinct text is folded once and ranked,
    and the sort is stable on those ranks."""
    keys = {text: fold_key(text) for text in {text for _, text in texts} if text}
    order = {key: n for n, key in enumerate(sorted(set(keys.values())), start=1)}
    sign = -1 if descending else 1
    rank = {text: sign * order[key] for text, key in keys.items()}
    last = len(order) + 1
    rank_of = {cid: rank.get(text, last) for cid, text in texts}
    for cid in set(by_name).difference(rank_of):  # added between the two reads
        rank_of[cid] = last
    by_name.sort(key=rank_of.__getitem__)
    return by_name


def _by_meter(by_name: list[int], descending: bool) -> list[int]:
    """Most owed-to first (the lowest meter: give back first); nothing exchanged last."""
    values = {cid: balance.meter for cid, balance in meters().items()}
    exchanged = [cid for cid in by_name if cid in values]
    exchanged.sort(key=values.__getitem__, reverse=descending)  # stable: names stay ordered
    return exchanged + [cid for cid in by_name if cid not in values]


@dataclass(frozen=True)
class _Day:
    query: ModelSelect[Contact]
    value: ColumnBase


def _last_contact_day(select: ModelSelect[Contact]) -> _Day:
    """Join each contact's latest exchange and latest past meeting onto ``select``."""
    today_end = dt.datetime.combine(clock.today(), dt.time.max)
    exchanges = (
        Exchange.select(Exchange.contact.alias("cid"), fn.MAX(Exchange.date).alias("day"))
        .where(own(Exchange))
        .group_by(Exchange.contact)
        .alias("latest_exchange")
    )
    meetings = (
        Meeting.select(
            Meeting.contact.alias("cid"), fn.MAX(fn.DATE(Meeting.scheduled_at)).alias("day")
        )
        .where((Meeting.scheduled_at <= today_end) & ~Meeting.cancelled & own(Meeting))
        .group_by(Meeting.contact)
        .alias("latest_meeting")
    )
    touches = (
        Touch.select(Touch.contact.alias("cid"), fn.MAX(Touch.day).alias("day"))
        .where((Touch.day <= today_end.date()) & own(Touch))
        .group_by(Touch.contact)
        .alias("latest_touch")
    )
    joined = (
        select.join(exchanges, JOIN.LEFT_OUTER, on=(exchanges.c.cid == Contact.id))
        .join(meetings, JOIN.LEFT_OUTER, on=(meetings.c.cid == Contact.id), src=Contact)
        .join(touches, JOIN.LEFT_OUTER, on=(touches.c.cid == Contact.id), src=Contact)
    )
    never = dt.date(1, 1, 1)
    exchange_day = fn.COALESCE(exchanges.c.day, never)
    meeting_day = fn.COALESCE(meetings.c.day, never)
    touch_day = fn.COALESCE(touches.c.day, never)
    exchange_wins = (exchange_day >= meeting_day) & (exchange_day >= touch_day)
    meeting_wins = meeting_day >= touch_day
    return _Day(
        joined,
        Case(
            None,
            [(exchange_wins, exchanges.c.day), (meeting_wins, meetings.c.day)],
            touches.c.day,
        ),
    )
