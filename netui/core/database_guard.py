"""The databases netui never writes a file over: those this process opened, the
user's default one, and the backups netui keeps beside each. No Textual here."""

from __future__ import annotations

import contextlib
import fnmatch
import os
import stat
from pathlib import Path

from netui import paths
from netui.locations import is_server_url

#: Names of the backups netui keeps beside a database ``NAME.db`` (``{name}``, ``{stem}``).
BACKUP_PATTERNS = (
    "{name}*.bak", "{stem}*.bak", "{stem}-backup-*.db", "{stem}-before-import-*.db"
)
_guarded: dict[str, Path] = {}


def guard_database(path: Path | str) -> None:
    """Remember that ``path`` is a database: :func:`netui.core.files.write_file` never
    writes over it, its side files or its backups. :mod:`netui.db.connection` calls this on open.
    A PostgreSQL URL is no file: nothing to guard."""
    if is_server_url(path):
        return
    absolute = Path(os.path.abspath(Path(path).expanduser()))
    _guarded[str(absolute)] = absolute


def guarded_databases() -> list[Path]:
    """The databases opened by this process, and the user's default one."""
    found = dict(_guarded)
    with contextlib.suppress(OSError, ValueError):
        default = Path(os.path.abspath(paths.default_db_path()))
        found.setdefault(str(default), default)
    return list(found.values())


def backups_beside(database: Path) -> list[Path]:
    """The backups netui made of ``database`` (migration, ``netui backup``, before an
    import), newest first by modification time."""
    folder = database.parent
    patterns = [p.format(name=database.name, stem=database.stem) for p in BACKUP_PATTERNS]
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        if name == database.name or not any(fnmatch.fnmatchcase(name, p) for p in patterns):
            continue
        if name.startswith(".") and name.endswith(".tmp"):
            continue  # an unfinished write
        candidate = folder / name
        try:
            info = candidate.lstat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            found.append((info.st_mtime_ns, name, candidate))
    return [path for *_, path in sorted(found, reverse=True)]
