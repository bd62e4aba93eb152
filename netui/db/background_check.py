"""SQLite's ``quick_check`` of a file on its own read-only connection, in a thread
beside a command's own reading (:func:`netui.db.checking.checked_alongside`, and
``netui meter --json``'s plain reading, :mod:`netui.db.meter_plain`). A file
unchanged since a check of it passed is not checked again
(:mod:`netui.db.check_memo`). No Peewee here.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from netui.db import check_memo
from netui.db.errors import CorruptDatabaseError
from netui.db.failures import check_problem, corrupt_sentence
from netui.locations import ServerURL

if TYPE_CHECKING:  # threading is imported when a check runs (a file checked before: never)
    import threading


class BackgroundCheck:
    """``quick_check`` of ``path`` on its own read-only connection, in a thread; on
    ``fallback()`` (the command's own connection) when it could not run beside."""

    def __init__(
        self,
        path: Path | ServerURL,
        fallback: Callable[[], sqlite3.Connection],
        *,
        low_priority: bool = False,
    ) -> None:
        """``low_priority``: the check's thread yields the processor to the others
        (the app's, while the user types: 2.5 to 3 s of a core at 300,000 contacts)."""
        self.path = path
        self._low_priority = low_priority
        self._fallback = fallback
        self.problem: str | None = None
        self.failed: BaseException | None = None  # the check itself could not run
        self._thread: threading.Thread | None = None
        self.file = None if isinstance(path, ServerURL) else Path(path)
        if self.file is None:
            return  # a server looks after its own storage (and has no quick_check)
        if check_memo.passed_as_is(self.file):
            return  # unchanged since a check passed: nothing new to learn
        self.before = check_memo.stamp(self.file)
        import threading

        self._thread = threading.Thread(target=self._run, name="quick_check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        if self._low_priority:
            lower_this_threads_priority()
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
        :func:`~netui.db.checking.checked_alongside` calls it too)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            if self.failed is not None:
                # The check could not run beside (a read-only folder, say): run it here.
                self.failed = None
                self.problem = check_problem(self._fallback())
            if self.file is not None:
                if self.problem is None:
                    check_memo.remember(self.file, self.before)
                else:
                    check_memo.forget(self.file)
        if self.problem is not None:
            raise CorruptDatabaseError(corrupt_sentence(self.path, self.problem))


#: The nice value of a check's thread at low priority (the lowest a thread can have).
LOWEST = 19


def lower_this_threads_priority() -> None:
    """On Linux, the calling thread's nice value raised to :data:`LOWEST` (each thread
    has its own there; nothing else changes, and a thread that ends takes it along).
    Elsewhere, nothing."""
    if sys.platform.startswith("linux"):
        import threading

        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST)
