"""``netui serve`` in a real browser: headless Chromium shows the Contacts screen and
a key press switches screens.

The server is started as a user starts it (``python -m netui serve --port N``, with no
terminal: ``netui`` itself refuses to start without one, serve must not), on a free
loopback port, on a small database. Chromium (Debian's ``chromium`` package) is
driven over the DevTools protocol with aiohttp's websocket client (aiohttp comes with
textual-serve): no browser download, no driver. The page draws the terminal on a
canvas, so the test reads what xterm.js holds in its buffer, the text the canvas
shows: a script added before the page's own catches textual-serve's terminal object
when it is made.

Skipped, with the reason, when Chromium or the web extra is missing; ``.ci/run``
installs Chromium if absent (``apt-get install -y chromium``) and runs this test in a
step of its own. ``NETUI_CHROMIUM`` names another browser binary.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact

CHROMIUM_ENV = "NETUI_CHROMIUM"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-port=0", "--window-size=1280,900",
)  # fmt: skip
#: Generous bounds on a loaded machine; they bound a failure, they are not the assertion.
START_TIMEOUT = 120.0
STEP_TIMEOUT = 60.0


def chromium() -> str | None:
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def has_web_extra() -> bool:
    try:
        import aiohttp  # noqa: F401
        import textual_serve  # noqa: F401
    except ImportError:
        return False
    return True


pytestmark = [
    pytest.mark.skipif(
        chromium() is None,
        reason="Chromium is not installed (apt-get install -y chromium; .ci/run does it)",
    ),
    pytest.mark.skipif(
        not has_web_extra(), reason="the web extra is not installed: pip install 'netui[web]'"
    ),
]

#: Runs before the page's scripts: textual-serve's terminal object sets its
#: ``websocket_url`` first; the setter keeps the object where the test can read it.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "websocket_url", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "websocket_url",
      {value, writable: true, configurable: true, enumerable: true});
    window.__netuiTerminal = this;
  },
});
"""
#: Every line of xterm.js's active buffer, as text.
READ_SCREEN = """
(() => {
  const found = window.__netuiTerminal && window.__netuiTerminal.terminal;
  if (!found) return "";
  const buffer = found.buffer.active, lines = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    if (line) lines.push(line.translateToString(true));
  }
  return lines.join("\\n");
})()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


def stop(process: subprocess.Popen) -> None:
    """Stop a process started in a session of its own, and everything it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """``netui serve`` on a free loopback port; its URL."""
    db = tmp_path / "netui.db"
    open_database(db)
    for name, organisation in (("Dana Levi", "Globex"), ("Zoë Müller", "Zürich Re")):
        create_contact(ContactFields(name, organisation=organisation))
    close_database()
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "netui", "--db", str(db), "serve", "--port", str(port)],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True, env={**os.environ, "NETUI_CONFIG": str(tmp_path / "c.toml")},
    )  # fmt: skip

    def answers() -> bool:
        if process.poll() is not None:
            pytest.fail(f"netui serve exited {process.returncode}:\n"
                        f"{(tmp_path / 'serve.log').read_text()}")  # fmt: skip
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return True
        return False

    try:
        wait_until(answers, START_TIMEOUT, "netui serve to listen")
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(process)
        log.close()


@pytest.fixture
def devtools(tmp_path: Path) -> Iterator[str]:
    """Headless Chromium with a fresh profile; the DevTools websocket of its page."""
    profile = tmp_path / "chromium-profile"
    process = subprocess.Popen(
        [chromium(), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "chromium.log").open("w"), start_new_session=True,
    )  # fmt: skip
    try:
        port_file = profile / "DevToolsActivePort"
        wait_until(lambda: port_file.is_file() and port_file.read_text().strip(),
                   START_TIMEOUT, "Chromium's DevTools port")  # fmt: skip
        port = int(port_file.read_text().split()[0])

        def page() -> str | None:
            import urllib.request

            with contextlib.suppress(OSError, ValueError):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                    targets = json.load(r)
                for target in targets:
                    if target.get("type") == "page":
                        return target["webSocketDebuggerUrl"]
            return None

        yield wait_until(page, START_TIMEOUT, "Chromium's page")
    finally:
        stop(process)


class DevTools:
    """The little of the DevTools protocol the test needs, over one websocket."""

    def __init__(self, socket) -> None:
        self.socket = socket
        self.next_id = 0

    async def call(self, method: str, **params) -> dict:
        self.next_id += 1
        sent = self.next_id
        await self.socket.send_json({"id": sent, "method": method, "params": params})
        while True:
            message = await asyncio.wait_for(self.socket.receive_json(), STEP_TIMEOUT)
            if message.get("id") == sent:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def screen(self) -> str:
        result = await self.call("Runtime.evaluate", expression=READ_SCREEN, returnByValue=True)
        return result.get("result", {}).get("value") or ""

    async def wait_for(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        shown = ""
        while time.monotonic() < deadline:
            shown = await self.screen()
            if text in shown:
                return shown
            await asyncio.sleep(0.25)
        raise AssertionError(f"{text!r} never showed in the browser; it showed:\n{shown}")

    async def press(self, key: str, code: str, key_code: int) -> None:
        await self.call(
            "Runtime.evaluate", expression="window.__netuiTerminal.terminal.focus()"
        )
        for kind in ("keyDown", "keyUp"):
            await self.call(
                "Input.dispatchKeyEvent", type=kind, key=key, code=code,
                text=key if kind == "keyDown" else "", windowsVirtualKeyCode=key_code,
                nativeVirtualKeyCode=key_code,
            )  # fmt: skip


async def drive(page_socket: str, url: str) -> tuple[str, str]:
    import aiohttp

    async with aiohttp.ClientSession() as session, session.ws_connect(
        page_socket, max_msg_size=0
    ) as socket_:
        browser = DevTools(socket_)
        await browser.call("Page.enable")
        await browser.call("Page.addScriptToEvaluateOnNewDocument", source=CATCH_TERMINAL)
        await browser.call("Page.navigate", url=url)
        await browser.wait_for("Dana Levi", START_TIMEOUT)
        # The list reads its rows in workers: the second may come a frame later.
        contacts = await browser.wait_for("Zoë Müller", STEP_TIMEOUT)
        await browser.press("2", "Digit2", 50)
        prep = await browser.wait_for("Meetings", STEP_TIMEOUT)
        return contacts, prep


def test_the_contacts_screen_shows_in_chromium_and_keys_work(served: str, devtools: str):
    contacts, prep = asyncio.run(drive(devtools, served))
    assert "Zoë Müller" in contacts and "Globex" in contacts
    assert "2 contacts · sorted by name" in contacts
    assert "Meetings" not in contacts  # the Prep screen came from the key press
    assert "No meeting yet." in prep and "Dana Levi" not in prep
