"""Career goals on a real SQLite file: CRUD, links, suggestions, coverage and gaps."""

from __future__ import annotations

import pytest

from netui.db.contacts import ContactFields, ContactNotFoundError, create_contact, set_archived
from netui.db.goal_suggestions import coverage, goal_overview, linked_contacts, suggest_contacts
from netui.db.goals import (
    GoalError,
    GoalFields,
    GoalNotFoundError,
    all_goals,
    create_goal,
    delete_goal,
    get_goal,
    link_contact,
    set_active,
    unlink_contact,
    update_goal,
)
from netui.db.history import undo_latest
from netui.db.models import GoalContact
from netui.db.ties import set_tie

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

GOAL = GoalFields(
    "Head of Data in health tech",
    "The next role.",
    organisations=("Helix Health", "Tidepool Labs", "Nowhere Inc"),
    roles=("Head of Data",),
    tags=("health tech",),
)


def person(name: str, **fields) -> int:
    return create_contact(ContactFields(name=name, **fields))


@pytest.fixture
def people(db) -> dict[str, int]:
    ids = {
        "ann": person("Ann Helix", organisation="Helix Health", role="Nurse", closeness=4),
        "bob": person("Bob Data", organisation="Globex", role="Head of Data & AI"),
        "cat": person("Cat Tag", interests=("health tech",)),
        "dan": person("Dan Tide", organisation="Tidepool Labs", second_degree=True),
        "eve": person("Eve Broker", organisation="Initech", closeness=5),
        "old": person("Old Helix", organisation="Helix Health"),
        "zed": person("Zed None", organisation="Acme", role="Chef"),
    }
    set_archived(ids["old"], True)
    set_tie(ids["eve"], ids["dan"], strength=4)
    return ids


def test_create_read_update_goal_with_targets_and_tags(db):
    goal_id = create_goal(
        GoalFields(
            " Next  role ",
            organisations=("Helix Health", " helix health ", "Tidepool"),
            roles=("CTO",),
            tags=("Health Tech", "health tech"),
        )
    )
    goal = get_goal(goal_id)
    assert goal.title == "Next role"
    assert goal.organisations == ("Helix Health", "Tidepool")
    assert goal.roles == ("CTO",)
    assert goal.tags == ("Health Tech",)
    assert goal.active
    update_goal(goal_id, GoalFields("Next role", roles=("VP Data",), tags=("data",), active=False))
    goal = get_goal(goal_id)
    assert (goal.organisations, goal.roles, goal.tags, goal.active) == (
        (),
        ("VP Data",),
        ("data",),
        False,
    )
    set_active(goal_id, True)
    assert get_goal(goal_id).active
    with pytest.raises(GoalError):
        create_goal(GoalFields("  "))
    with pytest.raises(GoalNotFoundError):
        update_goal(404, GoalFields("x"))
    with pytest.raises(GoalNotFoundError):
        set_active(404, True)


def test_active_goals_come_first(db):
    create_goal(GoalFields("B active"))
    create_goal(GoalFields("A inactive", active=False))
    create_goal(GoalFields("C active"))
    assert [g.title for g in all_goals()] == ["B active", "C active", "A inactive"]


def test_link_unlink_and_restore(people):
    goal_id = create_goal(GOAL)
    assert link_contact(goal_id, people["zed"], "knows everyone")
    assert not link_contact(goal_id, people["zed"])
    assert get_goal(goal_id).linked == 1
    (zed,) = linked_contacts(goal_id)
    assert zed.why == "linked by hand · knows everyone"
    link = unlink_contact(goal_id, people["zed"])
    assert link is not None and link.note == "knows everyone"
    assert unlink_contact(goal_id, people["zed"]) is None
    assert linked_contacts(goal_id) == []
    undo_latest()  # the unlink was a step of its own: the link comes back from the trash
    assert [m.name for m in linked_contacts(goal_id)] == ["Zed None"]
    with pytest.raises(ContactNotFoundError):
        link_contact(goal_id, 9999)
    with pytest.raises(GoalNotFoundError):
        link_contact(9999, people["zed"])


def test_delete_and_undo_goal_with_links(people):
    goal_id = create_goal(GOAL)
    link_contact(goal_id, people["zed"], "note")
    record = delete_goal(goal_id)
    assert all_goals() == [] and GoalContact.select().count() == 0
    undo_latest()
    assert get_goal(goal_id).fields == record.fields
    assert [(m.name, m.why) for m in linked_contacts(goal_id)] == [
        ("Zed None", "linked by hand · note")
    ]


