"""Who among us can introduce us: every (member, broker) route, ranked per member
(netui.core.brokers.rank_team), on real SQLite files, and ``netui brokers --team``
through the real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netui import clock
from netui.core.brokers import BROKER, KNOWS, Person, TeamLink, direct_score, rank_team
from netui.db.brokers import brokers_for, team_brokers_for
from netui.db.contacts import (
    ContactFields,
    ContactNotFoundError,
    create_contact,
    set_archived,
    write_relationship,
)
from netui.db.ledger import log_exchange
from netui.db.members import add_member, choose_member, current_member_id
from netui.db.meter_sums import team_meters
from netui.db.models import Relationship
from netui.db.ties import set_tie

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

# --- the ranking -------------------------------------------------------------------------


def test_rank_team_scores_each_route_with_that_members_closeness_and_credit():
    target = Person(1, "Tal Target")
    neighbours = {2: (Person(2, "Dana"), 4), 3: (Person(3, "Avi"), 2)}
    links = [
        TeamLink(10, 2, 5, meter=0.0),  # Ann: 5 * 4 = 20
        TeamLink(11, 2, 2, meter=100.0),  # Bob: 2 * 4 * 1.5 = 12
        TeamLink(11, 3, 5, meter=-100.0),  # Bob: 5 * 2 * 0.5 = 5
        TeamLink(12, 1, 1),  # Cy knows Tal: 1 * 5 = 5, listed first
    ]
    paths = rank_team(target, {10: "Ann", 11: "Bob", 12: "Cy"}, links, neighbours)
    assert [(p.member, p.name, p.score, p.kind) for p in paths] == [
        ("Cy", "Tal Target", 5.0, KNOWS),
        ("Ann", "Dana", 20.0, BROKER),
        ("Bob", "Dana", 12.0, BROKER),
        ("Bob", "Avi", 5.0, BROKER),
    ]
    assert paths[1].path == ("Ann", "Dana", "Tal Target")
    assert paths[0].path == ("Cy", "Tal Target")


def test_rank_team_skips_archived_and_second_degree_brokers_and_unknown_members():
    target = Person(1, "Tal")
    neighbours = {
        2: (Person(2, "Gone", archived=True), 5),
        3: (Person(3, "Far", second_degree=True), 5),
        4: (Person(4, "Near"), 1),
    }
    links = [TeamLink(10, 2, 5), TeamLink(10, 3, 5), TeamLink(10, 4, 3), TeamLink(99, 4, 5)]
    paths = rank_team(target, {10: "Ann"}, links, neighbours)
    assert [(p.member, p.name, p.score) for p in paths] == [("Ann", "Near", 3.0)]


def test_rank_team_breaks_ties_by_member_then_broker_name():
    target = Person(1, "T")
    neighbours = {2: (Person(2, "Zoë"), 3), 3: (Person(3, "Émile"), 3)}
    links = [TeamLink(11, 2, 3), TeamLink(10, 3, 3), TeamLink(10, 2, 3)]
    paths = rank_team(target, {10: "bea", 11: "Ann"}, links, neighbours)
    assert [(p.member, p.name) for p in paths] == [("Ann", "Zoë"), ("bea", "Émile"),
                                                   ("bea", "Zoë")]  # fmt: skip


# --- on a real file ------------------------------------------------------------------------


@pytest.fixture
def team(db):
    """Me, Bob and Cy. Tal is the target; Dana (tie 4) and Avi (tie 2) know Tal."""
    people = {
        "tal": create_contact(ContactFields(name="Tal Target")),
        "dana": create_contact(ContactFields(name="Dana Levi", closeness=5)),
        "avi": create_contact(ContactFields(name="Avi [/] Cohen", closeness=1)),
    }
    set_tie(people["dana"], people["tal"], 4)
    set_tie(people["avi"], people["tal"], 2)
    me = current_member_id()
    people["bob"] = add_member("Bob Ézra")
    people["cy"] = add_member("Cy 🙂")
    choose_member("Bob Ézra")
    write_relationship(people["avi"], {"closeness": 5})
    day = clock.today()
    log_exchange(people["avi"], "gave", "introduction", 5, on=day, today=day)  # meter +100
    choose_member("Cy 🙂")
    write_relationship(people["tal"], {"closeness": 4})
    choose_member("me")
    people["me"] = me
    return people


def test_every_members_routes_best_first(team):
    paths = team_brokers_for(team["tal"], today=clock.today())
    assert [(p.member, p.name, round(p.score, 2), p.kind) for p in paths] == [
        ("Cy 🙂", "Tal Target", direct_score(4, 5), KNOWS),
        ("me", "Tal Target", direct_score(3, 5), KNOWS),  # I added Tal: my network
        ("me", "Dana Levi", 20.0, BROKER),  # 5 * 4
        ("Bob Ézra", "Avi [/] Cohen", 15.0, BROKER),  # 5 * 2 * 1.5: Bob's credit
        ("me", "Avi [/] Cohen", 2.0, BROKER),  # 1 * 2, my credit is 0
    ]


def test_the_team_view_agrees_with_my_own_brokers_for_my_routes(team):
    mine = {(p.name, round(p.score, 6)) for p in brokers_for(team["tal"], today=clock.today())}
    ours = {
        (p.name, round(p.score, 6))
        for p in team_brokers_for(team["tal"], today=clock.today())
        if p.member == "me" and p.kind == BROKER
    }
    assert ours == mine


def test_team_meters_are_per_member(team):
    balances = team_meters([team["avi"]], today=clock.today())
    assert set(balances) == {(team["bob"], team["avi"])}
    assert balances[(team["bob"], team["avi"])].meter == 100


def test_an_archived_broker_drops_out_of_every_members_routes(team):
    set_archived(team["avi"], True)
    names = {p.name for p in team_brokers_for(team["tal"])}
    assert "Avi [/] Cohen" not in names


def test_routes_come_from_ties_either_way_round(db):
    """A tie is stored once, lower id first: the target is its ``a`` or its ``b``."""
    early = create_contact(ContactFields(name="Early Broker", closeness=4))
    target = create_contact(ContactFields(name="Tal Target"))
    late = create_contact(ContactFields(name="Late Broker", closeness=2))
    set_tie(early, target, 3)  # the target is b
    set_tie(target, late, 5)  # the target is a
    paths = team_brokers_for(target, today=clock.today())
    assert [(p.name, p.score, p.kind) for p in paths] == [
        ("Tal Target", direct_score(3, 5), KNOWS),  # I added Tal: my network
        ("Early Broker", 12.0, BROKER),  # 4 * 3
        ("Late Broker", 10.0, BROKER),  # 2 * 5
    ]


def test_a_target_nobody_knows_has_no_routes_and_an_unknown_one_is_an_error(db):
    target = create_contact(ContactFields(name="Tal Target"))
    other = create_contact(ContactFields(name="Dana Levi"))
    Relationship.delete().where(Relationship.contact.in_([target, other])).execute()
    assert team_brokers_for(target) == []
    with pytest.raises(ContactNotFoundError, match="no contact with id 999"):
        team_brokers_for(999)


# --- the command line, through the real entry point ---------------------------------------


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


def test_brokers_team_json_has_the_documented_shape(tmp_path):
    db = str(tmp_path / "team.db")
    for argv in (
        ("add", "Tal Target"),
        ("add", "Dana Levi", "--closeness", "5"),
        ("tie", "Dana Levi", "Tal Target", "--strength", "4"),
        ("team", "add-member", "Bob"),
    ):
        assert netui(tmp_path, "--db", db, *argv).returncode == 0
    done = netui(tmp_path, "--db", db, "--member", "Bob", "brokers", "Tal Target", "--team",
                 "--json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert [set(item) for item in items] == [{"member", "name", "score", "path", "kind"}] * 2
    assert items[1] == {
        "member": "me",
        "name": "Dana Levi",
        "score": 20.0,
        "path": ["me", "Dana Levi", "Tal Target"],
        "kind": "broker",
    }
    table = netui(tmp_path, "--db", db, "--member", "Bob", "brokers", "Tal", "--team")
    assert table.returncode == 0
    assert "me → Dana Levi → Tal Target" in table.stdout
    # The order is explained: who knows them comes first, whatever the scores.
    assert "the members who know them first, then the introductions" in table.stdout


def test_brokers_team_errors_are_one_sentence(tmp_path):
    db = str(tmp_path / "team.db")
    assert netui(tmp_path, "--db", db, "add", "Tal Target").returncode == 0
    unknown = netui(tmp_path, "--db", db, "--member", "Nobody", "brokers", "Tal", "--team")
    assert unknown.returncode == 1
    assert unknown.stderr.count("\n") == 1 and "no member named" in unknown.stderr
    nobody = netui(tmp_path, "--db", db, "brokers", "Nobody Here", "--team", "--json")
    assert nobody.returncode == 1
    assert nobody.stderr.count("\n") == 1 and "Traceback" not in nobody.stderr
