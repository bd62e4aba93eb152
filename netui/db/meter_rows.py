"""The meter table: every listed contact's faded balance, last contact and whether
they are overdue, the most imbalanced first (the Reciprocity screen, ``netui meter``).

:func:`meter_lines` gives each contact as a plain tuple, a :data:`MeterLine`, its
days as ISO text: what ``netui meter`` prints, without an object per contact.
:func:`meter_table` gives the same contacts as :class:`MeterRow` objects, their
days as dates, for the app.

Speed (30,000 contacts, 150,000 exchanges): on SQLite with its math functions (the
speed-up path of :mod:`netui.db.meter_sums`) the lines are made by one query (its
text in :mod:`netui.db.meter_sql`, which ``netui meter --json`` also reads without
Peewee), the faded sums, the days since the last contact and whether that is overdue included,
read in the order of the contacts' rowids (read in name order, each contact's row
came from a random page of the file, and SQLite's own sort of 30,000 wide rows took
40 ms). The order is made in Python: the contacts' ids in name order come from the
index on ``(archived, sort_name, id)``, each line is put in its place, and a stable
sort by the imbalance alone (a float: Python compares those quickly) does the rest.
The few contacts met, seen at a calendar event or kept in touch with since their
last exchange are made again in Python. Any other database (PostgreSQL, an SQLite
without math functions) gets the faded sums of :func:`faded_sums` and the rest made
in Python by :func:`~netui.db.meter_sql.make_line`, the reference: the same lines (a
test compares them).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from netui import clock
from netui.core.folding import fold_key
from netui.core.ints_by_id import IntsById
from netui.core.reciprocity import ZERO, days_since_contact
from netui.db.last_contact import last_contacts
from netui.db.members import current_member_id, own, with_mine
from netui.db.meter_sql import LINE_ROWS, LINE_ROWS_AMONG, after_touch, parameters
from netui.db.meter_sql import make_line as _line
from netui.db.meter_sums import as_date, faded_sums, supports_fast_path
from netui.db.models import Contact, Exchange, Meeting, Relationship, database, on_server
from netui.db.rows import chunks, tuples
from netui.db.settings import default_cadence, half_life_days
from netui.db.touches import latest_touches

#: One contact of the meter table, a plain tuple (tens of thousands are made at
#: once): ``(contact_id, name, organisation, given, received, balance, meter,
#: last_exchange, last_contact, cadence_days, overdue, days_since_contact,
#: imbalance)``: the fields of :class:`MeterRow`, the two days as ``YYYY-MM-DD``
#: text or ``None``, ``overdue`` 1 or 0, and last ``|given - received|``, the order.
MeterLine = tuple[
    int, str, str, float, float, float, float, str | None, str | None, int, int, int, float
]


@dataclass(frozen=True, slots=True)
class MeterRow:
    """One contact on the Reciprocity screen and in ``netui meter``."""

    contact_id: int
    name: str
    organisation: str
    given: float
    received: float
    balance: float
    meter: float
    last_exchange: dt.date | None
    last_contact: dt.date | None  # the latest exchange or past meeting
    cadence_days: int  # their own, else the default cadence setting
    overdue: bool  # nothing exchanged or met for longer than the cadence
    days_since_contact: int  # since the last contact, else since they were added


def meter_table(today: dt.date | None = None) -> list[MeterRow]:
    """Every non-archived contact, most imbalanced first (|meter| * (G + R), that is
    100 * |G - R|, descending; then by name). Contacts with no exchanges come last."""
    lines = meter_lines(today)
    texts = {line[7] for line in lines} | {line[8] for line in lines}  # a few hundred days
    days = {text: None if text is None else dt.date.fromisoformat(text) for text in texts}
    return [
        MeterRow(cid, name, org, g, r, b, m, days[last], days[contact], cadence, late == 1, since)
        for cid, name, org, g, r, b, m, last, contact, cadence, late, since, _ in lines
    ]


def row_of(line: MeterLine) -> MeterRow:
    """The :class:`MeterRow` of one line."""
    cid, name, org, g, r, b, m, last, contact, cadence, late, since, _ = line
    return MeterRow(
        cid, name, org, g, r, b, m, _day(last), _day(contact), cadence, late == 1, since
    )


@functools.lru_cache(maxsize=4096)
def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def each_meter_line(today: dt.date | None = None) -> Iterator[MeterLine]:
    """The lines of :func:`meter_lines`, in no order, one at a time as the database
    gives them (the few contacts touched since their last exchange last): a whole
    network's lines are never all held (300,000 of them were 140 MB)."""
    today = today or clock.today()
    default = default_cadence()
    half_life = float(half_life_days())
    touched = latest_touch(today)
    again = []
    if supports_fast_path() and not on_server():
        params = parameters(today, half_life, default, current_member_id())
        cursor = database.execute_sql(LINE_ROWS, params)
        try:
            for line in cursor:
                if line[0] in touched or line[11] is None:
                    again.append(line)
                else:
                    yield line
        finally:  # also when the caller stops early
            cursor.close()
    else:  # (the portable path joins its sums in Python: it holds them all)
        for line in _lines_portable(today, half_life, default):
            if line[0] in touched or line[11] is None:
                again.append(line)
            else:
                yield line
    yield from _made_again(again, touched, default, today)


