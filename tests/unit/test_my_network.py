""" "My network" on one person's file and on a team's database, on SQLite and on
PostgreSQL: on one person's file it is the first degree, as it always was; on a team
database it is the contacts I (the member at the keyboard) have a relationship,
ledger entry or meeting with. The Contacts filter (its search index and its scan),
the detail, ``netui show`` and ``netui list --my-network`` all read it, and Today's
overdue list reads the same definition."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from netui import clock
from netui.cli import main
from netui.db import member_name
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, Scope, create_contact, get_contact
from netui.db.ledger import log_exchange
from netui.db.meetings import create_worksheet
from netui.db.members import add_member, choose_member
from netui.db.search import list_contact_ids, search_engine
from netui.db.search_scan import scan_contacts
from netui.db.today import overdue_people

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def names(ids) -> list[str]:
    return [get_contact(cid).fields.name for cid in ids]


def network_names(query: str = "") -> list[str]:
    """My network as the Contacts filter shows it, from the search index; the scan
    (what answers while the index builds) must say the same."""
    indexed = names(list_contact_ids(query, scope=Scope.NETWORK))
    assert names(scan_contacts(query, scope=Scope.NETWORK)) == indexed
    return indexed


def test_on_one_persons_file_my_network_is_the_first_degree(db):
    create_contact(ContactFields(name="Dana Levi"))
    create_contact(ContactFields(name="Tal Target", second_degree=True))
    assert network_names() == ["Dana Levi"]
    assert names(list_contact_ids(scope=Scope.SECOND_DEGREE)) == ["Tal Target"]
    dana = get_contact(list_contact_ids("dana")[0])
    assert dana.mine is None and dana.in_my_network
    assert dana.degree == "1st, in my network"
    tal = get_contact(list_contact_ids("tal")[0])
    assert tal.degree == "2nd, known through someone" and not tal.in_my_network


@pytest.fixture
def team(db):
    """Ana adds Dana (and so has a relationship with her) and Tal (second degree);
    Bea adds Rita, logs an exchange with Zoë whom Ana added without a relationship of
    Bea's, and plans a meeting with Tal."""
    add_member("Ana")
    add_member("Bea")
    choose_member("Ana")
    people = {
        "dana": create_contact(ContactFields(name="Dana Levi", cadence_days=30)),
        "tal": create_contact(ContactFields(name="Tal Target", second_degree=True)),
        "zoe": create_contact(ContactFields(name="Zoë Åberg")),
    }
    choose_member("Bea")
    people["rita"] = create_contact(ContactFields(name="Rita [/] Alvarez", cadence_days=30))
    log_exchange(people["zoe"], "gave", "knowledge", 3)
    create_worksheet(people["tal"], purpose="ask about Helix")
    yield people
    choose_member(None)


def test_each_member_sees_their_own_network(team):
    choose_member("Ana")
    assert network_names() == ["Dana Levi", "Tal Target", "Zoë Åberg"]
    choose_member("Bea")
    assert network_names() == ["Rita [/] Alvarez", "Tal Target", "Zoë Åberg"]
    assert network_names("zoe") == ["Zoë Åberg"]
    # Everyone is the team's, whoever is at the keyboard; second degree is the team's flag.
    assert len(list_contact_ids()) == 4
    assert names(list_contact_ids(scope=Scope.SECOND_DEGREE)) == ["Tal Target"]


def test_the_index_is_read_for_the_member_at_the_keyboard(team):
    """One index per version of the data and member: switching members builds it
    again (with the network of the new one), asking again does not."""
    choose_member("Ana")
    network_names()
    engine = search_engine()
    builds = engine.builds
    network_names()
    assert engine.builds == builds
    choose_member("Bea")
    assert network_names() == ["Rita [/] Alvarez", "Tal Target", "Zoë Åberg"]
    assert engine.builds == builds + 1


def test_a_relationship_or_an_exchange_brings_someone_into_my_network(team):
    from netui.db.contacts import write_relationship

    choose_member("Ana")
    assert "Rita [/] Alvarez" not in network_names()
    log_exchange(team["rita"], "received", "access", 2)
    assert "Rita [/] Alvarez" in network_names()
    choose_member("Bea")
    assert "Dana Levi" not in network_names()
    write_relationship(team["dana"], {"closeness": 4})
    assert "Dana Levi" in network_names()


