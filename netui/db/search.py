"""The one search of contacts: the app's list, its pickers and the command line.

:func:`search_contacts` answers a query from a :class:`netui.core.search.SearchIndex`
of the open database. The index is made once per version of the data and shared:
every search, from any thread, asks :class:`SearchEngine` for it; the first to ask
after a change makes it, and the others wait for that instead of starting their own.

Made how. On an SQLite file the index is first looked for in the file itself
(:mod:`netui.db.search_snapshots`): a snapshot stored at the contacts' current
version loads in a few hundredths of a second where a build takes seconds at
300,000 contacts. Otherwise it is built from the contacts, and a big network's
(:attr:`SearchEngine.snapshot_from` contacts) is then stored, by a thread of its
own: at once the first time in a run, then at most once every :data:`SNAPSHOT_EVERY`
seconds (the newest index, when that time is up): at 300,000 contacts a snapshot is
55 MB, not to be written after every edit. A read-only file is never written.
The index's pairs (:mod:`netui.core.search_pairs`, which answer words with
punctuation) are built later, in the background, and a big network's are then
stored too, at once (7.5 MB at 300,000 contacts); an index loaded or built at the
counter they were built at takes them, in the thread that warms it.

Which version. On one person's file, the counter of
:mod:`netui.db.search_snapshots`, which triggers raise on every change to the
contacts' searchable data, from any connection: the index depends on the contact
table alone, so a meeting or a ledger entry written does not rebuild it. On a
team's file "my network" depends on other tables too, and the version is SQLite's
``PRAGMA data_version`` on a connection of the engine's own, which changes whenever
any other connection commits (this app's workers, another window, the command
line). Either way nothing has to remember to invalidate it. Orders other than by
name (:meth:`SearchEngine.cached_order`, :mod:`netui.db.search_scan`) read other
tables and follow ``data_version`` (:meth:`SearchEngine.version`). On PostgreSQL the
version is the server's snapshot (:func:`netui.db.backends.server_change_mark`),
read the same way, and nothing is stored.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
import time
from array import array
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any
from urllib.parse import quote
from weakref import WeakKeyDictionary

from netui.core import search_pairs_snapshot
from netui.core.bitmaps import bitmap, flags_to_bitmap
from netui.core.search import Cancelled, Progress, SearchIndex, Superseded
from netui.core.search_pairs import PunctuationPairs
from netui.core.search_snapshot import dump
from netui.db.backends import server_change_mark, side_connection
from netui.db.contact_order import ordered_contact_ids
from netui.db.contacts import Scope, SortKey, count_contacts
from netui.db.members import MemberError, current_member_id, has_team, my_contact_ids
from netui.db.models import database
from netui.db.search_snapshots import (
    LOGGER,
    read_counter,
    read_pairs,
    read_stored,
    write_pairs,
    write_snapshot,
)
from netui.locations import ServerURL

__all__ = [
    "SearchEngine",
    "Superseded",
    "close_search",
    "current_index",
    "list_contact_ids",
    "live_count",
    "search_contacts",
    "search_engine",
    "search_index",
    "time_left",
]

#: Rows read from SQLite at a time while building (bounds the memory of a build).
_BATCH = 20_000

#: The share of a build's time its reads take (the rest: the index itself).
_READING = 0.3

#: How often (seconds) a search waiting for a build asks whether it is still wanted.
_WAIT_STEP = 0.02

#: A network of this many contacts keeps its index in the file once built: a build
#: of 20,000 takes about a tenth of a second, a load a few hundredths.
SNAPSHOT_FROM = 20_000

#: An engine stores a snapshot at most once in this many seconds.
SNAPSHOT_EVERY = 600.0


class SearchEngine:
    """The search index of one database file, rebuilt when its data changes."""

    def __init__(self, path: str, *, uri: bool = False, server: bool = False) -> None:
        #: The file as the app's database names it: a path, or a ``file:`` URI
        #: (``uri``) when the app opened it read only; with ``server``, a PostgreSQL URL.
        self.path = path
        self.uri = uri
        self.server = server
        #: One build at a time; searches that need the index wait for it.
        self._build_lock = threading.Lock()
        #: The index, its version and the orders: held only for a moment, so that
        #: :meth:`current` answers at once while a build runs.
        self._lock = threading.Lock()
        self._connection: Any = None  # sqlite3's, or psycopg's on a server
        self._index: SearchIndex | None = None
        #: The contacts of "my network" (the Contacts filter's ``f``) in each index's
        #: order, as a bitmap: for the member it was built for (an index a search
        #: still holds keeps its own while a newer one replaces it).
        self._networks: WeakKeyDictionary[SearchIndex, int] = WeakKeyDictionary()
        self._version: object = None
        self._orders: dict[tuple[SortKey, bool, Scope], Sequence[int]] = {}
        #: How many times the index was built (for tests and benchmarks).
        self.builds = 0
        #: How many times it was loaded from the file's snapshot instead.
        self.loads = 0
        #: A built index of this many contacts is stored in the file (SQLite only).
        self.snapshot_from = SNAPSHOT_FROM
        #: When (by :attr:`timer`) this engine last stored one (``None``: never).
        self._stored_at: float | None = None
        #: The index to store next and the counter it was read at, the thread that
        #: stores it (when it is due), and whether it is writing now. Under
        #: :attr:`_lock`; :attr:`_storing` is told of every change.
        self._pending: tuple[SearchIndex, int] | None = None
        #: The pairs to store next (at once: a tenth of an index's bytes) and their counter.
        self._pending_pairs: tuple[PunctuationPairs, int] | None = None
        self._storer: threading.Thread | None = None
        self._writing = False
        self._closed = False
        #: Held while the stored pairs are read: close() waits for that read's connection.
        self._reading_pairs = threading.Lock()
        self._storing = threading.Condition(self._lock)
        #: ``data_version`` when the counter was last read, and what was read.
        self._counted: tuple[int, tuple[int | None, bool]] | None = None
        #: ``data_version`` when :attr:`_orders` were read (they read other tables).
        self._orders_at: object = None
        #: Seconds, for how long a build has run (replaceable in tests).
        self.timer: Callable[[], float] = time.monotonic
        #: The running build's start (by :attr:`timer`) and how much of it is done.
        self._started = 0.0
        self._done = 0.0
        #: How many seconds the last whole scan took (:mod:`netui.db.search_scan`).
        self.last_scan: float | None = None
        #: Whether the index is being loaded from the file's snapshot now (a fraction
        #: of a scan's time: a search waits for it rather than scan).
        self.loading = False

    @property
    def building(self) -> bool:
        """Whether a build is running now."""
        return self._build_lock.locked()

    def index(self) -> SearchIndex:
        """The index of the data as it is now (built first if it changed)."""
        index = self._index_now(build=True)
        assert index is not None
        return index

    def stored_index(self) -> SearchIndex | None:
        """The index as :meth:`index` gives it if it is up to date or can be loaded
        from the file's snapshot (a fraction of a second); ``None`` rather than build
        it (seconds at 300,000 contacts)."""
        return self._index_now(build=False)

    def _index_now(self, *, build: bool) -> SearchIndex | None:
        with self._build_lock:
            index = self.current()
            if index is not None:
                return index
            with self._lock:
                version = self._version_of(self._connect())
                if self._index is not None:
                    self._index.retire()
                self._index = None  # the old one's memory goes before the new is read
                self._pending = self._pending_pairs = None  # (newer ones will be instead)
                self._orders.clear()
            mine = _my_network_sql(version[1])
            connection = self._reader()
            self._started, self._done = self.timer(), 0.0
            try:
                try:
                    loaded = None if self.server else _load_stored(connection, mine, self._found)
                finally:
                    self.loading = False
                if loaded is not None:
                    index, network, counter = loaded
                elif not build:
                    return None
                else:
                    index, network, counter = _build(
                        connection, mine, self._told, server=self.server
                    )
            finally:
                connection.close()
            if isinstance(version[0], tuple) and counter is not None:
                # The contacts' version the index was read at, not the one before.
                version = (("contacts", counter), version[1])
            if counter is not None and not self.server:
                # The pairs stored at that counter, read by the warming thread below
                # or by the first word with punctuation, whichever comes first.
                index.pairs_from(functools.partial(self._stored_pairs, counter, len(index)))
            if counter is not None and self._stores(index):
                index.when_paired(lambda made: self._store_pairs_later(made, counter))
            with self._lock:
                self._index, self._version = index, version
                self._networks[index] = network
                if loaded is None:
                    self.builds += 1
                else:
                    self.loads += 1
            if loaded is None and counter is not None:
                self._store_later(index, counter)
        # The first key of a word, worked out ahead while the user reads the list.
        threading.Thread(target=_warm, args=(index,), name="search-warm", daemon=True).start()
        return index

    def _stored_pairs(self, counter: int, size: int) -> PunctuationPairs | None:
        """The pairs stored at ``counter`` for an index of ``size`` contacts, if they
        are there and whole (60-80 ms at 300,000 contacts): read on a connection of
        their own, which never creates the file."""
        with self._reading_pairs:
            if self._closed:
                return None
            try:
                path = self.path if self.uri else f"file:{quote(self.path)}?mode=ro"
                connection = sqlite3.connect(path, uri=True, check_same_thread=False, timeout=10)
            except sqlite3.Error:
                return None
            try:
                return read_pairs(connection, counter, size)
            except sqlite3.Error:
                return None
            finally:
                connection.close()

    def _stores(self, index: SearchIndex) -> bool:
        """Whether ``index``'s snapshot and pairs are stored in the file: a big
        network's, on a file this app may write."""
        return not self.uri and not self.server and len(index) >= self.snapshot_from

    def _store_later(self, index: SearchIndex, counter: int) -> None:
        """Store a big network's index in the file, from a thread: at once if this
        engine has stored none for :data:`SNAPSHOT_EVERY` seconds, else when that
        time is up (the newest index then; nothing if the data changed meanwhile).
        Never on a read-only file."""
        if not self._stores(index):
            return
        with self._lock:
            if self._closed:
                return
            self._pending = (index, counter)
            self._start_storing()

    def _store_pairs_later(self, pairs: PunctuationPairs, counter: int) -> None:
        """Store the pairs built for the index at ``counter`` in the file, from the
        storing thread, at once (nothing if the data changed meanwhile)."""
        with self._lock:
            if self._closed:
                return
            self._pending_pairs = (pairs, counter)
            self._start_storing()

    def _start_storing(self) -> None:
        # Under the lock.
        if self._storer is None:
            self._storer = threading.Thread(target=self._store, name="search-snapshot", daemon=True)
            self._storer.start()
        self._storing.notify_all()

    def _due_in(self) -> float:
        """Seconds until the next snapshot may be stored (0 or less: now)."""
        if self._stored_at is None:
            return 0.0
        return self._stored_at + SNAPSHOT_EVERY - self.timer()

    def _store(self) -> None:
        """The storing thread: pending pairs at once, each pending index when it is
        due, until none is pending."""
        while True:
            with self._lock:
                while True:
                    if (self._pending is None and self._pending_pairs is None) or self._closed:
                        self._storer = None
                        self._storing.notify_all()
                        return
                    if self._pending_pairs is not None or self._due_in() <= 0:
                        break
                    self._storing.wait(self._due_in())
                job: tuple[SearchIndex | PunctuationPairs, int]
                if self._pending_pairs is not None:
                    job, self._pending_pairs = self._pending_pairs, None
                else:
                    assert self._pending is not None
                    job, self._pending = self._pending, None
                    self._stored_at = self.timer()
                self._writing = True
            try:
                self._write(*job)
            except Exception as error:  # never a traceback over the app: only the log
                LOGGER.warning("The search index was not stored: %r", error)
            finally:
                del job
                with self._lock:
                    self._writing = False
                    self._storing.notify_all()

    def _write(self, made: SearchIndex | PunctuationPairs, counter: int) -> None:
        if isinstance(made, PunctuationPairs):
            write_pairs(self.path, counter, search_pairs_snapshot.dump(made))
        else:
            write_snapshot(self.path, counter, dump(made))

    def wait_for_snapshot(self) -> None:
        """Until the snapshot being written, or due now, is written (or given up);
        one put off until :data:`SNAPSHOT_EVERY` is up is not waited for."""
        with self._lock:
            while self._writing or (self._storer is not None and self._due_now()):
                self._storing.wait()

    def _due_now(self) -> bool:
        # Under the lock: whether something pending is to be written now.
        index_due = self._pending is not None and self._due_in() <= 0
        return self._pending_pairs is not None or index_due

    def wait_for_build(self, cancelled: Cancelled | None = None) -> None:
        """Until the running build ends (at once when none runs); raises
        :class:`Superseded` as soon as ``cancelled()`` is true, so that a search
        waiting for the build does not hold its thread once a newer key came."""
        while not self._build_lock.acquire(timeout=_WAIT_STEP):
            if cancelled is not None and cancelled():
                raise Superseded
        self._build_lock.release()

    def remaining(self) -> float | None:
        """About how many seconds the running build has left (from how much of it is
        done in how long); ``None`` when none runs or it is too early to tell."""
        if not self.building:
            return None
        return time_left(self.timer() - self._started, self._done)

    def _told(self, done: float) -> None:
        self._done = done

    def _found(self) -> None:
        self.loading = True

    def current(self) -> SearchIndex | None:
        """The index if it is up to date, without building one (``None`` if not):
        answers at once, even while a build runs."""
        with self._lock:
            if self._index is None:
                return None
            version = self._version_of(self._connect())
            return self._index if version == self._version else None

    def version(self) -> object:
        """The data's version now (changes with every commit, from any connection)."""
        with self._lock:
            return self._data_version(self._connect())

    def network(self, index: SearchIndex) -> int:
        """The bitmap of my network's contacts in ``index`` (one this engine built)."""
        with self._lock:
            return self._networks.get(index, 0)

    def cached_order(
        self, index: SearchIndex, key: tuple[SortKey, bool, Scope]
    ) -> Sequence[int] | None:
        """An order read for ``index`` at the data's version now (an order may read
        other tables than the index: the last contact, the meter)."""
        with self._lock:
            if index is not self._index:
                return None
            if self._orders_at != self._data_version(self._connect()):
                self._orders.clear()
                return None
            return self._orders.get(key)

    def keep_order(
        self,
        index: SearchIndex,
        key: tuple[SortKey, bool, Scope],
        order: Sequence[int],
        version: object,
    ) -> None:
        """Keep ``order``, read at the data's ``version`` (:meth:`version`)."""
        with self._lock:
            if index is self._index:
                if self._orders_at != version:
                    self._orders.clear()
                    self._orders_at = version
                self._orders[key] = order

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            if self._index is not None:
                self._index.retire()
            self._index = None
            self._orders.clear()
            # Another connection's data_version does not count on from this one's.
            self._counted = None
            self._orders_at = None
            # A snapshot due later is not stored (one being written is finished).
            self._closed = True
            self._pending = self._pending_pairs = None
            self._storing.notify_all()
        with self._reading_pairs:  # a read of the stored pairs ends (tens of ms) first
            pass

    def _version_of(self, connection: Any) -> tuple[object, int | None]:
        """The index's version and the member at the keyboard: "my network" is theirs.
        On one person's file, the contacts' counter (``("contacts", n)``); else the
        data's version (:meth:`_data_version`)."""
        if self.server:
            return server_change_mark(connection), _member()
        (data_version,) = connection.execute("PRAGMA data_version").fetchone()
        if self._counted is None or self._counted[0] != data_version:
            self._counted = (data_version, _count(connection))
        counter, team = self._counted[1]
        if counter is not None and not team:
            return ("contacts", counter), _member()
        return data_version, _member()

    def _data_version(self, connection: Any) -> tuple[object, int | None]:
        """The data's version (changes with every commit, from any connection) and
        the member at the keyboard."""
        if self.server:
            return server_change_mark(connection), _member()
        (data_version,) = connection.execute("PRAGMA data_version").fetchone()
        return data_version, _member()

    def _connect(self) -> Any:
        """The engine's own connection, which only reads the data's version."""
        if self._connection is None:
            self._connection = self._reader()
        return self._connection

    def _reader(self) -> Any:
        """A new read-only connection (a build reads on one of its own, so that the
        version can be asked while it runs)."""
        if self.server:
            return side_connection(ServerURL(self.path))
        connection = sqlite3.connect(self.path, uri=self.uri, check_same_thread=False, timeout=10)
        connection.execute("PRAGMA query_only = 1")
        return connection


