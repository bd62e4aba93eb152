"""Closing the terminal, or a SIGHUP or SIGTERM, mid-typing loses nothing: a real
``netui prep`` in a pseudo-terminal, keys typed into the worksheet, the signal sent as
soon as the screen shows them (well inside the autosave's delay), then the database.

Pilot cannot show this: it has no terminal and no signals.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from netui.db.connection import close_database, open_database
from netui.db.models import Meeting
from tests.ui.test_prep_screen import build_prep_db

#: Seconds allowed for the app to start or stop on a loaded machine (a bound on a
#: wait for a condition, not a speed being measured).
PATIENCE = 60

TOKEN = "TypedBeforeTheHangup"


def _controlling_terminal() -> None:  # runs in the child, before netui starts
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """``netui`` running in a pseudo-terminal of 120×40 that the test types into."""

    def __init__(self, *args: str) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "netui", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            preexec_fn=_controlling_terminal,
            close_fds=True,
        )
        os.close(slave)
        self.seen = b""

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + PATIENCE
        while text.encode() not in self.seen:
            if time.monotonic() > deadline or self.process.poll() is not None:
                tail = self.seen[-400:]
                raise AssertionError(f"{text!r} never appeared; the screen had {tail!r}")
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:
                    break

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def drain_until_exit(self) -> int:
        deadline = time.monotonic() + PATIENCE
        while self.process.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    os.read(self.master, 65536)
                except OSError:
                    time.sleep(0.05)
        return self.process.wait(timeout=PATIENCE)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):
            os.close(self.master)


@pytest.fixture
def meeting(db_path: Path) -> int:
    return build_prep_db(db_path)["dana_meeting"]


def stored_purpose(db_path: Path, meeting_id: int) -> str:
    open_database(db_path)
    try:
        return Meeting.get_by_id(meeting_id).purpose
    finally:
        close_database()


def type_into_purpose(terminal: Terminal) -> None:
    terminal.wait_for("Pricing for marketplaces")  # the worksheet is on screen
    # The meeting list has the focus: enter goes into When, two tabs into Purpose.
    terminal.type("\r\t\t" + TOKEN)
    terminal.wait_for(TOKEN)  # the screen shows it: the app has handled the keys


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGHUP, 129), (signal.SIGTERM, 143)])
def test_a_signal_mid_typing_saves_then_exits(db_path, meeting, signum, code):
    terminal = Terminal("--db", str(db_path), "prep", "Dana Levi")
    try:
        type_into_purpose(terminal)
        terminal.process.send_signal(signum)
        assert terminal.drain_until_exit() == code
    finally:
        terminal.close()
    assert stored_purpose(db_path, meeting) == "Pricing for marketplaces" + TOKEN


def test_closing_the_terminal_mid_typing_saves(db_path, meeting):
    terminal = Terminal("--db", str(db_path), "prep", "Dana Levi")
    try:
        type_into_purpose(terminal)
        os.close(terminal.master)  # the window is closed: the kernel sends SIGHUP
        terminal.process.wait(timeout=PATIENCE)
    finally:
        terminal.close()
    assert stored_purpose(db_path, meeting) == "Pricing for marketplaces" + TOKEN
