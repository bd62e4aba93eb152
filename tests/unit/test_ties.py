"""Ties on a real SQLite file: stored once, updated on repeat, removed and restored."""

from __future__ import annotations

import sqlite3

import pytest

from netui.db.contacts import ContactFields, ContactNotFoundError, create_contact, set_archived
from netui.db.history import undo_latest
from netui.db.models import Tie
from netui.db.ties import (
    TieError,
    get_tie,
    known_by_my_network,
    remove_tie,
    set_tie,
    ties_of,
)

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def person(name: str, **fields) -> int:
    return create_contact(ContactFields(name=name, **fields))


@pytest.fixture
def people(db) -> dict[str, int]:
    return {
        "dana": person("Dana Levi", organisation="Helix"),
        "avi": person("Avi Cohen"),
        "bo": person("Bo Ek", second_degree=True),
        "cy": person("Cy Park"),
    }


def stored() -> list[tuple]:
    return list(Tie.select(Tie.a, Tie.b, Tie.strength, Tie.context).tuples())


def test_a_tie_is_stored_once_with_the_smaller_id_first(people):
    avi, dana = people["avi"], people["dana"]
    tie_id, created = set_tie(avi, dana, 4, "  worked together at Helix ")
    assert created
    assert stored() == [(min(avi, dana), max(avi, dana), 4, "worked together at Helix")]
    assert get_tie(dana, avi).id == tie_id


def test_repeating_a_tie_in_either_order_updates_it(people):
    dana, avi = people["dana"], people["avi"]
    first_id, _ = set_tie(dana, avi, 2, "school")
    second_id, created = set_tie(avi, dana, 5, "co-founders")
    assert (second_id, created) == (first_id, False)
    assert stored() == [(dana, avi, 5, "co-founders")]


def test_a_self_tie_is_refused_and_nothing_is_written(people):
    with pytest.raises(TieError, match="cannot be tied to itself"):
        set_tie(people["dana"], people["dana"])
    assert stored() == []


@pytest.mark.parametrize("strength", [0, 6, -1, True, 2.5, "3"])
def test_a_strength_outside_1_to_5_is_refused(people, strength):
    with pytest.raises(TieError):
        set_tie(people["dana"], people["avi"], strength)
    assert stored() == []


def test_a_tie_to_an_unknown_contact_is_refused(people):
    with pytest.raises(ContactNotFoundError):
        set_tie(people["dana"], 999)
    assert stored() == []


@pytest.mark.sqlite_only("SQLite's own error class through sqlite3")
def test_the_check_constraint_forbids_a_second_copy_in_reverse(people, db_path):
    dana, avi = people["dana"], people["avi"]
    set_tie(dana, avi)
    raw = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute(
            "INSERT INTO tie (a_id, b_id, strength, context, created_at) "
            "VALUES (?, ?, 3, '', '2024-01-01')",
            (avi, dana),
        )
    raw.close()


def test_remove_and_restore_give_back_the_same_tie(people):
    dana, cy = people["dana"], people["cy"]
    tie_id, _ = set_tie(cy, dana, 4, "neighbours")
    before = get_tie(dana, cy)
    record = remove_tie(dana, cy)
    assert record is not None
    assert (record.id, record.strength, record.context) == (tie_id, 4, "neighbours")
    assert (record.contact_id, record.other_id, record.name) == (dana, cy, "Cy Park")
    assert stored() == []
    assert remove_tie(dana, cy) is None
    undo_latest()  # the removal was a step of its own: back from the trash
    assert get_tie(dana, cy) == before


def test_undo_leaves_a_tie_made_again_in_the_meantime(people):
    dana, avi = people["dana"], people["avi"]
    set_tie(dana, avi, 5, "old")
    remove_tie(dana, avi)
    set_tie(dana, avi, 1, "new")  # another writer's later tie wins
    outcome = undo_latest()
    assert stored() == [(dana, avi, 1, "new")]
    assert outcome.left == ("the tie between Dana Levi and Avi Cohen (there again)",)


def test_ties_of_lists_strongest_first_then_by_name(people):
    dana = people["dana"]
    set_tie(dana, people["cy"], 3, "gym")
    set_tie(people["avi"], dana, 3)
    set_tie(dana, people["bo"], 5, "sister")
    ties = ties_of(dana)
    assert [(t.name, t.strength) for t in ties] == [("Bo Ek", 5), ("Avi Cohen", 3), ("Cy Park", 3)]
    bo = ties[0]
    assert (bo.other_id, bo.second_degree, bo.archived, bo.context) == (
        people["bo"],
        True,
        False,
        "sister",
    )
    assert ties_of(people["cy"])[0].organisation == "Helix"


def test_archived_people_are_flagged_or_left_out(people):
    dana, avi = people["dana"], people["avi"]
    set_tie(dana, avi)
    set_archived(avi, True)
    assert [t.archived for t in ties_of(dana)] == [True]
    assert ties_of(dana, include_archived=False) == []


def test_known_by_my_network_keeps_first_degree_non_archived_contacts(people):
    target = person("Target")
    for key in ("dana", "avi", "bo", "cy"):
        set_tie(people[key], target, 2 if key == "cy" else 4)
    set_archived(people["avi"], True)
    known = known_by_my_network(target)
    assert [t.name for t in known] == ["Dana Levi", "Cy Park"]  # no Bo (2nd), no Avi
