"""SQL written once, in SQLite's words, said as the database at hand says it: what
lets every schema step of :mod:`netui.db.migrations` run on PostgreSQL too.

``?`` placeholders, ``"id" INTEGER NOT NULL PRIMARY KEY`` (an id that counts by
itself), ``DATETIME``, and ``<BOOL>`` / ``<FALSE>`` for a flag (0/1 in SQLite, a
boolean on a server). No Textual here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from peewee import Database, PostgresqlDatabase


def portable(db: Database, sql: str) -> str:
    """``sql`` as the database ``db`` says it."""
    if not isinstance(db, PostgresqlDatabase):
        return sql.replace("<BOOL>", "INTEGER").replace("<FALSE>", "0")
    return (
        sql.replace("?", "%s")
        .replace('"id" INTEGER NOT NULL PRIMARY KEY', '"id" SERIAL PRIMARY KEY')
        .replace("DATETIME", "TIMESTAMP")
        .replace("<BOOL>", "BOOLEAN")
        .replace("<FALSE>", "FALSE")
    )


def execute(db: Database, sql: str, params: tuple[object, ...] | list[object] = ()) -> Any:
    """Run one statement of :func:`portable` SQL."""
    return db.execute_sql(portable(db, sql), params)


def execute_many(db: Database, sql: str, rows: Sequence[Sequence[object]]) -> None:
    """Run one statement of :func:`portable` SQL for each of ``rows``."""
    db.cursor().executemany(portable(db, sql), rows)
