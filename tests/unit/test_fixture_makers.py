"""The makers of the frozen fixture files can be run again after netui moved on:
``tests/data/make_v7_db.py`` writes a schema-7 file with netui's code of the last
schema-7 commit (exported with ``git archive``), which today's netui migrates."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from netui.db.connection import close_database, open_database

DATA = Path(__file__).parent.parent / "data"


def _has_commit(commit: str) -> bool:
    found = subprocess.run(
        ["git", "-C", str(DATA), "cat-file", "-e", f"{commit}^{{commit}}"],
        capture_output=True, check=False,
    )  # fmt: skip
    return found.returncode == 0


def _v7_commit() -> str:
    for line in (DATA / "make_v7_db.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("V7_COMMIT = "):
            return line.split('"')[1]
    raise AssertionError("make_v7_db.py names no V7_COMMIT")


def test_make_v7_db_runs_again_and_its_file_migrates(tmp_path):
    commit = _v7_commit()
    if not _has_commit(commit):
        pytest.skip(f"this checkout has no commit {commit} (a shallow clone)")
    out = tmp_path / "v7.db"
    made = subprocess.run(
        [sys.executable, str(DATA / "make_v7_db.py"), str(out)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip().startswith(f"wrote {out}")
    import sqlite3

    raw = sqlite3.connect(out)
    try:
        assert raw.execute("PRAGMA user_version").fetchone() == (7,)
        assert raw.execute(
            "SELECT private_notes FROM relationship WHERE private_notes <> ''"
        ).fetchall() == [("Owes me a call about the patent; ask in May.",)]
    finally:
        raw.close()
    db = open_database(out)  # today's netui migrates it
    try:
        notes = db.execute_sql("SELECT text FROM private_note").fetchall()
        assert notes == [("Owes me a call about the patent; ask in May.",)]
    finally:
        close_database()
