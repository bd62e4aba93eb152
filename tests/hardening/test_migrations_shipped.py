"""Every schema version netui has shipped, kept as a real file under tests/data:
each opens, migrates (backing itself up beside it first when it is older) and keeps
every record. A file from a newer netui is refused and left byte for byte as it was."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from peewee import TextField

from netui.cli import main
from netui.db.connection import close_database, open_database
from netui.db.contacts import Scope, get_contact, search_text_for, sort_key_for
from netui.db.errors import NewerSchemaError
from netui.db.exporters import export_json
from netui.db.ledger import meter_table
from netui.db.meetings import list_meetings, worksheet_view
from netui.db.migrations import LATEST
from netui.db.models import MODELS, Contact
from netui.db.names import resolve_name
from netui.db.search import list_contact_ids

DATA = Path(__file__).parent.parent / "data"
#: Tables a shipped file has no rows in (netui-v5.db to v7: nothing deleted, so no trash).
EMPTY = {5: ("trash",), 6: ("trash",), 7: ("trash",)}
#: Columns recomputed by a migration rather than kept (schema 3 folds accents too).
DERIVED = {"contact": ("sort_name", "search_text")}
#: Columns moved to another table by a migration (schema 7: a contact's closeness and
#: cadence became the file's one member's relationship with them; schema 8: the
#: relationship's private notes became the member's private_note rows; checked there).
MOVED = {"contact": ("closeness", "cadence_days"), "relationship": ("private_notes",)}


def kept_columns(columns: dict[str, list[str]]) -> dict[str, list[str]]:
    return {
        table: [c for c in names if c not in DERIVED.get(table, ()) + MOVED.get(table, ())]
        for table, names in columns.items()
    }


def assert_private_notes_moved(old: Path, new: Path) -> None:
    """A relationship's private notes (schema 7) are its member's private_note rows."""
    if "private_notes" not in columns_of(old).get("relationship", []):
        return
    conn = sqlite3.connect(f"file:{old}?mode=ro", uri=True)
    try:
        was = conn.execute(
            "SELECT member_id, contact_id, private_notes FROM relationship"
            " WHERE private_notes <> '' ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    assert was, "the shipped file has a private note to move"
    conn = sqlite3.connect(f"file:{new}?mode=ro", uri=True)
    try:
        now = conn.execute(
            "SELECT member_id, contact_id, text FROM private_note ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    assert now == was


def assert_relationships_hold_the_moved_columns(old: Path, new: Path) -> None:
    """Every contact of an older file has the one member's relationship, holding the
    closeness and cadence it had."""
    if "closeness" not in columns_of(old)["contact"]:
        return
    conn = sqlite3.connect(f"file:{old}?mode=ro", uri=True)
    try:
        was = conn.execute("SELECT id, closeness, cadence_days FROM contact ORDER BY id").fetchall()
    finally:
        conn.close()
    conn = sqlite3.connect(f"file:{new}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM member").fetchone()[0] == 1
        now = conn.execute(
            "SELECT contact_id, closeness, cadence_days FROM relationship ORDER BY contact_id"
        ).fetchall()
    finally:
        conn.close()
    assert now == was


SHIPPED = {
    int(re.fullmatch(r"netui-v(\d+)\.db", path.name).group(1)): path
    for path in DATA.glob("netui-v*.db")
}


def load_v2_maker():
    spec = importlib.util.spec_from_file_location("make_v2_db", DATA / "make_v2_db.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows_of(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, list[tuple]]:
    """Every row of every table (only the tables and columns of ``columns``, when given)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        result = {}
        for table in tables:
            if columns is not None and table not in columns:
                continue  # a table added since: not part of what is compared
            names = (columns or {}).get(table) or [
                row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')
            ]
            quoted = ", ".join(f'"{name}"' for name in names)
            result[table] = conn.execute(
                f'SELECT {quoted} FROM "{table}" ORDER BY rowid'
            ).fetchall()
        return result
    finally:
        conn.close()


