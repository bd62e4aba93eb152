"""Private files that are never written through a symlink, and online backups.

:func:`create_private_file` is how netui creates a file the user asked for
(exports, backups): mode ``0600``, ``O_NOFOLLOW`` (a symlink in the last path
component is refused, never followed), and ``O_EXCL`` unless the caller says an
existing file may be replaced. Anything but a regular file (a FIFO, a device) is
refused too.

:func:`backup_to` copies the live database with SQLite's online backup API
(``sqlite3.Connection.backup``): a consistent snapshot, the WAL included, taken
while the app may be writing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sqlite3
import stat
from pathlib import Path

from netui import clock
from netui.db.errors import StorageError
from netui.db.models import database


def create_private_file(path: Path | str, *, overwrite: bool = False) -> int:
    """Open ``path`` for writing as a new ``0600`` file and return the descriptor.

    Raises :class:`StorageError` (one sentence) when the file exists (unless
    ``overwrite``), is a symlink, a folder or not a regular file, or cannot be
    created.
    """
    path = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    flags |= os.O_TRUNC if overwrite else os.O_EXCL
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        if path.is_symlink():
            raise StorageError(
                f"{path} is a symbolic link; netui does not write through one."
            ) from None
        raise StorageError(f"{path} already exists; pass --force to replace it.") from None
    except IsADirectoryError:
        raise StorageError(f"{path} is a folder, not a file.") from None
    except FileNotFoundError:
        raise StorageError(f"The folder {path.parent} does not exist.") from None
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK):
            raise StorageError(
                f"{path} is a symbolic link; netui does not write through one."
            ) from None
        if error.errno == errno.ENXIO:
            raise StorageError(f"{path} is not a regular file.") from None
        reason = (error.strerror or str(error)).lower()
        raise StorageError(f"Cannot write {path}: {reason}.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StorageError(f"{path} is not a regular file.")
        os.set_blocking(fd, True)
        if overwrite:
            os.fchmod(fd, 0o600)  # an existing file may have been readable by others
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_private_text(path: Path | str, text: str, *, overwrite: bool = False) -> None:
    """Write ``text`` (UTF-8) to a new ``0600`` file; see :func:`create_private_file`."""
    fd = create_private_file(path, overwrite=overwrite)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise StorageError(f"Cannot write {path}: {reason}.") from None


def default_backup_path(db_path: Path | str, when: dt.datetime | None = None) -> Path:
    """``<name>-backup-YYYYmmdd-HHMMSS.db`` beside the database, not yet taken."""
    db_path = Path(db_path)
    stamp = (when or clock.now()).strftime("%Y%m%d-%H%M%S")
    target = db_path.with_name(f"{db_path.stem}-backup-{stamp}.db")
    n = 1
    while os.path.lexists(target):
        n += 1
        target = db_path.with_name(f"{db_path.stem}-backup-{stamp}-{n}.db")
    return target


def _live_path() -> Path | None:
    name = getattr(database.obj, "database", None)
    return Path(name) if name and name != ":memory:" else None


def backup_to(path: Path | str, *, overwrite: bool = False) -> Path:
    """Copy the bound database to ``path`` (``0600``) with SQLite's online backup API.

    Refuses to follow a symlink, to replace an existing file unless ``overwrite``,
    and to write over the live database itself. Returns the path written.
    """
    path = Path(path).expanduser()
    live = _live_path()
    if live is not None and path.exists() and live.exists() and path.samefile(live):
        raise StorageError(f"{path} is the database itself; choose another file for the backup.")
    existed = os.path.lexists(path)
    fd = create_private_file(path, overwrite=overwrite)
    try:
        opened = os.fstat(fd)
        if not os.path.samestat(opened, os.stat(path, follow_symlinks=False)):
            raise StorageError(f"{path} changed while it was being created; try again.")
        target = sqlite3.connect(path)
        try:
            database.connection().backup(target)
        finally:
            target.close()
        if not os.path.samestat(opened, os.stat(path, follow_symlinks=False)):
            raise StorageError(f"{path} changed while the backup was written; try again.")
    except sqlite3.Error as error:
        if not existed:
            _remove(path)
        raise StorageError(f"The backup to {path} failed: {error}.") from None
    except BaseException:
        if not existed:
            _remove(path)
        raise
    finally:
        os.close(fd)
    return path


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
