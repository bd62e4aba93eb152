"""Schema versions: a real version-1 file is migrated, backed up and left intact."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from netui.core.folding import fold
from netui.db import migrations
from netui.db.connection import close_database, open_database
from netui.db.contacts import get_contact, sort_key_for
from netui.db.errors import NewerSchemaError, NotNetuiDatabaseError
from netui.db.migration_steps import STEPS
from netui.db.migrations import LATEST
from netui.db.models import (
    HISTORY_MODELS,
    LOCAL_MODELS,
    MODELS,
    Contact,
    Exchange,
    GoodTag,
    Tag,
    Tie,
)
from netui.db.names import resolve_name
from netui.db.search import list_contact_ids
from netui.db.search_snapshots import COUNTER_TABLE, PAIRS_TABLE, SNAPSHOT_TABLE

V1_FIXTURE = Path(__file__).parent.parent / "data" / "netui-v1.db"
V1_TABLES = (
    "contact", "tag", "contact_tag", "tie", "introduction", "meeting", "exchange",
    "good", "good_tag", "goal", "goal_tag", "goal_contact", "setting",
)  # fmt: skip


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def user_version(path: Path) -> int:
    conn = raw(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def dump_rows(path: Path, columns_of: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of every table, restricted to the given (version 1) columns."""
    conn = raw(path)
    try:
        return {
            table: conn.execute(
                f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY rowid'
            ).fetchall()
            for table, columns in columns_of.items()
        }
    finally:
        conn.close()