def _count(connection: sqlite3.Connection) -> tuple[int | None, bool]:
    """The contacts' counter (``None`` on a file without it) and whether the file is
    a team's (more than one member), read together."""
    connection.execute("BEGIN")
    try:
        counter = read_counter(connection)
        (members,) = connection.execute(
            "SELECT count(*) FROM (SELECT 1 FROM member LIMIT 2)"
        ).fetchone()
    except sqlite3.OperationalError:  # not a file of today's schema: data_version
        return None, False
    finally:
        connection.execute("COMMIT")
    return counter, members > 1


def time_left(elapsed: float, done: float) -> float | None:
    """Seconds left of work ``done`` (0 to 1) in ``elapsed`` seconds so far, at the
    same pace; ``None`` before a twentieth of it is done (too early to tell)."""
    if done < 0.05:
        return None
    return max(elapsed * (1 - done) / done, 0.0)


def _member() -> int | None:
    """The member at the keyboard, if the database can tell (the index's "my network"
    is theirs; ``None``: the first degree)."""
    try:
        return current_member_id()
    except MemberError:
        return None


def _my_network_sql(member_id: int | None) -> tuple[str, list[Any]] | None:
    """On a team database, the SQL (and parameters) of the ids of ``member_id``'s
    network (:func:`netui.db.members.my_contact_ids`, the one definition), read by
    the index's build in the snapshot it reads the texts in (on a server, in the same
    statement); ``None`` on one person's database, where my network is the first
    degree."""
    if member_id is None or not has_team():
        return None
    sql, params = my_contact_ids(member_id).sql()
    return sql, list(params)


