"""Schema 9, migrated from the shipped schema-8 file, as an SQLite file and as a
server database: every relationship is still in its member's network (``dropped``
false), and the list's order (live contacts by sort name, then id) has one index
covering it all, which replaces the (archived, sort_name) one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from netui.db.connection import close_database, open_database
from netui.db.migrations import LATEST, schema_version
from netui.db.models import Contact, database

V8 = Path(__file__).parent.parent / "data" / "netui-v8.db"
NEW_INDEX = "contact_archived_sort_name_id"
OLD_INDEX = "contact_archived_sort_name"


def check_migrated() -> None:
    assert LATEST >= 9 and schema_version(database.obj) == LATEST
    rows = database.execute_sql("SELECT dropped FROM relationship").fetchall()
    assert rows and not any(row[0] for row in rows)
    # A new relationship is in its member's network too (the column's default).
    from netui.db.contacts import ContactFields, create_contact

    new = create_contact(ContactFields(name="Zoë [/] Åberg"))
    database.execute_sql(f"DELETE FROM relationship WHERE contact_id = {new}")
    database.execute_sql(
        "INSERT INTO relationship (member_id, contact_id, closeness, shared)"
        f" VALUES (1, {new}, 3, {Contact.archived.db_value(False)!r})"
    )
    assert database.execute_sql(
        f"SELECT dropped FROM relationship WHERE contact_id = {new}"
    ).fetchone()[0] in (0, False)


def test_an_sqlite_file_at_schema_8_is_migrated(tmp_path):
    path = tmp_path / "v8.db"
    shutil.copyfile(V8, path)
    open_database(path)
    try:
        check_migrated()
        indexes = {row[1] for row in database.execute_sql("PRAGMA index_list(contact)")}
        assert NEW_INDEX in indexes and OLD_INDEX not in indexes
        columns = [row[2] for row in database.execute_sql(f"PRAGMA index_info({NEW_INDEX})")]
        assert columns == ["archived", "sort_name", "id"]
        from netui.db.contacts import in_scope

        # ordered_contact_ids' query (netui.db.contact_order), read in index order.
        query = Contact.select(Contact.id).where(in_scope())
        sql, params = query.order_by(Contact.sort_name, Contact.id).sql()
        plan = " ".join(
            str(row[-1]) for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)
        )
        assert f"COVERING INDEX {NEW_INDEX}" in plan and "TEMP B-TREE" not in plan
        assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        close_database()


@pytest.mark.pg
def test_a_server_database_at_schema_8_is_migrated(pg_url):
    from tests.unit.test_db_migrations_postgres import copy_to_server

    assert copy_to_server(V8, pg_url) == 8
    open_database(pg_url)
    try:
        check_migrated()
        indexes = dict(
            database.execute_sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'contact'"
            ).fetchall()
        )
        assert OLD_INDEX not in indexes
        assert indexes[NEW_INDEX].endswith("(archived, sort_name, id)")
    finally:
        close_database()
