"""Without a terminal, `netui` and `netui prep NAME` refuse in one sentence and write nothing."""

from __future__ import annotations

import subprocess
import sys

import netui.commands
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.models import Meeting

REAL_CHECK = netui.commands.require_terminal


def run(*args: str, db) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "netui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_the_app_needs_a_terminal(tmp_path):
    result = run(db=tmp_path / "netui.db")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "netui: netui opens a full-screen app and needs a terminal; from a script, use a "
        "subcommand such as 'netui meter --json'.\n"
    )


def test_prep_without_a_terminal_creates_no_worksheet(tmp_path):
    db = tmp_path / "netui.db"
    open_database(db)
    create_contact(ContactFields(name="Dana Levi"))
    close_database()
    result = run("prep", "Dana", db=db)
    assert result.returncode == 1
    assert "needs a terminal" in result.stderr
    open_database(db)
    assert Meeting.select().count() == 0
    close_database()


def test_markdown_needs_no_terminal(tmp_path):
    db = tmp_path / "netui.db"
    open_database(db)
    create_contact(ContactFields(name="Dana Levi"))
    close_database()
    result = run("prep", "Dana", "--markdown", db=db)
    assert result.returncode == 0
    assert result.stdout.startswith("#")


def test_the_check_itself(monkeypatch):
    class Pipe:
        def isatty(self) -> bool:
            return False

    monkeypatch.setattr(sys, "stdin", Pipe())
    try:
        REAL_CHECK()
    except netui.commands.CommandError as error:
        assert "needs a terminal" in str(error)
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("require_terminal accepted a pipe")
