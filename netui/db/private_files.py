"""A database's files made private (``0600``): the file, its ``-wal``/``-shm`` and
its backups. No Peewee here (``netui meter --json`` reads a file without it,
:mod:`netui.db.meter_plain`; every other way in is :mod:`netui.db.connection`)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from netui.core.database_guard import backups_beside


def make_private(path: Path) -> None:
    """Make the database, its ``-wal``/``-shm`` and its backups ``0600`` if they are
    readable by others (an older netui, or a copy made by hand). Best effort: a file
    that is not ours, or a read-only file system, is left as it is."""
    candidates = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), *backups_beside(path)]
    me = os.geteuid()
    for candidate in candidates:
        try:
            info = candidate.lstat()
            if (
                stat.S_ISREG(info.st_mode)
                and info.st_uid == me
                and stat.S_IMODE(info.st_mode) & 0o077
            ):
                os.chmod(candidate, stat.S_IMODE(info.st_mode) & 0o600, follow_symlinks=False)
        except (OSError, NotImplementedError):
            continue
