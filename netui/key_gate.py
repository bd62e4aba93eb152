"""Every key goes where the user saw the focus when they pressed it.

How Textual 8 routes a key: the app takes it from its queue, runs the *priority*
bindings, and posts it to the focused widget's queue. Ordinary bindings run only
when the key has bubbled back up to the app, through the queue of every container
on the way. Meanwhile the app goes on taking the next keys and posting them to the
widget that is *still* focused. So a key whose binding moves the focus (``/`` into
the search box, ``w`` into a worksheet, ``n`` into a form) moves it after the keys
typed right behind it were handed to the old widget, and their one-key commands
run: ``/dana`` typed fast archived someone with ``d``. Focusing synchronously does
not help, because those keys are already on their way.

:class:`KeyGate` routes one key at a time. After a key it sends a marker along the
same path; when the marker is back at the app, the key's bindings have run. It then
sends the marker round once more, so that what the key set off along that path
(``Input.Submitted``, ``OptionList.OptionSelected``, a ``focus()`` posted to the
app) has been handled too. Only then is the next key routed, to whatever is
focused by then. Keys also wait while a screen is being mounted (its first focus is
set then), between a dialog's dismissal and the end of its callback, and while code
holds them with :meth:`KeyGate.hold_keys` until an input it opens asynchronously
(after a database read, say) has the focus: :meth:`KeyGate.release_keys`.

A key typed on its own is routed at once; only keys that arrive while an earlier one
is still being handled wait (about 1 to 2 ms a key at 30,000 contacts:
``python -m benchmarks.bench_keys``), and while they do, repaints are put off until
the burst is through. A hold that is never released would freeze the keyboard;
after :data:`HOLD_LIMIT` seconds it lapses, and the keys it held are dropped (with a
notification) rather than sent somewhere the user did not mean.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from typing import Any, Literal, overload
from weakref import WeakKeyDictionary

from textual import events
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen, ScreenResultCallbackType, ScreenResultType
from textual.timer import Timer
from textual.widget import AwaitMount

#: Seconds after which a hold that was never released lapses.
HOLD_LIMIT = 10.0
#: Rounds of the marker behind each key: the key itself, then what it set off.
LAPS = 2


@dataclass(eq=False)
class KeyHold:
    """Keys wait while this is held; ``reason`` names what they wait for."""

    reason: str
    timer: Timer | None = field(default=None, repr=False)


class KeyRouted(Message, verbose=True):
    """The marker sent behind a key, along the same path, back to the app."""

    def __init__(self, serial: int) -> None:
        super().__init__()
        self.serial = serial


class KeysReleased(Message, bubble=False, verbose=True):
    """A hold is over (posted to the app, so focus changes posted before it land first)."""

    def __init__(self, hold: KeyHold) -> None:
        super().__init__()
        self.hold = hold


class _DismissCallback:
    """A screen's result callback; keys wait from its dismissal until it has run."""

    def __init__(self, gate: KeyGate, callback: Callable[[Any], Any]) -> None:
        self.gate = gate
        self.callback = callback
        self.hold: KeyHold | None = None

    async def __call__(self, result: Any) -> None:
        try:
            outcome = self.callback(result)
            if inspect.isawaitable(outcome):
                await outcome
        finally:
            self.gate.release_keys(self.hold)


