"""On a team database the answers that ask "who in my network" (brokers, who knows
someone, goal suggestions and gaps) read the one definition of my network
(:func:`netui.db.members.in_my_network`), so two members get different answers
about the same team; and a member can take a contact out of their network (and put
them back, or undo it) without touching the team's contact or their own history.
On SQLite and on PostgreSQL."""

from __future__ import annotations

import json

import pytest

from netui.cli import main
from netui.db import journal, member_name
from netui.db.brokers import brokers_for
from netui.db.connection import close_database
from netui.db.contacts import ContactFields, Scope, create_contact, get_contact, update_contact
from netui.db.goal_suggestions import coverage, suggest_contacts
from netui.db.goals import GoalFields, create_goal
from netui.db.history import undo_latest
from netui.db.ledger import log_exchange
from netui.db.members import MemberError, add_member, choose_member, list_members
from netui.db.models import Contact, Exchange
from netui.db.my_network import set_in_my_network, toggle_my_network
from netui.db.search import list_contact_ids
from netui.db.ties import known_by_my_network, set_tie

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


@pytest.fixture
def team(db):
    """Ana knows Dana (Helix Health), Bea knows Rita (Tidepool Labs); both know Tal
    Target, whom the team added with no relationship of either (Tal is Zed's). Each
    member has a goal aimed at both organisations."""
    add_member("Ana")
    add_member("Bea")
    add_member("Zed")
    choose_member("Zed")
    tal = create_contact(ContactFields(name="Tal Target", organisation="Nowhere"))
    choose_member("Ana")
    dana = create_contact(ContactFields(name="Dana Levi", organisation="Helix Health"))
    goal = GoalFields("A role", organisations=("Helix Health", "Tidepool Labs"))
    goals = {"Ana": create_goal(goal)}
    choose_member("Bea")
    rita = create_contact(ContactFields(name="Rita [/] Alvarez", organisation="Tidepool Labs"))
    goals["Bea"] = create_goal(goal)
    set_tie(dana, tal, 4)
    set_tie(rita, tal, 3)
    yield {"tal": tal, "dana": dana, "rita": rita, "goals": goals}
    choose_member(None)


def brokers(target: int) -> list[str]:
    return [path.name for path in brokers_for(target)]


def test_each_member_is_offered_their_own_brokers(team):
    choose_member("Ana")
    assert brokers(team["tal"]) == ["Dana Levi"]
    assert [tie.name for tie in known_by_my_network(team["tal"])] == ["Dana Levi"]
    choose_member("Bea")
    assert brokers(team["tal"]) == ["Rita [/] Alvarez"]
    assert [tie.name for tie in known_by_my_network(team["tal"])] == ["Rita [/] Alvarez"]
    choose_member("Zed")  # Zed knows Tal, nobody who knows Tal
    assert brokers(team["tal"]) == []


def test_a_ledger_entry_brings_a_broker_into_my_network(team):
    choose_member("Ana")
    log_exchange(team["rita"], "gave", "knowledge", 2)
    assert sorted(brokers(team["tal"])) == ["Dana Levi", "Rita [/] Alvarez"]


def test_goal_coverage_and_gaps_are_each_members(team):
    choose_member("Ana")
    ana = coverage(team["goals"]["Ana"])
    assert ana.team and (ana.first_degree, ana.second_degree) == (1, 1)
    assert [(view.gap.target, view.gap.best_name) for view in ana.gaps] == [
        ("Tidepool Labs", "Rita [/] Alvarez")
    ]
    suggested = suggest_contacts(team["goals"]["Ana"])
    assert [(m.name, m.in_my_network) for m in suggested] == [
        ("Dana Levi", True),
        ("Rita [/] Alvarez", False),
    ]
    choose_member("Bea")
    bea = coverage(team["goals"]["Bea"])
    assert [(view.gap.target, view.gap.best_name) for view in bea.gaps] == [
        ("Helix Health", "Dana Levi")
    ]
    # Bea's way in to Dana goes through her own Rita, never Ana's people.
    assert [path.path for path in bea.gaps[0].brokers] == [
        ("Rita [/] Alvarez", "Tal Target", "Dana Levi")
    ]
    assert suggest_contacts(team["goals"]["Bea"])[0].name == "Rita [/] Alvarez"


def network(member: str) -> list[str]:
    choose_member(member)
    return [get_contact(cid).fields.name for cid in list_contact_ids(scope=Scope.NETWORK)]


def test_taking_someone_out_of_my_network_keeps_the_team_contact_and_my_history(team):
    choose_member("Ana")
    log_exchange(team["dana"], "received", "access", 3)
    with journal.undoable("take out"):
        assert set_in_my_network(team["dana"], False)
    assert "Dana Levi" not in network("Ana")  # even with my ledger entry with her
    choose_member("Ana")
    assert brokers(team["tal"]) == []
    assert get_contact(team["dana"]).degree == "1st, not in my network (the team's)"
    assert Exchange.select().where(Exchange.contact == team["dana"]).count() == 1
    assert not Contact.get_by_id(team["dana"]).archived
    assert {row.name: row.contacts for row in list_members()}["Ana"] == 0
    assert network("Bea") == ["Rita [/] Alvarez"]  # nobody else's network moves
    assert len(list_contact_ids()) == 3  # everyone still sees her in the team's list
    # Undo puts her back, as it was.
    choose_member("Ana")
    undo_latest()
    assert network("Ana") == ["Dana Levi"]