def columns_of(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        conn.close()


def pragma(path: Path, name: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchall()
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_is_kept_for_every_schema_version_shipped() -> None:
    assert sorted(SHIPPED) == list(range(1, LATEST + 1))
    for version, path in SHIPPED.items():
        assert pragma(path, "user_version") == [(version,)]
        assert pragma(path, "journal_mode") == [("delete",)], "commit one self-contained file"


def test_the_v2_file_has_rows_in_every_table() -> None:
    for table, rows in rows_of(SHIPPED[2]).items():
        assert rows, f"{table} is empty in netui-v2.db"


@pytest.mark.parametrize("version", sorted(SHIPPED))
def test_each_shipped_file_opens_migrates_and_keeps_every_record(
    version: int, tmp_path: Path
) -> None:
    db = tmp_path / "netui.db"
    shutil.copyfile(SHIPPED[version], db)
    db.chmod(0o600)
    columns = columns_of(db)
    before = rows_of(db)

    open_database(db)
    try:
        contacts = list_contact_ids()
        assert contacts
        for contact_id in contacts:
            get_contact(contact_id)
        meter_table()
        for meeting in list_meetings():
            worksheet_view(meeting.id)
        export_json()
    finally:
        close_database()

    backups = sorted(tmp_path.glob("netui.db.v*.bak"))
    if version < LATEST:
        assert [b.name.split("-")[0] for b in backups] == [f"netui.db.v{version}"]
        backup = backups[0]
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        assert pragma(backup, "user_version") == [(version,)]
        assert rows_of(backup) == before
    else:
        assert backups == []
    assert pragma(db, "user_version") == [(LATEST,)]
    assert pragma(db, "integrity_check") == [("ok",)]
    assert pragma(db, "foreign_key_check") == []
    # Every record, every old column unchanged, but for the derived search columns,
    # which are folded again (schema 3).
    kept = kept_columns(columns)
    assert rows_of(db, kept) == rows_of(SHIPPED[version], kept)
    assert_relationships_hold_the_moved_columns(SHIPPED[version], db)
    assert_private_notes_moved(SHIPPED[version], db)
    assert_search_columns_are_current(db)

    # and once more: nothing left to migrate, no second backup
    open_database(db)
    close_database()
    assert sorted(tmp_path.glob("netui.db.v*.bak")) == backups


def assert_search_columns_are_current(path: Path) -> None:
    """Each contact's sort_name and search_text are what netui writes today."""
    open_database(path)
    try:
        for contact_id in list_contact_ids(scope=Scope.EVERYONE) + list_contact_ids(
            scope=Scope.ARCHIVED
        ):
            detail = get_contact(contact_id)
            row = Contact.get_by_id(contact_id)
            assert row.sort_name == sort_key_for(detail.fields.name)
            assert row.search_text == search_text_for(detail.fields)
    finally:
        close_database()


@pytest.fixture
def future_columns():
    """A column every live model has and no shipped file has yet, as when a later
    schema version adds one: migration steps must not select through the models."""
    added = []
    for model in MODELS:
        field = TextField(default="", null=True)
        model._meta.add_field("future_column", field)
        added.append(model)
    yield
    for model in added:
        model._meta.remove_field("future_column")


@pytest.mark.parametrize("version", [v for v in sorted(SHIPPED) if v < LATEST])
def test_each_older_file_migrates_with_a_future_column_on_the_models(
    version: int, tmp_path: Path, future_columns
) -> None:
    db = tmp_path / "netui.db"
    shutil.copyfile(SHIPPED[version], db)
    columns = columns_of(db)
    kept = kept_columns(columns)
    before = rows_of(db, kept)

    open_database(db)
    close_database()
    assert_relationships_hold_the_moved_columns(SHIPPED[version], db)
    assert_private_notes_moved(SHIPPED[version], db)

    assert pragma(db, "user_version") == [(LATEST,)]
    assert pragma(db, "integrity_check") == [("ok",)]
    assert rows_of(db, kept) == before
    assert all(counts for table, counts in before.items() if table not in EMPTY.get(version, ()))


def test_hostile_text_in_the_v2_file_comes_back_exactly(tmp_path: Path) -> None:
    maker = load_v2_maker()
    db = tmp_path / "netui.db"
    shutil.copyfile(SHIPPED[2], db)
    open_database(db)
    try:
        for key, text in maker.HOSTILE.items():
            contact_id, name = resolve_name(f"{key}:")
            assert name == f"{key}: {text}"
            fields = get_contact(contact_id).fields
            assert (fields.organisation, fields.role, fields.career_path) == (text, text, text)
        _, name = resolve_name("long:")
        assert name == "long: " + maker.LONG
    finally:
        close_database()


def test_the_v3_file_finds_accented_names_and_keeps_tags_as_typed(tmp_path: Path) -> None:
    db = tmp_path / "netui.db"
    shutil.copyfile(SHIPPED[3], db)
    open_database(db)
    try:
        for typed, name in (("zoe", "Zoë Hartmann"), ("muller", "Jürgen Müller"),
                            ("lukasz", "Łukasz Nowak"), ("orjan", "Ørjan Berg")):  # fmt: skip
            contact_id, found = resolve_name(typed)
            assert found == name
            assert list_contact_ids(typed) == [contact_id]
        zoe = get_contact(resolve_name("zoe")[0]).fields
        assert zoe.tags == ("B2B SaaS", "Conferences")
        assert zoe.interests == ("Øresund",)
        lukasz = get_contact(resolve_name("lukasz")[0]).fields
        assert lukasz.tags == ("B2B SaaS",)  # typed "b2b saas": the same tag
        assert resolve_name("Rita Alvarez@Initech")[1] == "Rita Álvarez"
    finally:
        close_database()


def test_the_command_line_migrates_a_v1_file_with_a_backup_beside_it(
    tmp_path: Path, capsys
) -> None:
    db = tmp_path / "old.db"
    shutil.copyfile(SHIPPED[1], db)
    assert main(["--db", str(db), "add", "Someone new"]) == 0
    assert main(["--db", str(db), "meter"]) == 0
    assert "Dana Whitfield" in capsys.readouterr().out
    assert len(list(tmp_path.glob("old.db.v1-*.bak"))) == 1
    assert pragma(db, "user_version") == [(LATEST,)]


def test_a_reading_command_refuses_an_older_file_and_leaves_it_byte_for_byte(
    tmp_path: Path, capsys
) -> None:
    db = tmp_path / "old.db"
    shutil.copyfile(SHIPPED[1], db)
    before = digest(db)
    for argv in (
        ["meter"],
        ["brokers", "Dana"],
        ["export", "json", "-"],
        ["prep", "Dana", "--markdown"],
    ):
        assert main(["--db", str(db), *argv]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"netui: {db} was written by an older netui (schema 1)"), err
        assert err.count("\n") == 1
    assert digest(db) == before
    assert list(tmp_path.glob("*.bak")) == []
    # a backup copies any schema: it is what to take before upgrading
    assert main(["--db", str(db), "backup", str(tmp_path / "copy.db")]) == 0
    assert digest(db) == before
    assert pragma(tmp_path / "copy.db", "user_version") == [(1,)]


@pytest.mark.parametrize("newer", [LATEST + 1, 99])
def test_a_newer_file_is_refused_and_left_byte_for_byte(newer: int, tmp_path: Path, capsys) -> None:
    db = tmp_path / "netui.db"
    shutil.copyfile(SHIPPED[LATEST], db)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {newer}")
    conn.close()
    db.chmod(0o600)
    before = digest(db)
    listing = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(NewerSchemaError, match=f"newer netui .*schema {newer}"):
        open_database(db)
    assert main(["--db", str(db), "meter"]) == 1
    assert main(["--db", str(db), "add", "Someone"]) == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 2 and all("newer netui" in line for line in lines), err
    assert all(line.startswith("netui: ") for line in lines)

    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no backup, no -wal


def test_the_v4_file_undoes_its_steps_after_reopening(tmp_path: Path) -> None:
    from netui.db.goods import all_goods
    from netui.db.history import steps, undo_latest
    from netui.db.models import Trash
    from netui.db.ties import get_tie

    db = tmp_path / "netui.db"
    shutil.copyfile(SHIPPED[4], db)
    open_database(db)
    try:
        assert [step.description for step in steps()] == [
            "remove the good SaaS pricing teardown",
            "untie Zoë Hartmann and Łukasz Nowak",
            "edit Zoë Hartmann",
        ]
        zoe, _ = resolve_name("zoe")
        lukasz, _ = resolve_name("lukasz")
        assert get_contact(zoe).fields.role == "Programme lead"
        assert get_tie(zoe, lukasz) is None

        # Written by another run of netui: ctrl+z takes the newest of anyone's.
        outcome = undo_latest()
        assert outcome.message(here="contacts") == (
            "Undone on Bank & goals, from an earlier run or another window: "
            "remove the good SaaS pricing teardown."
        )
        (good,) = [g for g in all_goods() if g.title == "SaaS pricing teardown"]
        assert good.tags == ("B2B SaaS", "Pricing")
        assert undo_latest().left == ()
        tie = get_tie(zoe, lukasz)
        assert tie is not None and (tie.strength, tie.context) == (4, "Met at DataConf in Malmö")
        assert undo_latest().left == ()
        fields = get_contact(zoe).fields
        assert (fields.role, fields.tags) == ("Programme chair", ("B2B SaaS", "Conferences"))
        assert steps() == [] and Trash.select().count() == 0
    finally:
        close_database()


def test_the_v5_file_keeps_calendar_meetings_touches_and_what_meetings_taught(
    tmp_path: Path,
) -> None:
    from netui.db.continuity import contact_facts
    from netui.db.models import Meeting, Snooze, Touch

    db = tmp_path / "netui.db"
    shutil.copyfile(SHIPPED[5], db)
    open_database(db)
    try:
        dana, _ = resolve_name("Dana Levi")
        assert contact_facts(dana).helps_them == "wants the pricing numbers"
        coffee = Meeting.get(Meeting.title == "Coffee with Dana ☕")
        assert coffee.done and coffee.calendar_uid == "coffee-dana-20260310@google.com"
        assert Touch.select().where(Touch.source == "today").count() == 1
        assert Snooze.select().count() == 2
        ana = Contact.get(Contact.name == "Ana Old")
        assert str(ana.first_contact) == "2020-01-02"
    finally:
        close_database()


def test_an_older_file_gets_the_v5_columns_with_their_defaults(tmp_path: Path) -> None:
    db = tmp_path / "netui.db"
    shutil.copyfile(SHIPPED[3], db)
    open_database(db)
    close_database()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute(
            "SELECT DISTINCT first_contact, helps_them FROM contact"
        ).fetchall() == [(None, "")]
        assert conn.execute(
            "SELECT DISTINCT title, calendar_uid, calendar_key, calendar_said, cancelled"
            " FROM meeting"
        ).fetchall() == [("", "", "", "", 0)]
        assert conn.execute("SELECT count(*) FROM touch").fetchone() == (0,)
    finally:
        conn.close()