#: The searchable texts as UTF-8 bytes, and the flags, per backend.
_TEXTS_SQL = "SELECT id, CAST(search_text AS BLOB), archived, second_degree FROM contact"
#: On a server, the whole index's input as one row, in list order: the ids, every
#: text's UTF-8 bytes end to end with their lengths, and the flags as one byte each.
#: Read in binary, it is a few large values rather than 150,000 rows of four, each
#: made into Python objects (at 150,000 contacts: 0.25 s instead of 0.65 s).
_SERVER_INDEX_SQL = """
SELECT array_agg(id), string_agg(text, ''::bytea), array_agg(octet_length(text)),
       string_agg(CASE WHEN archived THEN '\\x01'::bytea ELSE '\\x00'::bytea END, ''::bytea),
       string_agg(CASE WHEN second_degree THEN '\\x01'::bytea ELSE '\\x00'::bytea END, ''::bytea),
       string_agg(CASE WHEN mine THEN '\\x01'::bytea ELSE '\\x00'::bytea END, ''::bytea)
FROM (SELECT id, convert_to(coalesce(search_text, ''), 'UTF8') AS text, archived, second_degree,
             {mine} AS mine
      FROM contact ORDER BY archived, sort_name, id) AS listed
"""

#: An index, the bitmap of my network's contacts in it, and the contacts' counter
#: it was read at (``None``: a server, or a file without the counter).
Built = tuple[SearchIndex, int, int | None]