def name_positions() -> tuple[IntsById, int]:
    """``(positions, count)``: where each listed contact is in name order (the order
    of :func:`_ids_by_name`), by id (-1: not listed), four bytes an id; and how
    many are listed."""
    positions = IntsById(missing=-1)
    count = 0
    for count, cid in enumerate(_each_id_by_name(), start=1):
        positions[cid] = count - 1
    return positions, count


def meter_lines(today: dt.date | None = None) -> list[MeterLine]:
    """The lines of :func:`meter_table` (as of ``today``, default the clock's), in its
    order: what ``netui meter`` prints, without an object per contact."""
    today = today or clock.today()
    default = default_cadence()
    half_life = float(half_life_days())
    if supports_fast_path() and not on_server():
        lines = _lines_in_sqlite(today, half_life, default)
    else:
        lines = _lines_portable(today, half_life, default)
    ranked = _in_name_order(lines, latest_touch(today), default, today)
    # Stable: contacts equally imbalanced stay in name order.
    ranked.sort(key=itemgetter(12), reverse=True)
    return ranked


def _lines_in_sqlite(today: dt.date, half_life: float, default: int) -> list[MeterLine]:
    """The lines in one query (:data:`~netui.db.meter_sql.LINES`), in the order of the
    contacts' rowids: :func:`~netui.db.meter_sql.make_line`'s arithmetic in SQL, the
    same to the last bit (SQLite's floats are doubles too)."""
    params = parameters(today, half_life, default, current_member_id())
    lines: list[MeterLine] = database.execute_sql(LINE_ROWS, params).fetchall()
    return lines


def lines_of(
    contact_ids: Sequence[int],
    touched: dict[int, dt.date],
    today: dt.date,
    half_life: float,
    default: int,
) -> list[MeterLine]:
    """The lines of these listed contacts, in no order (SQLite with math functions
    only), made as :func:`meter_lines` makes them: the last contact of those
    ``touched`` (:func:`latest_touch`) that day when it is later than their last
    exchange."""
    if not contact_ids:
        return []
    ids = json.dumps(list(contact_ids))
    params = parameters(today, half_life, default, current_member_id(), ids=ids)
    lines = [row[:13] for row in database.execute_sql(LINE_ROWS_AMONG, params)]
    return _made_again(lines, touched, default, today)


def _lines_portable(today: dt.date, half_life: float, default: int) -> list[MeterLine]:
    """The lines from :func:`faded_sums` and the contacts, joined here."""
    balances, lasts = faded_sums(
        Exchange.contact, None, today=today, half_life=half_life, with_last=True
    )
    contacts = database.execute(
        with_mine(
            Contact.select(
                Contact.id,
                Contact.name,
                Contact.organisation,
                Relationship.cadence_days,
                Contact.second_degree,
                Contact.created_at,
                Contact.first_contact,
            )
        ).where(~Contact.archived)
    ).fetchall()
    lines = []
    for cid, name, organisation, own_cadence, second, created, first in contacts:
        last = lasts.get(cid)
        if last is not None:
            since = (today - last).days
        else:
            since = days_since_contact(None, as_date(first or created), today)
        g, r = balances.get(cid, ZERO)
        day = None if last is None else last.isoformat()
        lines.append(_line(cid, name, organisation, own_cadence, second, g, r, day, day,
                           since, default))  # fmt: skip
    return lines


