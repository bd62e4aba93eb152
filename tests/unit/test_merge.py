"""Merging two contacts: everything moves to the one kept, and undo restores every table."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.db.contacts import ContactFields, create_contact, get_contact, search_text_for
from netui.db.history import undo_latest
from netui.db.journal import undoable
from netui.db.merge import MergeError, merge_contacts
from netui.db.models import (
    Contact,
    Exchange,
    Goal,
    GoalContact,
    Introduction,
    Meeting,
    Tie,
)
from tests.unit.test_import_linkedin import tables

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def without_updated_at(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    at = [f.column_name for f in Contact._meta.sorted_fields].index("updated_at")
    return {t: [r[:at] + r[at + 1 :] for r in v] if t == "contact" else v for t, v in rows.items()}


def tie(x: int, y: int, strength: int = 3, context: str = "") -> Tie:
    a, b = sorted((x, y))
    return Tie.create(a=a, b=b, strength=strength, context=context)


@pytest.fixture
def people(db):
    keep = create_contact(ContactFields(name="Dana Whitfield", tags=("fintech",)))
    drop = create_contact(
        ContactFields(name="Dana W.", email="dana@x.example", notes="met at PyCon",
                      tags=("hiring", "fintech"), expertise=("rust",), closeness=5)
    )  # fmt: skip
    others = [create_contact(ContactFields(name=f"Other {i}")) for i in range(4)]
    return keep, drop, others


def test_merge_moves_everything(people, db_path):
    keep, drop, (o1, o2, o3, o4) = people
    tie(keep, o1, 2, "school")
    tie(drop, o1, 5, "work")  # collapses: the stronger wins, the kept context stays
    tie(drop, o2, 3, "club")  # moves
    tie(keep, drop, 4)  # disappears
    Exchange.create(contact=drop, direction="gave", currency="knowledge", value=3)
    Meeting.create(contact=drop, introducer=o3, scheduled_at=dt.datetime(2024, 1, 1))
    Meeting.create(contact=o3, introducer=drop)
    Meeting.create(contact=keep, introducer=drop)  # would introduce herself: introducer gone
    Introduction.create(a=drop, b=o4)
    between = Introduction.create(a=keep, b=drop)
    goal = Goal.create(title="Next role")
    GoalContact.create(goal=goal, contact=drop, note="x")

    result = merge_contacts(keep, drop)

    assert result.moved["ties"] == 2 and result.moved["exchanges"] == 1
    ties = {(t.a_id, t.b_id): (t.strength, t.context) for t in Tie.select()}
    assert ties == {
        tuple(sorted((keep, o1))): (5, "school"),
        tuple(sorted((keep, o2))): (3, "club"),
    }
    assert Exchange.get().contact_id == keep
    meetings = {(m.contact_id, m.introducer_id) for m in Meeting.select()}
    assert meetings == {(keep, o3), (o3, keep), (keep, None)}
    assert Introduction.get(Introduction.b == o4).a_id == keep
    assert Introduction.get_by_id(between.id).b_id == drop  # left as it was
    assert GoalContact.get().contact_id == keep

    kept = get_contact(keep)
    assert kept.fields.email == "dana@x.example" and kept.fields.notes == "met at PyCon"
    assert kept.fields.closeness == 5
    assert kept.fields.tags == ("fintech", "hiring") and kept.fields.expertise == ("rust",)
    assert Contact.get_by_id(keep).search_text == search_text_for(kept.fields)
    assert Contact.get_by_id(drop).archived


@pytest.mark.sqlite_only("compares the file's tables through sqlite3")
def test_undo_restores_every_table(people, db_path):
    keep, drop, (o1, o2, _o3, _) = people
    tie(keep, o1, 2)
    tie(drop, o1, 5, "work")
    tie(drop, o2)
    tie(keep, drop)
    Exchange.create(contact=drop, direction="received", currency="access", value=2)
    Meeting.create(contact=keep, introducer=drop)
    goal = Goal.create(title="g")
    GoalContact.create(goal=goal, contact=drop)
    GoalContact.create(goal=Goal.create(title="h"), contact=drop)
    GoalContact.create(goal=goal, contact=keep)
    before = tables(db_path)
    with undoable("merge"):
        merge_contacts(keep, drop)
    assert tables(db_path) != before
    outcome = undo_latest()
    assert outcome.left == ()
    # Every row is back (but when the two contacts last changed: undo is a change);
    # goal links (keyed by their two ids, no row id) may come back in another order.
    assert {k: sorted(v) for k, v in without_updated_at(tables(db_path)).items()} == {
        k: sorted(v) for k, v in without_updated_at(before).items()
    }


def test_merge_errors(people):
    keep, _drop, _ = people
    with pytest.raises(MergeError):
        merge_contacts(keep, keep)
    with pytest.raises(LookupError):
        merge_contacts(keep, 999)
