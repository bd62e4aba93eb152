"""One thread that answers a screen's searches, on a connection it keeps open.

A search runs at every key typed. As a Textual thread worker (:func:`netui.workers.db_work`)
each one waited for the event loop to start its task and hand it to the thread pool,
then opened a connection of its own, set its pragmas and read through a cold page
cache, and closed it again: 3 to 4 ms of every key at 30,000 contacts before the
search itself (which takes 0.5 ms), and as much again for the rows it reads.

Here one thread waits for the next search; a key hands it the search and wakes it at
once. Only the newest search matters: one handed over while another runs makes the
running one stop where it is (its ``cancelled()`` turns true) and is run next, and a
search nobody ran yet is replaced, not queued. Each answer carries the number of its
search (:attr:`Answer.number`), so that the screen shows an answer only if no newer
search was handed over since. The thread's connection is opened at its first search,
opened again if the app binds another database, and closed when the thread stops.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual.message import Message

from netui.core.search import Superseded
from netui.db.models import database

__all__ = ["Answer", "SearchThread"]

S = TypeVar("S")

#: Whether the search running was superseded (a newer one came, or the thread stops).
Cancelled = Callable[[], bool]


class Answer(Message):
    """A search's answer (posted from the search thread)."""

    def __init__(self, number: int, result: Any) -> None:
        super().__init__()
        self.number = number
        self.result = result


class Failed(Message):
    """A search failed: ``error`` is for the screen to report."""

    def __init__(self, number: int, error: Exception) -> None:
        super().__init__()
        self.number = number
        self.error = error


class SearchThread(Generic[S]):
    """Runs ``search(request, cancelled)`` for the newest request handed over, and
    posts its :class:`Answer` (or :class:`Failed`) to ``owner``."""

    def __init__(
        self,
        owner: Any,  # a Textual MessagePump: post_message is safe from any thread
        search: Callable[[S, Cancelled], Any],
        name: str = "netui-search",
    ) -> None:
        self._owner = owner
        self._search = search
        self._name = name
        self._wake = threading.Condition()
        self._waiting: tuple[int, S] | None = None
        #: The newest request's number: a search whose number is older stops.
        self.number = 0
        self._stopping = False
        self._thread: threading.Thread | None = None

    def search(self, request: S) -> int:
        """Run ``request`` next (stopping the search that runs) and return its number."""
        with self._wake:
            self.number += 1
            self._waiting = (self.number, request)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._wake.notify()
            return self.number

    def is_newest(self, number: int) -> bool:
        """Whether no search was handed over after the one numbered ``number``."""
        return number == self.number

    def stop(self) -> None:
        """Stop the search that runs and the thread (which closes its connection)."""
        with self._wake:
            self._stopping = True
            self._waiting = None
            self._wake.notify()

    def _run(self) -> None:
        bound: Any = None  # the database this thread's connection belongs to
        try:
            while True:
                with self._wake:
                    while self._waiting is None and not self._stopping:
                        self._wake.wait()
                    if self._stopping:
                        return
                    assert self._waiting is not None
                    number, request = self._waiting
                    self._waiting = None
                if database.obj is not bound:
                    _close(bound)
                    bound = database.obj
                message = self._answer(number, request)
                if message is not None and not self._stopping:
                    self._owner.post_message(message)
        finally:
            _close(bound)

    def _answer(self, number: int, request: S) -> Message | None:
        def cancelled() -> bool:
            return self._stopping or number != self.number

        try:
            database.connect(reuse_if_open=True)
            result = self._search(request, cancelled)
        except Superseded:
            return None
        except Exception as error:  # the screen reports it
            if cancelled():
                return None
            return Failed(number, error)
        return None if cancelled() else Answer(number, result)


def _close(db: Any) -> None:
    """Close this thread's connection to ``db`` (one of Peewee's databases), if open."""
    if db is not None and not db.is_closed():
        db.close()
