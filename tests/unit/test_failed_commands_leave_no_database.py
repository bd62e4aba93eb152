"""A command that fails leaves no database behind where there was none: the user
named no file, and a later `netui list` would say "No contacts yet" instead of
"There is no netui database" (found trying netui as a new user)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netui.cli import main


@pytest.mark.parametrize(
    "command",
    [
        ["set", "half-life", "banana"],
        ["set", "nokey", "1"],
        ["import", "json", "/nonexistent/netui.json"],
    ],
)
def test_a_failed_command_takes_back_the_new_database_and_its_folders(
    tmp_path: Path, capsys, command: list[str]
):
    path = tmp_path / "new" / "deeper" / "netui.db"
    assert main(["--db", str(path), *command]) == 1
    assert capsys.readouterr().err.count("\n") == 1  # one sentence
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []  # nor the folders made for it


def test_a_failed_command_leaves_an_existing_database_as_it_was(tmp_path: Path, capsys):
    path = tmp_path / "netui.db"
    assert main(["--db", str(path), "add", "Dana Levi"]) == 0
    assert main(["--db", str(path), "set", "half-life", "banana"]) == 1
    assert path.exists()
    capsys.readouterr()
    assert main(["--db", str(path), "list"]) == 0
    assert "Dana Levi" in capsys.readouterr().out
