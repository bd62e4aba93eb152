"""Opening the database file: location, permissions, pragmas, migrations, checks.

Two ways in:

- :func:`open_database` (also :func:`writing`) for commands that change data and for
  the app: the file is created (folder ``0700``, file ``0600``) when missing, put in
  WAL mode and migrated to the current schema;
- ``open_database(path, readonly=True)`` (also :func:`reading`) for commands that only
  read (``meter``, ``brokers``, ``export``, ``backup``, ``prep --markdown``): SQLite's
  ``mode=ro``, so nothing in the file can change; a missing file is one sentence and
  no folder is ever created; a file that needs a migration is refused.

Either way an existing database, its ``-wal``/``-shm`` and the backups beside it are
made private (``0600``) if they were readable by others, and the path is guarded so
no export or backup is ever written over it (:mod:`netui.core.files`).

``PRAGMA quick_check`` reads every page: about 0.2-0.3 s at 30,000 contacts
(``python -m benchmarks.bench_open``). The command line runs it when a reading
command opens the file (``check="quick"``); backups and exports run the full
``integrity_check`` before they report success; the app runs :func:`health_problem`
in a worker after its first paint.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import PostgresqlDatabase, SqliteDatabase, _savepoint

from netui.core.database_guard import guard_database
from netui.db.backends import NetuiPostgres, new_database, server_sentence
from netui.db.background_check import BackgroundCheck
from netui.db.errors import (
    CorruptDatabaseError,
    MissingDatabaseError,
    NotNetuiDatabaseError,
    OlderSchemaError,
    StorageError,
)
from netui.db.failures import check_problem, corrupt_sentence, sentence_for
from netui.db.members import current_member_id
from netui.db.migrations import LATEST, check_schema, migrate
from netui.db.models import current_path, database, on_server
from netui.db.private_files import make_private
from netui.db.roles import install_policies, policies_installed
from netui.locations import ServerURL, is_server_url

#: Set on every connection. WAL is not here: it is a property of the file, switched
#: on once the file is known to be ours (see :func:`open_database`).
PRAGMAS = {
    "foreign_keys": 1,
    "busy_timeout": 10_000,
    "synchronous": "normal",
    "cache_size": -16_000,  # 16 MB page cache
}

Check = Literal["quick", "full"] | None


class NetuiDatabase(SqliteDatabase):
    """Peewee's SQLite database, knowing its file, and never hiding why a write failed.

    SQLite rolls a transaction back by itself after some errors (a full disk, an I/O
    error); Peewee's ``atomic()`` then issued its own ``ROLLBACK``, which failed with
    "cannot rollback - no transaction is active" and replaced the real cause. Here a
    rollback with no transaction open does nothing, so the first error is the one
    raised.
    """

    _state: Any  # peewee's per-thread connection state (its stubs leave it out)

    def __init__(
        self, path: Path, *, readonly: bool = False, immutable: bool = False, **kw: Any
    ) -> None:
        self.path = path
        self.readonly = readonly
        if readonly:
            flags = "mode=ro" + ("&immutable=1" if immutable else "")
            name = f"file:{quote(str(path.absolute()))}?{flags}"
            super().__init__(name, uri=True, **kw)
        else:
            super().__init__(str(path), **kw)

    def _in_transaction(self) -> bool:
        conn = self._state.conn
        return conn is None or conn.in_transaction

    def rollback(self) -> None:
        if not self._in_transaction():
            return  # SQLite already rolled back
        super().rollback()

    def savepoint(self) -> _savepoint:
        return _Savepoint(self)


class _Savepoint(_savepoint):
    def rollback(self, begin: bool = True) -> None:
        if not self.db._in_transaction():
            return  # the whole transaction is gone already
        super().rollback(begin)


# --- the file and its folder ----------------------------------------------------------


def _stat(path: Path) -> os.stat_result | None:
    """``path``'s status, or ``None`` when it does not exist; a sentence otherwise."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise StorageError(f"{path.parent} is not a folder.") from None
    except PermissionError:
        raise StorageError(f"Cannot open the folder {path.parent}: permission denied.") from None
    except OSError as error:
        raise StorageError(f"Cannot open {path}: {error.strerror}.") from None