class KeyGate(App[int]):
    """An app that routes keys one at a time, each against the state the last one left."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._waiting_keys: deque[events.Key | events.Paste] = deque()
        self._holds: list[KeyHold] = []
        #: (serial, widget the key went to, lap) of the key on its way.
        self._key_lap: tuple[int, MessagePump, int] | None = None
        self._serials = count(1)
        self._dismiss_callbacks: WeakKeyDictionary[Screen, _DismissCallback] = WeakKeyDictionary()
        self._mount_waits: set[asyncio.Task[None]] = set()
        self._keys_batched = False
        #: The seconds of :attr:`key_clock` at which the last key (or paste) came;
        #: ``None`` before the first. Background chores wait for a pause in typing.
        self.last_key_at: float | None = None

    # --- routing ---------------------------------------------------------------------

    #: Seconds, for :attr:`last_key_at` (monotonic; a test puts its own).
    key_clock: Callable[[], float] = staticmethod(time.monotonic)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            self.last_key_at = self.key_clock()
            self._waiting_keys.append(event)
            await self._route_keys()
            return
        await super().on_event(event)

    async def _route_keys(self) -> None:
        while self._waiting_keys and not self._holds and not self._key_on_its_way():
            event = self._waiting_keys.popleft()
            # Textual's own routing: priority bindings, else to the focused widget.
            await super().on_event(event)
            if event.is_forwarded:
                self._send_marker(self.focused or self.screen, lap=1)
        self._paint_when_keys_are_done()

    def _paint_when_keys_are_done(self) -> None:
        """While keys of a burst wait only for the one before them, skip repaints (each
        would take a frame's work per key); paint once they are done. Not while a hold
        waits for something to open: that should be seen."""
        batch = bool(self._waiting_keys) and not self._holds
        if batch and not self._keys_batched:
            self._keys_batched = True
            self._begin_batch()
        elif not batch and self._keys_batched:
            self._keys_batched = False
            self._end_batch()

    def _send_marker(self, target: MessagePump, lap: int) -> None:
        marker = KeyRouted(next(self._serials))
        marker.set_sender(self)
        self._key_lap = (marker.serial, target, lap) if target.post_message(marker) else None

    def _key_on_its_way(self) -> bool:
        if self._key_lap is None:
            return False
        _, target, _ = self._key_lap
        if not target.is_attached:  # removed with the marker in its queue
            self._key_lap = None
            return False
        return True

    async def _on_key_routed(self, message: KeyRouted) -> None:
        if self._key_lap is None or message.serial != self._key_lap[0]:
            return
        _, target, lap = self._key_lap
        self._key_lap = None
        if lap < LAPS and target.is_attached:
            self._send_marker(target, lap=lap + 1)
        await self._route_keys()

    # --- holding keys ----------------------------------------------------------------

    def hold_keys(self, reason: str) -> KeyHold:
        """Keys wait from now until :meth:`release_keys` (say, until a field has focus)."""
        hold = KeyHold(reason)
        self._holds.append(hold)
        self._paint_when_keys_are_done()  # what opens should be seen
        if self.is_running:
            hold.timer = self.set_timer(HOLD_LIMIT, lambda: self._lapse(hold))
        return hold

    def release_keys(self, hold: KeyHold | None) -> None:
        """End ``hold``; the waiting keys go on once what was posted before has run."""
        if hold is not None and hold in self._holds:
            self.post_message(KeysReleased(hold))

    async def _on_keys_released(self, message: KeysReleased) -> None:
        self._end_hold(message.hold)
        await self._route_keys()

    def _end_hold(self, hold: KeyHold) -> None:
        if hold in self._holds:
            self._holds.remove(hold)
        if hold.timer is not None:
            hold.timer.stop()

    def _lapse(self, hold: KeyHold) -> None:
        if hold not in self._holds:
            return
        self._end_hold(hold)
        dropped = len(self._waiting_keys)
        self._waiting_keys.clear()
        if dropped:
            self.notify(
                f"{dropped} key{'s' if dropped != 1 else ''} typed while {hold.reason} "
                "took too long were ignored.",
                severity="warning",
                markup=False,
            )

    @property
    def keys_waiting(self) -> int:
        """How many keys wait to be routed (for tests and the curious)."""
        return len(self._waiting_keys)

    @property
    def keys_settled(self) -> bool:
        """Every key typed so far has been routed and handled, and nothing holds keys."""
        return not self._waiting_keys and self._key_lap is None and not self._holds

    # --- screens: keys wait until a new screen has its focus ---------------------------

    def _hold_until_mounted(self, screen: Screen) -> None:
        if screen.is_mounted or not self.is_running:
            return
        hold = self.hold_keys(f"{screen.title or type(screen).__name__} was opening")

        async def wait() -> None:
            try:
                await AwaitMount(screen, [screen])
            finally:
                self.release_keys(hold)

        task = asyncio.get_running_loop().create_task(wait())
        self._mount_waits.add(task)
        task.add_done_callback(self._mount_waits.discard)

    @overload
    def push_screen(
        self,
        screen: Screen[ScreenResultType] | str,
        callback: ScreenResultCallbackType[ScreenResultType] | None = None,
        wait_for_dismiss: Literal[False] = False,
        *,
        mode: str | None = None,
    ) -> AwaitMount: ...

    @overload
    def push_screen(
        self,
        screen: Screen[ScreenResultType] | str,
        callback: ScreenResultCallbackType[ScreenResultType] | None = None,
        wait_for_dismiss: Literal[True] = True,
        *,
        mode: str | None = None,
    ) -> asyncio.Future[ScreenResultType]: ...

    def push_screen(
        self,
        screen: Screen[ScreenResultType] | str,
        callback: ScreenResultCallbackType[ScreenResultType] | None = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> AwaitMount | asyncio.Future[ScreenResultType]:
        # ``mode`` is passed on: App.push_screen_wait pushes with it.
        gated = _DismissCallback(self, callback) if callback is not None else None
        result: AwaitMount | asyncio.Future[ScreenResultType]
        if wait_for_dismiss:
            result = super().push_screen(screen, gated, wait_for_dismiss=True, mode=mode)
        else:
            result = super().push_screen(screen, gated, wait_for_dismiss=False, mode=mode)
        pushed = self.screen
        if gated is not None:
            self._dismiss_callbacks[pushed] = gated
        self._hold_until_mounted(pushed)
        return result

    def pop_screen(self) -> AwaitComplete:
        callback = self._dismiss_callbacks.pop(self.screen, None)
        if callback is not None:
            callback.hold = self.hold_keys("a dialog was closing")
        return super().pop_screen()

    def switch_screen(self, screen: Screen[Any] | str) -> AwaitComplete:
        result = super().switch_screen(screen)
        self._hold_until_mounted(self.screen)
        return result

    def switch_mode(self, mode: str) -> AwaitMount:
        result = super().switch_mode(mode)
        self._hold_until_mounted(self.screen)
        return result