def test_suggestions_first_and_second_degree_with_why(people):
    goal_id = create_goal(GOAL)
    found = {m.name: m for m in suggest_contacts(goal_id)}
    # Archived Old Helix, and Zed and Eve (nothing matches) are not suggested.
    assert set(found) == {"Ann Helix", "Bob Data", "Cat Tag", "Dan Tide"}
    assert found["Ann Helix"].why == "works at Helix Health"
    assert found["Bob Data"].why == "is a Head of Data"
    assert found["Cat Tag"].why == "tagged health tech"
    assert found["Dan Tide"].second_degree
    # Best first; equal scores: first degree, then the closer contact.
    assert [m.name for m in suggest_contacts(goal_id)] == [
        "Ann Helix",
        "Dan Tide",
        "Bob Data",
        "Cat Tag",
    ]
    assert [m.name for m in suggest_contacts(goal_id, limit=1)] == ["Ann Helix"]
    # A linked contact is no longer a suggestion.
    link_contact(goal_id, people["ann"])
    assert "Ann Helix" not in {m.name for m in suggest_contacts(goal_id)}
    (ann,) = linked_contacts(goal_id)
    assert ann.why == "linked by hand · works at Helix Health"


def test_coverage_counts_gaps_and_brokers(people):
    goal_id = create_goal(GOAL)
    link_contact(goal_id, people["zed"])
    cov = coverage(goal_id)
    assert (cov.first_degree, cov.second_degree) == (4, 1)  # Ann, Bob, Cat, Zed; Dan
    assert (cov.linked, cov.by_target, cov.by_tags_only) == (1, 3, 1)
    counts = {c.target: (c.first_degree, c.second_degree) for c in cov.targets}
    assert counts == {
        "Helix Health": (1, 0),
        "Tidepool Labs": (0, 1),
        "Nowhere Inc": (0, 0),
        "Head of Data": (1, 0),
    }
    gaps = {view.gap.target: view for view in cov.gaps}
    assert set(gaps) == {"Tidepool Labs", "Nowhere Inc"}
    tidepool = gaps["Tidepool Labs"]
    assert tidepool.gap.best_name == "Dan Tide"
    assert [path.path for path in tidepool.brokers] == [("Eve Broker", "Dan Tide")]
    assert gaps["Nowhere Inc"].gap.nobody and gaps["Nowhere Inc"].brokers == ()
    assert coverage(goal_id, brokers=0).gaps[0].brokers == ()


def test_a_gap_closes_when_someone_in_my_network_serves_it(people):
    goal_id = create_goal(GOAL)
    person("Tia Tide", organisation="Tidepool Labs Inc")
    assert {v.gap.target for v in coverage(goal_id).gaps} == {"Nowhere Inc"}


def test_goal_overview_is_coverage_links_and_suggestions_at_once(people):
    goal_id = create_goal(GOAL)
    link_contact(goal_id, people["bob"])
    overview = goal_overview(goal_id, limit=2)
    assert [m.name for m in overview.linked] == ["Bob Data"]
    assert [m.name for m in overview.suggestions] == ["Ann Helix", "Dan Tide"]
    assert overview.suggestions_total == 3
    assert overview.coverage.linked == 1


def test_a_goal_without_targets_matches_only_links(people):
    goal_id = create_goal(GoalFields("Just people"))
    assert suggest_contacts(goal_id) == []
    cov = coverage(goal_id)
    assert (cov.first_degree, cov.second_degree, cov.gaps) == (0, 0, ())


def test_goal_targets_match_without_accents_either_way(db):
    zurich = person("Jürgen Müller", organisation="Zürich Re AG", role="Actuary")
    plain = person("Ana Lima", organisation="Zurich Re", role="Directrice générale")
    tagged = person("Zoë", tags=("Santé numérique",))
    targets = GoalFields(
        "Insurance",
        organisations=("ZURICH RE",),
        roles=("Directrice Generale",),
        tags=("sante numerique",),
    )
    goal_id = create_goal(targets)
    found = {m.contact_id: m.why for m in suggest_contacts(goal_id)}
    assert set(found) == {zurich, plain, tagged}
    # One tag, whoever typed it first: the goal shows it as Zoë's spelling.
    assert get_goal(goal_id).tags == ("Santé numérique",)
    assert found[tagged] == "tagged Santé numérique"
    assert "is a Directrice Generale" in found[plain]
    assert coverage(goal_id, brokers=0).gaps == ()
