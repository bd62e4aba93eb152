"""Reads by a list of ids whose SQL is made once, not at every call.

The contact list reads its rows a screenful at a time (:func:`netui.db.contacts.contact_rows`:
the contacts, their last exchange, their meters), at every key of a search and every
page of a scroll. The ids are bound as one value (:mod:`netui.db.id_lists`), so the SQL
of each read is the same from one call to the next, but Peewee made it again each
time: 60% of a screenful's read (1.3 of 2.2 ms for 42 rows at 30,000 contacts).

:func:`read_among` makes a query's SQL once per database and *shape* (the caller's
key: whatever else the query depends on, such as the day or the member), from the
query built with a marker list of ids, and from then on only binds the ids. Where the
ids cannot be one value (an SQLite without JSON), the SQL is made at every call, as
before.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from netui.db.id_lists import bound_ids
from netui.db.models import database

__all__ = ["read_among"]

#: The ids a query is first built with: no contact has this id.
_MARKER_IDS = (-7_777_777_777,)

#: Per database: shape -> (SQL, parameters, where the ids go), or None when the ids
#: are not one parameter.
_Made = tuple[str, list[Any], tuple[int, ...]] | None
_made: weakref.WeakKeyDictionary[Any, dict[Hashable, _Made]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def read_among(
    shape: Hashable, build: Callable[[Sequence[int]], Any], ids: Sequence[int]
) -> list[tuple[Any, ...]]:
    """The rows of ``build(ids)`` (a Peewee query whose ids are bound with
    :func:`~netui.db.id_lists.among`), as tuples.

    ``shape`` names everything but the ids that the query's SQL and parameters depend
    on (two calls with the same shape must build the same query for the same ids)."""
    db = database.obj
    with _lock:
        known = _made.setdefault(db, {})
        seen = shape in known
        made = known.get(shape)
    if not seen:
        made = _make(build)
        with _lock:
            known[shape] = made
    if made is None:
        return list(database.execute(build(ids)).fetchall())
    sql, params, slots = made
    bound = list(params)
    value = bound_ids(ids)
    for slot in slots:
        bound[slot] = value
    return list(database.execute_sql(sql, bound).fetchall())


def _make(build: Callable[[Sequence[int]], Any]) -> _Made:
    marker = bound_ids(_MARKER_IDS)
    if marker is None:  # the ids are bound one by one here
        return None
    sql, params = build(_MARKER_IDS).sql()
    slots = tuple(n for n, param in enumerate(params) if _same(param, marker))
    if not slots:  # a query that does not bind its ids with among()
        return None
    return sql, list(params), slots


def _same(param: Any, marker: Any) -> bool:
    return type(param) is type(marker) and bool(param == marker)
