"""``column IN (ids)`` with the ids bound as one value.

Peewee makes the SQL of an ``IN`` list one value at a time (about 2 µs each, three
or four lists a read): reading the 30 to 60 rows a search's first screen shows took
4 ms, most of it that, at every key. Here the whole list is one parameter: a JSON
array read by SQLite's ``json_each`` (built into SQLite since 3.38, probed once per
database; an older SQLite gets the ``IN`` list), an array compared with ``= ANY`` on
PostgreSQL. The rows are the same either way (``tests/unit/test_id_lists.py``).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Sequence
from typing import Any, cast

from peewee import SQL, Expression, PostgresqlDatabase, SqliteDatabase, Value, fn

from netui.db.models import database

__all__ = ["among", "bound_ids"]

_json_each: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def among(column: Any, ids: Sequence[int]) -> Expression:
    """``column IN (ids)``, the ids bound as one value where the database can."""
    value = bound_ids(ids)
    if value is None:
        return cast(Expression, column.in_(list(ids)))
    if isinstance(value, list):  # PostgreSQL's array
        return cast(Expression, column == fn.ANY(Value(value, unpack=False)))
    return cast(Expression, column.in_(SQL("(SELECT value FROM json_each(?))", [value])))


def bound_ids(ids: Sequence[int]) -> str | list[int] | None:
    """The one value :func:`among` binds ``ids`` as on the bound database (a JSON
    array's text on SQLite, a list on PostgreSQL); ``None`` where they are bound one
    by one (an SQLite without JSON)."""
    db = database.obj
    if isinstance(db, PostgresqlDatabase):
        return list(ids)
    if isinstance(db, SqliteDatabase) and _reads_json(db):
        return json.dumps(list(ids))
    return None


def _reads_json(db: SqliteDatabase) -> bool:
    known = _json_each.get(db)
    if known is None:
        try:
            row = db.execute_sql("SELECT count(*) FROM json_each('[1, 2]')").fetchone()
        except Exception:  # an SQLite built without JSON
            known = False
        else:
            known = row is not None and row[0] == 2
        _json_each[db] = known
    return known
