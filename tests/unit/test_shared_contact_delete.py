"""A team's contact is not deleted while another member keeps it: the only deletes of
a contact (the undo of its creation, the undo of an import) leave it, and say who
keeps it and to archive it instead, rather than take the other member's closeness,
private notes, ledger and worksheets with it (rows their undo could never bring
back). On SQLite and on PostgreSQL; on PostgreSQL also with each member connected as
their own role, where the other member's private rows are invisible to me."""

from __future__ import annotations

import itertools
import os

import psycopg
import pytest

from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, write_relationship
from netui.db.history import undo_latest
from netui.db.importing import import_file
from netui.db.journal import undoable
from netui.db.keepers import keepers_sentence, kept_by_others
from netui.db.ledger import log_exchange
from netui.db.meetings import create_worksheet
from netui.db.members import add_member, choose_member
from netui.db.models import Contact, Exchange, PrivateNote, Relationship, database
from netui.db.roles import create_member_role

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def test_on_one_persons_file_undo_still_removes_a_new_contact(db):
    with undoable("add Dana Levi"):
        create_contact(ContactFields(name="Dana Levi", closeness=4))
    assert kept_by_others([Contact.get().id]) == {}
    outcome = undo_latest()
    assert outcome.left == ()
    assert Contact.select().count() == 0


@pytest.fixture
def team(db):
    add_member("Ana")
    add_member("Bea Ézra")
    yield
    choose_member(None)


def test_a_contact_another_member_keeps_is_left_and_named(team):
    choose_member("Ana")
    with undoable("add Dana Levi"):
        dana = create_contact(ContactFields(name="Dana Levi", closeness=4))
    choose_member("Bea Ézra")
    write_relationship(dana, {"closeness": 2, "private_notes": "owes me one"})
    log_exchange(dana, "gave", "knowledge", 3, note="Bea's own")
    create_worksheet(dana, purpose="Bea's plan")
    assert kept_by_others([dana]) == {dana: ["Ana"]}  # Ana's relationship
    choose_member("Ana")
    assert kept_by_others([dana]) == {dana: ["Bea Ézra"]}
    outcome = undo_latest()
    assert outcome.left == ("Dana Levi (Bea Ézra keeps them too: archive them instead)",)
    assert "Left as they are: Dana Levi (Bea Ézra keeps them too" in outcome.message()
    # Dana stays, with everything of Bea's; Ana's own closeness went with her step.
    assert Contact.get_by_id(dana).name == "Dana Levi"
    assert [r.member.name for r in Relationship.select().where(Relationship.contact == dana)] == [
        "Bea Ézra"
    ]
    assert PrivateNote.select().where(PrivateNote.contact == dana).count() == 1
    assert Exchange.select().where(Exchange.contact == dana).count() == 1


def test_a_contact_nobody_else_keeps_is_removed_on_a_team_too(team):
    choose_member("Ana")
    with undoable("add Eve Adams"):
        create_contact(ContactFields(name="Eve Adams"))
    assert undo_latest().left == ()
    assert Contact.select().count() == 0


def test_undoing_an_import_keeps_the_contacts_another_member_keeps(team, tmp_path):
    card = tmp_path / "people.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rita Alvarez\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Åberg\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    choose_member("Ana")
    import_file("vcard", card)
    rita = Contact.get(Contact.name == "Rita Alvarez").id
    choose_member("Bea Ézra")
    write_relationship(rita, {"private_notes": "met at PyCon"})
    choose_member("Ana")
    outcome = undo_latest()
    assert outcome.left == ("1 added contact (Bea Ézra keeps them too: archive them instead)",)
    assert [c.name for c in Contact.select()] == ["Rita Alvarez"]
    assert PrivateNote.get(PrivateNote.contact == rita).text == "met at PyCon"


def test_the_sentence_names_a_few_members_and_counts_the_rest():
    assert keepers_sentence("Dana", ["Bea", "Cy"]) == (
        "Dana (Bea and Cy keep them too: archive them instead)"
    )
    assert keepers_sentence("Dana", ["Bea", "Cy", "Dov", "Eli"]) == (
        "Dana (Bea, Cy and 2 other members keep them too: archive them instead)"
    )


# --- each member as their own role: the other's private rows are invisible ------------

_roles = itertools.count(1)


def as_role(url: str, role: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{role}@", 1)


@pytest.mark.pg
def test_as_their_own_roles_a_members_private_rows_are_never_deleted(pg_url):
    """Bea's private exchange, worksheet and note about Dana are invisible to Ana's
    role; undoing Ana's "add Dana" still leaves Dana and all of them."""
    open_database(pg_url)  # the owner: the schema, the policies, the keepers function
    suffix = f"{os.getpid()}_{next(_roles)}"
    roles = {}
    for name in ("Ana", "Bea"):
        member_id = add_member(name)
        roles[name] = create_member_role(database.obj, member_id, name, role=f"{name}_{suffix}")
    close_database()
    try:
        open_database(as_role(pg_url, roles["Ana"]))
        choose_member("Ana")
        with undoable("add Dana Levi"):
            dana = create_contact(ContactFields(name="Dana Levi"))
        close_database()

        open_database(as_role(pg_url, roles["Bea"]))
        choose_member("Bea")
        log_exchange(dana, "gave", "knowledge", 3, note="Bea's secret")
        create_worksheet(dana, purpose="Bea's plan")
        write_relationship(dana, {"private_notes": "owes me one"})
        # Only rows Ana's role cannot see are left of Bea's: no closeness of hers.
        database.execute_sql(
            "DELETE FROM relationship WHERE member_id = (SELECT id FROM member WHERE name = 'Bea')"
        )
        close_database()

        with psycopg.connect(as_role(pg_url, roles["Ana"]), autocommit=True) as ana:
            assert ana.execute("SELECT count(*) FROM exchange").fetchone() == (0,)
            assert ana.execute("SELECT count(*) FROM private_note").fetchone() == (0,)
            # The function runs with the owner's rights: a temporary table of Ana's
            # named like one of ours must not stand in for it there.
            ana.execute("CREATE TEMP TABLE exchange (contact_id bigint, member_id bigint)")
            ana.execute("INSERT INTO exchange VALUES (%s, 424242)", (dana,))
            kept = ana.execute("SELECT kept_by FROM netui_keepers(%s::bigint[])", ([dana],))
            members = {row[0] for row in kept.fetchall()}
            assert 424242 not in members and len(members) == 2  # Ana's own, and Bea's

        open_database(as_role(pg_url, roles["Ana"]))
        choose_member("Ana")
        outcome = undo_latest()
        assert outcome.left == ("Dana Levi (Bea keeps them too: archive them instead)",)
        close_database()
        with psycopg.connect(pg_url, autocommit=True) as owner:
            assert owner.execute("SELECT name FROM contact").fetchall() == [("Dana Levi",)]
            assert owner.execute("SELECT note FROM exchange").fetchall() == [("Bea's secret",)]
            assert owner.execute("SELECT purpose FROM meeting").fetchall() == [("Bea's plan",)]
            assert owner.execute("SELECT text FROM private_note").fetchall() == [("owes me one",)]
    finally:
        choose_member(None)
        close_database()
