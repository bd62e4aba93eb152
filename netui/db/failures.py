"""SQLite and file-system failures as one sentence naming the cause. No Textual here.

SQLite reports a full disk, a lock, a read-only folder and a damaged file in its own
words ("database or disk is full", "attempt to write a readonly database"), and
Peewee re-raises them as its own classes. :func:`sentence_for` finds the original
error (``sqlite_errorname`` on Python 3.11+, else the message) and says what
happened and what to do, naming the file or, when the folder is to blame, the
folder. :func:`corrupt_sentence` points to the newest backup beside the file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from netui.core.database_guard import backups_beside
from netui.core.text import safe_line

_SHOWN = 40
#: Free bytes below which an I/O error is taken for a full disk.
NEARLY_FULL = 256 * 1024
_DETAIL = 80


def corrupt_sentence(path: Path | str, detail: str = "") -> str:
    """``path`` is damaged; where its newest backup is, if there is one."""
    path = Path(path)
    detail = " ".join(detail.replace("*** in database main ***", "").split())
    if len(detail) > _DETAIL:
        detail = detail[: _DETAIL - 1] + "…"
    found = f" ({detail})" if detail else ""
    backups = backups_beside(path)
    if backups:
        return (
            f"{path} is damaged: SQLite's check failed{found}; your newest backup is "
            f"{backups[0]}: move the damaged file aside and copy the backup in its place."
        )
    return (
        f"{path} is damaged: SQLite's check failed{found}, and there is no backup "
        "beside it (netui backup makes one); copy in a backup you keep elsewhere."
    )


def folder_blocked(path: Path) -> bool:
    """Whether netui cannot create files in ``path``'s folder."""
    folder = path.parent
    return not os.access(folder, os.W_OK | os.X_OK)


def _original(error: BaseException) -> BaseException:
    """The sqlite3 error under Peewee's wrapper, if there is one."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            return current
        inner = getattr(current, "orig", None)  # Peewee keeps the driver's error there
        if not isinstance(inner, BaseException):
            inner = current.args[0] if current.args else None
        if isinstance(inner, BaseException):
            current = inner
            continue
        current = current.__cause__ or current.__context__
    return error


def sqlite_code(error: BaseException) -> str:
    """``SQLITE_FULL``, ``SQLITE_READONLY_DIRECTORY`` ... or ``""`` when unknown."""
    return str(getattr(_original(error), "sqlite_errorname", "") or "")


def sentence_for(error: BaseException, path: Path | str | None) -> str | None:
    """One sentence for ``error`` met while using the database at ``path``, or ``None``
    when it is not a storage problem this module knows."""
    if isinstance(error, UnicodeEncodeError) and "surrogates" in str(error):
        return not_utf8_sentence(error.object)
    original = _original(error)
    if not isinstance(original, sqlite3.Error):
        return None
    code = sqlite_code(original)
    message = str(original)
    where = Path(path) if path is not None else None
    name = str(where) if where is not None else "the database"
    if code == "SQLITE_FULL" or "database or disk is full" in message:
        return (
            f"The disk is full: netui could not write to {name}, and nothing was changed. "
            "Free some space and try again."
        )
    if code.startswith("SQLITE_BUSY") or "database is locked" in message:
        return (
            f"{name} is locked by another program that is writing to it; try again when it is done."
        )
    if code.startswith("SQLITE_CORRUPT") or "malformed" in message:
        return corrupt_sentence(where, message) if where else "The database is damaged."
    if code == "SQLITE_NOTADB" or "file is not a database" in message:
        return f"{name} is not a netui database (not an SQLite file)."
    readonly = code.startswith("SQLITE_READONLY") or "readonly database" in message
    cantopen = code.startswith("SQLITE_CANTOPEN") or "unable to open database" in message
    if readonly or cantopen:
        if where is not None and (code == "SQLITE_READONLY_DIRECTORY" or folder_blocked(where)):
            return (
                f"netui cannot create files in the folder {where.parent} (permission "
                "denied); SQLite keeps its journal beside the database, so the folder "
                "must be writable."
            )
        if where is not None and where.exists() and not os.access(where, os.R_OK):
            return f"Cannot read {where}: permission denied."
        if where is not None and where.exists() and not os.access(where, os.W_OK):
            return f"{where} is read-only; netui cannot save changes to it."
        if readonly:
            return f"{name} cannot be changed: it is read-only."
        return f"{name} cannot be opened."
    if code.startswith("SQLITE_IOERR") or "disk I/O error" in message:
        if where is not None and disk_nearly_full(where):
            # SQLite reports a full disk as an I/O error when it hits it while growing
            # its shared memory or truncating a file.
            return (
                f"The disk is full: netui could not write to {name}, and nothing was "
                "changed. Free some space and try again."
            )
        return f"A disk error stopped netui from using {name} ({message})."
    return None


def disk_nearly_full(path: Path) -> bool:
    """Whether the file system holding ``path`` has (almost) no room left."""
    try:
        info = os.statvfs(path.parent)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < NEARLY_FULL


def not_utf8_sentence(text: str) -> str:
    """Text that came with bytes that are not UTF-8 (a lone surrogate in Python)."""
    try:  # bytes that came in through surrogateescape (the command line): show them
        shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # any other lone surrogate
        shown = text.encode("utf-8", "backslashreplace").decode("utf-8")
    shown = safe_line(shown)
    if len(shown) > _SHOWN:
        shown = shown[: _SHOWN - 1] + "…"
    return (
        f'"{shown}" is not valid UTF-8 text (it holds bytes netui cannot read as '
        "characters); type it again or convert it to UTF-8."
    )


def check_problem(conn: sqlite3.Connection, *, thorough: bool = False) -> str | None:
    """The first problem SQLite's check finds on ``conn``, or ``None`` when it is sound."""
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as error:
        if "malformed" in str(error) or "not a database" in str(error):
            return str(error)
        raise
    if rows == [("ok",)]:
        return None
    first = str(rows[0][0]) if rows else "no answer"
    return " ".join(first.split())[:120]