def _load_stored(
    connection: sqlite3.Connection,
    mine: tuple[str, list[Any]] | None,
    found: Callable[[], None] = lambda: None,
) -> Built | None:
    """The index stored in the file, if it is current and whole (``None``: build it);
    ``found()`` is called once a current one is known to be there."""
    stored = read_stored(connection, mine, found)
    index = stored.index
    if index is None or stored.counter is None:
        return None
    if stored.mine is None:
        return index, _network(index, None), stored.counter
    return index, bitmap(index.positions(stored.mine), len(index)), stored.counter


def _warm(index: SearchIndex) -> None:
    """What the first keys need, worked out ahead in a thread: the pairs stored in the
    file, then the first key of a word."""
    index.read_stored_pairs()
    index.warm()


def _build(
    connection: Any,
    mine: tuple[str, list[Any]] | None,
    progress: Progress,
    *,
    server: bool = False,
) -> Built:
    if server:
        return _build_on_server(connection, mine, progress)
    return _build_from_file(connection, mine, progress)


def _after_reading(progress: Progress) -> Progress:
    """The index's own progress (0 to 1) as the rest of a build after its reads."""
    return lambda done: progress(_READING + (1 - _READING) * done)


def _network(index: SearchIndex, mine: bytes | bytearray | None) -> int:
    """My network in ``index``: the contacts flagged ``mine`` (a team's database), or
    the first degree (one person's)."""
    if mine is None:
        return index.everyone & ~index.second_degree
    return flags_to_bitmap(mine)


