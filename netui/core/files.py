"""The one way netui writes a file: whole or not at all, private, never over the wrong file.

Every file netui writes for the user (exports, backups, Markdown worksheets, the
config file, screenshots) goes through :func:`write_file`, or :func:`write_files`
for a folder of many (a vdir of cards):

- the content goes to a new temporary file in the target's folder (``0600``,
  created with ``O_EXCL | O_NOFOLLOW``), is flushed to the disk (``fsync``), and
  only then renamed over the target; the folder is synced too. A write that fails
  or is killed midway leaves the old file, or no file, never half of one;
- the target is never opened: a FIFO, a device, a folder or a symbolic link there
  is refused before any work (a FIFO cannot block), and so is an existing file
  unless ``force`` (the command line's ``--force``);
- a database is never written over: every database this process opened, and the
  user's default one, with its ``-wal``, ``-shm`` and ``-journal``, compared by
  resolved path *and* by device and inode, so a hard link or another spelling of the
  path is caught too. Nor is a backup, unless the content is a newer (checked)
  backup and ``force`` is given: not the backups netui keeps beside a database, not
  any ``.bak`` file whatever its name, and not any SQLite file;
- a failure is one sentence naming the cause (disk full, permission on the folder,
  read-only file system, file size limit), raised as
  :class:`~netui.core.errors.StorageError`.

No Textual here, and no database access: the caller hands over the bytes, or a
function that fills the temporary file (SQLite's online backup writes that way).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path

from netui.core.database_guard import backups_beside, guarded_databases
from netui.core.errors import StorageError
from netui.core.write_failures import reason, write_failure

#: The first 16 bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: The files SQLite keeps beside a database while it is in use.
SIDE_FILES = ("-wal", "-shm", "-journal")

Fill = Callable[[Path], None]
Content = str | bytes | Fill

_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[0-9a-f]{8}\.tmp$")


class WriteRefusedError(StorageError):
    """The target is not a file netui may write (a database, a link, a FIFO ...)."""


class TargetExistsError(WriteRefusedError):
    """The target exists and ``force`` was not given."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; pass --force to replace it.")
        self.path = path


