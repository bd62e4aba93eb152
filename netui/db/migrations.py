"""Schema versions in ``PRAGMA user_version`` and the numbered steps between them.

A new file gets the current schema from the models directly. An older file is
first copied beside itself (``netui.db.v1-<timestamp>.bak``, SQLite's online
backup written whole or not at all, ``0600``) and then walked forward one numbered
step at a time, all inside one transaction under
``SchemaMigrator.migration_context()`` so a table rebuild never fires ``ON DELETE
CASCADE``. A migration that fails changes nothing and removes its backup, so each
attempt leaves at most one ``.bak``. A long migration (more than
:data:`PROGRESS_FROM` contacts) says how far it is on stderr. A file from a newer
netui is refused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from peewee import Database, TextField
from playhouse.migrate import SchemaMigrator
from playhouse.migrate import migrate as run_operations

from netui.db.errors import NewerSchemaError, NotNetuiDatabaseError
from netui.db.models import MODELS, Contact

Step = Callable[[SchemaMigrator, Database], None]

#: Migrations touching at least this many contacts report their progress on stderr.
PROGRESS_FROM = 20_000
#: Contacts refreshed per chunk of a migration step.
CHUNK = 5_000


def report(message: str) -> None:
    """A line of progress for the user (the app is not running yet during a migration)."""
    print(f"netui: {message}", file=sys.stderr, flush=True)


def refresh_contacts(ids: Sequence[int], what: str) -> None:
    """Recompute every contact's derived columns in chunks, saying how far it is when
    there are many."""
    from netui.db.contacts import refresh_search_text

    total = len(ids)
    loud = total >= PROGRESS_FROM
    every = max(CHUNK, (total // 10) // CHUNK * CHUNK)
    for start in range(0, total, CHUNK):
        refresh_search_text(ids[start : start + CHUNK])
        done = min(start + CHUNK, total)
        if loud and (done % every == 0 or done == total):
            report(f"{what}: {done:,} of {total:,} contacts")


def _v2_search_index(migrator: SchemaMigrator, db: Database) -> None:
    """Version 2: a casefolded sort key and search text on every contact, and an
    index covering the reciprocity meter's aggregation."""
    run_operations(
        migrator.add_column("contact", "sort_name", TextField(default="")),
        migrator.add_column("contact", "search_text", TextField(default="")),
        migrator.add_index("contact", ("archived", "sort_name"), False),
        migrator.add_index("exchange", ("contact_id", "direction", "date", "value"), False),
    )
    ids = [row[0] for row in Contact.select(Contact.id).tuples()]
    refresh_contacts(ids, "building the search index")


#: STEPS[n] takes a file from version n - 1 to version n.
STEPS: dict[int, Step] = {
    2: _v2_search_index,
}
LATEST = max(STEPS)


def schema_version(db: Database) -> int:
    return int(db.pragma("user_version"))


def _set_version(db: Database, version: int) -> None:
    db.execute_sql(f"PRAGMA user_version = {int(version)}")


def backup_file(db: Database, path: Path, version: int) -> Path:
    """Copy the live database beside itself with SQLite's online backup API (whole
    or not at all, ``0600``)."""
    from netui.db.backup import write_database_copy

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    n = 1
    while os.path.lexists(target):  # a dangling symlink counts as taken, too
        n += 1
        target = path.with_name(f"{path.name}.v{version}-{stamp}-{n}.bak")
    return write_database_copy(db.connection(), target, thorough=False)


def check_schema(db: Database, path: Path) -> int:
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
        raise NotNetuiDatabaseError(f"{path} is an SQLite file, but not a netui database.")
    return version


def migrate(db: Database, path: Path) -> Path | None:
    """Bring the file to :data:`LATEST`. Returns the backup made, if any."""
    version = check_schema(db, path)
    if version == LATEST:
        return None
    if version == 0:
        with db.atomic():
            db.create_tables(MODELS)
            _set_version(db, LATEST)
        return None
    backup = backup_file(db, path, version)
    contacts = Contact.select().count()
    if contacts >= PROGRESS_FROM:
        report(f"upgrading {path} ({contacts:,} contacts); a backup is in {backup}")
    migrator = SchemaMigrator.from_database(db)
    try:
        with migrator.migration_context():
            for target in range(version + 1, LATEST + 1):
                STEPS[target](migrator, db)
            _set_version(db, LATEST)
    except BaseException:
        # Nothing changed: the backup is the same file again. The next attempt makes
        # its own, so failed attempts never pile up copies of the whole network.
        with contextlib.suppress(OSError):
            backup.unlink()
        raise
    if contacts >= PROGRESS_FROM:
        report(f"upgraded {path} to schema {LATEST}")
    return backup
