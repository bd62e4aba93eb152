"""Reading ahead: the items of an iterator made on a thread of their own, a few ahead
of the one taking them.

An import reads and parses its file on this thread while it matches and writes on
its own: SQLite lets go of the interpreter while it inserts a slice's rows, and the
next slice is parsed meanwhile (two cores). The thread never touches the database:
the import's one connection stays with the thread that opened it.

    with ReadAhead(slices()) as items:
        for item in items:
            ...

An exception raised while making an item is raised again where the item is taken,
and leaving the ``with`` block (however it is left) stops the thread and waits for
it: none is left behind.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: The thread's name (a test looks for it).
THREAD_NAME = "netui-import-read"
#: Seconds between two looks at the stop flag while the queue is full.
WAIT = 0.05


class ReadAhead(Generic[T]):
    """``source``'s items made on a thread (see the module): up to ``depth`` made and
    waiting to be taken, and one more being made."""

    def __init__(self, source: Iterator[T], depth: int = 1) -> None:
        self.source = source
        self.made: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=depth)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.make, name=THREAD_NAME, daemon=True)

    def __enter__(self) -> Iterator[T]:
        self.thread.start()
        return self.items()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop.set()
        self.thread.join()

    def items(self) -> Iterator[T]:
        while True:
            more, item = self.made.get()
            if more:
                yield item
            elif item is None:
                return
            else:
                raise item

    def make(self) -> None:
        """The thread: each item of ``source``, then None (the end) or the exception."""
        try:
            for item in self.source:
                if not self.put((True, item)):
                    return
            self.put((False, None))
        except BaseException as error:  # raised again by items(), where it is taken
            self.put((False, error))
        finally:
            close = getattr(self.source, "close", None)
            if close is not None:  # a generator left half-way: its finally blocks run
                close()

    def put(self, entry: tuple[bool, Any]) -> bool:
        """Queue ``entry``, waiting for room; False when told to stop meanwhile."""
        while not self.stop.is_set():
            try:
                self.made.put(entry, timeout=WAIT)
            except queue.Full:
                continue
            return True
        return False
