"""Noticing what other connections commit: another netui window, the command line.

``PRAGMA data_version`` on a connection of our own changes whenever any other
connection commits to the file (SQLite keeps the count in the WAL index, so a look
costs microseconds and no disk read). The app looks every :data:`WATCH_INTERVAL`
seconds from a thread worker and, when it changed, has its screens read their
data again. On a PostgreSQL server the look is the server's snapshot
(:func:`netui.db.backends.server_change_mark`) on a connection of its own, which
changes when any transaction that writes starts or ends. No Textual here.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from netui.db.backends import server_change_mark, side_connection
from netui.locations import ServerURL, is_server_url

WATCH_INTERVAL = 0.5  # seconds between two looks at the database's data_version


class DataWatcher:
    """``PRAGMA data_version`` on a connection of its own: it changes when any other
    connection (another process, or this app's workers) commits. Used from one
    worker at a time (``busy``)."""

    def __init__(self, path: Path | str) -> None:  # a file, or a server URL as typed
        self.path = path
        self.busy = False
        self.version: object = None
        self._connection: Any = None  # sqlite3's, or psycopg's on a server
        self._closed = False
        self._lock = threading.Lock()  # the worker reads while the app may be closing

    def changed(self) -> bool:
        """Whether anyone committed since the last call (the first call: no)."""
        with self._lock:
            if self._closed:
                return False
            if is_server_url(self.path):
                return self._server_changed()
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

    def _server_changed(self) -> bool:
        try:
            import psycopg
        except ImportError:
            return False
        try:
            if self._connection is None:
                self._connection = side_connection(ServerURL(self.path))
            version = server_change_mark(self._connection)
        except (psycopg.Error, OSError):
            self._drop()  # the server went away: look again next time
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
