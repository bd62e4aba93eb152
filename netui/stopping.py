"""How the app stops (mixed into :class:`~netui.app.NetuiApp`): ctrl+q, a closed
terminal (SIGHUP) or a polite kill (SIGTERM) first write what the screens hold
unsaved; a bug that stops the app is logged with its traceback, and the command line
says where (:meth:`StopsSafely.exit_sentence`)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import weakref
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from textual.app import App

from netui.logs import LOGGER, log_failure

#: Seconds a signal leaves the app to shut down before the process just ends.
EXIT_GRACE = 3.0


class StopsSafely(App[int]):
    """Savers written before the app stops; the bug that stopped it, if one did."""

    #: Screens with edits to write at once when the app is told to stop (set by the app).
    _savers: weakref.WeakSet[Any]

    def save_on_exit(self, saver: Any) -> None:
        """``saver.save_now()`` runs whenever the app stops (ctrl+q, SIGHUP, SIGTERM),
        before the screens are taken down."""
        self._savers.add(saver)

    def _stop_on_signals(self) -> None:
        """A closed terminal (SIGHUP) or a polite kill (SIGTERM) saves, then exits.

        Left to their default, both killed the process with the last keystrokes of a
        worksheet still waiting for the autosave. Not under a test's headless driver:
        the handlers would belong to the test runner's process.
        """
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._stop_on_signal, signum)

    def _stop_on_signal(self, signum: int) -> None:
        code = 128 + signum
        self.exit(return_code=code)  # writes what is unsaved first
        # With the terminal gone, Textual 8.2.8 can hang in its shutdown: its output
        # thread dies on the first write that fails, and closing the driver then waits
        # forever on that thread's full queue. Everything is saved by now, so after a
        # grace period the process ends whatever the shutdown is doing.
        watchdog = threading.Timer(EXIT_GRACE, os._exit, args=(code,))
        watchdog.daemon = True
        watchdog.start()

    def exit(
        self,
        result: int | None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        """Stop the app (ctrl+q, a signal), first writing what the screens hold unsaved,
        while their fields are still there to read."""
        self.save_all_now()
        super().exit(result, return_code, message)

    def save_all_now(self) -> None:
        """Write every screen's pending edits at once (the app is about to stop)."""
        for saver in list(self._savers):
            try:
                saver.save_now()
            except Exception:  # the next saver still gets its turn
                LOGGER.exception("save_now failed")

    # --- a bug that stops the app ----------------------------------------------------

    #: The unexpected error that stopped the app (Textual's own handling), if any.
    stopped_by: BaseException | None = None
    #: The log file that has its traceback (``None``: it could not be written).
    stopped_log: Path | None = None

    def _handle_exception(self, error: Exception) -> None:
        # An exception in an event handler or a callback ends in Textual here: it
        # stops the app and prints a traceback. The log keeps it too, and the command
        # line says where (exit_sentence).
        if self.stopped_by is None:
            self.stopped_by = error
            self.stopped_log = log_failure("The app stopped on an unexpected error", error)
        super()._handle_exception(error)

    def exit_sentence(self) -> str | None:
        """What the command line says when the app stopped on a bug: which error, and
        the log file with its traceback; ``None`` after a normal exit."""
        if self.stopped_by is None:
            return None
        detail = " ".join(str(self.stopped_by).split()).rstrip(".")
        name = type(self.stopped_by).__name__
        what = f"{name}: {detail}" if detail else name
        where = (
            f"the details are in {self.stopped_log}"
            if self.stopped_log is not None
            else "the log could not be written; the traceback is above"
        )
        return f"The app stopped on an unexpected error ({what}); {where}."