def _build_on_server(
    connection: Any, mine: tuple[str, list[Any]] | None, progress: Progress
) -> Built:
    """Every contact's searchable text in list order, read in one statement (one
    snapshot) from a PostgreSQL server, and indexed."""
    condition, params = (f"id IN ({mine[0]})", mine[1]) if mine else ("false", [])
    with connection.cursor(binary=True) as cursor:
        row = cursor.execute(_SERVER_INDEX_SQL.format(mine=condition), params).fetchone()
    ids, text, lengths, archived, second, flags = row if row and row[0] is not None else ((),) * 6
    index = SearchIndex(
        array("q", ids),
        bytes(text or b""),
        array("q", accumulate(lengths, initial=0)),
        bytes(archived or b""),
        bytes(second or b""),
        progress=_after_reading(progress),
    )
    return index, _network(index, bytes(flags or b"") if mine else None), None


def _build_from_file(
    connection: Any, mine: tuple[str, list[Any]] | None, progress: Progress
) -> Built:
    """Read every contact's searchable text in list order (live ones first, then
    the archived, each by name) and index it.

    The table is read in its own order (sequentially), the list order from the
    index on (archived, sort_name), and the texts put in that order here: much
    faster than one sorted read, which looks each row up. The texts stay UTF-8
    bytes as SQLite stores them.
    """
    row_ids = array("q")
    texts: list[bytes] = []
    archived = bytearray()
    second = bytearray()
    order = array("q")
    my_ids: set[int] = set()
    # One snapshot for the reads (and the counter they were read at).
    connection.execute("BEGIN")
    try:
        counter = read_counter(connection)
        (count,) = connection.execute("SELECT count(*) FROM contact").fetchone()
        rows = connection.execute(_TEXTS_SQL)
        while batch := rows.fetchmany(_BATCH):
            progress(_READING * len(row_ids) / max(count, 1))
            for contact_id, text, gone, far in batch:
                row_ids.append(contact_id)
                texts.append(text or b"")
                archived.append(bool(gone))
                second.append(bool(far))
        listed = connection.execute("SELECT id FROM contact ORDER BY archived, sort_name, id")
        while batch := listed.fetchmany(_BATCH):
            order.extend(row[0] for row in batch)
        if mine is not None:  # my network's ids, once (an IN per row cost 3 times more)
            my_ids.update(row[0] for row in connection.execute(*mine))
    finally:
        connection.execute("COMMIT")
    flags = bytes(map(my_ids.__contains__, order)) if mine is not None else None
    del my_ids
    row_of = array("i", [-1]) * (max(row_ids, default=-1) + 1)
    for row, contact_id in enumerate(row_ids):
        row_of[contact_id] = row
    rows_in_order = array("i", map(row_of.__getitem__, order))
    del row_of, row_ids
    in_order = list(map(texts.__getitem__, rows_in_order))
    del texts
    offsets = array("q", accumulate(map(len, in_order), initial=0))
    text = b"".join(in_order)
    del in_order  # the texts' memory goes before the index is built
    index = SearchIndex(
        order,
        text,
        offsets,
        bytes(map(archived.__getitem__, rows_in_order)),
        bytes(map(second.__getitem__, rows_in_order)),
        progress=_after_reading(progress),
    )
    return index, _network(index, flags), counter


