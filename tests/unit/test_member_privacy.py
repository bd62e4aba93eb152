"""Privacy inside a team, enforced by PostgreSQL itself: member B, connected as B's
own role, reads none of member A's private rows with plain SQL (psycopg, not netui),
cannot change them, and cannot write rows as A; what A shares, B sees."""

from __future__ import annotations

import itertools
import json
import os

import psycopg
import pytest

from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, write_relationship
from netui.db.goals import GoalFields, create_goal
from netui.db.ledger import log_exchange
from netui.db.meetings import create_worksheet
from netui.db.members import add_member, choose_member
from netui.db.models import database
from netui.db.roles import create_member_role, role_name_for

pytestmark = pytest.mark.pg

_roles = itertools.count(1)


def as_role(url: str, role: str) -> str:
    """The test database's URL, connecting as ``role`` (the cluster trusts loopback)."""
    return url.replace("postgresql://postgres@", f"postgresql://{role}@", 1)


@pytest.fixture
def team(pg_url: str):
    """A team database with members Avi and Bea, each with a role of their own (roles
    are the cluster's: named apart per test)."""
    open_database(pg_url)  # as the administrator: creates the schema and its policies
    suffix = f"{os.getpid()}_{next(_roles)}"
    roles = {}
    for name in ("Avi", "Bea"):
        member_id = add_member(name)
        roles[name] = create_member_role(
            database.obj, member_id, name, role=f"{name.lower()}_{suffix}"
        )
    close_database()
    yield roles
    choose_member(None)
    close_database()


def avi_writes(url: str) -> dict[str, int]:
    """Avi, through netui as his own role: a private and a shared exchange, a private
    worksheet, a private goal, a relationship with private notes."""
    open_database(url)
    choose_member("Avi")
    dana = create_contact(ContactFields(name="Dana Levi", organisation="Globex"))
    written = {
        "contact": dana,
        "private": log_exchange(dana, "gave", "knowledge", 3, note="Avi's secret"),
        "shared": log_exchange(dana, "received", "access", 2, note="for the team"),
        "meeting": create_worksheet(dana, purpose="Avi's private plan"),
        "goal": create_goal(GoalFields(title="Avi's next job")),
    }
    write_relationship(dana, {"closeness": 5, "private_notes": "owes me one"})
    database.execute_sql("UPDATE exchange SET shared = true WHERE id = %s", (written["shared"],))
    close_database()
    return written


def test_member_b_cannot_read_member_a_private_rows_with_plain_sql(pg_url, team):
    written = avi_writes(as_role(pg_url, team["Avi"]))
    with psycopg.connect(as_role(pg_url, team["Bea"]), autocommit=True) as bea:
        (user,) = bea.execute("SELECT current_user").fetchone()
        assert user == team["Bea"]
        # The team's shared data: Bea sees the contact Avi added.
        assert bea.execute("SELECT name FROM contact").fetchall() == [("Dana Levi",)]
        # Avi's ledger: only what he shared.
        assert bea.execute("SELECT note FROM exchange").fetchall() == [("for the team",)]
        assert bea.execute(
            "SELECT count(*) FROM exchange WHERE id = %s", (written["private"],)
        ).fetchone() == (0,)
        # His worksheet and goal: nothing.
        assert bea.execute("SELECT purpose FROM meeting").fetchall() == []
        assert bea.execute("SELECT title FROM goal").fetchall() == []
        # His closeness is the team's to read ("who among us"), not to change.
        assert bea.execute("SELECT closeness FROM relationship").fetchall() == [(5,)]
        assert bea.execute("UPDATE relationship SET closeness = 1").rowcount == 0
        # Nor can she change or remove them, even his shared entry.
        assert bea.execute("UPDATE exchange SET note = 'changed'").rowcount == 0
        assert bea.execute("DELETE FROM meeting").rowcount == 0
        # Nor write a row as Avi.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            bea.execute(
                "INSERT INTO exchange (contact_id, member_id, date, direction, currency,"
                " value, note, created_at, shared) SELECT %s, id, current_date, 'gave',"
                " 'favour', 1, 'forged', now(), false FROM member WHERE name = 'Avi'",
                (written["contact"],),
            )
    # Avi's own rows are all there, unchanged (read as Avi).
    with psycopg.connect(as_role(pg_url, team["Avi"]), autocommit=True) as avi:
        assert sorted(avi.execute("SELECT note FROM exchange").fetchall()) == [
            ("Avi's secret",), ("for the team",),
        ]  # fmt: skip
        assert avi.execute("SELECT purpose FROM meeting").fetchall() == [("Avi's private plan",)]
        assert avi.execute("SELECT text FROM private_note").fetchall() == [("owes me one",)]


def test_member_b_cannot_read_member_a_private_notes_with_plain_sql(pg_url, team):
    written = avi_writes(as_role(pg_url, team["Avi"]))
    with psycopg.connect(as_role(pg_url, team["Bea"]), autocommit=True) as bea:
        # The relationship (read by the team for "who among us") holds no notes.
        columns = [c.name for c in bea.execute("SELECT * FROM relationship").description]
        assert "private_notes" not in columns
        assert bea.execute("SELECT text FROM private_note").fetchall() == []
        assert bea.execute(
            "SELECT count(*) FROM private_note WHERE contact_id = %s", (written["contact"],)
        ).fetchone() == (0,)
        assert bea.execute("UPDATE private_note SET text = 'changed'").rowcount == 0
        assert bea.execute("DELETE FROM private_note").rowcount == 0
    # Through netui, as Bea: no notes of hers about Dana; Avi's are his.
    from netui.db.private_notes import private_notes_of

    open_database(as_role(pg_url, team["Bea"]))
    choose_member("Bea")
    assert private_notes_of(written["contact"]) == ""
    close_database()
    open_database(as_role(pg_url, team["Avi"]))
    choose_member("Avi")
    assert private_notes_of(written["contact"]) == "owes me one"
    close_database()


