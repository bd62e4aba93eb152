"""Opening a PostgreSQL database: its schema version lives in a table, a newer
netui's database is refused unchanged, a read-only open cannot write."""

from __future__ import annotations

import psycopg
import pytest

from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.errors import StorageError
from netui.db.migrations import LATEST, schema_version
from netui.db.models import Contact

pytestmark = pytest.mark.pg


def test_a_new_database_gets_the_schema_and_its_version_table(pg_url):
    db = open_database(pg_url)
    assert schema_version(db) == LATEST
    close_database()
    with psycopg.connect(pg_url) as raw:
        assert raw.execute("SELECT version FROM netui_schema").fetchall() == [(LATEST,)]
        # Sort names compare byte by byte, as SQLite's do, whatever the server's locale.
        (collation,) = raw.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = 'contact' AND column_name = 'sort_name'"
        ).fetchone()
    assert collation == "C"


def test_opening_again_changes_nothing(pg_url):
    open_database(pg_url)
    create_contact(ContactFields(name="Dana Levi"))
    close_database()
    open_database(pg_url)
    assert [c.name for c in Contact.select()] == ["Dana Levi"]


def test_a_newer_netuis_database_is_refused_unchanged(pg_url):
    open_database(pg_url)
    close_database()
    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("UPDATE netui_schema SET version = %s", (LATEST + 1,))
    with pytest.raises(StorageError, match="written by a newer netui"):
        open_database(pg_url)
    with psycopg.connect(pg_url) as raw:
        assert raw.execute("SELECT version FROM netui_schema").fetchone() == (LATEST + 1,)


def test_a_read_only_open_cannot_write(pg_url):
    open_database(pg_url)
    close_database()
    open_database(pg_url, readonly=True)
    with pytest.raises(Exception, match="read-only transaction"):
        create_contact(ContactFields(name="Dana Levi"))
    close_database()
    open_database(pg_url)
    assert Contact.select().count() == 0


def test_a_setting_reads_back_as_on_a_file(pg_url):
    from netui.db.settings import get_setting, half_life_days, set_setting

    open_database(pg_url)
    try:
        assert get_setting("my_name") == ""  # a default, nothing stored
        assert half_life_days() == 365
        set_setting("my_name", "Zoë [b]Roe[/b]")
        set_setting("half_life_days", "90")
        assert get_setting("my_name") == "Zoë [b]Roe[/b]"
        assert half_life_days() == 90
    finally:
        close_database()
