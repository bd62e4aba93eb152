"""Noticing what other connections commit: another netui window, the command line.

``PRAGMA data_version`` on a connection of our own changes whenever any other
connection commits to the file (SQLite keeps the count in the WAL index, so a look
costs microseconds and no disk read). The app looks every :data:`WATCH_INTERVAL`
seconds from a thread worker and, when it changed, has its screens read their
data again. No Textual here.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

WATCH_INTERVAL = 0.5  # seconds between two looks at the database's data_version


class DataWatcher:
    """``PRAGMA data_version`` on a connection of its own: it changes when any other
    connection (another process, or this app's workers) commits. Used from one
    worker at a time (``busy``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.busy = False
        self.version: int | None = None
        self._connection: sqlite3.Connection | None = None
        self._closed = False
        self._lock = threading.Lock()  # the worker reads while the app may be closing

    def changed(self) -> bool:
        """Whether anyone committed since the last call (the first call: no)."""
        with self._lock:
            if self._closed:
                return False
            try:
                if self._connection is None:
                    self._connection = sqlite3.connect(
                        self.path, check_same_thread=False, isolation_level=None
                    )
                (version,) = self._connection.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error:
                self._drop()
                return False
        before, self.version = self.version, version
        return before is not None and version != before

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
