"""The watch on the database: another connection's commit is noticed, once (on an
SQLite file: ``PRAGMA data_version``; on PostgreSQL: the server's snapshot)."""

from __future__ import annotations

import pytest

from netui.db.contacts import ContactFields, create_contact
from netui.db.watch import DataWatcher
from tests.postgres_server import raw_connect

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def test_another_connections_commit_is_noticed_once(db, db_location):
    watcher = DataWatcher(db_location)
    try:
        assert not watcher.changed()  # the first look only learns the version
        assert not watcher.changed()
        create_contact(ContactFields(name="Dana Levi"))  # this process, another connection
        assert watcher.changed()
        assert not watcher.changed()
        other = raw_connect(db_location)  # another window, the command line, psql
        other.execute("UPDATE contact SET role = 'CTO'")
        other.close()
        assert watcher.changed()
        reader = raw_connect(db_location)
        reader.execute("SELECT COUNT(*) FROM contact").fetchone()  # reads change nothing
        reader.close()
        assert not watcher.changed()
    finally:
        watcher.close()
    assert not watcher.changed()  # closed: never looks again
