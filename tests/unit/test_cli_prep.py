"""``netui prep``: names, Markdown to stdout or a private file, opening the app."""

from __future__ import annotations

import os
import stat

import pytest

from netui.cli import main
from netui.commands import prep
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.models import Meeting


@pytest.fixture
def network(db_path):
    open_database(db_path)
    create_contact(ContactFields(name="Dana Levi", organisation="Globex", role="Head of Data"))
    create_contact(ContactFields(name="Dana Cohen"))
    create_contact(ContactFields(name="[bold]Eve[/bold]", notes="x"))
    close_database()
    return db_path


def netui(db_path, *args):
    return main(["--db", str(db_path), *args])


def meetings_in(db_path) -> list[Meeting]:
    open_database(db_path)
    try:
        return list(Meeting.select().order_by(Meeting.id))
    finally:
        close_database()


def test_markdown_to_stdout_prints_a_draft_without_starting_a_worksheet(network, capsys):
    before = network.read_bytes()
    assert netui(network, "prep", "dana levi", "--markdown") == 0
    out, err = capsys.readouterr()
    assert out.startswith("# Meeting with Dana Levi\n")
    assert "## Who they are\n\nDana Levi\nHead of Data · Globex" in out
    assert err == (
        "No worksheet for Dana Levi yet; this is how one would start "
        "(netui prep 'dana levi' starts it).\n"
    )
    assert network.read_bytes() == before
    assert meetings_in(network) == []


def test_markdown_shows_brackets_as_typed(network, capsys):
    assert netui(network, "prep", "[bold]eve[/bold]", "--markdown") == 0
    out = capsys.readouterr().out
    assert out.startswith("# Meeting with \\[bold\\]Eve\\[/bold\\]\n")


def test_output_file_is_private_and_says_where(network, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert netui(network, "prep", "Dana Levi", "-o", "dana.md") == 0
    out = capsys.readouterr().out
    target = tmp_path / "dana.md"
    assert out.strip() == f"Wrote the worksheet for Dana Levi to {target.resolve()}."
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("# Meeting with Dana Levi")


def test_output_refuses_a_symlink(network, tmp_path, capsys):
    victim = tmp_path / "victim"
    victim.write_text("keep")
    link = tmp_path / "link.md"
    os.symlink(victim, link)
    assert netui(network, "prep", "Dana Levi", "--markdown", "-o", str(link)) == 1
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("netui: ") and last.endswith(
        "is a symbolic link; netui does not write through one."
    )
    assert victim.read_text() == "keep"


def test_output_into_a_missing_folder(network, tmp_path, capsys):
    assert netui(network, "prep", "Dana Levi", "-o", str(tmp_path / "nope" / "x.md")) == 1
    assert "nope does not exist." in capsys.readouterr().err


def test_ambiguous_name_lists_the_candidates(network, capsys):
    assert netui(network, "prep", "dana", "--markdown") == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        'netui: "dana" matches 2 contacts: Dana Cohen (#2), Dana Levi @ Globex (#1); '
        'pick one by its #ID, e.g. "#2".'
    )
    assert meetings_in(network) == []


def test_unknown_name_suggests_similar_ones(network, capsys):
    assert netui(network, "prep", "Dana Smith", "--markdown") == 1
    err = capsys.readouterr().err.strip()
    assert (
        err == 'netui: No contact matches "Dana Smith"; did you mean one of: Dana Cohen, Dana Levi?'
    )
    assert netui(network, "prep", "Zed") == 1
    assert capsys.readouterr().err.strip() == 'netui: No contact matches "Zed".'


def test_usage_errors_exit_2(network, capsys):
    assert netui(network, "prep") == 2
    assert "Try 'netui prep --help'" in capsys.readouterr().err
    assert netui(network, "prep", "Dana Levi", "--bogus") == 2


def test_without_markdown_opens_the_app_on_the_worksheet(network, monkeypatch, capsys):
    opened = []
    monkeypatch.setattr(
        prep, "launch", lambda path, meeting_id: opened.append((path, meeting_id)) or 0
    )
    assert netui(network, "prep", "Dana Levi") == 0
    [meeting] = meetings_in(network)
    assert opened == [(network, meeting.id)]
    assert netui(network, "prep", "Dana Levi") == 0
    assert opened[-1] == (network, meeting.id)


def test_help_lists_prep(capsys):
    assert main(["--help"]) == 0
    assert "prep" in capsys.readouterr().out
