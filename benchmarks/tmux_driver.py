"""A program in a real terminal (tmux), watched from outside without polling.

tmux's control mode (``tmux -C``) tells a client each time the program in a pane
writes to its terminal (``%output``), as it happens. :meth:`Terminal.wait_for` asks
for the screen (``capture-pane``) only after such output, and when the screen is
what it waits for, answers with the moment the last output before that capture
arrived: the moment the terminal showed it, to within the reader thread's wake-up.
Responses to commands come back in order, after every notification of output that
tmux had processed before it ran the command, which is what makes the moment exact.

One tmux server per :class:`Terminal` (its own ``-L`` socket, no config file), at a
fixed size, killed on :meth:`Terminal.close`.
"""

from __future__ import annotations

import io
import os
import queue
import shlex
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

Screen = list[str]


class TerminalTimeout(Exception):
    """The screen never became what was waited for."""

    def __init__(self, what: str, screen: Screen) -> None:
        super().__init__(f"timed out waiting for {what}; the screen was:\n" + "\n".join(screen))
        self.screen = screen


class Terminal:
    """``argv`` running in a tmux pane of ``size``, started by :meth:`start`."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        size: tuple[int, int] = (120, 40),
        env: Mapping[str, str] | None = None,
        socket: str | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.socket = socket or f"netui-bench-{os.getpid()}-{id(self)}"
        self.size = size
        width, height = size
        # The pane waits for one line before it becomes the program (exec: the same
        # pid), so that the clock can start at a known moment.
        command = f"read go; exec {shlex.join(argv)}"
        extra = [f"-e{key}={value}" for key, value in (env or {}).items()]
        self._tmux(
            "new-session", "-d", "-s", "bench", "-x", str(width), "-y", str(height),
            *extra, *(["-c", str(cwd)] if cwd else []), "sh", "-c", command,
        )  # fmt: skip
        self._tmux("set-option", "-g", "window-size", "manual")
        self._tmux("set-option", "-g", "status", "off")
        self._client = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach-session", "-t", "bench"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self._events: queue.Queue[tuple[str, float, list[str]]] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._last_output = 0.0
        self._pending = False
        # The client's own attach-session is answered first.
        while (event := self._next(10.0)) is not None and event[0] != "block":
            pass
        self.pid = int(self.command("display-message", "-p", "-t", "bench", "#{pane_pid}")[0])
        self._pending = False

    # --- tmux --------------------------------------------------------------------------

    def _tmux(self, *args: str) -> None:
        subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args], check=True)

    def _read(self) -> None:
        """Turn the control client's lines into events: ('output', t, []) and
        ('block', t, lines) for each command's answer."""
        assert self._client.stdout is not None
        # Buffered: the pipe itself is unbuffered (bufsize=0, for the commands written
        # to stdin), and an unbuffered file reads a line one byte per system call, so
        # that each line's moment came after reading it byte by byte: a 6 KB repaint
        # arrives as one %output line of 10 KB or more, and its moment was 5 ms late.
        stream = io.BufferedReader(self._client.stdout, buffer_size=1 << 16)
        block: list[str] | None = None
        for raw in stream:
            now = time.perf_counter()
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if block is not None:
                if line.startswith(("%end ", "%error ")):
                    self._events.put(("block", now, block))
                    block = None
                else:
                    block.append(line)
            elif line.startswith("%begin "):
                block = []
            elif line.startswith("%output "):
                self._events.put(("output", now, []))
            elif line.startswith("%exit"):
                self._events.put(("exit", now, []))
        self._events.put(("exit", time.perf_counter(), []))

    def _send(self, command: str) -> None:
        assert self._client.stdin is not None
        self._client.stdin.write(command.encode() + b"\n")

    def _next(self, timeout: float) -> tuple[str, float, list[str]] | None:
        try:
            kind, moment, lines = self._events.get(timeout=max(timeout, 0))
        except queue.Empty:
            return None
        if kind == "output":
            self._last_output = moment
            self._pending = True
        return kind, moment, lines

    def command(self, *args: str, timeout: float = 10.0) -> list[str]:
        """Run a tmux command through the control client; its output lines."""
        self._send(shlex.join(args))
        deadline = time.perf_counter() + timeout
        while True:
            event = self._next(deadline - time.perf_counter())
            if event is None:
                raise TimeoutError(f"tmux did not answer {args}")
            if event[0] == "block":
                return event[2]
            if event[0] == "exit":
                raise RuntimeError("the tmux control client exited")

    # --- the program -------------------------------------------------------------------

    def start(self) -> float:
        """Let the pane become the program; the moment it was told to."""
        self._pending = False
        moment = self._last_output = time.perf_counter()
        self.command("send-keys", "-t", "bench", "Enter")
        return moment

    def send(self, key: str) -> float:
        """Send one key (a tmux key name, or one character); the moment it was sent."""
        if key == " ":
            key = "Space"  # a quoted space does not survive tmux's command parser
        literal = len(key) == 1
        args = ["send-keys", "-t", "bench", *(["-l"] if literal else []), key]
        moment = self._last_output = time.perf_counter()
        self.command(*args)
        return moment

    def screen(self) -> Screen:
        lines = self.command("capture-pane", "-p", "-t", "bench")
        return (lines + [""] * self.size[1])[: self.size[1]]

    def wait_for(
        self, check: Callable[[Screen], bool], what: str, timeout: float = 60.0
    ) -> tuple[float, Screen]:
        """The moment the screen first satisfied ``check``, and that screen."""
        deadline = time.perf_counter() + timeout
        screen = self.screen()
        shown_at = self._last_output
        if check(screen):
            return shown_at, screen
        self._pending = False
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TerminalTimeout(what, screen)
            if not self._pending:
                event = self._next(remaining)
                if event is not None and event[0] == "exit":
                    raise TerminalTimeout(what + " (the program ended)", screen)
                continue
            self._pending = False
            # Output arrives in pieces: the answer to this capture comes after every
            # piece tmux had read when it ran it, and the last of those is the moment.
            screen = self.screen()
            shown_at = self._last_output
            if check(screen):
                return shown_at, screen

    def settle(self, quiet: float = 0.15, timeout: float = 5.0) -> None:
        """Wait until the program has written nothing for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            event = self._next(quiet)
            if event is None:
                return

    def memory(self) -> tuple[float, float]:
        """(resident, peak resident) MiB of the program, from /proc."""
        values = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
        return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)

    def close(self) -> None:
        try:
            self._send("kill-server")
            self._client.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired, ValueError):
            self._client.kill()
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
