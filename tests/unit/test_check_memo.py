"""A reading command (``netui meter``) checks a file once while it stays as it is: the
quick_check is skipped when nothing changed since one passed, and runs again after
any write, or damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from netui.cli import main
from netui.db import background_check, check_memo
from tests.hardening.test_storage import people, scramble_a_page


@pytest.fixture
def checks(monkeypatch) -> list[Path]:
    """Every quick_check a reading command runs beside its reading."""
    seen: list[Path] = []
    run = background_check.check_problem

    def counted(connection, *args, **kwargs):
        seen.append(Path(connection.execute("PRAGMA database_list").fetchone()[2]))
        return run(connection, *args, **kwargs)

    monkeypatch.setattr(background_check, "check_problem", counted)
    return seen


def meter(db: Path, capsys) -> tuple[int, str, str]:
    code = main(["--db", str(db), "meter", "--json"])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_unchanged_file_is_checked_once(tmp_path, capsys, checks):
    db = people(tmp_path / "my.db", "Dana Levi", "Avi Cohen")
    first = meter(db, capsys)
    assert first[0] == 0 and len(checks) == 1
    assert meter(db, capsys) == first and len(checks) == 1  # the same file: not again
    assert main(["--db", str(db), "add", "Noa Bar"]) == 0  # a write: checked again
    capsys.readouterr()
    code, out, _ = meter(db, capsys)
    assert code == 0 and "Noa Bar" in out and len(checks) == 2
    assert check_memo.passed_as_is(db)


def test_damage_after_a_passing_check_is_still_found(tmp_path, capsys, checks):
    db = people(tmp_path / "my.db", *(f"Person {n}" for n in range(300)), notes="x" * 200)
    assert meter(db, capsys)[0] == 0
    scramble_a_page(db)
    code, out, err = meter(db, capsys)
    assert (code, out) == (1, "")
    assert err.startswith(f"netui: {db} is damaged: SQLite's check failed")
    assert not check_memo.passed_as_is(db)
    assert meter(db, capsys)[0] == 1  # and again: a failed check is never remembered


def test_an_unreadable_memo_is_ignored(tmp_path, capsys, checks):
    db = people(tmp_path / "my.db", "Dana Levi")
    assert meter(db, capsys)[0] == 0
    check_memo._memo_path().write_text("{not json", encoding="utf-8")
    assert meter(db, capsys)[0] == 0 and len(checks) == 2


READING_COMMANDS = [
    ["meter", "--json"],
    ["query", "person"],
    ["list", "person"],
    ["show", "Person 7"],
    ["brokers", "Person 7"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda c: c[0])
def test_every_reading_command_checks_beside_once_and_names_damage(
    tmp_path, capsys, checks, command
):
    """``query`` (asked by a mail client for each address), ``list``, ``show`` and
    ``brokers`` check the file beside their reading, as ``meter`` does: once while it
    stays as it is, and a damaged file is named with nothing printed from it."""
    db = people(tmp_path / "my.db", *(f"Person {n}" for n in range(300)), notes="x" * 200)
    assert main(["--db", str(db), *command]) == 0
    first = capsys.readouterr().out
    assert first and len(checks) == 1
    assert main(["--db", str(db), *command]) == 0
    assert capsys.readouterr().out == first and len(checks) == 1  # unchanged: not again
    scramble_a_page(db)
    assert main(["--db", str(db), *command]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"netui: {db} is damaged: SQLite's check failed"), err