def ensure_private_file(path: Path) -> None:
    """Create the folder (0700) and the file (0600) if they do not exist yet."""
    folder = path.parent
    if _stat(folder) is None:
        try:
            folder.mkdir(parents=True, mode=0o700)
            os.chmod(folder, 0o700)
        except OSError as error:
            raise StorageError(f"Cannot create the folder {folder}: {error.strerror}.") from None
    if _stat(path) is None:
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return
        except PermissionError:
            raise StorageError(
                f"Cannot create a database in the folder {folder}: permission denied."
            ) from None
        except OSError as error:
            raise StorageError(f"Cannot create {path}: {error.strerror}.") from None
        os.close(fd)


def require_existing(path: Path) -> None:
    """Refuse, in one sentence, a database file that is not there (creating nothing)."""
    info = _stat(path)
    if info is None:
        raise MissingDatabaseError(
            f"There is no netui database at {path}; check the path (--db or $NETUI_DB), "
            "or start one with: netui add NAME"
        )
    if stat.S_ISDIR(info.st_mode):
        raise StorageError(f"{path} is a folder, not a database file.")


# --- opening -------------------------------------------------------------------------


def open_database(
    path: Path | str,
    *,
    migrate_schema: bool = True,
    readonly: bool = False,
    allow_older: bool = False,
    check: Check = None,
) -> NetuiDatabase | NetuiPostgres:
    """Open the netui database at ``path`` and bind every model to it; return it.

    Without ``readonly`` the file is created if needed and migrated. With it, the file
    must exist and is opened with SQLite's ``mode=ro``; an older schema is refused
    unless ``allow_older`` (a backup copies any schema). ``check`` runs SQLite's
    ``quick_check`` or full ``integrity_check`` before returning. A file that is not
    ours, or from a newer netui, is refused before anything in it changes. Raises
    :class:`StorageError` with a sentence for the user when the file cannot be used.

    ``path`` may also be a PostgreSQL URL (:func:`open_server`).
    """
    if is_server_url(path):
        return open_server(
            ServerURL(path), migrate_schema=migrate_schema, readonly=readonly,
            allow_older=allow_older,
        )  # fmt: skip
    path = Path(path).expanduser()
    if readonly:
        require_existing(path)
    else:
        info = _stat(path)
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise StorageError(f"{path} is a folder, not a database file.")
        ensure_private_file(path)
    make_private(path)
    guard_database(path)
    # Write transactions start with BEGIN IMMEDIATE: they take the write lock first,
    # waiting up to the busy timeout. A deferred transaction that reads before it
    # writes fails at once with "database is locked" when another process committed
    # in between (WAL cannot upgrade a stale read snapshot), whatever the timeout.
    options: dict[str, Any] = {"pragmas": PRAGMAS, "timeout": 10, "lock_type": "IMMEDIATE"}
    db = NetuiDatabase(path, readonly=readonly, **options)
    database.initialize(db)
    try:
        try:
            db.connect(reuse_if_open=True)
            version = check_schema(db, path)
        except (sqlite3.OperationalError, PeeweeDatabaseError) as error:
            if not (readonly and _needs_immutable(error, path)):
                raise
            # A read-only folder: SQLite cannot make the -shm a WAL reader needs. With
            # no -wal beside it, nobody is writing: the file is read as it stands.
            db.close()
            db = NetuiDatabase(path, readonly=True, immutable=True, **options)
            database.initialize(db)
            db.connect()
            version = check_schema(db, path)
        if check is not None:  # before anything changes, migration and WAL included
            verify(db, path, thorough=check == "full")
        if readonly:
            if version < LATEST and not allow_older:
                raise OlderSchemaError(
                    f"{path} was written by an older netui (schema {version}); open it "
                    "once with netui (or any command that changes it) to upgrade it, "
                    "a backup of it is taken first."
                )
        else:
            # Migrate before switching to WAL: a migration that fails leaves the file
            # byte for byte as it was, journal mode included.
            if migrate_schema:
                migrate(db, path)
            db.pragma("journal_mode", "wal")
    except (sqlite3.DatabaseError, PeeweeDatabaseError) as error:
        db.close()
        message = str(error)
        if "file is not a database" in message:
            raise NotNetuiDatabaseError(f"{path} is not a netui database.") from None
        known = sentence_for(error, path)
        if known is not None:
            raise StorageError(known) from None
        raise StorageError(f"Cannot open {path}: {message}.") from None
    except BaseException:
        db.close()
        raise
    return db


