"""Long reads that a newer one (or the user leaving the screen) stops part-way.

A thread worker cannot be stopped from outside: Textual only marks it cancelled. A
read of the whole network asks :func:`stopped_when` to have SQLite itself ask, every
so many steps of its virtual machine, whether the read is still wanted, and end the
statement (as :class:`~netui.core.search.Superseded`) as soon as it is not. Rows read
one by one off a cursor are steps too, so a Python loop over a cursor stops as well.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from peewee import OperationalError

from netui.core.search import Cancelled, Superseded
from netui.db.models import database, on_server

__all__ = ["ASK_EVERY", "stopped_when"]

#: SQLite asks whether the read was superseded every this many steps of its virtual
#: machine (a few times a scan of 300,000 contacts: each question needs Python's
#: interpreter lock, which a thread building the search index beside it holds).
ASK_EVERY = 400_000


@contextmanager
def stopped_when(cancelled: Cancelled | None, *, every: int | None = None) -> Iterator[None]:
    """Within: SQLite stops this thread's statements (as :class:`Superseded`) as soon
    as ``cancelled()`` is true; a read that ends after it was cancelled raises it
    too (its result is stale). On a PostgreSQL server (no progress handler) the
    statements run to their end and ``cancelled`` is asked after them. SQLite asks
    every ``every`` steps (:data:`ASK_EVERY` unless given)."""
    if cancelled is None:
        yield
        return
    connection = None if on_server() else database.connection()
    if connection is not None:
        connection.set_progress_handler(lambda: 1 if cancelled() else 0, every or ASK_EVERY)
    try:
        yield
    except (sqlite3.OperationalError, OperationalError) as error:
        if cancelled():
            raise Superseded from error
        raise
    finally:
        if connection is not None:
            connection.set_progress_handler(None, 0)
    if cancelled():
        raise Superseded
