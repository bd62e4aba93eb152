"""netui.core.files: the one way netui writes a file (issue 12)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from netui.core.database_guard import backups_beside, guard_database
from netui.core.files import TargetExistsError, WriteRefusedError, check_target, write_file
from netui.db.errors import StorageError


def mode(path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_new_file_is_written_whole_and_private(tmp_path):
    os.umask(0o022)
    target = write_file(tmp_path / "out.json", "{}\n")
    assert target == tmp_path / "out.json"
    assert target.read_text() == "{}\n" and mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary left


def test_bytes_and_a_filling_function(tmp_path):
    write_file(tmp_path / "a.bin", b"\x00\xff")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\xff"

    def fill(temp):
        assert temp.parent == tmp_path and temp.name.startswith(".b.bin.")
        temp.write_text("filled")

    write_file(tmp_path / "b.bin", fill)
    assert (tmp_path / "b.bin").read_text() == "filled"


def test_an_existing_file_needs_force_and_is_made_private(tmp_path):
    target = tmp_path / "keep.json"
    target.write_text("old")
    target.chmod(0o644)
    with pytest.raises(TargetExistsError, match="already exists; pass --force"):
        write_file(target, "new")
    assert target.read_text() == "old"
    write_file(target, "new", force=True)
    assert target.read_text() == "new" and mode(target) == 0o600


def test_a_failing_fill_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "keep.json"
    target.write_text("old")

    def fail(temp):
        temp.write_text("half of a fi")
        raise OSError(28, "No space left on device")

    with pytest.raises(StorageError) as error:
        write_file(target, fail, force=True)
    assert (
        str(error.value)
        == f"The disk is full: {target} was not written; the old keep.json is unchanged."
    )
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.json"]


def test_symlinks_are_refused_live_or_dangling(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious")
    for name, to in (("live.md", victim), ("dangling.md", tmp_path / "nowhere")):
        link = tmp_path / name
        link.symlink_to(to)
        for force in (False, True):
            with pytest.raises(WriteRefusedError, match="symbolic link"):
                write_file(link, "x", force=force)
    assert victim.read_text() == "precious"
    assert not (tmp_path / "nowhere").exists()


def test_follow_symlink_rewrites_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text('theme = "nord"\n')
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    write_file(link, 'theme = "gruvbox"\n', force=True, follow_symlink=True)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == 'theme = "gruvbox"\n' and mode(real) == 0o600


def test_a_fifo_is_refused_without_blocking(tmp_path):
    """Finding 1: a FIFO as -o blocked for ever (the target was opened for writing).
    The writer never opens the target; run in a child so a regression cannot hang."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    script = (
        "import sys; from netui.core.files import write_file\n"
        "try:\n    write_file(sys.argv[1], 'x', force=True)\n"
        "except Exception as e:\n    print(e)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(fifo)], capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip() == f"{fifo} is a FIFO (named pipe); netui writes only files."
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_devices_and_folders_are_refused(tmp_path):
    with pytest.raises(WriteRefusedError, match="is a device"):
        write_file("/dev/null", "x", force=True)
    with pytest.raises(WriteRefusedError, match="is a folder"):
        write_file(tmp_path, "x", force=True)
    with pytest.raises(WriteRefusedError, match="does not exist"):
        write_file(tmp_path / "no" / "x.md", "x")


@pytest.fixture
def guarded(tmp_path):
    db = tmp_path / "nets.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"nets.db{suffix}").write_bytes(b"side")
    guard_database(db)
    return db


@pytest.mark.parametrize("name", ["nets.db", "nets.db-wal", "nets.db-shm", "nets.db-journal"])
def test_the_database_and_its_side_files_are_never_written(guarded, name):
    target = guarded.parent / name
    before = target.read_bytes() if target.exists() else None
    for database in (False, True):
        with pytest.raises(WriteRefusedError, match="netui never writes over it"):
            write_file(target, "x", force=True, database=database)
    assert (target.read_bytes() if target.exists() else None) == before


def test_the_database_under_another_name_is_caught(guarded, tmp_path):
    """Another spelling of the path, a symlinked folder, and a hard link (same inode)."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path)
    hard = tmp_path / "sub" / "hard.json"
    os.link(guarded, hard)
    for spelling in (
        tmp_path / "sub" / ".." / "nets.db",
        tmp_path / "alias" / "nets.db",
        hard,
    ):
        with pytest.raises(WriteRefusedError, match="is the database itself"):
            write_file(spelling, "x", force=True, database=True)
    assert guarded.read_bytes().startswith(b"SQLite format 3")


def test_backups_beside_the_database_take_only_a_newer_backup(guarded, tmp_path):
    migration = tmp_path / "nets.db.v1-20250101-120000.bak"
    plain = tmp_path / "nets-backup-20250101-120000.db"
    for backup in (migration, plain):
        backup.write_bytes(b"SQLite format 3\x00backup")
    assert backups_beside(guarded) != []
    for backup in (migration, plain):
        with pytest.raises(WriteRefusedError, match="backup"):
            write_file(backup, "an export", force=True)
        with pytest.raises(TargetExistsError):
            write_file(backup, b"SQLite format 3\x00newer", database=True)
        assert backup.read_bytes() == b"SQLite format 3\x00backup"
    write_file(plain, b"SQLite format 3\x00newer", database=True, force=True)
    assert plain.read_bytes() == b"SQLite format 3\x00newer"


def test_no_export_over_any_sqlite_file_or_bak(tmp_path):
    other = tmp_path / "someone-elses.sqlite"
    other.write_bytes(b"SQLite format 3\x00data")
    with pytest.raises(WriteRefusedError, match="is an SQLite database"):
        write_file(other, "{}", force=True)
    anywhere = tmp_path / "old-notes.bak"
    anywhere.write_text("notes")
    with pytest.raises(WriteRefusedError, match=r"is a backup \(\.bak\)"):
        write_file(anywhere, "{}", force=True)
    assert other.read_bytes() == b"SQLite format 3\x00data" and anywhere.read_text() == "notes"


def test_a_read_only_file_is_not_replaced(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may write any file; tests/hardening runs this as another user")
    target = tmp_path / "locked.md"
    target.write_text("keep")
    target.chmod(0o444)
    with pytest.raises(WriteRefusedError, match="read-only"):
        write_file(target, "x", force=True)


def test_temporaries_of_a_killed_writer_are_cleaned_up_later(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    stale = tmp_path / f".out.md.{int(dead.stdout)}.0badc0de.tmp"
    stale.write_text("half")
    mine = tmp_path / f".out.md.{os.getpid()}.0badc0de.tmp"  # this process: still writing
    mine.write_text("busy")
    write_file(tmp_path / "out.md", "whole")
    assert not stale.exists() and mine.exists()


def test_check_target_refuses_before_any_work(tmp_path):
    existing = tmp_path / "x.json"
    existing.write_text("{}")
    with pytest.raises(TargetExistsError):
        check_target(existing)
    assert check_target(existing, force=True) == existing
    assert check_target(tmp_path / "new.json") == tmp_path / "new.json"


def test_a_folder_that_is_not_one(tmp_path):
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    with pytest.raises(WriteRefusedError, match="dangling does not exist"):
        write_file(tmp_path / "dangling" / "x.md", "x")
    (tmp_path / "file").write_text("")
    with pytest.raises(WriteRefusedError, match="file is not a folder"):
        write_file(tmp_path / "file" / "x.md", "x")
