"""The watch on the database file: another connection's commit is noticed, once."""

from __future__ import annotations

import sqlite3

from netui.db.contacts import ContactFields, create_contact
from netui.db.watch import DataWatcher


def test_another_connections_commit_is_noticed_once(db, db_path):
    watcher = DataWatcher(db_path)
    try:
        assert not watcher.changed()  # the first look only learns the version
        assert not watcher.changed()
        create_contact(ContactFields(name="Dana Levi"))  # this process, another connection
        assert watcher.changed()
        assert not watcher.changed()
        other = sqlite3.connect(db_path)
        with other:
            other.execute("UPDATE contact SET role = 'CTO'")
        other.close()
        assert watcher.changed()
        reader = sqlite3.connect(db_path)
        reader.execute("SELECT COUNT(*) FROM contact").fetchone()  # reads change nothing
        reader.close()
        assert not watcher.changed()
    finally:
        watcher.close()
    assert not watcher.changed()  # closed: never looks again