def v1_columns() -> dict[str, list[str]]:
    conn = raw(V1_FIXTURE)
    try:
        return {
            table: [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            for table in V1_TABLES
        }
    finally:
        conn.close()


def schema_shape(path: Path) -> dict[str, object]:
    """Tables with their columns, foreign keys and indexes, ignoring DDL formatting."""
    conn = raw(path)
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        shape: dict[str, object] = {}
        for table in tables:
            columns = [
                (name, kind, notnull, pk)
                for _, name, kind, notnull, _, pk in conn.execute(f'PRAGMA table_info("{table}")')
            ]
            fks = sorted(
                (row[2], row[3], row[4], row[6])
                for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')
            )
            indexes = sorted(
                (
                    name,
                    unique,
                    tuple(c[2] for c in conn.execute(f'PRAGMA index_info("{name}")')),
                )
                for _, name, unique, origin, _ in conn.execute(f'PRAGMA index_list("{table}")')
                if origin == "c"
            )
            shape[table] = {"columns": columns, "foreign_keys": fks, "indexes": indexes}
        return shape
    finally:
        conn.close()


@pytest.fixture
def v1_path(tmp_path: Path) -> Path:
    path = tmp_path / "netui.db"
    shutil.copyfile(V1_FIXTURE, path)
    return path


@pytest.fixture
def v1_rows() -> dict[str, list[tuple]]:
    return dump_rows(V1_FIXTURE, v1_columns())


@pytest.fixture
def migrated(v1_path: Path):
    db = open_database(v1_path)
    yield db
    db.close()


# --- the fixture itself ------------------------------------------------------------------


def test_fixture_is_a_version_1_file_with_data_everywhere(v1_rows):
    assert user_version(V1_FIXTURE) == 1
    assert "sort_name" not in v1_columns()["contact"]
    assert "search_text" not in v1_columns()["contact"]
    assert {table for table, rows in v1_rows.items() if not rows} == set()
    later = {"touch", "snooze"}  # added by schema 5
    later |= {"member", "relationship"}  # added by schema 7
    later |= {"private_note"}  # added by schema 8
    assert {model._meta.table_name for model in MODELS} == set(V1_TABLES) | later
    assert not V1_FIXTURE.with_name("netui-v1.db-wal").exists()


def test_steps_cover_every_version():
    assert set(STEPS) == set(range(2, LATEST + 1))
    assert LATEST >= 2


# --- migrating version 1 ----------------------------------------------------------------


def test_v1_is_migrated_to_latest(migrated, v1_path):
    assert migrations.schema_version(migrated) == LATEST
    migrated.close()
    assert user_version(v1_path) == LATEST


def test_migrated_schema_equals_a_fresh_one(migrated, v1_path, tmp_path):
    migrated.close()
    fresh = tmp_path / "fresh" / "netui.db"
    open_database(fresh).close()
    assert schema_shape(v1_path) == schema_shape(fresh)


def test_backup_is_made_beside_the_file_and_is_the_old_version(migrated, v1_path, v1_rows):
    backups = sorted(v1_path.parent.glob("netui.db.v1-*.bak"))
    assert len(backups) == 1
    backup = backups[0]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert user_version(backup) == 1
    assert dump_rows(backup, v1_columns()) == v1_rows
    conn = raw(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


#: Columns that moved in schema 7: a contact's closeness and cadence are now the
#: file's one member's relationship with them.
MOVED = ("closeness", "cadence_days")


def test_every_row_survives(migrated, v1_path, v1_rows):
    migrated.close()
    columns = v1_columns()
    columns["contact"] = [c for c in columns["contact"] if c not in MOVED]
    at = [v1_columns()["contact"].index(c) for c in columns["contact"]]
    expected = dict(v1_rows, contact=[tuple(row[i] for i in at) for row in v1_rows["contact"]])
    assert dump_rows(v1_path, columns) == expected


def test_closeness_and_cadence_become_the_one_members_relationships(migrated, v1_path, v1_rows):
    migrated.close()
    old = v1_columns()["contact"]
    keep = [old.index("id"), old.index("closeness"), old.index("cadence_days")]
    conn = raw(v1_path)
    try:
        members = conn.execute("SELECT id, name, db_role FROM member").fetchall()
        moved = conn.execute(
            "SELECT contact_id, closeness, cadence_days FROM relationship"
            " WHERE member_id = ? ORDER BY contact_id",
            (members[0][0],),
        ).fetchall()
        mine = conn.execute("SELECT DISTINCT member_id FROM exchange").fetchall()
    finally:
        conn.close()
    assert len(members) == 1 and members[0][2] == ""
    assert moved == [tuple(row[i] for i in keep) for row in v1_rows["contact"]]
    assert mine == [(members[0][0],)]


def test_ties_and_exchanges_are_not_cascaded_away(migrated, v1_rows):
    # Migration step 2 rebuilds the contact table; with foreign keys on, SQLite would
    # delete every row that references a contact.
    assert Tie.select().count() == len(v1_rows["tie"]) > 0
    assert Exchange.select().count() == len(v1_rows["exchange"]) > 0


def test_foreign_keys_still_hold_and_are_enforced(migrated):
    assert migrated.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert migrated.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert migrated.pragma("foreign_keys") == 1
    with pytest.raises(Exception, match="FOREIGN KEY"):
        Exchange.create(contact=9999, direction="gave", currency="other", value=1)


def test_deleting_a_contact_still_cascades(migrated):
    dana = Contact.get(Contact.name == "Dana Whitfield")
    assert Tie.select().where((Tie.a == dana.id) | (Tie.b == dana.id)).count() == 2
    dana.delete_instance()
    assert Tie.select().where((Tie.a == dana.id) | (Tie.b == dana.id)).count() == 0
    assert Exchange.select().where(Exchange.contact == dana.id).count() == 0


def test_sort_name_and_search_text_are_backfilled(migrated):
    for contact in Contact.select():
        assert contact.sort_name == sort_key_for(contact.name)
        assert fold(contact.name) in contact.search_text
    dana = Contact.get(Contact.name == "Dana Whitfield")
    for needle in ("northwind labs", "vp engineering", "python", "platform engineering",
                   "sailing", "dana@northwind.example"):  # fmt: skip
        assert needle in dana.search_text


def test_search_works_on_migrated_data(migrated):
    ids = {c.name: c.id for c in Contact.select()}
    # by tag (any kind: tag, expertise or interest)
    assert set(list_contact_ids("fintech")) == {
        ids["Élodie Martin"], ids["יעל כהן"], ids["Marcus Oyelaran"]
    }
    assert list_contact_ids("sailing") == [ids["Dana Whitfield"]]
    # by organisation
    assert list_contact_ids("northwind") == [ids["Dana Whitfield"]]
    assert list_contact_ids("BANQUE lumière") == [ids["Élodie Martin"]]
    assert list_contact_ids("אור") == [ids["יעל כהן"]]
    # archived contacts stay hidden after the migration
    assert list_contact_ids("initech") == []
    assert resolve_name("[bold]eve[/bold]") == (ids["[bold]Eve[/bold]"], "[bold]Eve[/bold]")


def test_migrated_contact_reads_back_whole(migrated):
    dana_id = Contact.get(Contact.name == "Dana Whitfield").id
    detail = get_contact(dana_id)
    assert detail.fields.tags == ("python", "hiring")
    assert detail.fields.expertise == ("platform engineering",)
    assert detail.fields.interests == ("sailing",)
    assert detail.fields.cadence_days == 30
    assert detail.last_contact is not None
    assert detail.last_contact.isoformat() == "2024-05-14"


def test_opening_again_makes_no_second_backup(migrated, v1_path):
    migrated.close()
    open_database(v1_path).close()
    open_database(v1_path).close()
    assert len(list(v1_path.parent.glob("*.bak"))) == 1
    assert user_version(v1_path) == LATEST


def test_failed_step_leaves_the_file_at_its_old_version(v1_path, v1_rows, monkeypatch):
    real_step = STEPS[2]

    def failing_step(migrator, db):
        real_step(migrator, db)  # does all the real work, then fails
        raise RuntimeError("step failed half-way")

    monkeypatch.setitem(STEPS, 2, failing_step)
    with pytest.raises(RuntimeError, match="half-way"):
        open_database(v1_path)
    close_database()
    assert user_version(v1_path) == 1
    assert dump_rows(v1_path, v1_columns()) == v1_rows
    assert schema_shape(v1_path)["contact"]["columns"] == schema_shape(V1_FIXTURE)["contact"][
        "columns"
    ]


# --- refusals ----------------------------------------------------------------------------


def _make_sqlite_file(path: Path, journal_mode: str, *, user_version: int = 0) -> bytes:
    conn = sqlite3.connect(path)
    try:
        conn.execute(f"PRAGMA journal_mode = {journal_mode}")
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('someone else''s data')")
        conn.execute(f"PRAGMA user_version = {user_version}")
        conn.commit()
    finally:
        conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_newer_file_is_refused_and_left_unchanged(db_path, journal_mode):
    before = _make_sqlite_file(db_path, journal_mode, user_version=99)
    with pytest.raises(NewerSchemaError, match="newer netui") as caught:
        open_database(db_path)
    assert "99" in str(caught.value)
    assert db_path.read_bytes() == before
    assert list(db_path.parent.glob("*.bak")) == []


def test_newer_file_is_refused_without_a_backup_or_schema_change(db_path):
    _make_sqlite_file(db_path, "wal", user_version=99)
    with pytest.raises(NewerSchemaError):
        open_database(db_path)
    assert user_version(db_path) == 99
    conn = raw(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    finally:
        conn.close()
    assert tables == ["notes"]
    assert list(db_path.parent.glob("*.bak")) == []


def test_foreign_sqlite_file_is_refused(db_path):
    _make_sqlite_file(db_path, "wal")
    with pytest.raises(NotNetuiDatabaseError, match="not a netui database"):
        open_database(db_path)
    assert user_version(db_path) == 0
    conn = raw(db_path)
    try:
        assert conn.execute("SELECT body FROM notes").fetchall() == [("someone else's data",)]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    finally:
        conn.close()
    assert tables == ["notes"]


def test_foreign_rollback_journal_file_is_left_unchanged(db_path):
    before = _make_sqlite_file(db_path, "delete")
    with pytest.raises(NotNetuiDatabaseError):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_non_sqlite_file_is_refused(db_path):
    db_path.write_bytes(b"BEGIN:VCARD\nVERSION:3.0\nFN:Dana\nEND:VCARD\n" * 200)
    before = db_path.read_bytes()
    with pytest.raises(NotNetuiDatabaseError, match="not a netui database"):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_non_sqlite_file_is_not_changed(db_path):
    db_path.write_bytes(b"BEGIN:VCARD\nVERSION:3.0\nFN:Dana\nEND:VCARD\n" * 200)
    before = db_path.read_bytes()
    with pytest.raises(NotNetuiDatabaseError):
        open_database(db_path)
    close_database()
    assert db_path.read_bytes() == before
    assert list(db_path.parent.glob("*.bak")) == []


# --- fresh files ------------------------------------------------------------------------


def test_fresh_file_is_created_at_latest(db_path):
    assert not db_path.exists()
    db = open_database(db_path)
    try:
        assert migrations.schema_version(db) == LATEST
        tables = {m._meta.table_name for m in MODELS + HISTORY_MODELS + LOCAL_MODELS}
        # The search index's version, snapshot and pairs (netui.db.search_snapshots).
        assert set(db.get_tables()) == tables | {COUNTER_TABLE, SNAPSHOT_TABLE, PAIRS_TABLE}
        assert Contact.select().count() == 0
    finally:
        db.close()
    assert list(db_path.parent.glob("*.bak")) == []


def test_empty_existing_file_is_initialised(db_path):
    db_path.touch()
    open_database(db_path).close()
    assert user_version(db_path) == LATEST


def test_migrate_schema_false_leaves_an_old_file_alone(v1_path, v1_rows):
    db = open_database(v1_path, migrate_schema=False)
    try:
        assert migrations.schema_version(db) == 1
    finally:
        db.close()
    assert user_version(v1_path) == 1
    assert dump_rows(v1_path, v1_columns()) == v1_rows
    assert list(v1_path.parent.glob("*.bak")) == []


# --- version 3: accents fold too -------------------------------------------------------

V2_FIXTURE = V1_FIXTURE.with_name("netui-v2.db")


def test_v3_merges_tags_that_now_fold_alike_keeping_every_use(tmp_path):
    path = tmp_path / "netui.db"
    shutil.copyfile(V2_FIXTURE, path)
    conn = sqlite3.connect(path)
    with conn:
        dana = conn.execute("SELECT id FROM contact WHERE name = 'Dana Whitfield'").fetchone()[0]
        ids = {}
        for name in ("café", "cafe", "øresund", "oresund"):
            ids[name] = conn.execute("INSERT INTO tag (name) VALUES (?)", (name,)).lastrowid
        uses = [(dana, ids["café"], "tag"), (dana, ids["cafe"], "tag"),
                (dana, ids["cafe"], "interest"), (dana, ids["oresund"], "expertise")]  # fmt: skip
        conn.executemany(
            "INSERT INTO contact_tag (contact_id, tag_id, kind) VALUES (?, ?, ?)", uses
        )
        good = conn.execute("SELECT MIN(id) FROM good").fetchone()[0]
        good_tags = conn.execute("SELECT COUNT(*) FROM good_tag WHERE good_id = ?", (good,))
        good_tags_before = good_tags.fetchone()[0]
        conn.execute("INSERT INTO good_tag VALUES (?, ?)", (good, ids["cafe"]))
        conn.execute("INSERT INTO good_tag VALUES (?, ?)", (good, ids["café"]))
        tags_before = conn.execute("SELECT COUNT(*) FROM tag").fetchone()[0]
    conn.close()

    db = open_database(path)
    try:
        assert migrations.schema_version(db) == LATEST
        fields = get_contact(dana).fields
        assert fields.tags == ("python", "hiring", "café")  # the oldest spelling stays
        assert fields.interests == ("sailing", "café")
        assert fields.expertise == ("platform engineering", "øresund")  # the older tag
        assert Tag.select().count() == tags_before - 2
        assert GoodTag.select().where(GoodTag.good == good).count() == good_tags_before + 1
        assert list_contact_ids("cafe") == list_contact_ids("CAFÉ") == [dana]
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()


def test_schema_8_moves_private_notes_out_of_the_relationship_and_gives_undo_an_owner(
    tmp_path,
):
    """The v7 fixture has a private note in its one member's relationship and two undo
    steps: the note becomes a ``private_note`` row, the steps stay the member's."""
    from netui.db.history import steps
    from netui.db.members import current_member_id
    from netui.db.private_notes import private_notes_of

    path = tmp_path / "v7.db"
    shutil.copyfile(Path(__file__).parent.parent / "data" / "netui-v7.db", path)
    db = open_database(path)
    try:
        columns = [row[1] for row in db.execute_sql("PRAGMA table_info(relationship)")]
        assert "private_notes" not in columns
        notes = db.execute_sql("SELECT member_id, contact_id, text FROM private_note")
        assert notes.fetchall() == [(1, 25, "Owes me a call about the patent; ask in May.")]
        assert private_notes_of(25) == "Owes me a call about the patent; ask in May."
        assert db.execute_sql("SELECT DISTINCT member_id FROM undo_step").fetchall() == [(1,)]
        assert db.execute_sql("SELECT count(*) FROM trash WHERE member_id <> 1").fetchone() == (0,)
        assert len(steps()) == 2 and current_member_id() == 1
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        close_database()
