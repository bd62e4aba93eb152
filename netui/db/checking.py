"""SQLite's ``quick_check`` beside a command's own reading, not before it.

A reading command checks the file first (``reading(path, check="quick")``): at 30,000
contacts that is 0.2-0.3 s, as long as the command's own work. :func:`checked_alongside`
runs the check on a connection of its own in a thread while the command reads (SQLite
lets go of the interpreter while it works), and raises the same
:class:`~netui.db.errors.CorruptDatabaseError` before the command writes anything:
a damaged file is still named, and nothing is printed from it. A file unchanged since
a check of it passed is not checked again (:mod:`netui.db.check_memo`).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from peewee import DatabaseError

from netui.db.background_check import BackgroundCheck as BackgroundCheck
from netui.db.connection import reading
from netui.db.models import current_path, database


@contextlib.contextmanager
def checked_alongside(path: Path | str) -> Iterator[BackgroundCheck]:
    """The database opened read-only (as :func:`~netui.db.connection.reading`) with its
    quick_check running beside; call ``raise_if_damaged()`` before writing output.
    An error of the reading itself on a damaged file gives way to the check's sentence."""
    with reading(path, check=None) as opened:
        check = BackgroundCheck(current_path() or opened, fallback=database.connection)
        try:
            yield check
        except (sqlite3.DatabaseError, DatabaseError):
            check.raise_if_damaged()
            raise
        check.raise_if_damaged()
