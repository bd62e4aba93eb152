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
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from peewee import DatabaseError

from netui.db import check_memo
from netui.db.connection import reading
from netui.db.errors import CorruptDatabaseError
from netui.db.failures import check_problem, corrupt_sentence
from netui.db.models import current_path, database
from netui.locations import ServerURL


class BackgroundCheck:
    """``quick_check`` of ``path`` on its own read-only connection, in a thread."""

    def __init__(self, path: Path | ServerURL) -> None:
        self.path = path
        self.problem: str | None = None
        self.failed: BaseException | None = None  # the check itself could not run
        self._thread: threading.Thread | None = None
        self.file = None if isinstance(path, ServerURL) else Path(path)
        if self.file is None:
            return  # a server looks after its own storage (and has no quick_check)
        if check_memo.passed_as_is(self.file):
            return  # unchanged since a check passed: nothing new to learn
        self.before = check_memo.stamp(self.file)
        self._thread = threading.Thread(target=self._run, name="quick_check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            uri = f"file:{quote(str(self.path))}?mode=ro"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            try:
                self.problem = check_problem(connection)
            finally:
                connection.close()
        except BaseException as error:  # reported by raise_if_damaged's caller
            self.failed = error

    def raise_if_damaged(self) -> None:
        """Wait for the check; raise :class:`CorruptDatabaseError` when it failed
        (again at every call: a command calls it before printing, and the end of
        :func:`checked_alongside` calls it too)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            if self.failed is not None:
                # The check could not run beside (a read-only folder, say): run it here.
                self.failed = None
                self.problem = check_problem(database.connection())
            if self.file is not None:
                if self.problem is None:
                    check_memo.remember(self.file, self.before)
                else:
                    check_memo.forget(self.file)
        if self.problem is not None:
            raise CorruptDatabaseError(corrupt_sentence(self.path, self.problem))


@contextlib.contextmanager
def checked_alongside(path: Path | str) -> Iterator[BackgroundCheck]:
    """The database opened read-only (as :func:`~netui.db.connection.reading`) with its
    quick_check running beside; call ``raise_if_damaged()`` before writing output.
    An error of the reading itself on a damaged file gives way to the check's sentence."""
    with reading(path, check=None) as opened:
        check = BackgroundCheck(current_path() or opened)
        try:
            yield check
        except (sqlite3.DatabaseError, DatabaseError):
            check.raise_if_damaged()
            raise
        check.raise_if_damaged()