_engine: SearchEngine | None = None
_engine_lock = threading.Lock()


@lru_cache(maxsize=16)
def _resolved(path: str) -> str:
    """The absolute ``path`` with its links followed: once per path (a search asks three
    times at every key, and each asks the file system about every folder on the way)."""
    return str(Path(path).resolve())


def search_engine() -> SearchEngine:
    """The engine of the database the models are bound to."""
    global _engine
    location = getattr(database.obj, "path", None)
    server = isinstance(location, ServerURL)
    uri = bool(database.obj is not None and database.obj.connect_params.get("uri"))
    if isinstance(location, ServerURL):
        path, uri = location.raw, False
    else:
        path = database.database or ""
        if path and not uri:
            # (A relative path depends on the working folder: resolved every time.)
            path = _resolved(path) if os.path.isabs(path) else str(Path(path).resolve())
    with _engine_lock:
        if _engine is None or (_engine.path, _engine.uri, _engine.server) != (path, uri, server):
            if _engine is not None:
                _engine.close()
            _engine = SearchEngine(path, uri=uri, server=server)
        return _engine


def close_search() -> None:
    """Forget the open database's index and close the engine's connection."""
    global _engine
    with _engine_lock:
        if _engine is not None:
            _engine.close()
            _engine = None


def search_index() -> SearchIndex:
    """The index of the open database (waiting for its build, if one is running)."""
    return search_engine().index()


