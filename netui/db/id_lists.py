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

__all__ = ["among"]

_json_each: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def among(column: Any, ids: Sequence[int]) -> Expression:
    """``column IN (ids)``, the ids bound as one value where the database can."""
    db = database.obj
    if isinstance(db, PostgresqlDatabase):
        return cast(Expression, column == fn.ANY(Value(list(ids), unpack=False)))
    if isinstance(db, SqliteDatabase) and _reads_json(db):
        listed = SQL("(SELECT value FROM json_each(?))", [json.dumps(list(ids))])
        return cast(Expression, column.in_(listed))
    return cast(Expression, column.in_(list(ids)))


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
