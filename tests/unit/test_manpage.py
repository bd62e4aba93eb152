"""``netui manpage``: netui(1) made from the parser, every command in it, valid roff."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from netui.cli import full_parser, main
from netui.commands import COMMANDS
from netui.commands.manpage import manual, page


@pytest.fixture(scope="module")
def roff() -> str:
    return page()


def test_every_command_has_its_section(roff: str) -> None:
    sections = re.findall(r'^\.SS "(.*)"$', roff, re.M)
    listed = [command.name for command in COMMANDS if command.help is not None]
    assert [name.replace("\\-", "-") for name in sections] == listed
    assert "__names" not in roff  # hidden
    for command in COMMANDS:
        if command.help is not None:
            assert f"\n{command.help}\n" in roff.replace("\\-", "-")


def test_every_option_of_every_command_is_described(roff: str) -> None:
    plain = roff.replace("\\-", "-").replace("\\fB", "").replace("\\fR", "").replace("\\fI", "")
    parser = full_parser()
    for action in parser._actions:
        for option in action.option_strings:
            assert option in plain
    subparsers = next(a for a in parser._actions if a.__class__.__name__ == "LazySubcommands")
    for command in COMMANDS:
        if command.help is None:
            continue
        for action in subparsers.choices[command.name]._actions:
            for option in action.option_strings:
                assert option in plain, (command.name, option)


def test_the_page_is_the_same_every_time(roff: str) -> None:
    assert manual(full_parser()) == roff
    assert roff.startswith('.TH NETUI 1 ""')  # no date in it


def test_sections_and_escaping(roff: str) -> None:
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "ENVIRONMENT",
                    "FILES", "EXIT STATUS", "SEE ALSO"):  # fmt: skip
        assert f"\n.SH {section}\n" in roff
    assert not re.search(r"^[.'](?!TH|SH|SS|TP|PP|RS|RE|B |nf|fi)", roff, re.M)


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
def test_groff_reads_it_without_a_warning(tmp_path: Path, roff: str) -> None:
    path = tmp_path / "netui.1"
    path.write_text(roff, encoding="utf-8")
    result = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww", "-z", str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed")
def test_man_shows_it(tmp_path: Path, capsys) -> None:
    path = tmp_path / "netui.1"
    assert main(["manpage", "-o", str(path)]) == 0
    assert capsys.readouterr().out == f"Wrote {path}.\n"
    shown = subprocess.run(
        ["man", "-l", str(path)], capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"},
    ).stdout  # fmt: skip
    assert "netui - grow your professional network" in shown
    for command in COMMANDS:
        if command.help is not None:
            assert re.search(rf"^   {re.escape(command.name)}$", shown, re.M), command.name


def test_writing_where_it_cannot_is_one_sentence(tmp_path: Path, capsys) -> None:
    assert main(["manpage", "-o", str(tmp_path / "no" / "such" / "netui.1")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("netui: Cannot write ") and err.count("\n") == 1