def current_index() -> SearchIndex | None:
    """The open database's index if it is built and up to date (never builds)."""
    return search_engine().current()


def live_count(index: SearchIndex | None = None) -> int:
    """How many contacts are not archived (from ``index`` when it is given)."""
    if index is not None:
        return (index.everyone & ~index.archived).bit_count()
    return count_contacts()


def search_contacts(
    query: str = "",
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
    scope: Scope = Scope.EVERYONE,
    cancelled: Cancelled | None = None,
) -> Sequence[int]:
    """Ids of the contacts of ``scope`` whose searchable text holds every word of
    ``query``, in display order.

    Raises :class:`Superseded` once ``cancelled()`` is true. The name order (the
    default) is read lazily off the index; another order is read from the database
    once per version of the data.
    """
    engine = search_engine()
    engine.wait_for_build(cancelled)
    index = engine.index()
    mask = index.match(query, cancelled) & _scope_mask(index, scope, engine.network(index))
    if sort is SortKey.NAME:
        return index.in_order(mask, reverse=descending)
    key = (sort, descending, scope)
    order = engine.cached_order(index, key)
    if order is None:
        version = engine.version()  # before the read: a commit meanwhile reads it again
        order = index.positions(ordered_contact_ids(sort, descending, scope))
        engine.keep_order(index, key, order, version)
    if cancelled is not None and cancelled():
        raise Superseded
    return index.in_order(mask, order)


def list_contact_ids(
    query: str = "",
    sort: SortKey = SortKey.NAME,
    descending: bool = False,
    scope: Scope = Scope.EVERYONE,
) -> list[int]:
    """:func:`search_contacts` as a list: every word of ``query`` occurs (case and
    accents folded) in the name, organisation, role, email, tags or notes."""
    return list(search_contacts(query, sort, descending, scope))


def _scope_mask(index: SearchIndex, scope: Scope, network: int) -> int:
    """The contacts of ``scope`` in ``index``; ``network``: my network's
    (:func:`netui.db.members.in_my_network`, read with the index)."""
    live = index.everyone & ~index.archived
    if scope is Scope.ARCHIVED:
        return index.archived
    if scope is Scope.NETWORK:
        return live & network
    if scope is Scope.SECOND_DEGREE:
        return live & index.second_degree
    return live
