"""Moving in: ``netui team push`` copies a personal network (a real SQLite file, the
demo) into a team database (another real file) as one member: contacts deduplicated
against the team's, all or nothing, and a second push changes nothing."""

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
from netui.db import team_push
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.demo import build_demo
from netui.db.members import add_member, choose_member, reset
from netui.db.meter_sums import meters
from netui.db.models import Contact, Member, Relationship
from netui.db.snoozes import snooze
from netui.db.team_push import PushError, push_network
from netui.db.touches import keep_in_touch

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table but the undo history, in key order."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        result = {}
        for table in tables:
            if table in ("undo_step", "trash"):
                continue
            width = len(conn.execute(f'PRAGMA table_info("{table}")').fetchall())
            order = ", ".join(str(n) for n in range(1, width + 1))
            result[table] = conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
        return result
    finally:
        conn.close()


@pytest.fixture
def personal(tmp_path: Path) -> Path:
    """The demo network, plus a touch and a snooze of the member's own."""
    path = tmp_path / "mine.db"
    build_demo(path, today=clock.today())
    open_database(path)
    try:
        dana = Contact.select(Contact.id).order_by(Contact.id).scalar()
        keep_in_touch(dana)
        later = clock.today() + dt.timedelta(days=365)  # not replace(year=): 29 February
        snooze("overdue", dana, later)
    finally:
        close_database()
    return path


@pytest.fixture
def team(tmp_path: Path, personal: Path) -> Path:
    """A team database with Ann, and two people the personal file has too: one with
    the same email, one with the same name and organisation."""
    conn = sqlite3.connect(personal)
    email_row = conn.execute(
        "SELECT name, email FROM contact WHERE email != '' ORDER BY id LIMIT 1"
    ).fetchone()
    org_row = conn.execute(
        "SELECT name, organisation FROM contact WHERE email = '' AND organisation != ''"
        " ORDER BY id LIMIT 1"
    ).fetchone()
    conn.close()
    path = tmp_path / "team.db"
    open_database(path)
    try:
        add_member("Ann")
        choose_member("Ann")
        create_contact(ContactFields(name=f"{email_row[0]} (work)", email=email_row[1].upper()))
        create_contact(ContactFields(name=org_row[0], organisation=org_row[1], closeness=1))
        create_contact(ContactFields(name="Only Ann Knows"))
    finally:
        close_database()
        reset()
    return path


def test_a_push_copies_the_network_and_a_second_push_changes_nothing(personal, team):
    first = push_network(personal, str(team), "Bob Ézra")
    after_first = dump(team)
    second = push_network(personal, str(team), "Bob Ézra")
    assert dump(team) == after_first

    personal_contacts = len(dump(personal)["contact"])
    assert first.member_added and not second.member_added
    assert first.matched == 2  # the email and the name + organisation
    assert first.added["contacts"] == personal_contacts - 2
    assert second.added == {} and second.matched == personal_contacts
    assert sum(second.skipped.values()) == sum(first.added.values()) - first.added["contacts"]
    assert len(after_first["contact"]) == 3 + personal_contacts - 2
    for kind in ("ties", "goods", "meetings", "ledger entries", "goals", "touches", "snoozes"):
        assert first.added.get(kind, 0) > 0, kind


def test_the_pushed_member_has_their_own_network_and_ann_keeps_hers(personal, team):
    push_network(personal, str(team), "Bob Ézra")
    open_database(personal, readonly=True)
    try:
        mine = {
            uid: round(balance.meter, 6)
            for cid, balance in meters().items()
            for uid in [Contact.get_by_id(cid).uid]
        }
    finally:
        close_database()
    open_database(team)
    try:
        choose_member("Bob Ézra")
        theirs = {
            Contact.get_by_id(cid).uid: round(balance.meter, 6) for cid, balance in meters().items()
        }
        choose_member("Ann")
        assert meters() == {}  # Bob's ledger is not Ann's
        anns = (
            Relationship.select()
            .join(Member, on=(Member.id == Relationship.member))
            .where(Member.name == "Ann")
            .count()
        )
    finally:
        close_database()
        reset()
    matched = set(mine) - set(theirs)  # the two matched contacts carry the team's UID
    assert {uid: m for uid, m in mine.items() if uid not in matched}.items() <= theirs.items()
    assert len(theirs) == len(mine)
    assert anns == 3  # the three team contacts Ann created, untouched