def test_the_same_action_or_my_closeness_puts_them_back(team):
    choose_member("Ana")
    assert toggle_my_network(team["dana"]) is False
    assert network("Ana") == []
    choose_member("Ana")
    assert toggle_my_network(team["dana"]) is True
    assert network("Ana") == ["Dana Levi"]
    choose_member("Ana")
    set_in_my_network(team["dana"], False)
    fields = get_contact(team["dana"]).fields
    update_contact(team["dana"], ContactFields(**{**fields.__dict__, "closeness": 5}))
    assert network("Ana") == ["Dana Levi"]
    # A team's contact I have nothing with joins my network the same way.
    choose_member("Ana")
    assert not set_in_my_network(team["dana"], True)  # already in: nothing changes
    assert toggle_my_network(team["rita"]) is True
    assert network("Ana") == ["Dana Levi", "Rita [/] Alvarez"]
    assert network("Bea") == ["Rita [/] Alvarez"]  # Bea's network is hers


@pytest.mark.sqlite_only("one person's database is an SQLite file")
def test_one_persons_file_refuses_with_one_sentence(db, db_path, capsys):
    dana = create_contact(ContactFields(name="Dana Levi"))
    with pytest.raises(MemberError, match="archive them"):
        set_in_my_network(dana, False)
    close_database()
    assert main(["--db", str(db_path), "team", "remove-from-network", "Dana Levi"]) != 0
    said = capsys.readouterr().err
    assert "every contact you know is in your network: archive them (d) instead." in said
    assert "Traceback" not in said


def test_the_command_line_answers_for_the_member_at_the_keyboard(
    team, db_location, capsys, monkeypatch
):
    close_database()
    monkeypatch.setattr(member_name, "chosen", None)  # as a new process: --member decides
    where = str(db_location)

    def run(*args: str) -> str:
        assert main(["--db", where, *args]) == 0
        return capsys.readouterr().out

    ana = json.loads(run("--member", "Ana", "brokers", "Tal Target", "--json"))
    bea = json.loads(run("--member", "Bea", "brokers", "Tal Target", "--json"))
    assert [p["name"] for p in ana] == ["Dana Levi"]
    assert [p["name"] for p in bea] == ["Rita [/] Alvarez"]
    said = run("--member", "Ana", "team", "remove-from-network", "Dana Levi")
    assert said == "Dana Levi is now out of my network.\n"
    assert json.loads(run("--member", "Ana", "brokers", "Tal Target", "--json")) == []
    nobody = run("--member", "Ana", "brokers", "Tal Target")
    assert nobody.startswith("Nobody in your network can introduce you to Tal Target yet: ")
    assert "none of the team's contacts you have a closeness" in nobody
    listed = json.loads(run("--member", "Ana", "list", "--my-network", "--json"))
    assert listed == []
    assert run("--member", "Ana", "team", "add-to-network", "Dana Levi") == (
        "Dana Levi is now in my network.\n"
    )
    assert run("--member", "Ana", "team", "add-to-network", "Dana Levi") == (
        "Dana Levi was already in my network.\n"
    )


def test_a_merge_keeps_them_out_only_if_both_were_out(team):
    from netui.db.merge import merge_contacts

    choose_member("Ana")
    twin = create_contact(ContactFields(name="Dana L."))
    set_in_my_network(team["dana"], False)
    merge_contacts(team["dana"], twin)  # the twin was still mine: so is the merged Dana
    assert network("Ana") == ["Dana Levi"]
    choose_member("Ana")
    other = create_contact(ContactFields(name="Dana Levi (old)"))
    set_in_my_network(other, False)
    set_in_my_network(team["dana"], False)
    merge_contacts(team["dana"], other)  # both out: the merged one stays out
    assert network("Ana") == []
    choose_member("Bea")
    stranger = create_contact(ContactFields(name="Rita A."))
    set_in_my_network(stranger, False)  # Bea knew only the one she took out
    merge_contacts(team["dana"], stranger)
    assert "Dana Levi" not in network("Bea")


def test_the_team_view_agrees_with_each_members_own_brokers(team):
    """Who among us reads each member's network as that member's own brokers do: Ana
    reaches Tal through Rita, in her network by a ledger entry alone, and no longer
    through Dana, whom she took out of it; Zed knows Tal (he added him)."""
    from netui.core.brokers import BROKER, KNOWS
    from netui.db.brokers import team_brokers_for

    choose_member("Ana")
    log_exchange(team["rita"], "gave", "knowledge", 2)
    set_in_my_network(team["dana"], False)
    routes = team_brokers_for(team["tal"])
    for member in ("Ana", "Bea", "Zed"):
        choose_member(member)
        mine = {(p.name, round(p.score, 6)) for p in brokers_for(team["tal"])}
        ours = {(p.name, round(p.score, 6)) for p in routes
                if p.member == member and p.kind == BROKER}  # fmt: skip
        assert ours == mine, member
    assert {(p.member, p.name) for p in routes} == {
        ("Ana", "Rita [/] Alvarez"),
        ("Bea", "Rita [/] Alvarez"),
        ("Zed", "Tal Target"),
    }
    assert [p.member for p in routes if p.kind == KNOWS] == ["Zed"]
