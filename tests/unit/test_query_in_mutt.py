"""``netui query`` as mutt's ``query_command``, in the real mutt, in a tmux pane.

mutt's own parser is the judge (tests/unit/test_cli_scripting.py reads the output the
way mutt's source does; this runs mutt itself): ``Q`` asks for a query and lists the
addresses netui printed, and ctrl+t at the To: prompt completes a name from them.
Skipped where mutt or tmux is not installed (``apt-get install -y mutt tmux``).
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact

pytestmark = pytest.mark.skipif(
    not (shutil.which("mutt") and shutil.which("tmux")),
    reason="mutt and tmux are not installed (apt-get install -y mutt tmux)",
)

TIMEOUT = 60.0


class Pane:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return result.stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, *texts: str) -> str:
        """The screen, once it shows every one of ``texts`` (mutt draws a screen in
        parts: a capture can fall between its status line and its menu)."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(text in shown for text in texts):
                return shown
            time.sleep(0.1)
        pytest.fail(f"{texts!r} never all showed; the screen was:\n{self.screen()}")


@pytest.fixture
def pane(tmp_path: Path, db_path: Path):
    open_database(db_path)
    for name, organisation, email in (
        ("Zoë Müller", "Zürich Re", "zoe@zurich.example"),
        ("Dana Levi", "Globex", "dana@globex.example"),
        ("Dan Shaw", "Globex", "dan@globex.example"),
    ):
        create_contact(ContactFields(name, organisation=organisation, email=email))
    close_database()
    mailbox = tmp_path / "mbox"
    mailbox.write_text("")
    netui = f"{shlex.quote(sys.executable)} -m netui --db {shlex.quote(str(db_path))}"
    muttrc = tmp_path / "muttrc"
    muttrc.write_text(
        "set mbox_type=mbox\n"
        f"set folder={tmp_path}\nset spoolfile={mailbox}\n"
        f'set query_command="{netui} query %s"\n'
        "set editor=true\nset charset=utf-8\n"
    )
    socket = f"netui-mutt-{uuid.uuid4().hex[:8]}"
    command = f"mutt -n -F {shlex.quote(str(muttrc))} -f {shlex.quote(str(mailbox))}"
    subprocess.run(
        ["tmux", "-L", socket, "new-session", "-d", "-x", "120", "-y", "30",
         "env", "TERM=xterm-256color", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "sh", "-c", command],
        check=True, timeout=30,
    )  # fmt: skip
    found = Pane(socket)
    try:
        found.wait_for("Mutt:")
        yield found
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, timeout=30)


def test_mutt_lists_what_netui_query_prints(pane: Pane) -> None:
    pane.keys("Q")
    pane.wait_for("Query:")
    pane.keys("globex", "Enter")
    shown = pane.wait_for(
        'netui: 2 addresses for "globex".', "dan@globex.example", "dana@globex.example"
    )
    rows = [line.split() for line in shown.splitlines() if "@globex.example" in line]
    assert [row[1:4] for row in rows] == [
        ["dan@globex.example", "Dan", "Shaw"],
        ["dana@globex.example", "Dana", "Levi"],
    ]
    assert all(row[-1] == "(Globex)" for row in rows)  # the third field: other information


def test_mutt_completes_an_address_at_the_to_prompt(pane: Pane) -> None:
    pane.keys("m")
    pane.wait_for("To:")
    pane.keys("muller", "C-t")  # accents folded: muller finds Müller
    pane.wait_for("To: Zoë Müller <zoe@zurich.example>")
