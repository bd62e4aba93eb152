"""Opening the database file: location, permissions, pragmas, migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import SqliteDatabase

from netui.db.errors import NotNetuiDatabaseError, StorageError
from netui.db.migrations import check_schema, migrate
from netui.db.models import database
from netui.db.search import close_search

#: Set on every connection. WAL is not here: it is a property of the file, switched
#: on once the file is known to be ours (see :func:`open_database`).
PRAGMAS = {
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "normal",
    "cache_size": -16_000,  # 16 MB page cache
}


def ensure_private_file(path: Path) -> None:
    """Create the folder (0700) and the file (0600) if they do not exist yet."""
    folder = path.parent
    if not folder.exists():
        try:
            folder.mkdir(parents=True, mode=0o700)
            os.chmod(folder, 0o700)
        except OSError as error:
            raise StorageError(f"Cannot create the folder {folder}: {error.strerror}.") from None
    if not path.exists():
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return
        except OSError as error:
            raise StorageError(f"Cannot create {path}: {error.strerror}.") from None
        os.close(fd)


def open_database(path: Path | str, *, migrate_schema: bool = True) -> SqliteDatabase:
    """Open (creating and migrating if needed) the netui database at ``path``.

    Binds every model to it and returns it. A file that is not ours, or is from a
    newer netui, is refused before anything in it changes. Raises
    :class:`StorageError` with a sentence for the user when the file cannot be used.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file.")
    ensure_private_file(path)
    # Write transactions start with BEGIN IMMEDIATE: they take the write lock first,
    # waiting up to the busy timeout. A deferred transaction that reads before it
    # writes fails at once with "database is locked" when another process committed
    # in between (WAL cannot upgrade a stale read snapshot), whatever the timeout.
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, timeout=10, lock_type="IMMEDIATE")
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        check_schema(db, path)
        db.pragma("journal_mode", "wal")
        if migrate_schema:
            migrate(db, path)
    except (sqlite3.DatabaseError, PeeweeDatabaseError) as error:
        db.close()
        message = str(error)
        if "not a database" in message or "malformed" in message:
            raise NotNetuiDatabaseError(f"{path} is not a netui database.") from None
        raise StorageError(f"Cannot open {path}: {message}.") from None
    except BaseException:
        db.close()
        raise
    return db


def close_database() -> None:
    """Close this thread's connection, if one is open, and the search index's."""
    close_search()
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