# --- checking the target -------------------------------------------------------------


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise WriteRefusedError(f"{path.parent} is not a folder.") from None
    except PermissionError:
        raise WriteRefusedError(
            f"Cannot look into the folder {path.parent}: permission denied."
        ) from None
    except OSError as error:
        raise WriteRefusedError(f"Cannot reach {path}: {reason(error)}.") from None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _is_sqlite(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        return os.read(fd, len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
    finally:
        os.close(fd)


#: While :func:`write_files` runs: the guarded databases and their backups, found
#: once for the whole batch instead of once per file.
_batch: dict[str, list[Path]] | None = None


def _backups_of(db_real: str) -> list[Path]:
    if _batch is None:
        return backups_beside(Path(db_real))
    if db_real not in _batch:
        _batch[db_real] = backups_beside(Path(db_real))
    return _batch[db_real]


def _refuse_protected(target: Path, info: os.stat_result | None, *, database: bool) -> None:
    """Refuse a database netui guards and its side files; and, unless the content is a
    database too (a newer, checked backup), the backups beside it."""
    real = os.path.realpath(target)
    for guarded in guarded_databases():
        db_real = os.path.realpath(guarded)
        names = {db_real: "the database itself"}
        names.update(
            {db_real + suffix: f"the {suffix} file of the database" for suffix in SIDE_FILES}
        )
        what = names.get(real)
        if what is None and info is not None:
            for name, label in names.items():
                with contextlib.suppress(OSError):
                    if os.path.samestat(info, os.stat(name)):
                        what = label
                        break
        if what is None and not database:
            for backup in _backups_of(db_real):
                same = os.path.realpath(backup) == real
                if not same and info is not None:
                    with contextlib.suppress(OSError):
                        same = os.path.samestat(info, os.stat(backup))
                if same:
                    what = "a backup of the database"
                    break
        if what is not None:
            whose = "" if what == "the database itself" else f" {guarded}"
            raise WriteRefusedError(
                f"{target} is {what}{whose}; netui never writes over it. Choose another file."
            )


def check_target(
    path: Path | str,
    *,
    force: bool = False,
    database: bool = False,
    follow_symlink: bool = False,
) -> Path:
    """The path to write, after refusing what :func:`write_file` would refuse.

    Call it before expensive work (an export of 30,000 contacts) so that a wrong
    target is reported at once. ``database`` says the content is an SQLite file (a
    backup), which may replace another SQLite file; ``follow_symlink`` writes through
    a symbolic link to its target (the config file) instead of refusing it.
    """
    target = Path(os.path.abspath(Path(path).expanduser()))
    info = _lstat(target)
    if info is not None and stat.S_ISLNK(info.st_mode):
        if not follow_symlink:
            raise WriteRefusedError(
                f"{target} is a symbolic link; netui does not write through one."
            )
        target = Path(os.path.realpath(target))
        info = _lstat(target)
        if info is not None and stat.S_ISLNK(info.st_mode):  # a loop
            raise WriteRefusedError(f"{path} is a symbolic link that leads nowhere.")
    _refuse_protected(target, info, database=database)
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise WriteRefusedError(f"{target} is a folder, not a file.")
        if not stat.S_ISREG(info.st_mode):
            raise WriteRefusedError(f"{target} is {_kind(info.st_mode)}; netui writes only files.")
        if target.name.endswith(".bak") and not database:
            raise WriteRefusedError(
                f"{target} is a backup (.bak); netui never writes over one. Choose another file."
            )
        if not database and _is_sqlite(target):
            raise WriteRefusedError(
                f"{target} is an SQLite database; netui never writes an export over one."
            )
        if not force:
            raise TargetExistsError(target)
        if not os.access(target, os.W_OK, follow_symlinks=False):
            raise WriteRefusedError(f"{target} is read-only; netui does not replace it.")
    try:
        folder_info = os.stat(target.parent)  # a link to a folder is a folder
    except FileNotFoundError:
        raise WriteRefusedError(f"The folder {target.parent} does not exist.") from None
    except OSError as error:
        raise WriteRefusedError(
            f"Cannot reach the folder {target.parent}: {reason(error)}."
        ) from None
    if not stat.S_ISDIR(folder_info.st_mode):
        raise WriteRefusedError(f"{target.parent} is not a folder.")
    return target


# --- writing -------------------------------------------------------------------------


def write_file(
    path: Path | str,
    content: Content,
    *,
    force: bool = False,
    database: bool = False,
    follow_symlink: bool = False,
) -> Path:
    """Write ``content`` to ``path`` as a whole new ``0600`` file; the path written.

    ``content`` is text (written as UTF-8), bytes, or a function given the temporary
    file's path to fill (it may close and reopen it; SQLite does). See the module
    docstring for what is refused; raises :class:`~netui.core.errors.StorageError`.
    """
    target = check_target(path, force=force, database=database, follow_symlink=follow_symlink)
    _remove_stale_temps(target.parent, target.name)
    _write_checked(target, content, force=force, database=database)
    _sync_folder(target.parent)
    return target


def write_files(
    folder: Path | str, contents: Mapping[str, Content], *, force: bool = False
) -> list[Path]:
    """Write one file per ``name -> content`` in ``folder`` (a vdir of 30,000 cards),
    each exactly as :func:`write_file` would (whole, ``0600``, the same refusals);
    the folder is read once for leftover temporaries and synced once at the end.

    Every target is checked before the first is written, so a refused one stops the
    batch before it starts; a failure midway leaves the files written so far, each
    whole, and raises :class:`~netui.core.errors.StorageError`.
    """
    global _batch
    base = Path(os.path.abspath(Path(folder).expanduser()))
    _batch = {}
    try:
        targets = []
        for name in contents:
            if not name or "/" in name or name in (".", ".."):
                raise WriteRefusedError(f"{name!r} is not a file name.")
            targets.append((check_target(base / name, force=force), contents[name]))
        _remove_stale_temps(base, None)
        written = []
        for target, content in targets:
            _write_checked(target, content, force=force, database=False)
            written.append(target)
    finally:
        _batch = None
    _sync_folder(base)
    return written


def remove_file(path: Path | str) -> None:
    """Remove a file netui wrote (a card ``netui sync vdir --prune`` drops): only a
    regular file, never a link, a folder, a database or its backups."""
    target = Path(os.path.abspath(Path(path).expanduser()))
    info = _lstat(target)
    if info is None:
        return
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefusedError(
            f"{target} is {_kind_or_link(info.st_mode)}; netui removes only files."
        )
    _refuse_protected(target, info, database=False)
    if _is_sqlite(target) or target.name.endswith(".bak"):
        raise WriteRefusedError(f"{target} is a database or a backup; netui never removes one.")
    try:
        target.unlink()
    except FileNotFoundError:
        return
    except OSError as error:
        raise StorageError(f"Cannot remove {target}: {reason(error)}.") from None
    _sync_folder(target.parent)


def _kind_or_link(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    return _kind(mode)


def _write_checked(target: Path, content: Content, *, force: bool, database: bool) -> None:
    """Write ``content`` through a synced temporary file renamed over ``target``
    (already checked); the folder is not synced here."""
    existed = _lstat(target) is not None
    folder = target.parent
    temp, fd = _create_temp(folder, target)
    try:
        try:
            if callable(content):
                content(temp)
            else:
                data = content.encode("utf-8") if isinstance(content, str) else bytes(content)
                _write_all(fd, data)
            os.fchmod(fd, 0o600)
            os.fsync(fd)
        finally:
            os.close(fd)
        # The target may have changed while the content was made: check it again.
        check_target(target, force=force, database=database)
        if database:
            _remove_side_files(target)  # a stale -wal must never be replayed onto the copy
        _rename(temp, target, force=force)
    except OSError as error:
        _discard(temp)
        raise StorageError(write_failure(error, target, folder, existed)) from None
    except BaseException:
        _discard(temp)
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _create_temp(folder: Path, target: Path) -> tuple[Path, int]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        temp = folder / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            return temp, os.open(temp, flags, 0o600)
        except FileExistsError:
            continue
        except OSError as error:
            raise StorageError(
                write_failure(error, target, folder, False, creating=True)
            ) from None


def _rename(temp: Path, target: Path, *, force: bool) -> None:
    if force:
        os.replace(temp, target)
        return
    # A new file: link, so that a file that appeared meanwhile is never replaced.
    try:
        os.link(temp, target, follow_symlinks=False)
    except FileExistsError:
        raise TargetExistsError(target) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
        os.replace(temp, target)  # a file system without hard links
        return
    os.unlink(temp)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is done
    finally:
        os.close(fd)


def _discard(temp: Path) -> None:
    for name in (temp, *(Path(f"{temp}{suffix}") for suffix in SIDE_FILES)):
        with contextlib.suppress(OSError):
            name.unlink()


def _remove_side_files(target: Path) -> None:
    for suffix in SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{target}{suffix}").unlink()


def _remove_stale_temps(folder: Path, name: str | None) -> None:
    """Temporary files of ``name`` (of any file, for None) left by a netui that was
    killed (its pid is gone)."""
    prefix = f".{name}." if name is not None else "."
    try:
        candidates = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for candidate in candidates:
        match = _TEMP.match(candidate)
        if match is None or (name is not None and match.group("name") != name):
            continue
        pid = int(match.group("pid"))
        if pid == os.getpid() or _alive(pid):
            continue
        _discard(folder / candidate)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


__all__ = [
    "SIDE_FILES",
    "TargetExistsError",
    "WriteRefusedError",
    "check_target",
    "remove_file",
    "write_file",
    "write_files",
]
