"""Keeping Python's cyclic garbage collector out of the way of the keys.

The app's long-lived objects (Textual's widgets and styles, the screens, the caches
read at start-up) number a hundred thousand and more; each full collection walks
them all, and at the default thresholds one ran every dozen keystrokes of a search,
holding the interpreter for 100 to 200 ms in the middle of a keystroke (measured
at 30,000 contacts: five full collections while 60 keys were typed, 740 ms in
all). So once start-up's work is done (:func:`settle`: after the first paint's
reads and after a search index is built) everything alive is moved out of the
collector's sight (:func:`gc.freeze`), and full collections are made rare
(:func:`tune`); the young generations are still collected as before, so the
garbage of a keystroke goes as it did. Objects frozen stay until the process ends
if they become cyclic garbage later: a bounded, one-off cost per call.

The collector is the whole process's: only a process that is netui's own, the
command line's ``netui`` running the app, switches this on (:func:`take_charge`);
an app built by a test, the snapshots or the benchmarks in someone else's process
leaves the collector as it found it. A command's one big job (an import builds a
million objects that all live to its end, and the collector walked them again and
again: 7 of 23 s of CPU at 300,000 contacts) makes full collections rare for its
length only (:func:`in_charge`).

The same process also hands the interpreter lock over sooner
(:data:`SWITCH_INTERVAL`): a thread that has just come back from SQLite or from the
terminal (every row a search reads, every key the event loop reads) waits for a
thread busy in Python, the search index being built, to give the lock up, and by
default that takes 5 ms each time. At 300,000 contacts a search's first rows read
beside the build took a second that way, and a key's echo tens of milliseconds.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: A full collection after this many collections of the middle generation (the
#: default is 10), i.e. about once every million allocations that survive.
FULL_EVERY = 1000

#: Seconds a thread busy in Python keeps the interpreter lock while another waits
#: for it (Python's default is 0.005).
SWITCH_INTERVAL = 0.0005


_in_charge = False
_thresholds_before: tuple[int, int, int] | None = None
_interval_before: float | None = None
#: Whether the collector was on before :func:`hold_off` turned it off.
_enabled_before: bool | None = None
#: The number of the latest :func:`paused_for` while one is on (0: none).
_pause = 0


def take_charge() -> None:
    """This process is netui's own while the app runs: :func:`tune` and
    :func:`settle` may act until :func:`let_go`."""
    global _in_charge, _thresholds_before, _interval_before
    _in_charge = True
    _thresholds_before = gc.get_threshold()
    _interval_before = sys.getswitchinterval()
    sys.setswitchinterval(min(SWITCH_INTERVAL, _interval_before))


def let_go() -> None:
    """The app has ended: the collector (and the lock's switch) as they were
    before :func:`take_charge`."""
    global _in_charge, _thresholds_before, _interval_before
    if not _in_charge:
        return
    resume()
    _unpause(_pause)  # (an app that ends within a repaint's pause)
    _in_charge = False
    if _interval_before is not None:
        sys.setswitchinterval(_interval_before)
        _interval_before = None
    if _thresholds_before is not None:
        gc.set_threshold(*_thresholds_before)
        _thresholds_before = None
    gc.unfreeze()


@contextmanager
def in_charge() -> Iterator[None]:
    """For the block, this process is netui's own and full collections are rare; the
    collector is as it was afterwards."""
    take_charge()
    tune()
    try:
        yield
    finally:
        let_go()


def hold_off() -> None:
    """No collection at all until :func:`resume`: the app's start-up (its imports,
    its first screen) makes some hundred thousand objects that all live on, and the
    collections meanwhile walked them for nothing (a full one and a dozen of the
    middle generation, 20 ms of the 350 to the first screen at 30,000 contacts).
    They are frozen when it resumes (garbage among them included, a few MB at
    most, as :func:`settle` does)."""
    global _enabled_before
    if not _in_charge or _enabled_before is not None:
        return
    _enabled_before = gc.isenabled()
    gc.disable()


def resume() -> None:
    """The collector as it was before :func:`hold_off`, the start-up's objects
    out of its sight first (:func:`settle`): nothing having been collected since the
    start, its first young collection would otherwise walk all of them (100 ms, in
    the middle of the first search)."""
    global _enabled_before
    if _enabled_before is None:
        return
    settle()
    if _enabled_before:
        gc.enable()
    _enabled_before = None


def paused_for(seconds: float) -> None:
    """No collection for ``seconds`` from now (on the running event loop): a key's
    result just painted, whose bytes Textual's writer thread has yet to write. The
    five to ten young collections a repaint of the contact list sets off (0.3 ms in
    all at the median, 4 to 21 ms when an older generation's turn comes) would run
    inside the paint; collecting as soon as it ends held the interpreter from that
    thread, and the rows reached the terminal 0.6 to 2.2 ms after they were ready
    (300,000 contacts, traced). A pause asked for during one extends it. Nothing
    changes in a process that is not netui's own, or while the collector is off."""
    global _pause
    if not _in_charge:
        return
    if _pause == 0:
        if not gc.isenabled():
            return  # off for another reason (start-up's hold, a command's own job)
        gc.disable()
    _pause += 1
    asyncio.get_running_loop().call_later(seconds, _unpause, _pause)


def _unpause(pause: int) -> None:
    """Collect again, unless a later :func:`paused_for` extended the pause (its own
    call ends it)."""
    global _pause
    if _pause and pause == _pause:
        _pause = 0
        gc.enable()


def tune() -> None:
    """Make full collections rare (the young generations keep their thresholds)."""
    if not _in_charge:
        return
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_EVERY)


def settle() -> None:
    """Start-up's objects are here to stay: keep the collector from walking them."""
    if not _in_charge:
        return
    gc.freeze()


def give_back_freed() -> None:
    """Hand the memory freed since to the system, when this process is netui's own
    (glibc's ``malloc_trim``; elsewhere nothing). For the end of a read of the whole
    network in a worker thread: glibc gives each thread a heap of its own and keeps
    what was freed in it (the read's rows, its connection's page cache of up to
    16 MB) for that heap's next use, so every screen read in a new thread left some
    20-40 MB resident at 300,000 contacts: the app grew from 170 to 210 MiB going
    to the Reciprocity screen twice. Takes 1-2 ms, outside the interpreter lock."""
    if not _in_charge:
        return
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes  # only once the first large read is done

    try:
        found: Callable[[int], int] | None = getattr(ctypes.CDLL(None), "malloc_trim", None)
    except OSError:  # no C library to open in this process
        return None
    return found
