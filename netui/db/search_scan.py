"""The search answered by SQLite alone, while the search index is being built.

At 300,000 contacts the index (:mod:`netui.db.search`) takes seconds to build after
the contacts changed (or the first time a file is opened: afterwards it is loaded
from the file, :mod:`netui.db.search_snapshots`); a keystroke in that time is
answered here, by a scan
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
from collections import deque
from collections.abc import Sequence
from itertools import compress, repeat

from peewee import Expression, fn

from netui.core.search import Cancelled, terms_of
from netui.db.contact_order import id_column, ordered_contact_ids
from netui.db.contacts import Scope, SortKey, in_scope
from netui.db.interruptible import stopped_when
from netui.db.models import Contact, on_server
from netui.db.search import search_engine

__all__ = ["can_scan", "scan_contacts", "scan_is_sooner"]

def can_scan() -> bool:
    """Whether the app should answer a search by a scan while the index builds:
    on SQLite (on a PostgreSQL server the ids come row by row, and searches wait
    for the index; :func:`scan_contacts` answers there too)."""
    return not on_server()


def scan_is_sooner() -> bool:
    """Whether a scan would answer sooner than the index being built (while none is
    built, a search either scans or waits for the build).

    A scan, unless the build will be done before a scan would (the last scan's time
    against the build's time left, :meth:`~netui.db.search.SearchEngine.remaining`):
    at 300,000 contacts a scan takes a quarter of a second and slows the build beside
    it, so keys typed near the end of a build wait for it and are answered at once.
    An index loaded from the file's snapshot is always waited for (0.25 s at 300,000
    contacts, where a scan beside it takes more)."""
    engine = search_engine()
    if engine.loading:
        return False
    left = engine.remaining()
    return left is None or engine.last_scan is None or left > engine.last_scan


def _matching(terms: Sequence[str], scope: Scope) -> Expression:
    condition = in_scope(scope)
    find = fn.strpos if on_server() else fn.instr  # where a text holds another, or 0
    for term in terms:
        condition &= find(Contact.search_text, term) > 0
    return condition


class _Order:
    """The list's order (ids), and where each id is in it (worked out when first
    asked): a scan's matches are put in order by marking their places, in C."""

    def __init__(self, ids: array[int]) -> None:
        self.ids = ids
        self._places: array[int] | None = None

    def places(self) -> array[int]:
        """Id -> its place in :attr:`ids` (``len(ids)`` for an id not there)."""
        if self._places is None:
            size = len(self.ids)
            places = array("i", [size]) * (max(self.ids, default=-1) + 1)
            deque(map(places.__setitem__, self.ids, range(size)), maxlen=0)
            self._places = places
        return self._places

    def keep(self, found: array[int]) -> array[int]:
        """The ids of ``found`` (any order) in list order; ids not in the list left out."""
        places = self.places()
        if found and max(found) >= len(places):  # added since the order was read
            known = set(found)
            return array("q", filter(known.__contains__, self.ids))
        marks = bytearray(len(self.ids) + 1)  # the last: ids not in the list
        deque(map(marks.__setitem__, map(places.__getitem__, found), repeat(1)), maxlen=0)
        return array("q", compress(self.ids, marks))


#: The list's order last read while the index builds: (engine, version, sort,
#: descending, scope) and the order. Every key typed meanwhile needs it; it is read once.
_last_order: tuple[tuple[object, object, SortKey, bool, Scope], _Order] | None = None
_order_lock = threading.Lock()


def _order(sort: SortKey, descending: bool, scope: Scope) -> _Order:
    global _last_order
    engine = search_engine()  # the database's: versions of two files are not comparable
    key = (engine, engine.version(), sort, descending, scope)
    with _order_lock:
        if _last_order is not None and _last_order[0] == key:
            return _last_order[1]
    order = _Order(array("q", ordered_contact_ids(sort, descending, scope)))
    with _order_lock:
        _last_order = (key, order)
    return order


def scan_contacts(
    query: str = "",
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
    scope: Scope = Scope.EVERYONE,
    cancelled: Cancelled | None = None,
) -> array[int]:
    """Ids of the contacts of ``scope`` whose searchable text holds every word of
    ``query``, in display order: what :func:`netui.db.search.search_contacts`
    answers, read from the database.

    Raises :class:`~netui.core.search.Superseded` once ``cancelled()`` is true: a
    newer key stops an older scan inside SQLite, not only after it."""
    terms = terms_of(query)
    order = _order(sort, descending, scope)
    if not terms:
        return array("q", order.ids)
    # The table read in its own order (a sequential scan), not in the list's: one
    # row looked up per contact in name order costs several times more.
    engine = search_engine()
    started = engine.timer()
    with stopped_when(cancelled):
        found = id_column(Contact.select(Contact.id).where(_matching(terms, scope)))
    engine.last_scan = engine.timer() - started
    return order.keep(found)
