"""The search index kept in the database file, so that opening a big network loads it
(a few hundredths of a second at 300,000 contacts) instead of building it (seconds).

Three tables of an SQLite file (schema 10 and 11, :mod:`netui.db.migration_steps`; nothing on
a PostgreSQL server, whose build reads one statement):

- ``search_version``, one row: a counter that triggers on ``contact`` raise on every
  insert, delete, and update of a column the index reads (``search_text``,
  ``archived``, ``second_degree``, ``sort_name``, ``id``), whoever writes: this app,
  the command line, another program. It is the version of the index's data; a
  meeting or a ledger entry written does not change it. A big import sets the
  triggers aside with the contact table's indexes and raises it once
  (:class:`netui.db.importing.bulk.IndexesAside`): one update per row cost 1 µs.
- ``search_snapshot``, at most one row: an index's bytes
  (:mod:`netui.core.search_snapshot`) and the counter it was built at. It is
  current while the counter is still that.
- ``search_pairs`` (schema 11), at most one row: the bytes of the pairs of the
  index built at a value of the counter (:mod:`netui.core.search_pairs_snapshot`),
  current on the same terms. They are built seconds after the index, so they are
  stored on their own; an index loaded or built at that counter takes them.

:func:`read_stored` reads the counter, the snapshot when it is current, and "my
network" on a team's file in one read transaction, :func:`read_pairs` the pairs at
a counter; :func:`write_snapshot` and :func:`write_pairs` write one in a transaction
of its own on a connection of its own, and give up silently (a line in the log)
when they cannot: the file is busy, read only, or the disk is full.
No Textual here, and no Peewee: the search engine's connections are sqlite3's.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from netui.core import search_pairs_snapshot as pairs_snapshot
from netui.core import search_snapshot as snapshot
from netui.core.search import SearchIndex
from netui.core.search_pairs import PunctuationPairs
from netui.core.snapshot_bytes import Reader

LOGGER = logging.getLogger("netui")  # netui.logs (the app's layer) writes it to the log file

__all__ = [
    "COUNTER_TABLE",
    "PAIRS_TABLE",
    "SNAPSHOT_TABLE",
    "Stored",
    "contacts_changed",
    "read_counter",
    "read_pairs",
    "read_stored",
    "write_pairs",
    "write_snapshot",
]

T = TypeVar("T")

COUNTER_TABLE = "search_version"
SNAPSHOT_TABLE = "search_snapshot"
PAIRS_TABLE = "search_pairs"

#: How long a snapshot's write waits for another writer before giving up (seconds).
BUSY_TIMEOUT = 0.2

_BUMP = f'UPDATE "{COUNTER_TABLE}" SET "counter" = "counter" + 1'


def contacts_changed(execute: Any) -> None:
    """Raise the counter once (``execute``: a connection's or database's
    ``execute_sql``/``execute``), for a write that set the triggers aside."""
    execute(_BUMP)


@dataclass(frozen=True)
class Stored:
    """What the file holds for the index, read in one transaction."""

    #: The contacts' version now (``None``: a file without the counter).
    counter: int | None
    #: The index read from the snapshot, if one was built at that version and whole.
    index: SearchIndex | None
    #: My network's contact ids (on a team's file, when asked for).
    mine: list[int] | None


def read_counter(connection: sqlite3.Connection) -> int | None:
    """The counter (``None`` when the file has none)."""
    try:
        row = connection.execute(f'SELECT "counter" FROM "{COUNTER_TABLE}"').fetchone()
    except sqlite3.OperationalError:  # no such table: an older file read as it is
        return None
    return int(row[0]) if row is not None else None


def read_stored(
    connection: sqlite3.Connection,
    mine: tuple[str, list[Any]] | None,
    found: Callable[[], None] = lambda: None,
) -> Stored:
    """The counter, the index from the snapshot if it is current and whole, and
    (with ``mine``, the SQL of my network's ids) those ids, all in one read
    transaction. ``found()`` is called as soon as a current snapshot is known to be
    there, before its bytes are read."""
    connection.execute("BEGIN")
    try:
        counter = read_counter(connection)
        index = None
        if counter is not None:
            # By its key (a join had SQLite copy the 55 MB into a transient index), and
            # read from its blob part by part, into the index's parts as it goes.
            index = _row_at(connection, SNAPSHOT_TABLE, counter, snapshot.read, found)
        ids = [r[0] for r in connection.execute(*mine)] if mine is not None and index else None
    finally:
        connection.execute("COMMIT")
    return Stored(counter, index, ids)


def read_pairs(connection: sqlite3.Connection, counter: int, size: int) -> PunctuationPairs | None:
    """The pairs stored at ``counter`` for an index of ``size`` contacts, read in one
    transaction from their blob part by part (``None``: none there, none whole, or a
    file without the table)."""
    connection.execute("BEGIN")
    try:
        return _row_at(
            connection, PAIRS_TABLE, counter, lambda part: pairs_snapshot.read(part, size)
        )
    finally:
        connection.execute("COMMIT")


def _row_at(
    connection: sqlite3.Connection,
    table: str,
    counter: int,
    parse: Callable[[Reader], T | None],
    found: Callable[[], None] = lambda: None,
) -> T | None:
    """What ``parse`` reads from the table's row if it was built at ``counter``
    (``None`` if not, or if what is there is not a blob: a number, a table gone)."""
    try:
        row = connection.execute(
            f'SELECT 1 FROM "{table}" WHERE "id" = 1 AND "counter" = ?', (counter,)
        ).fetchone()
        if row is None:
            return None
        found()
        with connection.blobopen(table, "data", 1, readonly=True) as blob:
            return parse(Reader(blob.read, len(blob)))
    except sqlite3.Error:
        return None


def write_snapshot(path: str, counter: int, data: bytes) -> bool:
    """Keep ``data`` as the snapshot of the index built at ``counter``, if the counter
    is still that: one transaction (the row is written whole or not at all), taken
    with ``BEGIN IMMEDIATE`` and a short busy timeout. ``False``, and a line in the
    log, when it was not written: the counter moved on, or any SQLite error (busy,
    read only, disk full, no such table)."""
    return _write_row(path, SNAPSHOT_TABLE, counter, data, "search index")


def write_pairs(path: str, counter: int, data: bytes) -> bool:
    """Keep ``data`` as the pairs of the index built at ``counter``, on the terms of
    :func:`write_snapshot`."""
    return _write_row(path, PAIRS_TABLE, counter, data, "search index's pairs")


def _write_row(path: str, table: str, counter: int, data: bytes, what: str) -> bool:
    try:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error as error:
        LOGGER.info("The %s was not kept in %s: %s", what, path, error)
        return False
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            now = read_counter(connection)
            if now != counter:
                connection.execute("ROLLBACK")
                return False
            # The old row deleted first: its pages are then reused by the new one
            # (INSERT OR REPLACE took new pages, leaving the file a snapshot larger).
            connection.execute(f'DELETE FROM "{table}"')
            connection.execute(
                f'INSERT INTO "{table}" ("id", "counter", "data") VALUES (1, ?, ?)',
                (counter, data),
            )
            connection.execute("COMMIT")
            return True
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    except sqlite3.Error as error:
        LOGGER.info("The %s was not kept in %s: %s", what, path, error)
        return False
    finally:
        connection.close()
