"""What netui writes to the terminal: the same cells in fewer bytes (netui.compact_output)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.drivers.linux_driver import LinuxDriver
from textual.strip import Strip

from netui.app import NetuiApp
from netui.compact_output import compact, compacting
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact

#: A row of the contact list at 120 columns as Textual 8.2.8 wrote it: seven runs in
#: one style, each set again after its own reset.
ROW = (
    "\x1b[15;1H\x1b[38;2;224;224;224;48;2;30;30;30m   \x1b[0m"
    "\x1b[38;2;224;224;224;48;2;30;30;30mAnna O'Brien       Zenith Bank \x1b[0m"
    "\x1b[38;2;224;224;224;48;2;30;30;30mData Engin…\x1b[0m"
    "\x1b[38;2;224;224;224;48;2;30;30;30m \x1b[0m"
    "\x1b[38;2;224;224;224;48;2;30;30;30m2026-07-20  \x1b[0m"
    "\x1b[15;71H\x1b[38;2;224;224;224;48;2;0;0;0m  \x1b[0m\x1b[15;73H"
)

_TOKEN = re.compile(r"\x1b\[([0-9;]*)m|\x1b\[(\d+);(\d+)H|\x1b\]8;[^\x1b]*\x1b\\\\|(.)", re.S)


def cells(data: str) -> list[tuple[str, tuple[str, ...]]]:
    """What a terminal makes of ``data``: each character with the SGR parameters in
    force (since the last reset), and each cursor move and hyperlink as it is."""
    shown: list[tuple[str, tuple[str, ...]]] = []
    state: tuple[str, ...] = ()
    for match in _TOKEN.finditer(data):
        sgr, row, column, char = match.group(1), match.group(2), match.group(3), match.group(4)
        if sgr is not None:
            state = () if sgr in ("", "0") else (*state, sgr)
        elif row is not None:
            shown.append((f"move {row};{column}", ()))
        elif char is not None:
            shown.append((char, state))
        else:
            shown.append((match.group(0), ()))
    return shown


def test_a_row_in_one_style_sets_it_once():
    compacted = compact(ROW)
    assert compacted == (
        "\x1b[15;1H\x1b[38;2;224;224;224;48;2;30;30;30m   Anna O'Brien       Zenith Bank "
        "Data Engin… 2026-07-20  \x1b[0m"
        "\x1b[15;71H\x1b[38;2;224;224;224;48;2;0;0;0m  \x1b[0m\x1b[15;73H"
    )
    assert cells(compacted) == cells(ROW)
    assert len(compacted) < 0.55 * len(ROW)


def test_styles_that_differ_links_and_moves_are_left_as_they_are():
    for data in (
        "\x1b[1mbold\x1b[0m\x1b[3mitalic\x1b[0m",
        "\x1b[1ma\x1b[0m\x1b[1;3mb\x1b[0m",  # one more attribute is another style
        "\x1b[1ma\x1b[0m\x1b[2;5H\x1b[1mb\x1b[0m",  # a move between
        "\x1b]8;id=1;https://example.org\x1b\\\x1b[1ma\x1b[0m\x1b]8;;\x1b\\\x1b[1mb\x1b[0m",
        "plain text, no escape at all",
        "",
    ):
        assert compact(data) == data


def test_textual_strips_keep_their_cells():
    blue = Style(color="#0178d4", bgcolor="#1e1e1e")
    bold = Style(bold=True, color="#0178d4", bgcolor="#1e1e1e")
    console = Console(color_system="truecolor", force_terminal=True)
    strip = Strip([Segment("a", blue), Segment("b", blue), Segment("c", bold), Segment("d", blue)])
    rendered = strip.render(console)
    assert cells(compact(rendered)) == cells(rendered)
    assert compact(rendered).count("\x1b[") == rendered.count("\x1b[") - 2


_STYLES = st.sampled_from(["", "1", "38;2;224;224;224;48;2;30;30;30", "1;3;38;5;4", "7"])
_TEXT = st.text(alphabet="ab é—😀 ", max_size=6)
_PIECE = st.one_of(
    st.tuples(_STYLES, _TEXT).map(
        lambda run: f"\x1b[{run[0]}m{run[1]}\x1b[0m" if run[0] else run[1]
    ),
    st.tuples(st.integers(1, 40), st.integers(1, 120)).map(lambda at: f"\x1b[{at[0]};{at[1]}H"),
    _TEXT,
)


@given(st.lists(_PIECE, max_size=30))
def test_any_output_shows_the_same_cells(pieces):
    data = "".join(pieces)
    compacted = compact(data)
    assert cells(compacted) == cells(data)
    assert len(compacted) <= len(data)
    assert compact(compacted) == compacted


def test_the_driver_writes_compacted():
    written: list[str] = []

    class Pipe:
        def write(self, data: str) -> None:
            written.append(data)

    driver_class = compacting(LinuxDriver)
    assert issubclass(driver_class, LinuxDriver)
    assert compacting(LinuxDriver) is driver_class  # made once
    driver = driver_class.__new__(driver_class)
    driver._writer_thread = Pipe()  # type: ignore[assignment]
    driver.write(ROW)
    assert written == [compact(ROW)]


def test_the_app_uses_it(tmp_path):
    app = NetuiApp(tmp_path / "netui.db", config_path=tmp_path / "config.toml")
    assert app.driver_class.__name__.startswith("Compacting")


def test_the_app_in_a_terminal_sets_no_style_twice_in_a_row(tmp_path):
    """The app in a real pseudo-terminal: its first screen, with a name in it, has
    no style set again right after its own reset."""
    db = tmp_path / "netui.db"
    open_database(db)
    for name in ("Dana Levi", "Zoë Ångström", "Émile [b]Noir[/b]"):
        create_contact(ContactFields(name=name, organisation="Acme", role="CFO"))
    close_database()
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "COLUMNS": "120",
        "LINES": "40",
        "NETUI_CONFIG": str(tmp_path / "config.toml"),
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path),
    }
    main, side = pty.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "netui", "--db", str(db)],
        stdin=side, stdout=side, stderr=side, env=env, cwd=tmp_path, close_fds=True,
        start_new_session=True,
    )  # fmt: skip
    os.close(side)
    output = b""
    try:
        # The app opens on Today when someone is overdue by the real date (this test's
        # contacts were added on the test's pinned day): 1 goes to Contacts either way.
        output = _read_until(main, output, lambda text: "Help" in text)
        os.write(main, b"1")
        output = _read_until(main, output, lambda text: "Dana Levi" in text and "Acme" in text)
        os.write(main, b"\x11")  # ctrl+q
        output = _read_until(main, output, lambda _text: process.poll() is not None)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    text = output.decode("utf-8", "replace")
    assert "Traceback" not in text
    assert compact(text) == text
    assert "Émile [b]Noir[/b]" in text


def _read_until(fd: int, output: bytes, done, timeout: float = 60.0) -> bytes:
    deadline = time.monotonic() + timeout
    while not done(output.decode("utf-8", "replace")):
        left = deadline - time.monotonic()
        assert left > 0, f"the app showed: {output[-2000:]!r}"
        ready, _, _ = select.select([fd], [], [], min(left, 0.5))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the app ended: the terminal's other side is closed
                break
            output += chunk
    return output
