"""The reciprocity ledger: exchanges, and the meter of every contact.

Every function returns plain values (:class:`~netui.core.reciprocity.Balance`,
dataclasses); no Peewee row leaves this module. The arithmetic is DESIGN.md's and
lives in :mod:`netui.core.reciprocity`; here it is computed in the database.

Speed: the faded sums are one ``GROUP BY`` aggregation. Fading needs ``pow()`` and
``julianday()``, which are SQLite's (and only when SQLite was built with its math
functions); that query is the *SQLite speed-up path* below, chosen once per database
after probing ``SELECT pow(2, 1), julianday('2000-01-01')``. Every other database
gets the portable path: the rows summed per (group, day, direction) in SQL, faded and
added up in Python. Both give the same figures (a test compares them).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Sequence
from typing import Any

from peewee import Case, fn

from netui.core.reciprocity import GAVE, RECEIVED, Balance, weight
from netui.db.models import Exchange, database
from netui.db.settings import half_life_days

#: Ids per ``IN (...)`` list, well under SQLite's variable limit.
CHUNK = 500

#: Julian day number of 0001-01-01 minus its proleptic Gregorian ordinal.
_JULIAN_OFFSET = 1_721_424.5


# --- the faded sums -----------------------------------------------------------------


def meters(
    contact_ids: Sequence[int] | None = None, *, today: dt.date | None = None
) -> dict[int, Balance]:
    """``{contact_id: Balance}`` for every contact with exchanges (or those of ``contact_ids``).

    Each exchange is faded by the half-life setting as of ``today`` (default: the
    real today). Contacts without any exchange are left out: their balance is
    :data:`netui.core.reciprocity.ZERO`. Archived contacts are included.
    """
    sums = _faded_sums(Exchange.contact, contact_ids, today=today, with_last=False)
    return {key: balance for key, (balance, _) in sums.items()}


def _faded_sums(
    key: Any,
    contact_ids: Sequence[int] | None,
    *,
    today: dt.date | None,
    half_life: float | None = None,
    with_last: bool = True,
    fast: bool | None = None,
) -> dict[Any, tuple[Balance, dt.date | None]]:
    """``{key: (Balance, latest exchange day)}`` grouped by the column ``key``.

    The day is ``None`` unless ``with_last`` (it costs a little in the SQL path).

    ``contact_ids`` limits the exchanges to those contacts (``None``: all of them).
    ``fast`` picks the path: ``None`` the SQLite speed-up when available, ``True`` or
    ``False`` force one (tests compare them).
    """
    today = today or dt.date.today()
    half_life = float(half_life or half_life_days())
    if fast is None:
        fast = supports_fast_path()
    summer = _sums_sqlite if fast else _sums_portable
    if contact_ids is None:
        return summer(key, None, today, half_life, with_last)
    result: dict[Any, tuple[Balance, dt.date | None]] = {}
    ids = list(dict.fromkeys(contact_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for group, (balance, last) in summer(key, chunk, today, half_life, with_last).items():
            if group in result:
                earlier, latest = result[group]
                result[group] = (earlier + balance, _latest(latest, last))
            else:
                result[group] = (balance, last)
    return result


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
    from peewee import SqliteDatabase

    if not isinstance(db, SqliteDatabase):
        return False
    try:
        row = db.execute_sql("SELECT pow(2, 1), julianday('2000-01-01')").fetchone()
    except Exception:  # no math functions in this SQLite build
        return False
    return row is not None and row[0] == 2 and row[1] == 2_451_544.5


def _sums_sqlite(
    key: Any,
    contact_ids: Sequence[int] | None,
    today: dt.date,
    half_life: float,
    with_last: bool,
) -> dict[Any, tuple[Balance, dt.date | None]]:
    today_jd = today.toordinal() + _JULIAN_OFFSET
    # age in days, future dates counting as 0 (SQLite's two-argument max() is scalar)
    age = fn.max(0.0, today_jd - fn.julianday(Exchange.date))
    faded = Exchange.value * fn.pow(0.5, age / half_life)
    query = Exchange.select(
        key,
        fn.SUM(Case(Exchange.direction, [(GAVE, faded)], 0.0)),
        fn.SUM(Case(Exchange.direction, [(RECEIVED, faded)], 0.0)),
        fn.MAX(Exchange.date),
    )
    if contact_ids is not None:
        query = query.where(Exchange.contact.in_(contact_ids))
    query = query.group_by(key).tuples()
    return {
        group: (Balance(given, received), _as_date(last)) for group, given, received, last in query
    }


# End of the SQLite speed-up path --------------------------------------------------


def _sums_portable(
    key: Any,
    contact_ids: Sequence[int] | None,
    today: dt.date,
    half_life: float,
    with_last: bool,
) -> dict[Any, tuple[Balance, dt.date | None]]:
    """The same sums in plain SQL: values added per (group, day, direction), faded here."""
    query = Exchange.select(key, Exchange.date, Exchange.direction, fn.SUM(Exchange.value))
    if contact_ids is not None:
        query = query.where(Exchange.contact.in_(contact_ids))
    query = query.group_by(key, Exchange.date, Exchange.direction).tuples()
    sums: dict[Any, list[Any]] = {}
    for group, day, direction, value in query:
        day = _as_date(day)
        entry = sums.get(group)
        if entry is None:
            entry = sums[group] = [0.0, 0.0, day]
        faded = weight(value, (today - day).days, half_life)
        if direction == GAVE:
            entry[0] += faded
        elif direction == RECEIVED:
            entry[1] += faded
        if day > entry[2]:
            entry[2] = day
    return {
        group: (Balance(g, r), last if with_last else None) for group, (g, r, last) in sums.items()
    }


def _latest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    if a is None or b is None:
        return a or b
    return max(a, b)


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