def test_the_detail_says_whether_a_contact_is_in_my_network(team):
    choose_member("Bea")
    dana = get_contact(team["dana"])
    assert dana.mine is False and not dana.in_my_network
    assert dana.degree == "1st, not in my network (the team's)"
    assert get_contact(team["zoe"]).degree == "1st, in my network"  # her ledger entry
    assert get_contact(team["tal"]).degree == "2nd, known through someone; in my network"
    choose_member("Ana")
    assert get_contact(team["dana"]).degree == "1st, in my network"
    assert get_contact(team["rita"]).degree == "1st, not in my network (the team's)"


def test_today_reads_the_same_network(team):
    """Today's overdue list is my network (a ledger entry counts too), never another
    member's people."""
    day = clock.today() + dt.timedelta(days=400)
    choose_member("Bea")
    assert sorted(p.name for p in overdue_people(day)) == ["Rita [/] Alvarez", "Zoë Åberg"]
    choose_member("Ana")
    assert sorted(p.name for p in overdue_people(day)) == ["Dana Levi", "Zoë Åberg"]


def test_show_and_list_say_each_members_network(team, db_location, capsys, monkeypatch):
    """Through the real entry point, as two members of the same database."""
    close_database()
    monkeypatch.setattr(member_name, "chosen", None)  # as a new process: --member decides
    where = str(db_location)
    assert main(["--db", where, "--member", "Bea", "list", "--my-network", "--json"]) == 0
    listed = [row["name"] for row in json.loads(capsys.readouterr().out)]
    assert listed == ["Rita [/] Alvarez", "Tal Target", "Zoë Åberg"]
    assert main(["--db", where, "--member", "Ana", "list", "--my-network"]) == 0
    table = capsys.readouterr().out
    assert "Dana Levi" in table and "Rita" not in table
    assert main(["--db", where, "--member", "Bea", "show", "Dana Levi"]) == 0
    shown = capsys.readouterr().out
    assert "1st, not in my network (the team's)" in shown
    assert main(["--db", where, "--member", "Bea", "show", "Dana Levi", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["in_my_network"] is False
    assert main(["--db", where, "--member", "Ana", "show", "Dana Levi", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["in_my_network"] is True
    open_database(db_location)  # the fixture closes it


def test_list_my_network_on_one_persons_file_is_the_first_degree(db, db_location, capsys):
    create_contact(ContactFields(name="Dana Levi"))
    create_contact(ContactFields(name="Tal Target", second_degree=True))
    close_database()
    assert main(["--db", str(db_location), "list", "--my-network", "--json"]) == 0
    assert [row["name"] for row in json.loads(capsys.readouterr().out)] == ["Dana Levi"]
    assert main(["--db", str(db_location), "list", "--my-network", "--archived"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err
    open_database(db_location)


def test_an_empty_network_is_not_called_an_empty_database(db, db_location, capsys):
    """Contacts, none of them in my network: not "No contacts yet; add one"."""
    create_contact(ContactFields(name="Tal Target", second_degree=True))
    close_database()
    assert main(["--db", str(db_location), "list", "--my-network"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Nobody in my network yet:")
    assert "No contacts yet" not in out
    open_database(db_location)


def test_team_members_counts_each_members_network(team):
    """``netui team members``' contacts: the same network (Bea's Zoë is a ledger entry,
    her Tal a meeting, not a relationship)."""
    from netui.db.members import list_members

    sizes = {row.name: row.contacts for row in list_members()}
    assert sizes == {"me": 0, "Ana": 3, "Bea": 3}


def test_a_closeness_i_never_set_says_it_is_the_default(team):
    """Bea knows Zoë through her ledger entry only: the closeness shown is the
    default, not hers, and the detail and ``netui show`` say so."""
    from netui.db.overview import contact_overview
    from netui.widgets.contact_detail import detail_text

    choose_member("Bea")
    zoe = get_contact(team["zoe"])
    assert zoe.in_my_network and not zoe.closeness_set
    assert "(not set: the default)" in detail_text(contact_overview(team["zoe"])).plain
    assert get_contact(team["rita"]).closeness_set  # hers
    choose_member("Ana")
    assert get_contact(team["zoe"]).closeness_set
    assert "not set" not in detail_text(contact_overview(team["zoe"])).plain
