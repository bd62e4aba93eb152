"""Database work off the event loop, what :func:`netui.workers.db_work` builds on: a
thread's own connection (:func:`on_this_thread`), the key holds its workers carry,
and one notification for every failure (:func:`describe_error`), never a traceback
on the screen. An unexpected failure (a bug) is written to netui's log
with its traceback (:mod:`netui.logs`), and the notification says where. Mixed
into :class:`~netui.app.NetuiApp`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from peewee import OperationalError, PeeweeException
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from netui.db.errors import StorageError
from netui.db.failures import sentence_for
from netui.db.models import current_path, database, on_server
from netui.key_gate import KeyHold
from netui.logs import LOGGER

if TYPE_CHECKING:  # the app it is mixed into, for the type checker only
    from netui.key_gate import KeyGate

    _App = KeyGate
else:
    _App = object

T = TypeVar("T")


def known_sentence(error: BaseException) -> str | None:
    """One sentence for the user about a failure netui expects (a locked or damaged
    database, a contact that is gone, a value refused); ``None`` for anything else."""
    known = sentence_for(error, current_path())
    if known is not None:
        return known
    if isinstance(error, StorageError | LookupError | ValueError):
        return str(error)
    if isinstance(error, OperationalError | sqlite3.OperationalError) and "locked" in str(error):
        return "The database is busy in another netui window; try again in a moment."
    if isinstance(error, PeeweeException | sqlite3.Error):
        return f"The database refused the change: {error}."
    return None


def describe_error(error: BaseException, log_file: Path | None = None) -> str:
    """One sentence for the user about a failed database operation; for an
    unexpected one, where its details are (``log_file``)."""
    known = known_sentence(error)
    if known is not None:
        return known
    where = f" The details are in {log_file}." if log_file is not None else ""
    return f"Something went wrong: {error}.{where}"


#: The page cache of a connection that reads the whole network (KiB): such a read
#: goes through each page once or twice, and its 16 MB of cache (the connections'
#: own, :data:`netui.db.connection.PRAGMAS`) only raised the app's peak memory. As
#: quick with it at 30,000 and 300,000 contacts (Today's read, the Reciprocity
#: screen's).
SCAN_CACHE_KIB = 2_000


def on_this_thread(call: Callable[[], T], *, connect: bool = True, scan: bool = False) -> T:
    """``call()`` in a worker thread: on a connection of this thread's own, opened
    and closed around it (``connect``), or on one it opens itself (the search
    index's reads), closed afterwards all the same. ``scan``: the call reads the
    whole network; its connection keeps a small page cache (:data:`SCAN_CACHE_KIB`)."""
    if connect:
        with database.connection_context():
            if scan and not on_server():
                database.execute_sql(f"PRAGMA cache_size = -{SCAN_CACHE_KIB}")
            return call()
    try:
        return call()
    finally:
        if not database.is_closed():
            database.close()


def report_failure(error: BaseException, what: str, log_file: Path | None) -> str:
    """Log a failed piece of work (an unexpected one with its traceback) and return
    the sentence to show."""
    if known_sentence(error) is None:
        LOGGER.error("%s failed", what, exc_info=error)
    else:
        LOGGER.info("%s failed: %s", what, known_sentence(error))
    return describe_error(error, log_file)


class DatabaseWork(_App):
    """The key holds database workers carry; ``say`` for notifications."""

    #: The key hold each running worker carries, and whether to release it however
    #: the worker ends (``True``) or only when it fails or is cancelled (set by the app).
    _worker_holds: dict[Worker[Any], tuple[KeyHold, bool]]

    #: Where an unexpected failure's traceback is written (set by the app).
    log_file: Path | None = None

    def release_when_ended(self, worker: Worker[Any], hold: KeyHold, *, always: bool) -> None:
        """Release ``hold`` when ``worker`` ends: however it ends (``always``), or only
        when it fails or is cancelled (its result's handler releases it otherwise)."""
        self._worker_holds[worker] = (hold, always)

    def supersede_holds(self, group: str, carried: KeyHold | None) -> None:
        """The workers of ``group`` are about to be cancelled by a newer one: their
        messages will not be handled, so the keys they held go on, except a hold the newer
        worker carries on (a list read again while a worksheet opens). Done here, not
        when they report cancelled: one cancelled before it started never reports, and
        one that reports would release a hold the newer worker still needs."""
        for worker, (held, _always) in list(self._worker_holds.items()):
            if worker.group == group:
                del self._worker_holds[worker]
                if held is not carried:
                    self.release_keys(held)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.worker_state_changed(event)

    def worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker (the app's, or a screen's: :class:`~netui.screens.base.NetuiScreen`
        passes its own on) ended: release the key hold it carried, as asked."""
        # A worker's message was posted on the event loop before the worker could finish.
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        held = self._worker_holds.pop(event.worker, None)
        if held is not None:
            hold, always = held
            if always or event.state is not WorkerState.SUCCESS:
                self.release_keys(hold)

    def say(
        self, message: str, severity: SeverityLevel = "information", timeout: float = 5
    ) -> None:
        """A notification whose text is shown literally (it may hold a contact's name)."""
        self.notify(message, severity=severity, timeout=timeout, markup=False)

