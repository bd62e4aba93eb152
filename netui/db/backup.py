"""Backups: SQLite's online backup into a temporary file, checked, then renamed.

:func:`backup_to` copies the live database with SQLite's online backup API
(``sqlite3.Connection.backup``): a consistent snapshot, the WAL included, taken
while the app may be writing. The copy goes through :func:`netui.core.files.write_file`
(a temporary file beside the target, ``fsync``, rename, ``0600``), and SQLite's
``integrity_check`` runs on the copy before it replaces anything: a backup that is
killed, fails, or copies a damaged database leaves the old file (or none) and says
why in one sentence.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sqlite3
from pathlib import Path

from netui import clock
from netui.core.files import write_file
from netui.db.errors import CorruptDatabaseError, StorageError
from netui.db.failures import check_problem, corrupt_sentence, sentence_for
from netui.db.models import current_location, current_path, database
from netui.locations import ServerURL


def refuse_server() -> None:
    """One sentence when the bound database is on a PostgreSQL server."""
    location = current_location()
    if isinstance(location, ServerURL):
        raise StorageError(
            f"{location.shown} is a PostgreSQL database, not a file: back it up with "
            "the server's tools (pg_dump); netui backup copies SQLite files."
        )


def default_backup_path(
    db_path: Path | str, when: dt.datetime | None = None, *, label: str = "backup"
) -> Path:
    """``<name>-<label>-YYYYmmdd-HHMMSS.db`` beside the database, not yet taken."""
    db_path = Path(db_path)
    stamp = (when or clock.now()).strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.stem}-{label}-{stamp}.db")
    n = 1
    while os.path.lexists(target):
        n += 1
        target = db_path.with_name(f"{db_path.stem}-{label}-{stamp}-{n}.db")
    return target


def write_database_copy(
    source: sqlite3.Connection,
    target: Path | str,
    *,
    force: bool = False,
    thorough: bool = True,
    source_path: Path | None = None,
) -> Path:
    """Copy ``source`` to ``target`` with the online backup API, whole or not at all.

    The copy is checked (``integrity_check``, or ``quick_check`` unless ``thorough``)
    before it is renamed into place. Raises :class:`StorageError` (one sentence).
    """
    target = Path(target).expanduser()
    where = source_path or current_path() or target

    def fill(temp: Path) -> None:
        copy = sqlite3.connect(temp)
        try:
            source.backup(copy)
            problem = check_problem(copy, thorough=thorough)
        except sqlite3.Error as error:
            known = sentence_for(error, temp)
            if known is not None and "disk is full" in known:
                raise OSError(errno.ENOSPC, "No space left on device") from None
            raise StorageError(f"The backup to {target} failed: {error}.") from None
        finally:
            copy.close()
        if problem is not None:
            raise CorruptDatabaseError(corrupt_sentence(where, problem))

    return write_file(target, fill, force=force, database=True)


def backup_to(path: Path | str, *, overwrite: bool = False, thorough: bool = True) -> Path:
    """Copy the bound database to ``path`` (``0600``); returns the path written.

    Refuses to follow a symlink, to replace an existing file unless ``overwrite``,
    and to write over the database, its side files or its backups. A PostgreSQL
    database is refused in one sentence: the server's own tools back it up.
    """
    refuse_server()
    return write_database_copy(database.connection(), path, force=overwrite, thorough=thorough)