def open_server(
    url: ServerURL,
    *,
    migrate_schema: bool = True,
    readonly: bool = False,
    allow_older: bool = False,
) -> NetuiPostgres:
    """Open the PostgreSQL database at ``url``, bind every model to it and migrate it
    (unless ``readonly``); the same contract as :func:`open_database` for a file.
    There is no file to check: ``check`` does not apply on a server."""
    db = new_database(url, readonly=readonly)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        version = check_schema(db, url)
        if readonly:
            if version == 0:
                raise MissingDatabaseError(
                    f"There is no netui database in {url.shown} yet; start one with: "
                    "netui add NAME"
                )
            if version < LATEST and not allow_older:
                raise OlderSchemaError(
                    f"{url.shown} was written by an older netui (schema {version}); open "
                    "it once with netui (or any command that changes it) to upgrade it."
                )
        elif migrate_schema:
            migrate(db, url)
            secure_members(db)
    except PeeweeDatabaseError as error:
        db.close()
        known = server_sentence(error, url)
        raise StorageError(known or f"Cannot open {url.shown}: {sentence_of(error)}") from None
    except BaseException:
        db.close()
        raise
    return db


def secure_members(db: NetuiPostgres) -> None:
    """Row-level security on the member tables (:mod:`netui.db.roles`), installed by
    the first open that may (the tables' owner); a member's own open leaves it."""
    if "member" not in db.get_tables() or policies_installed(db):
        return
    server: PostgresqlDatabase = db  # execute_sql as peewee types it
    owner = server.execute_sql(
        "SELECT tableowner = current_user FROM pg_tables "
        "WHERE schemaname = current_schema() AND tablename = 'exchange'"
    ).fetchone()
    if owner and owner[0]:
        install_policies(db)


def sentence_of(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if text.endswith(".") else f"{text}."


def _needs_immutable(error: BaseException, path: Path) -> bool:
    text = str(error)
    blocked = "readonly database" in text or "unable to open" in text
    return blocked and not Path(f"{path}-wal").exists()


def close_database() -> None:
    """Close this thread's connection, if one is open, and the search index's."""
    search = sys.modules.get("netui.db.search")
    if search is not None:  # imported when first searched: none to close before
        search.close_search()
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


@contextlib.contextmanager
def reading(
    path: Path | str, *, check: Check = "quick", allow_older: bool = False
) -> Iterator[Path | ServerURL]:
    """The database opened read-only for the duration of a command, then closed."""
    db = open_database(path, readonly=True, check=check, allow_older=allow_older)
    try:
        if not allow_older:  # who is at the keyboard: an unknown member is refused first
            current_member_id()
        yield db.path
    finally:
        close_database()


@contextlib.contextmanager
def writing(path: Path | str, *, check: Check = None) -> Iterator[Path | ServerURL]:
    """The database opened (created, migrated) for the duration of a command."""
    db = open_database(path, check=check)
    try:
        yield db.path
    finally:
        close_database()


# --- checks --------------------------------------------------------------------------


def verify(db: SqliteDatabase, path: Path, *, thorough: bool = False) -> None:
    """Run SQLite's ``quick_check`` (or the full ``integrity_check``); raise
    :class:`CorruptDatabaseError` pointing to the newest backup when it fails."""
    problem = check_problem(db.connection(), thorough=thorough)
    if problem is not None:
        raise CorruptDatabaseError(corrupt_sentence(path, problem))


def health_problem() -> str | None:
    """For the app, in a worker: one sentence when the bound database fails SQLite's
    ``quick_check``, else ``None``. The check of a file runs on a thread of its own at
    the lowest priority (:class:`~netui.db.background_check.BackgroundCheck`; at
    300,000 contacts it takes 2.5 to 3 s of a core, and the app starts it at a pause
    in typing: the priority alone did not keep it from slowing the keys on two
    cores); a file unchanged since a check of it passed is not checked again."""
    path = current_path()
    if on_server():
        return None  # the server looks after its own storage
    if path is None:
        problem = check_problem(database.connection())
        return None if problem is None else f"The database is damaged ({problem})."
    check = BackgroundCheck(path, fallback=database.connection, low_priority=True)
    try:
        check.raise_if_damaged()
    except CorruptDatabaseError as error:
        return str(error)
    return None
