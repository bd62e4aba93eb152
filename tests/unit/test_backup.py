"""netui backup: SQLite's online backup, 0600, no symlinks, no silent overwrite."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from netui.cli import main
from netui.core.files import write_file
from netui.db.backup import backup_to, default_backup_path
from netui.db.contacts import ContactFields, create_contact
from netui.db.errors import StorageError


def names(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM contact ORDER BY id")]
    finally:
        conn.close()


def test_backup_is_a_consistent_private_copy(db, tmp_path):
    create_contact(ContactFields(name="Dana"))
    target = backup_to(tmp_path / "copy.db")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert names(target) == ["Dana"]
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_backup_refuses_existing_unless_told(db, tmp_path):
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    with pytest.raises(StorageError, match="already exists"):
        backup_to(target)
    assert target.read_text() == "keep me"
    target.chmod(0o644)
    backup_to(target, overwrite=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_backup_never_follows_a_symlink(db, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious")
    link = tmp_path / "link.db"
    os.symlink(victim, link)
    for overwrite in (False, True):
        with pytest.raises(StorageError, match="symbolic link"):
            backup_to(link, overwrite=overwrite)
    assert victim.read_text() == "precious"


def test_backup_refuses_the_live_database(db, db_path):
    with pytest.raises(StorageError, match="is the database itself"):
        backup_to(db_path, overwrite=True)


def test_private_text_refuses_a_fifo(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(StorageError, match="FIFO"):
        write_file(fifo, "x", force=True)


def test_default_path_is_beside_the_database_and_unused(tmp_path):
    first = default_backup_path(tmp_path / "netui.db")
    assert first.parent == tmp_path and first.name.startswith("netui-backup-")
    first.write_text("")
    assert default_backup_path(tmp_path / "netui.db") != first


def test_cli_backup(db_path, tmp_path, capsys):
    assert main(["--db", str(db_path), "add", "Dana"]) == 0
    assert main(["--db", str(db_path), "backup"]) == 0
    out = capsys.readouterr().out
    (made,) = tmp_path.glob("netui-backup-*.db")
    assert str(made) in out and names(made) == ["Dana"]
    assert main(["--db", str(db_path), "backup", str(made)]) == 1
    assert "already exists" in capsys.readouterr().err
