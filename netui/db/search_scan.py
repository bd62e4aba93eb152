"""The search answered by SQLite alone, while the search index is being built.

At 300,000 contacts the index (:mod:`netui.db.search`) takes seconds to build after
the file is opened or changed; a keystroke in that time is answered here, by a scan
of the stored searchable text (``instr`` per word, the same substring rule as the
index: every folded word of the query occurs in the folded text), so the list
follows the typing from the first key instead of waiting for the build.

The ids come back as one row (``group_concat``): SQLite scans without Python's
interpreter lock, and a thread building the index beside it does not slow a
row-by-row read down to one row per switch of the lock. The table is scanned in
its own order and the matches kept from the list's order (an index of names):
0.1 s at 300,000 contacts where one sorted scan takes 0.7 s.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Sequence

from peewee import Expression, fn

from netui.core.search import terms_of
from netui.db.contact_order import id_column, ordered_contact_ids
from netui.db.contacts import Scope, SortKey, in_scope
from netui.db.models import Contact, on_server
from netui.db.search import search_engine

__all__ = ["can_scan", "scan_contacts"]


def can_scan() -> bool:
    """Whether the app should answer a search by a scan while the index builds:
    on SQLite (on a PostgreSQL server the ids come row by row, and searches wait
    for the index; :func:`scan_contacts` answers there too)."""
    return not on_server()


def _matching(terms: Sequence[str], scope: Scope) -> Expression:
    condition = in_scope(scope)
    find = fn.strpos if on_server() else fn.instr  # where a text holds another, or 0
    for term in terms:
        condition &= find(Contact.search_text, term) > 0
    return condition


#: The list's order last read while the index builds: (engine, version, sort,
#: descending, scope) and the ids. Every key typed meanwhile needs it; it is read once.
_last_order: tuple[tuple[object, object, SortKey, bool, Scope], Sequence[int]] | None = None
_order_lock = threading.Lock()


def _order(sort: SortKey, descending: bool, scope: Scope) -> Sequence[int]:
    global _last_order
    engine = search_engine()  # the database's: versions of two files are not comparable
    key = (engine, engine.version(), sort, descending, scope)
    with _order_lock:
        if _last_order is not None and _last_order[0] == key:
            return _last_order[1]
    order = array("q", ordered_contact_ids(sort, descending, scope))
    with _order_lock:
        _last_order = (key, order)
    return order


def scan_contacts(
    query: str = "",
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
    scope: Scope = Scope.EVERYONE,
) -> array[int]:
    """Ids of the contacts of ``scope`` whose searchable text holds every word of
    ``query``, in display order: what :func:`netui.db.search.search_contacts`
    answers, read from the database."""
    terms = terms_of(query)
    order = _order(sort, descending, scope)
    if not terms:
        return array("q", order)
    # The table read in its own order (a sequential scan), not in the list's: one
    # row looked up per contact in name order costs several times more.
    matched = set(id_column(Contact.select(Contact.id).where(_matching(terms, scope))))
    return array("q", filter(matched.__contains__, order))
