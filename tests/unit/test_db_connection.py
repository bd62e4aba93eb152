"""open_database: location, permissions and pragmas, on real files."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from netui import paths
from netui.db.connection import PRAGMAS, close_database, open_database
from netui.db.errors import StorageError
from netui.db.models import Contact, database


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_wal_foreign_keys_and_busy_timeout(db):
    assert db.pragma("journal_mode") == "wal"
    assert db.pragma("foreign_keys") == 1
    assert db.pragma("busy_timeout") == PRAGMAS["busy_timeout"]
    assert PRAGMAS["busy_timeout"] >= 1000


def test_wal_is_recorded_in_the_file(db, db_path):
    db.close()
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_pragmas_apply_to_every_new_connection(db):
    db.close()
    db.connect()
    assert db.pragma("foreign_keys") == 1
    seen: dict[str, object] = {}

    def in_worker() -> None:
        # Peewee keeps one connection per thread, as a Textual thread worker would get.
        with db.connection_context():
            seen["foreign_keys"] = db.pragma("foreign_keys")
            seen["busy_timeout"] = db.pragma("busy_timeout")
            seen["contacts"] = Contact.select().count()

    worker = threading.Thread(target=in_worker)
    worker.start()
    worker.join()
    assert seen == {"foreign_keys": 1, "busy_timeout": PRAGMAS["busy_timeout"], "contacts": 0}


def test_models_are_bound_to_the_opened_file(db, db_path):
    assert database.obj is db
    Contact.create(name="Dana")
    db.close()
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("SELECT name FROM contact").fetchall() == [("Dana",)]
    finally:
        raw.close()


def test_folder_is_created_0700_and_file_0600(tmp_path):
    path = tmp_path / "deep" / "data" / "netui" / "netui.db"
    db = open_database(path)
    try:
        Contact.create(name="Dana")  # makes SQLite write the -wal file too
        assert mode(path.parent) == 0o700
        assert mode(path) == 0o600
        wal = path.with_name("netui.db-wal")
        assert wal.exists()
        assert mode(wal) == 0o600
    finally:
        db.close()


def test_file_created_private_even_with_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        path = tmp_path / "new" / "netui.db"
        open_database(path).close()
    finally:
        os.umask(old)
    assert mode(path.parent) == 0o700
    assert mode(path) == 0o600


def test_existing_file_is_opened_and_keeps_its_data(db_path):
    db = open_database(db_path)
    Contact.create(name="Dana")
    db.close()
    db = open_database(db_path)
    try:
        assert [c.name for c in Contact.select()] == ["Dana"]
    finally:
        db.close()


def test_a_folder_is_not_a_database_file(tmp_path):
    folder = tmp_path / "netui.db"
    folder.mkdir()
    with pytest.raises(StorageError, match="folder"):
        open_database(folder)


def test_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StorageError, match="not-a-folder is not a folder"):
        open_database(blocker / "netui.db")
    assert blocker.read_text() == "a file where the folder should be"


def test_tilde_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    open_database("~/netui-home.db").close()
    assert (tmp_path / "netui-home.db").is_file()


def test_close_database_closes_this_threads_connection(db):
    assert not db.is_closed()
    close_database()
    assert db.is_closed()
    close_database()  # closing twice is harmless


def test_default_path_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.DB_ENV, str(tmp_path / "elsewhere.db"))
    assert paths.default_db_path() == tmp_path / "elsewhere.db"
    monkeypatch.delenv(paths.DB_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.default_db_path() == tmp_path / "xdg" / "netui" / "netui.db"
    assert paths.demo_db_path() == tmp_path / "xdg" / "netui" / "demo.db"
    assert not (tmp_path / "xdg").exists()  # nothing is created just by asking
