"""The demo network behind ``netui demo``: about forty believable people.

:func:`build_demo` writes it through the public storage helpers into a temporary
file beside the target and renames it into place, so a half-built demo never
remains. The result depends only on ``seed`` and ``today``; every date is relative
to ``today`` so the demo always looks current. The people and their story are data
in :mod:`~netui.db.demo_people`; the records are written by ``demo_network`` (contacts,
ties), ``demo_history`` (introductions, meetings, exchanges) and ``demo_bank`` (goods,
goals, settings). No Textual here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import tempfile
from collections.abc import Iterable
from pathlib import Path

from peewee import SqliteDatabase

from netui import clock
from netui.db.connection import close_database, open_database
from netui.db.demo_bank import add_goals, add_goods, add_settings
from netui.db.demo_history import add_exchanges, add_introductions, add_meetings
from netui.db.demo_network import add_people, add_ties
from netui.db.demo_people import EXCHANGE_COUNT
from netui.db.errors import StorageError
from netui.db.models import Exchange, Member

# --- the build, atomic on disk ---------------------------------------------------------


def build_demo(path: Path, *, today: dt.date | None = None, seed: int = 7) -> None:
    """Write the demo network to ``path``, replacing any file there.

    The network is built in a temporary file beside ``path``, in one transaction,
    and renamed into place only when complete; on any failure nothing is left.
    Raises :class:`StorageError` when the folder or file cannot be written.
    """
    path = Path(path).expanduser()
    today = today or clock.today()
    _ensure_folder(path.parent)
    temp = _temp_file_beside(path)
    try:
        opened = open_database(temp)
        assert isinstance(opened, SqliteDatabase)  # a file: SQLite
        db: SqliteDatabase = opened  # execute_sql as peewee types it
        with db.atomic():
            populate(today, random.Random(seed))
            # The demo's one member joined when its history starts (the same every build).
            Member.update(created_at=dt.datetime.combine(today, dt.time(9))).execute()
        db.execute_sql("PRAGMA journal_mode = DELETE")  # fold the WAL into the file
        close_database()
        _remove_sidecars(path)  # a stale WAL must never be replayed onto the new file
        os.replace(temp, path)
    except BaseException:
        close_database()
        _remove_quietly([temp, *_sidecars(temp)])
        raise


def _ensure_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, 0o700)
    except OSError as error:
        raise StorageError(f"Cannot create the folder {folder}: {error.strerror}.") from None


def _temp_file_beside(path: Path) -> Path:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".building", dir=path.parent)
    except OSError as error:
        raise StorageError(f"Cannot write in {path.parent}: {error.strerror}.") from None
    os.close(fd)  # mkstemp made it 0600; SQLite treats the empty file as a new database
    return Path(name)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _remove_sidecars(path: Path) -> None:
    for sidecar in _sidecars(path):
        try:
            sidecar.unlink(missing_ok=True)
        except OSError as error:
            raise StorageError(f"Cannot remove {sidecar}: {error.strerror}.") from None


def _remove_quietly(files: Iterable[Path]) -> None:
    for file in files:
        with contextlib.suppress(OSError):
            file.unlink(missing_ok=True)


# --- the network ------------------------------------------------------------------------


def populate(today: dt.date, rng: random.Random) -> None:
    """Write the whole demo network into the open database."""
    ids = add_people(today, rng)
    add_ties(ids, today, rng)
    intro_exchanges = add_introductions(ids, today)
    meeting_exchanges = add_meetings(ids, today)
    linked = intro_exchanges + meeting_exchanges
    add_exchanges(ids, today, rng, EXCHANGE_COUNT - len(linked))
    Exchange.insert_many(linked).execute()
    add_goods(today)
    add_goals(ids, today)
    add_settings()