def test_member_b_cannot_read_member_a_undo_history_nor_undo_it(pg_url, team):
    """Undo steps and the trash (deleted rows' data as JSON) are the member's own."""
    from netui.db.history import NothingToUndo, steps, undo, undo_latest
    from netui.db.journal import undoable
    from netui.db.ledger import delete_exchange

    open_database(as_role(pg_url, team["Avi"]))
    choose_member("Avi")
    dana = create_contact(ContactFields(name="Dana Levi"))
    gone = log_exchange(dana, "gave", "knowledge", 3, note="gil@secret.example")
    with undoable("delete an entry", screen="reciprocity"):
        delete_exchange(gone)
    (avi_step,) = [entry.id for entry in steps() if entry.description == "delete an entry"]
    close_database()
    with psycopg.connect(as_role(pg_url, team["Bea"]), autocommit=True) as bea:
        assert bea.execute("SELECT description FROM undo_step").fetchall() == []
        assert bea.execute("SELECT data FROM trash").fetchall() == []
        assert bea.execute("DELETE FROM undo_step").rowcount == 0
    with psycopg.connect(as_role(pg_url, team["Avi"]), autocommit=True) as avi:
        trashed = [data for (data,) in avi.execute("SELECT data FROM trash").fetchall()]
        assert any("gil@secret.example" in data for data in trashed)
    open_database(as_role(pg_url, team["Bea"]))
    choose_member("Bea")
    assert steps() == []
    with pytest.raises(NothingToUndo):
        undo_latest()
    with pytest.raises(NothingToUndo):
        undo(avi_step)
    close_database()
    open_database(as_role(pg_url, team["Avi"]))
    choose_member("Avi")
    outcome = undo_latest()
    assert outcome.entry.id == avi_step, outcome.message()
    assert outcome.left == (), outcome.message()
    assert database.execute_sql(
        "SELECT note FROM exchange WHERE id = %s", (gone,)
    ).fetchall() == [("gil@secret.example",)]
    close_database()


def test_member_b_ranks_member_a_route_as_b_own_role(pg_url, team, capsys, monkeypatch):
    """The issue's "done when": B, connected as B, asks who among us knows the target."""
    from netui.cli import main
    from netui.db.ties import set_tie

    url = as_role(pg_url, team["Avi"])
    open_database(url)
    choose_member("Avi")
    dana = create_contact(ContactFields(name="Dana Levi"))
    tal = create_contact(ContactFields(name="Tal Target"))
    write_relationship(dana, {"closeness": 5})
    set_tie(dana, tal, 4)
    close_database()
    from netui.db import member_name

    monkeypatch.setattr(member_name, "chosen", None)  # as a new process: --member decides
    bea = as_role(pg_url, team["Bea"])
    assert main(["--db", bea, "--member", "Bea", "brokers", "Tal Target", "--team", "--json"]) == 0
    routes = json.loads(capsys.readouterr().out)
    # Avi knows Tal himself (he added him), and through Dana, close to him.
    assert [(r["member"], r["name"], r["kind"]) for r in routes] == [
        ("Avi", "Tal Target", "knows"), ("Avi", "Dana Levi", "broker"),
    ]  # fmt: skip


def test_a_member_writes_through_netui_as_their_own_role(pg_url, team):
    avi_writes(as_role(pg_url, team["Avi"]))
    open_database(as_role(pg_url, team["Bea"]))
    choose_member("Bea")
    dana = create_contact(ContactFields(name="Rita Alvarez"))
    log_exchange(dana, "gave", "favour", 1, note="Bea's own")
    close_database()
    with psycopg.connect(pg_url, autocommit=True) as admin:  # the owner sees everyone's
        rows = admin.execute(
            "SELECT m.name, e.note FROM exchange e JOIN member m ON m.id = e.member_id"
            " ORDER BY e.id"
        ).fetchall()
    assert rows == [("Avi", "Avi's secret"), ("Avi", "for the team"), ("Bea", "Bea's own")]


def test_a_role_that_may_not_create_roles_is_one_sentence(pg_url, team):
    from netui.db.errors import StorageError

    open_database(as_role(pg_url, team["Avi"]))
    with pytest.raises(StorageError, match="may not create roles"):
        create_member_role(database.obj, 99, "Cy", role=f"cy_{os.getpid()}")
    close_database()


def test_role_names_are_made_from_the_members_name():
    assert role_name_for("Dana Lévi", 4) == "netui_dana_levi"
    assert role_name_for("אבי כהן", 7) == "netui_member_7"
    assert len(role_name_for("x" * 200, 1)) == 63


def test_team_add_member_on_a_server_gives_the_member_a_role(pg_url, capsys):
    from netui.cli import main

    open_database(pg_url)
    close_database()
    name = f"Cy Test {os.getpid()} {next(_roles)}"
    assert main(["--db", pg_url, "team", "add-member", name]) == 0
    role = role_name_for(name, 0)
    assert capsys.readouterr().out.strip() == f"Added member {name} (PostgreSQL role {role})."
    with psycopg.connect(as_role(pg_url, role), autocommit=True) as cy:
        assert cy.execute("SELECT current_user").fetchone() == (role,)
        assert cy.execute("SELECT db_role FROM member WHERE name = %s", (name,)).fetchone() == (
            role,
        )