def test_a_matched_contact_gains_only_the_fields_the_team_left_empty(personal, team):
    conn = sqlite3.connect(personal)
    conn.row_factory = sqlite3.Row
    mine = conn.execute(
        "SELECT * FROM contact WHERE email != '' ORDER BY id LIMIT 1"
    ).fetchone()  # the team has them as "NAME (work)", their email upper-cased
    conn.close()
    expected = [
        name for name in team_push._CONTACT_FILLED
        if name != "email" and mine[name] not in (None, "")
    ]  # fmt: skip
    assert "organisation" in expected  # the demo's contact has one; the team's none
    first = push_network(personal, str(team), "Bob Ézra")
    labels = [team_push.FIELD_LABELS.get(n, n.replace("_", " ")) for n in expected]
    assert first.filled[f"{mine['name']} (work)"] == labels
    assert len(first.filled) == first.matched == 2  # the other matched one, too
    assert all("Organisation" not in names for name, names in first.filled.items()
               if name != f"{mine['name']} (work)")  # the team gave it one  # fmt: skip
    assert "filled " in first.sentence() and f"{mine['name']} (work): " in first.sentence()
    open_database(team)
    try:
        work = Contact.get(Contact.name == f"{mine['name']} (work)")
        assert work.email == mine["email"].upper()  # the team's own, never overwritten
        for name in expected:
            stored = getattr(work, name)
            assert str(stored) == str(mine[name]), name
        assert mine["organisation"].casefold() in work.search_text.casefold()
        only_ann = Contact.get(Contact.name == "Only Ann Knows")
        assert only_ann.organisation == "" and only_ann.email == ""
    finally:
        close_database()
    after_first = dump(team)
    second = push_network(personal, str(team), "Bob Ézra")
    assert second.filled == {} and "filled" not in second.sentence()
    assert dump(team) == after_first


def test_a_personal_file_from_an_older_netui_is_pushed_from_a_migrated_copy(tmp_path, team):
    """The v6 fixture (before members): pushed as it is, never written to; a
    migrated copy in a temporary folder is what is read."""
    old = tmp_path / "old.db"
    old.write_bytes((Path(__file__).parent.parent / "data" / "netui-v6.db").read_bytes())
    before = old.read_bytes()
    beside = sorted(p.name for p in tmp_path.iterdir())
    first = push_network(old, str(team), "Bob")
    assert first.added["contacts"] > 0 and first.added.get("ledger entries", 0) > 0
    assert old.read_bytes() == before  # no migration, no WAL switch, nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == beside  # no backup beside it
    after_first = dump(team)
    second = push_network(old, str(team), "Bob")
    assert second.added == {} and dump(team) == after_first


def test_a_failed_push_changes_nothing(personal, team, monkeypatch):
    before = dump(team)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(team_push.Snooze, "insert", broken)
    with pytest.raises(RuntimeError):
        push_network(personal, str(team), "Bob Ézra")
    assert dump(team) == before


def test_pushing_a_file_into_itself_is_refused(personal):
    with pytest.raises(PushError, match="is the personal one"):
        push_network(personal, str(personal), "Bob")


# --- the command line, through the real entry point -----------------------------------------


def netui(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NETUI_CONFIG": str(tmp_path / "config.toml")}
    environment.pop("NETUI_MEMBER", None)
    return subprocess.run(
        [sys.executable, "-m", "netui", *argv],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_team_push_on_the_command_line(tmp_path, personal, team):
    done = netui(tmp_path, "--db", str(personal), "team", "push", f"sqlite:///{team}",
                 "--member", "Bob", "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"member", "member_added", "added", "matched", "skipped", "filled"}
    assert report["member"] == "Bob" and report["matched"] == 2
    again = netui(tmp_path, "--db", str(personal), "team", "push", str(team), "--member", "Bob")
    assert again.returncode == 0
    assert again.stdout.startswith("Pushed as Bob: added nothing;")


def test_team_push_errors_are_one_sentence(tmp_path, personal, team):
    before = dump(team)
    no_member = netui(tmp_path, "--db", str(personal), "team", "push", str(team))
    assert no_member.returncode == 1
    assert no_member.stderr == (
        "netui: Say which member to push as: netui team push URL --member NAME.\n"
    )
    missing = netui(tmp_path, "--db", str(tmp_path / "nowhere.db"), "team", "push", str(team),
                    "--member", "Bob")  # fmt: skip
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    assert dump(team) == before