def latest_touch(today: dt.date) -> dict[int, dt.date]:
    """The latest past meeting, calendar event or "kept in touch" of each contact
    who has one (few have: they count as contact beside the exchanges)."""
    today_end = dt.datetime.combine(today, dt.time.max)
    met = [
        cid
        for (cid,) in tuples(
            Meeting.select(Meeting.contact)
            .where((Meeting.scheduled_at <= today_end) & ~Meeting.cancelled & own(Meeting))
            .distinct()
        )
    ]
    # last_contacts() knows the rule of a meeting (exchanges too: no later than these).
    latest = last_contacts(met, today) if met else {}
    for cid, day in latest_touches(today=today).items():
        if cid not in latest or day > latest[cid]:
            latest[cid] = day
    return latest


def _in_name_order(
    lines: list[MeterLine], touched: dict[int, dt.date], default: int, today: dt.date
) -> list[MeterLine]:
    """``lines`` in the order of the contacts' names (their sort key, then their id),
    those of contacts ``touched`` since their last exchange (a meeting, a calendar
    event, "kept in touch") made again from that day."""
    position = {cid: at for at, cid in enumerate(_ids_by_name())}
    placed: list[MeterLine | None] = [None] * len(position)
    again = []
    for line in lines:
        at = position.get(line[0])
        if at is None or line[0] in touched or line[11] is None:
            again.append(line)  # (at is None: a contact added between the two reads)
        else:
            placed[at] = line
    strays = []
    for line in _made_again(again, touched, default, today):
        at = position.get(line[0])
        if at is None:
            strays.append(line)
        else:
            placed[at] = line
    ordered = [line for line in placed if line is not None]
    return ordered + sorted(strays, key=itemgetter(0))


def _made_again(
    lines: list[MeterLine], touched: dict[int, dt.date], default: int, today: dt.date
) -> list[MeterLine]:
    """``lines`` with each contact's last contact the day they were ``touched`` if
    that is later than their last exchange (and the days since a day SQLite could not
    read counted by Python, which says what is wrong with it)."""
    cadences = _cadences_of([line[0] for line in lines])
    again = []
    for cid, name, organisation, given, received, _, _, last, contact, _, _, since, _ in lines:
        contact, days = after_touch(last, contact, since, touched.get(cid), today)
        if days is None:
            if last is None:
                days = _days_since_added(cid, today)
            else:
                days = (today - dt.date.fromisoformat(last)).days
        own_cadence, second = cadences.get(cid, (None, False))
        again.append(_line(cid, name, organisation, own_cadence, second, given, received,
                           last, contact, days, default))  # fmt: skip
    return again


def _ids_by_name() -> list[int]:
    return list(_each_id_by_name())


def _each_id_by_name() -> Iterator[int]:
    """The listed contacts' ids by their sort key (the folded name, stored), then id:
    SQLite's index on ``(archived, sort_name, id)`` is in that order (text compared
    code point by code point, as Python compares it). A contact without a sort key
    (a file written by hand) is ordered by its name folded, and a server's collation
    is its own: Python orders those."""
    listed = Contact.archived == False  # noqa: E712 - SQL; an equality the index serves
    if not on_server():
        blank = Contact.select(Contact.id).where(listed & (Contact.sort_name == "")).exists()
        if not blank:
            query = Contact.select(Contact.id).where(listed).order_by(Contact.sort_name, Contact.id)
            cursor = database.execute(query)  # raw rows: no conversion
            try:
                for (cid,) in cursor:
                    yield cid
            finally:
                cursor.close()
            return
    rows = tuples(Contact.select(Contact.id, Contact.name, Contact.sort_name).where(listed))
    keyed = sorted((key or fold_key(name), cid) for cid, name, key in rows)
    for _, cid in keyed:
        yield cid


def _days_since_added(contact_id: int, today: dt.date) -> int:
    """Days since the first contact, else since the contact was added."""
    query = Contact.select(Contact.first_contact, Contact.created_at).where(
        Contact.id == contact_id
    )
    first, created = database.execute(query).fetchone()
    return days_since_contact(None, as_date(first or created), today)


def _cadences_of(contact_ids: list[int]) -> dict[int, tuple[int | None, Any]]:
    """``{contact_id: (own cadence or None, second degree)}`` of these contacts."""
    found: dict[int, tuple[int | None, Any]] = {}
    query = with_mine(Contact.select(Contact.id, Relationship.cadence_days, Contact.second_degree))
    for chunk in chunks(contact_ids):
        for cid, own_cadence, second in database.execute(query.where(Contact.id.in_(chunk))):
            found[cid] = (own_cadence, second)
    return found
