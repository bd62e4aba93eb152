"""Schema versions in ``PRAGMA user_version`` (on PostgreSQL: the one-row table
``netui_schema``) and the numbered steps between them.

A new file gets the current schema from the models directly. An older file is
first copied beside itself (``netui.db.v1-<timestamp>.bak``, SQLite's online
backup written whole or not at all, ``0600``) and then walked forward one numbered
step at a time (:mod:`netui.db.migration_steps`), all inside one transaction under
``SchemaMigrator.migration_context()`` so a table rebuild never fires ``ON DELETE
CASCADE``. A migration that fails changes nothing and removes its backup, so each
attempt leaves at most one ``.bak``. A long migration (more than
:data:`~netui.db.migration_steps.PROGRESS_FROM` contacts) says how far it is on
stderr. A file from a newer netui is refused.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from peewee import Database

from netui import clock
from netui.db import migration_steps as steps
from netui.db.backup import write_database_copy
from netui.db.errors import NewerSchemaError, NotNetuiDatabaseError
from netui.db.members import ensure_sole_member
from netui.db.migration_steps import on_server
from netui.db.models import HISTORY_MODELS, LOCAL_MODELS, MODELS
from netui.locations import ServerURL

#: The newest schema version (the last of :data:`~netui.db.migration_steps.STEPS`).
LATEST = steps.LATEST

#: Where PostgreSQL keeps the schema version (SQLite keeps it in the file's header).
VERSION_TABLE = "netui_schema"


def schema_version(db: Database) -> int:
    if on_server(db):
        if not db.table_exists(VERSION_TABLE):
            return 0
        row = db.execute_sql(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
        return int(row[0] or 0)
    return int(db.execute_sql("PRAGMA user_version").fetchone()[0])


def _set_version(db: Database, version: int) -> None:
    if on_server(db):
        db.execute_sql(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL)")
        db.execute_sql(f"DELETE FROM {VERSION_TABLE}")
        db.execute_sql(f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)", (int(version),))
        return
    db.execute_sql(f"PRAGMA user_version = {int(version)}")


def _server_collations(db: Database) -> None:
    """Sort names compare byte by byte, as in SQLite, whatever the server's locale:
    ``sort_name`` is a collation key made for exactly that."""
    if on_server(db):
        db.execute_sql('ALTER TABLE contact ALTER COLUMN sort_name TYPE TEXT COLLATE "C"')


def backup_file(db: Database, path: Path, version: int) -> Path:
    """Copy the live database beside itself with SQLite's online backup API (whole
    or not at all, ``0600``)."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    n = 1
    while os.path.lexists(target):  # a dangling symlink counts as taken, too
        n += 1
        target = path.with_name(f"{path.name}.v{version}-{stamp}-{n}.bak")
    return write_database_copy(db.connection(), target, thorough=False)


def check_schema(db: Database, path: Path | ServerURL) -> int:
    """The file's schema version, after refusing files that are not ours to open.

    Reads only: a refused file is left exactly as it was.
    """
    version = schema_version(db)
    if version > LATEST:
        raise NewerSchemaError(
            f"{path} was written by a newer netui (schema {version}, this one reads up to "
            f"{LATEST}); upgrade netui to open it."
        )
    if version == 0 and db.get_tables():
        kind = "a PostgreSQL database" if on_server(db) else "an SQLite file"
        raise NotNetuiDatabaseError(f"{path} is {kind}, but not a netui database.")
    return version


def migrate(db: Database, path: Path | ServerURL) -> Path | None:
    """Bring the file to :data:`LATEST`. Returns the backup made, if any."""
    version = check_schema(db, path)
    if version == LATEST:
        return None
    if version == 0:
        with db.atomic():
            db.create_tables(MODELS + HISTORY_MODELS + LOCAL_MODELS)
            steps.search_version_tables(db)
            steps.search_pairs_table(db)
            _server_collations(db)
            _set_version(db, LATEST)
            ensure_sole_member()
        return None
    # A server's migration is one transaction (PostgreSQL's DDL is transactional):
    # there is no file to copy beside it; the server's own backups apply.
    backup = (
        None if on_server(db) or isinstance(path, ServerURL) else backup_file(db, path, version)
    )
    contacts = int(db.execute_sql("SELECT count(*) FROM contact").fetchone()[0])
    if contacts >= steps.PROGRESS_FROM:
        kept = (
            f"a backup is in {backup}"
            if backup is not None
            else "in one transaction: nothing changes unless it all does"
        )
        steps.report(f"upgrading {path} ({contacts:,} contacts); {kept}")
    from playhouse.migrate import SchemaMigrator

    migrator = SchemaMigrator.from_database(db)
    try:
        with migrator.migration_context():
            for target in range(version + 1, LATEST + 1):
                steps.STEPS[target](migrator, db)
            _server_collations(db)  # a server's sort names as a new database has them
            _set_version(db, LATEST)
    except BaseException:
        # Nothing changed: the backup is the same file again. The next attempt makes
        # its own, so failed attempts never pile up copies of the whole network.
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()
        raise
    if contacts >= steps.PROGRESS_FROM:
        steps.report(f"upgraded {path} to schema {LATEST}")
    return backup
