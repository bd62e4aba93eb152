"""The meter of every contact: each exchange faded by the half-life, summed per contact.

Speed: the faded sums are one ``GROUP BY`` aggregation. Fading needs a power and
the age of a date in days: on SQLite ``pow()`` and ``julianday()`` (only when SQLite
was built with its math functions), the *SQLite speed-up path* below, chosen once per
database after probing ``SELECT pow(2, 1), julianday('2000-01-01')``; on PostgreSQL
``power()`` and date subtraction, the *server path*. Any other database gets the
portable path: the rows summed per (group, day, direction) in SQL, faded and added
up in Python (on a team's server that sent a member's whole ledger, day by day, to
Python: 75,000 exchanges took 0.4 s). All give the same figures (a test compares them
on both backends).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any

from peewee import SQL, Case, fn

from netui import clock
from netui.core.reciprocity import (
    GAVE,
    LEAST_WEIGHT,
    RECEIVED,
    Balance,
    faded_total,
    weight,
)
from netui.db.id_lists import among
from netui.db.members import current_member_id, own
from netui.db.meter_sql import julian_day
from netui.db.models import Exchange, database, on_server
from netui.db.rows import tuples
from netui.db.settings import half_life_days
from netui.db.statements import read_among

#: Ids per ``IN (...)`` list, well under SQLite's variable limit.
CHUNK = 500


def meters(
    contact_ids: Sequence[int] | None = None, *, today: dt.date | None = None
) -> dict[int, Balance]:
    """``{contact_id: Balance}`` for every contact with exchanges (or those of ``contact_ids``).

    Each exchange is faded by the half-life setting as of ``today`` (default: the
    real today). Contacts without any exchange are left out: their balance is
    :data:`netui.core.reciprocity.ZERO`. Archived contacts are included.
    """
    return faded_sums(Exchange.contact, contact_ids, today=today, with_last=False)[0]


def each_meter(*, today: dt.date | None = None) -> Iterator[tuple[int, Balance]]:
    """``(contact_id, Balance)`` of :func:`meters` for every contact, one at a time as
    the database gives them: a whole network's balances are never all held (300,000
    of them and their ids were 60 MB beside the app's search index). The portable
    path adds its sums up in Python, so it holds them all, as :func:`meters` does."""
    today = today or clock.today()
    half_life = float(half_life_days())
    if not supports_fast_path():
        yield from meters(today=today).items()
        return
    if on_server():
        total, balance = _server_total(today, half_life), _server_balance
    else:
        total, balance = _sqlite_total(today, half_life), Balance
    rows = database.execute(_sums_select(Exchange.contact, total, None, False, own(Exchange)))
    try:
        for contact_id, given, received in rows:
            yield contact_id, balance(given, received)
    finally:  # also when the caller stops early
        rows.close()


def team_meters(
    contact_ids: Sequence[int], *, today: dt.date | None = None
) -> dict[tuple[int, int], Balance]:
    """``{(member_id, contact_id): Balance}``: every member's ledger with each of
    ``contact_ids`` (a team database's "who among us", :mod:`netui.db.brokers`), faded
    as :func:`meters` fades, in one aggregation per chunk of ids; pairs with no
    exchange are left out. Rows another member keeps private are whatever the database
    lets this connection read (row-level security on a server)."""
    # The number inline, not a parameter: PostgreSQL matches the GROUP BY to the
    # selected expression only when both are the same text ($1 and $2 are not).
    pair = Exchange.member * SQL(str(_PAIR)) + Exchange.contact
    balances = faded_sums(pair, contact_ids, today=today, with_last=False, everyone=True)[0]
    return {divmod(key, _PAIR): balance for key, balance in balances.items()}


#: Member and contact ids in one whole number (contact ids stay below 2**32).
_PAIR = 2**32


def faded_sums(
    key: Any,
    contact_ids: Sequence[int] | None,
    *,
    today: dt.date | None,
    half_life: float | None = None,
    with_last: bool = True,
    fast: bool | None = None,
    everyone: bool = False,
) -> tuple[dict[Any, Balance], dict[Any, dt.date]]:
    """``({key: Balance}, {key: latest exchange day})`` grouped by the column ``key``,
    over the current member's ledger (with ``everyone``, every member's).

    The second dict is empty unless ``with_last`` (it costs a little in the SQL path).

    ``contact_ids`` limits the exchanges to those contacts (``None``: all of them).
    ``fast`` picks the path: ``None`` the backend's SQL (SQLite's speed-up path when
    available, the server path on PostgreSQL), ``True`` or ``False`` force it or the
    portable path (tests compare them).
    """
    today = today or clock.today()
    half_life = float(half_life or half_life_days())
    if fast is None:
        fast = supports_fast_path()
    summer = _sums_portable
    if fast:
        summer = _sums_server if on_server() else _sums_sqlite
    whose = None if everyone else own(Exchange)
    if contact_ids is None:
        return summer(key, None, today, half_life, with_last, whose)
    # A screenful's meters, read at every key of a search: the SQL made once per shape.
    shape = (
        ("faded sums", summer.__name__, today, half_life, with_last, current_member_id())
        if key is Exchange.contact and not everyone
        else None
    )
    balances: dict[Any, Balance] = {}
    lasts: dict[Any, dt.date] = {}
    ids = list(dict.fromkeys(contact_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        chunk_balances, chunk_lasts = summer(
            key, chunk, today, half_life, with_last, whose, shape=shape
        )
        for group, balance in chunk_balances.items():
            earlier = balances.get(group)
            balances[group] = balance if earlier is None else earlier + balance
        for group, last in chunk_lasts.items():
            earlier_last = lasts.get(group)
            lasts[group] = last if earlier_last is None else max(earlier_last, last)
    return balances, lasts


# SQLite speed-up path ------------------------------------------------------------
# pow() and julianday() are SQLite-only SQL (pow() only when SQLite was compiled with
# SQLITE_ENABLE_MATH_FUNCTIONS, as Python's bundled SQLite is since 3.35). Keep such
# SQL inside this block; _sums_portable is the reference it must agree with.

_fast_path: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def supports_fast_path() -> bool:
    """Whether the bound database runs the SQLite aggregation (probed once per database)."""
    db = database.obj
    if db is None:
        return False
    known = _fast_path.get(db)
    if known is None:
        known = _probe(db)
        _fast_path[db] = known
    return known


def _probe(db: Any) -> bool:
    from peewee import PostgresqlDatabase, SqliteDatabase

    if isinstance(db, PostgresqlDatabase):
        return True  # power() and date - date are PostgreSQL's own
    if not isinstance(db, SqliteDatabase):
        return False
    try:
        row = db.execute_sql("SELECT pow(2, 1), julianday('2000-01-01')").fetchone()
    except Exception:  # no math functions in this SQLite build
        return False
    return row is not None and row[0] == 2 and row[1] == 2_451_544.5


def _grouped_sums(
    key: Any,
    total: Callable[[str], Any],
    contact_ids: Sequence[int] | None,
    with_last: bool,
    whose: Any,
    shape: Hashable | None = None,
) -> Iterable[tuple[Any, ...]]:
    """The raw rows ``(group, given, received[, last day])`` of either backend's
    faded sums, ``total(direction)`` being that backend's SQL for one sum: the
    cursor itself, read once, so that a whole network's rows (300,000 of them, 40
    MB as Python tuples) are never all held at once beside what is made of them."""
    if shape is not None and contact_ids is not None:
        return read_among(
            shape, lambda ids: _sums_select(key, total, ids, with_last, whose), contact_ids
        )
    query = _sums_select(key, total, contact_ids, with_last, whose)
    cursor: Iterable[tuple[Any, ...]] = database.execute(query)
    return cursor


def _sums_select(
    key: Any,
    total: Callable[[str], Any],
    contact_ids: Sequence[int] | None,
    with_last: bool,
    whose: Any,
) -> Any:  # a peewee query
    columns = [key, total(GAVE), total(RECEIVED)]
    if with_last:
        columns.append(fn.MAX(Exchange.date))
    query = Exchange.select(*columns)
    if whose is not None:
        query = query.where(whose)
    if contact_ids is not None:
        query = query.where(among(Exchange.contact, contact_ids))
    return query.group_by(key)


def _sums_sqlite(
    key: Any,
    contact_ids: Sequence[int] | None,
    today: dt.date,
    half_life: float,
    with_last: bool,
    whose: Any = None,
    *,
    shape: Hashable | None = None,
) -> tuple[dict[Any, Balance], dict[Any, dt.date]]:
    # Raw rows: no per-row conversion by Peewee (dates are ISO text, parsed below).
    rows = _grouped_sums(key, _sqlite_total(today, half_life), contact_ids, with_last, whose, shape)
    if with_last:
        balances: dict[Any, Balance] = {}
        lasts: dict[Any, dt.date] = {}
        for group, g, r, last in rows:
            balances[group] = Balance(g, r)
            lasts[group] = _iso_date(last)
        return balances, lasts
    return {group: Balance(g, r) for group, g, r in rows}, {}


def _sqlite_total(today: dt.date, half_life: float) -> Callable[[str], Any]:
    """``total(direction)``: SQLite's SQL for one direction's faded sum."""
    today_jd = julian_day(today)
    # age in days, future dates counting as 0 (SQLite's two-argument max() is scalar)
    age = fn.max(0.0, today_jd - fn.julianday(Exchange.date))
    faded = Exchange.value * fn.pow(0.5, age / half_life)

    def total(direction: str) -> Any:
        # faded_total() in SQL: NULL (no exchange that way) is 0.0, any other sum at
        # least LEAST_WEIGHT (the scalar max() of NULL is NULL)
        summed = fn.SUM(Case(Exchange.direction, [(direction, faded)]))
        return fn.COALESCE(fn.max(summed, LEAST_WEIGHT), 0.0)

    return total


# End of the SQLite speed-up path --------------------------------------------------


def _sums_server(
    key: Any,
    contact_ids: Sequence[int] | None,
    today: dt.date,
    half_life: float,
    with_last: bool,
    whose: Any = None,
    *,
    shape: Hashable | None = None,
) -> tuple[dict[Any, Balance], dict[Any, dt.date]]:
    """PostgreSQL's: the faded sums in one aggregation (``power()``, ``date - date``
    in days), one row per group; the floor of a sum (:func:`faded_total`) here."""
    total = _server_total(today, half_life)
    balances: dict[Any, Balance] = {}
    lasts: dict[Any, dt.date] = {}
    for row in _grouped_sums(key, total, contact_ids, with_last, whose, shape):
        balances[row[0]] = _server_balance(row[1], row[2])
        if with_last:
            lasts[row[0]] = as_date(row[3])
    return balances, lasts


def _server_total(today: dt.date, half_life: float) -> Callable[[str], Any]:
    """``total(direction)``: PostgreSQL's SQL for one direction's faded sum."""
    # The day as a DATE literal (a date's ISO text: nothing to escape), so that the
    # age is ``date - date``, whole days, as weight() counts them.
    age = fn.GREATEST(0, SQL(f"DATE '{today.isoformat()}'") - Exchange.date)
    faded = Exchange.value * fn.POWER(0.5, age / half_life)

    def total(direction: str) -> Any:
        return fn.SUM(Case(Exchange.direction, [(direction, faded)]))

    return total


def _server_balance(given: Any, received: Any) -> Balance:
    """A server's two sums (``NULL``: nothing that way; a ``Decimal`` may come) as a
    balance, each floored as :func:`faded_total` floors it."""
    return Balance(
        0.0 if given is None else faded_total(float(given)),
        0.0 if received is None else faded_total(float(received)),
    )


def _sums_portable(
    key: Any,
    contact_ids: Sequence[int] | None,
    today: dt.date,
    half_life: float,
    with_last: bool,
    whose: Any = None,
    *,
    shape: Hashable | None = None,
) -> tuple[dict[Any, Balance], dict[Any, dt.date]]:
    """The same sums in plain SQL: values added per (group, day, direction), faded here.
    (``shape`` is not used: this reference path makes its SQL at every call.)"""
    query = Exchange.select(key, Exchange.date, Exchange.direction, fn.SUM(Exchange.value))
    if whose is not None:
        query = query.where(whose)
    if contact_ids is not None:
        query = query.where(among(Exchange.contact, contact_ids))
    sums: dict[Any, list[Any]] = {}
    for group, day, direction, value in tuples(
        query.group_by(key, Exchange.date, Exchange.direction)
    ):
        day = as_date(day)
        entry = sums.get(group)
        if entry is None:
            entry = sums[group] = [None, None, day]  # None: nothing that way yet
        faded = weight(value, (today - day).days, half_life)
        side = 0 if direction == GAVE else 1 if direction == RECEIVED else None
        if side is not None:
            entry[side] = faded if entry[side] is None else entry[side] + faded
        if day > entry[2]:
            entry[2] = day
    balances = {
        group: Balance(*(0.0 if total is None else faded_total(total) for total in (g, r)))
        for group, (g, r, _) in sums.items()
    }
    return balances, ({group: last for group, (_, _, last) in sums.items()} if with_last else {})


def _iso_date(value: object) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else as_date(value)


def as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
