"""The one clock: every "today" and "now" in netui comes from here.

Code never calls ``date.today()`` or ``datetime.now()`` itself; it calls
:func:`today` or :func:`now`, so that tests, snapshots and screenshots can pin the
day with :func:`pinned` and nothing depends on the date a test happens to run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Clock = Callable[[], dt.datetime]


def _system_clock() -> dt.datetime:
    """The local wall-clock time, to the second (naive, like every stored datetime)."""
    return dt.datetime.now().replace(microsecond=0)


_clock: Clock = _system_clock


def now() -> dt.datetime:
    """The current local time, naive, to the second."""
    return _clock()


def today() -> dt.date:
    """The current local day."""
    return _clock().date()


def set_clock(clock: Clock | None) -> None:
    """Use ``clock`` for every later :func:`now`/:func:`today`; ``None`` restores the system's."""
    global _clock
    _clock = clock or _system_clock


@contextmanager
def pinned(moment: dt.date | dt.datetime) -> Iterator[None]:
    """Within the block, the clock stands still at ``moment`` (a day means its noon)."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(12, 0))
    previous = _clock
    set_clock(lambda: moment)
    try:
        yield
    finally:
        set_clock(previous)
