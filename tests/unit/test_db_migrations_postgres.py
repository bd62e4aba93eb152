"""Every migration step runs on PostgreSQL too: a server database at schema 1 to 7
(the shipped SQLite fixtures' schema and rows, said in PostgreSQL's words, as an
older netui on a server had them) is migrated by opening it, and holds what the same
fixture migrated as an SQLite file holds."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import psycopg
import pytest

from netui.db.connection import close_database, open_database
from netui.db.members import add_member, choose_member
from netui.db.migrations import LATEST, schema_version
from netui.db.models import database
from netui.db.search_snapshots import COUNTER_TABLE, PAIRS_TABLE, SNAPSHOT_TABLE

pytestmark = pytest.mark.pg

DATA = Path(__file__).parent.parent / "data"
#: Tables a server never has.
SQLITE_ONLY = (COUNTER_TABLE, SNAPSHOT_TABLE, PAIRS_TABLE)
#: Columns that are flags (booleans on PostgreSQL, 0/1 in SQLite).
FLAGS = ("second_degree", "archived", "done", "cancelled", "active", "shared", "dropped")


def _server_sql(statement: str) -> str:
    statement = statement.replace('"id" INTEGER NOT NULL PRIMARY KEY', '"id" SERIAL PRIMARY KEY')
    statement = statement.replace("DATETIME", "TIMESTAMP")
    for flag in FLAGS:
        statement = re.sub(
            rf'"{flag}" INTEGER NOT NULL( DEFAULT 0)?',
            lambda m, f=flag: f'"{f}" BOOLEAN NOT NULL' + (" DEFAULT false" if m[1] else ""),
            statement,
        )
    return statement


def copy_to_server(fixture: Path, url: str) -> int:
    """The fixture's schema and rows in the server database at ``url``, with its schema
    version in ``netui_schema``; the version."""
    source = sqlite3.connect(f"file:{fixture}?mode=ro", uri=True)
    version = source.execute("PRAGMA user_version").fetchone()[0]
    schema = source.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        " AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index', rowid"
    ).fetchall()
    # The search index's tables and triggers are SQLite's only (netui.db.search_snapshots):
    # a server at that schema never had them.
    schema = [
        row for row in schema if row[2] not in SQLITE_ONLY and COUNTER_TABLE not in row[3]
    ]
    with psycopg.connect(url, autocommit=True) as server, server.transaction():
        server.execute("SET CONSTRAINTS ALL DEFERRED")
        for _kind, _name, _table, sql in schema:
            server.execute(_server_sql(sql))
        tables = [name for kind, name, _t, _s in schema if kind == "table"]
        for table in tables:
            server.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER ALL')
        for table in tables:
            cursor = source.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            flags = [i for i, n in enumerate(names) if n in FLAGS]
            rows = [
                tuple(bool(v) if i in flags and v is not None else v for i, v in enumerate(row))
                for row in cursor.fetchall()
            ]
            if rows:
                columns = ", ".join(f'"{n}"' for n in names)
                marks = ", ".join(["%s"] * len(names))
                with server.cursor() as insert:
                    insert.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)
            if "id" in names:
                server.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                    f' (SELECT coalesce(max(id), 0) + 1 FROM "{table}"), false)'
                )
        for table in tables:
            server.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER ALL')
        server.execute("CREATE TABLE netui_schema (version INTEGER NOT NULL)")
        server.execute("INSERT INTO netui_schema (version) VALUES (%s)", (version,))
    source.close()
    return version


#: What a migrated database holds, the same on both backends.
READ = {
    "contacts": "SELECT id, name, organisation, uid IS NOT NULL, sort_name <> '' FROM contact",
    "relationships": "SELECT member_id, contact_id, closeness, cadence_days FROM relationship",
    "members": "SELECT id, name FROM member",
    "ledger": "SELECT id, member_id, contact_id, value, note, shared FROM exchange",
    "meetings": "SELECT id, member_id, purpose, shared FROM meeting",
    "goals": "SELECT id, member_id, title, active FROM goal",
    "tags": "SELECT id, name, key FROM tag",
    "contact_tags": "SELECT contact_id, tag_id, kind FROM contact_tag",
    "ties": "SELECT a_id, b_id, strength FROM tie",
    "private_notes": "SELECT member_id, contact_id, text FROM private_note",
    "undo": "SELECT id, member_id, description FROM undo_step",
}


def read_all() -> dict[str, list[tuple]]:
    return {
        what: sorted(
            tuple(bool(v) if isinstance(v, bool) else v for v in row)
            for row in database.execute_sql(sql).fetchall()
        )
        for what, sql in READ.items()
        if what != "undo" or database.table_exists("undo_step")
    }


@pytest.mark.parametrize("version", range(1, LATEST))
def test_a_server_database_at_every_older_schema_is_migrated_like_a_file(version, pg_url, tmp_path):
    fixture = DATA / f"netui-v{version}.db"
    file_copy = tmp_path / fixture.name
    shutil.copyfile(fixture, file_copy)
    assert copy_to_server(fixture, pg_url) == version

    open_database(file_copy)
    on_file = read_all()
    close_database()
    db = open_database(pg_url)
    try:
        assert schema_version(db) == LATEST
        on_server = read_all()
        # SQLite keeps flags as 0/1.
        for what in ("ledger", "meetings", "goals"):
            on_file[what] = [(*row[:-1], bool(row[-1])) for row in on_file[what]]
        assert on_server == on_file
        assert on_server["contacts"] and on_server["relationships"] and on_server["ledger"]
        # New rows get ids after the old ones (the sequences count on), as members
        # are added and contacts written.
        from netui.db.contacts import ContactFields, create_contact
        from netui.db.ledger import log_exchange

        bea = add_member("Bea Migrated")
        assert bea > max(member_id for member_id, _ in on_server["members"])
        choose_member("Bea Migrated")
        dana = create_contact(ContactFields(name="Dana New"))
        assert dana > max(row[0] for row in on_server["contacts"])
        log_exchange(dana, "gave", "knowledge", 3)
    finally:
        choose_member(None)
        close_database()


def test_a_long_server_upgrade_says_it_is_one_transaction_not_a_backup(
    pg_url, capsys, monkeypatch
):
    """A server keeps no file beside it: the progress line never says "a backup is in
    None"."""
    from netui.db import migration_steps
    from netui.locations import ServerURL

    monkeypatch.setattr(migration_steps, "PROGRESS_FROM", 1)
    assert copy_to_server(DATA / "netui-v7.db", pg_url) == 7
    open_database(ServerURL(pg_url))
    close_database()
    said = capsys.readouterr().err
    assert "upgrading" in said and "None" not in said
    assert "in one transaction: nothing changes unless it all does" in said
