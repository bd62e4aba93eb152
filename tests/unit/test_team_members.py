"""Members (schema 7) on real SQLite files: the file's one member, who is at the
keyboard, each member's own closeness, cadence, ledger and Today, and the
``netui team`` commands through the real entry point."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from netui import clock
from netui.db import members
from netui.db.contacts import ContactFields, create_contact, get_contact, update_contact
from netui.db.history import undo_latest
from netui.db.journal import undoable
from netui.db.ledger import log_exchange, meter_table
from netui.db.members import (
    DEFAULT_CLOSENESS,
    MemberError,
    add_member,
    choose_member,
    current_member_id,
    list_members,
)
from netui.db.merge import merge_contacts
from netui.db.meter_sums import meters
from netui.db.models import Member, Relationship
from netui.db.today import overdue_people

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

TODAY = dt.date(2025, 6, 1)


def as_member(name: str | None) -> None:
    choose_member(name)


# --- one member: nothing to type --------------------------------------------------------


def test_a_new_file_has_one_member_who_is_at_the_keyboard(db):
    assert [(m.name, m.db_role) for m in list_members()] == [("me", "")]
    assert current_member_id() == Member.get().id


def test_the_one_member_is_named_after_my_name_when_the_file_is_migrated(tmp_path):
    from netui.db.connection import close_database, open_database

    path = tmp_path / "old.db"
    v6 = Path(__file__).parent.parent / "data" / "netui-v6.db"
    path.write_bytes(v6.read_bytes())
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT OR REPLACE INTO setting (key, value) VALUES ('my_name', 'Sam Ödegaard')"
        )
    conn.close()
    open_database(path)
    try:
        assert [m.name for m in list_members()] == ["Sam Ödegaard"]
        assert Relationship.select().count() == get_count("contact")
    finally:
        close_database()


def get_count(table: str) -> int:
    from netui.db.models import database

    return database.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def test_a_contacts_closeness_and_cadence_are_my_relationship(db):
    dana = create_contact(ContactFields(name="Dana Levi", closeness=5, cadence_days=30))
    row = Relationship.get(Relationship.contact == dana)
    assert (row.member_id, row.closeness, row.cadence_days) == (current_member_id(), 5, 30)
    update_contact(dana, ContactFields(name="Dana Levi", closeness=2, cadence_days=None))
    row = Relationship.get(Relationship.contact == dana)
    assert (row.closeness, row.cadence_days) == (2, None)
    assert get_contact(dana).fields.closeness == 2


def test_undo_takes_a_closeness_change_back(db):
    dana = create_contact(ContactFields(name="Dana Levi", closeness=5))
    with undoable("edit Dana Levi"):
        update_contact(dana, ContactFields(name="Dana Levi", closeness=1))
    assert get_contact(dana).fields.closeness == 1
    undo_latest()
    assert get_contact(dana).fields.closeness == 5


def test_undo_of_a_new_contact_removes_its_relationship_too(db):
    with undoable("add Dana Levi"):
        create_contact(ContactFields(name="Dana Levi", closeness=4))
    assert Relationship.select().count() == 1
    undo_latest()
    assert Relationship.select().count() == 0
    assert get_count("contact") == 0


# --- several members: each one's own -------------------------------------------------


@pytest.fixture
def team(db):
    """Two members: me (who added Dana, close) and Bob (who knows her a little)."""
    dana = create_contact(ContactFields(name="Dana Levi", closeness=5, cadence_days=30))
    bob = add_member("Bob Ézra")
    as_member("Bob Ézra")
    members.forget()
    from netui.db.contacts import write_relationship

    write_relationship(dana, {"closeness": 2})
    return {"dana": dana, "bob": bob}


def test_each_member_reads_their_own_closeness(team):
    as_member("Bob Ézra")
    assert get_contact(team["dana"]).fields.closeness == 2
    assert get_contact(team["dana"]).fields.cadence_days is None
    as_member("me")
    assert get_contact(team["dana"]).fields.closeness == 5


def test_a_contact_without_my_relationship_reads_the_default(team):
    as_member("Bob Ézra")
    eve = create_contact(ContactFields(name="Eve Adams", closeness=4))
    as_member("me")
    assert get_contact(eve).fields.closeness == DEFAULT_CLOSENESS
    assert Relationship.select().where(Relationship.contact == eve).count() == 1


def test_the_ledger_and_meter_are_each_members_own(team):
    as_member("Bob Ézra")
    log_exchange(team["dana"], "gave", "knowledge", 5, on=TODAY, today=TODAY)
    assert meters([team["dana"]], today=TODAY)[team["dana"]].meter == 100
    as_member("me")
    assert meters([team["dana"]], today=TODAY) == {}
    assert [row.given for row in meter_table(TODAY)] == [0.0]


def test_today_counts_my_cadence_and_my_contact_only(team):
    day = clock.today() + dt.timedelta(days=400)
    as_member("Bob Ézra")
    log_exchange(team["dana"], "gave", "knowledge", 3, on=day, today=day)
    as_member("me")  # my cadence is 30 days; Bob's exchange is not my contact
    late = overdue_people(day)
    assert [p.name for p in late] == ["Dana Levi"]
    assert late[0].cadence_days == 30


def test_today_lists_only_my_network_on_a_team_database(team):
    """On a team database, someone only another member knows is not mine to keep in
    touch with: at 10 members x 30,000, Member 1 was told 120,262 people were overdue."""
    day = clock.today() + dt.timedelta(days=400)
    as_member("Bob Ézra")
    eve = create_contact(ContactFields(name="Eve Adams", closeness=4, cadence_days=30))
    assert sorted(p.name for p in overdue_people(day)) == ["Dana Levi", "Eve Adams"]
    as_member("me")
    assert [p.name for p in overdue_people(day)] == ["Dana Levi"]
    assert eve not in {p.contact_id for p in overdue_people(day)}


def test_merging_keeps_every_members_relationship(team):
    as_member("Bob Ézra")
    other = create_contact(ContactFields(name="Dana L.", closeness=4, cadence_days=60))
    as_member("me")
    merge_contacts(team["dana"], other)
    rows = {
        m: (c, cad)
        for m, c, cad in Relationship.select(
            Relationship.member, Relationship.closeness, Relationship.cadence_days
        )
        .where(Relationship.contact == team["dana"])
        .tuples()
    }
    assert rows == {current_member_id(): (5, 30), team["bob"]: (4, 60)}


def test_several_members_and_none_named_is_one_sentence(team):
    as_member(None)
    members.forget()
    with pytest.raises(MemberError, match=r"several members.*--member NAME"):
        current_member_id()


def test_an_unknown_member_is_one_sentence_naming_the_members(team):
    as_member("Zed")
    with pytest.raises(MemberError, match=r'no member named "Zed".*Bob Ézra, me'):
        current_member_id()


def test_a_member_is_named_caselessly_and_a_name_is_never_taken_twice(team):
    as_member("BOB ÉZRA")
    assert current_member_id() == team["bob"]
    with pytest.raises(MemberError, match="already a member"):
        add_member("bob ézra")
    with pytest.raises(MemberError, match="needs a name"):
        add_member("   ")


def test_the_config_files_member_does_not_lock_me_out_of_my_own_file(db, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('member = "Dana at work"\n', encoding="utf-8")
    os.environ["NETUI_CONFIG"] = str(config)
    try:
        members.reset()
        assert current_member_id() == Member.get().id
    finally:
        del os.environ["NETUI_CONFIG"]


# --- the command line, through the real entry point -----------------------------------


def netui(tmp_path: Path, *argv: str, env: dict[str, str] | None = None):
    environment = {
        **os.environ,
        "NETUI_CONFIG": str(tmp_path / "config.toml"),
        "NETUI_TEST_TODAY": "2025-06-01",
        **(env or {}),
    }
    environment.pop("NETUI_MEMBER", None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "netui", *argv],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_team_commands_add_and_list_members(tmp_path):
    db = str(tmp_path / "team.db")
    assert netui(tmp_path, "--db", db, "add", "Dana Levi").returncode == 0
    added = netui(tmp_path, "--db", db, "team", "add-member", "Bob [/] Ézra")
    assert (added.returncode, added.stdout) == (0, "Added member Bob [/] Ézra.\n")
    listed = netui(tmp_path, "--db", db, "team", "members", "--json")
    assert listed.returncode == 0
    assert json.loads(listed.stdout) == [
        {"name": "me", "db_role": "", "contacts": 1},
        {"name": "Bob [/] Ézra", "db_role": "", "contacts": 0},
    ]
    again = netui(tmp_path, "--db", db, "team", "add-member", "bob [/] ézra")
    assert again.returncode == 1
    assert again.stderr == 'netui: There is already a member named "bob [/] ézra".\n'


def test_an_unknown_member_on_the_command_line_is_one_sentence(tmp_path):
    db = str(tmp_path / "team.db")
    assert netui(tmp_path, "--db", db, "add", "Dana Levi").returncode == 0
    for argv, env in (
        (("--db", db, "--member", "Nobody", "list"), None),
        (("--db", db, "meter", "--json"), {"NETUI_MEMBER": "Nobody"}),
        (("--db", db, "--member", "Nobody", "add", "Eve"), None),
    ):
        done = netui(tmp_path, *argv, env=env)
        assert done.returncode == 1
        assert done.stderr == (
            'netui: There is no member named "Nobody" in this database (members: me).\n'
        )
        assert "Traceback" not in done.stderr
    listed = netui(tmp_path, "--db", db, "list", "--json")
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Dana Levi"]


def test_a_team_file_needs_a_member_named(tmp_path):
    db = str(tmp_path / "team.db")
    netui(tmp_path, "--db", db, "add", "Dana Levi")
    netui(tmp_path, "--db", db, "team", "add-member", "Bob")
    done = netui(tmp_path, "--db", db, "meter")
    assert done.returncode == 1
    assert "several members: say who you are with --member NAME" in done.stderr
    bob = netui(tmp_path, "--db", db, "--member", "Bob", "meter", "--json")
    assert bob.returncode == 0


def test_a_json_export_from_before_members_restores_closeness_as_my_relationship(db):
    from netui.db.importing import restore_json

    record = {"id": 1, "name": "Dana", "organisation": "", "role": "", "email": "",
              "phone": "", "linkedin_url": "", "location": "", "how_we_met": "",
              "career_path": "", "notes": "", "closeness": 5, "cadence_days": 14,
              "second_degree": False, "archived": False, "uid": "u-1",
              "created_at": "2025-01-01T09:00:00", "updated_at": "2025-01-01T09:00:00",
              "first_contact": None, "helps_them": ""}  # fmt: skip
    document = {"format": "netui", "version": 1, "schema": 6, "contact": [record],
                "setting": [{"key": "my_name", "value": "Sam"}]}  # fmt: skip
    restore_json(json.dumps(document).encode())
    members.forget()
    assert [m.name for m in list_members()] == ["Sam"]
    fields = get_contact(1).fields
    assert (fields.closeness, fields.cadence_days) == (5, 14)
