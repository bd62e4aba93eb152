"""Saving a form field by field against what it loaded: two writers never lose a field.

Each edit function gets what the form showed (``loaded``) and what the user saved
(``wanted``); "the other window" is a write made in between."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, replace

import pytest

from netui.db.contacts import ContactFields, create_contact, edit_contact, get_contact
from netui.db.edits import Conflict, merge_set, plan, resolved
from netui.db.goals import GoalFields, create_goal, edit_goal, get_goal
from netui.db.goods import GoodFields, create_good, edit_good, get_good
from netui.db.importing import import_file
from netui.db.introductions import edit_introduction, introductions, record_introduction
from netui.db.ledger import edit_exchange, get_exchange, log_exchange
from netui.db.meetings import create_worksheet, edit_worksheet, get_worksheet, worksheet_fields
from netui.db.settings import edit_settings, get_setting, set_setting
from netui.db.ties import edit_tie, get_tie, set_tie

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

DANA = ContactFields(
    name="Dana Levi", organisation="Globex", role="Head of Data", phone="+44 1",
    notes="Met at PyCon.", tags=("fintech", "mentor"),
)  # fmt: skip


@pytest.fixture
def dana(db) -> int:
    return create_contact(DANA)


# --- the rules ------------------------------------------------------------------------


def test_merge_set_applies_the_users_additions_and_removals_to_what_is_there():
    current = ("fintech", "mentor", "speaker")  # someone else added "speaker"
    loaded = ("fintech", "mentor")
    wanted = ("FinTech", "AI")  # respelled one, removed one, added one
    assert merge_set(current, loaded, wanted) == ("FinTech", "speaker", "AI")
    assert merge_set(("a",), ("a",), ("a",)) == ("a",)


def test_plan_writes_what_the_user_changed_and_names_what_both_changed():
    loaded = {"role": "Head of Data", "phone": "+44 1", "notes": "x"}
    wanted = {"role": "CTO", "phone": "+44 1", "notes": "y"}
    current = {"role": "Head of Data", "phone": "+44 9", "notes": "z"}
    writes, conflicts = plan(loaded, wanted, current, labels={"notes": "Notes"})
    assert writes == {"role": "CTO"}  # phone: not the user's change, left as it is now
    assert conflicts == [Conflict("notes", "Notes", "x", "y", "z")]
    # Both made the same change: nothing to write, nothing to ask.
    assert plan({"a": 1}, {"a": 2}, {"a": 2}) == ({}, [])


def test_resolved_saves_the_choice_against_the_value_the_user_saw():
    conflict = Conflict("notes", "Notes", "x", "y", "z")
    loaded, wanted = resolved({"notes": "x"}, {"notes": "y"}, [conflict], {"notes": "y"})
    assert plan(loaded, wanted, {"notes": "z"}) == ({"notes": "y"}, [])
    loaded, wanted = resolved({"notes": "x"}, {"notes": "y"}, [conflict], {"notes": "z"})
    assert plan(loaded, wanted, {"notes": "z"}) == ({}, [])
    # Changed yet again meanwhile: asked again.
    assert plan(loaded, {"notes": "y"}, {"notes": "w"})[1][0].theirs == "w"


# --- issue 13's reproductions -------------------------------------------------------------


def test_two_forms_on_one_contact_keep_both_fields(dana):
    """B sets Role and saves, A sets Organisation and saves: B's role used to be
    silently reverted."""
    a_loaded = b_loaded = get_contact(dana).fields
    assert edit_contact(dana, b_loaded, replace(b_loaded, role="CTO")).written == ("role",)
    outcome = edit_contact(dana, a_loaded, replace(a_loaded, organisation="Initech"))
    assert outcome.written == ("organisation",)
    fields = get_contact(dana).fields
    assert (fields.role, fields.organisation) == ("CTO", "Initech")


def test_a_form_open_during_a_vcard_import_keeps_what_the_import_wrote(dana, tmp_path):
    """With A's form open, ``netui import vcard`` updates title, phone and notes; A
    then saves Location: title, phone and notes used to be wiped."""
    loaded = get_contact(dana).fields
    card = tmp_path / "dana.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Levi\r\nORG:Globex\r\nTITLE:VP Data\r\n"
        "TEL:+44 20 7946 0000\r\nNOTE:Now runs the platform team.\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    assert import_file("vcard", card).updated == 1
    outcome = edit_contact(dana, loaded, replace(loaded, location="London"))
    assert outcome.written == ("location",)
    fields = get_contact(dana).fields
    assert fields.location == "London"
    assert (fields.role, fields.phone) == ("VP Data", "+44 20 7946 0000")
    assert fields.notes == "Met at PyCon.\n\nNow runs the platform team."


def test_the_same_field_changed_in_both_is_a_conflict_and_nothing_is_written(dana):
    loaded = get_contact(dana).fields
    edit_contact(dana, loaded, replace(loaded, role="CTO"))
    outcome = edit_contact(dana, loaded, replace(loaded, role="CFO", location="Paris"))
    assert outcome.conflicts == (Conflict("role", "Role", "Head of Data", "CFO", "CTO"),)
    assert get_contact(dana).fields.location == ""
    # The user keeps their own role: saved over exactly the value they saw.
    again = resolved(asdict(loaded), asdict(replace(loaded, role="CFO", location="Paris")),
                     outcome.conflicts, {"role": "CFO"})  # fmt: skip
    result = edit_contact(dana, ContactFields(**again[0]), ContactFields(**again[1]))
    assert result.written == ("role", "location")
    assert (get_contact(dana).fields.role, get_contact(dana).fields.location) == ("CFO", "Paris")


def test_tags_added_in_two_windows_are_both_kept(dana):
    loaded = get_contact(dana).fields
    edit_contact(dana, loaded, replace(loaded, tags=(*loaded.tags, "speaker")))
    outcome = edit_contact(dana, loaded, replace(loaded, tags=("fintech", "AI")))  # - mentor
    assert outcome.saved
    assert get_contact(dana).fields.tags == ("fintech", "speaker", "AI")


# --- every other form ---------------------------------------------------------------------


def test_goods_and_goals(db):
    good = create_good(GoodFields("Intro to a VC", "connection", "", ("vc",)))
    loaded = get_good(good).fields
    edit_good(good, loaded, replace(loaded, description="Warm intro."))
    wanted = replace(loaded, title="Intro to two VCs", tags=("vc", "seed"))
    outcome = edit_good(good, loaded, wanted)
    assert outcome.saved
    assert get_good(good).fields == GoodFields(
        "Intro to two VCs", "connection", "Warm intro.", ("seed", "vc")
    )
    assert edit_good(good, loaded, replace(loaded, description="Cold.")).conflicts[0].theirs == (
        "Warm intro."
    )

    goal = create_goal(GoalFields("Next role", organisations=("Globex",)))
    loaded = get_goal(goal).fields
    edit_goal(goal, loaded, replace(loaded, roles=("CTO",)))
    assert edit_goal(goal, loaded, replace(loaded, active=False)).written == ("active",)
    assert (get_goal(goal).roles, get_goal(goal).active) == (("CTO",), False)
    conflict = edit_goal(goal, loaded, replace(loaded, roles=("VP",))).conflicts[0]
    assert (conflict.label, conflict.mine, conflict.theirs) == ("Target roles", ("VP",), ("CTO",))


def test_a_ties_strength_and_context(dana):
    avi = create_contact(ContactFields(name="Avi Cohen"))
    set_tie(dana, avi, 2, "met once")
    loaded = {"strength": 2, "context": "met once"}
    set_tie(dana, avi, 2, "worked together")  # the command line, meanwhile
    outcome, created = edit_tie(dana, avi, loaded, {"strength": 4, "context": "met once"})
    assert (outcome.written, created) == (("strength",), False)
    tie = get_tie(dana, avi)
    assert tie is not None and (tie.strength, tie.context) == (4, "worked together")
    # A tie made elsewhere while the form offered a new one: differing fields ask.
    bo = create_contact(ContactFields(name="Bo Ek"))
    set_tie(dana, bo, 5, "family")
    outcome, created = edit_tie(dana, bo, None, {"strength": 3, "context": "family"})
    assert not created and [c.field for c in outcome.conflicts] == ["strength"]


def test_exchanges_introductions_settings_and_worksheets(dana):
    exchange = log_exchange(dana, "gave", "knowledge", 2, on=dt.date(2024, 5, 1))
    record = get_exchange(exchange)
    loaded = {"direction": "gave", "currency": "knowledge", "value": 2,
              "on": dt.date(2024, 5, 1), "note": ""}  # fmt: skip
    edit_exchange(exchange, loaded, {**loaded, "note": "the deck"})
    assert edit_exchange(exchange, loaded, {**loaded, "value": 4}).saved
    assert (get_exchange(exchange).value, get_exchange(exchange).note) == (4, "the deck")
    assert record.id == exchange

    avi = create_contact(ContactFields(name="Avi Cohen"))
    intro = record_introduction(dana, avi, "a hire", 2, "a job", 2)
    fields = ("a_id", "b_id", "a_gains", "a_value", "b_gains", "b_value")
    loaded = {name: getattr(introductions()[0], name) for name in fields}
    edit_introduction(intro, loaded, {**loaded, "a_gains": "a great hire"})
    assert edit_introduction(intro, loaded, {**loaded, "b_value": 4}).written == ("b_value",)
    stored = introductions()[0]
    assert (stored.a_gains, stored.b_value) == ("a great hire", 4)

    set_setting("my_organisation", "Globex")
    outcome = edit_settings({"my_organisation": ""}, {"my_organisation": "Initech"})
    assert outcome.conflicts[0].theirs == "Globex" and get_setting("my_organisation") == "Globex"

    meeting = create_worksheet(dana)
    base = worksheet_fields(get_worksheet(meeting))
    edit_worksheet(meeting, base, {"purpose": "Coffee"})  # the other window
    outcome = edit_worksheet(meeting, base, {"ask": "An intro to Avi", "purpose": "Hiring"})
    assert [c.field for c in outcome.conflicts] == ["purpose"]
    assert edit_worksheet(meeting, base, {"ask": "An intro to Avi"}).saved
    sheet = get_worksheet(meeting)
    assert (sheet.purpose, sheet.text("ask")) == ("Coffee", "An intro to Avi")


def test_marking_a_meeting_done_checks_the_outcome_against_what_the_form_showed(dana):
    from netui.db.meetings import ExchangeEntry
    from netui.db.models import Exchange
    from netui.screens.marking_done import close_meeting

    meeting = create_worksheet(dana)
    loaded = {"outcome": "", "follow_up": None}
    edit_worksheet(meeting, worksheet_fields(get_worksheet(meeting)), {"outcome": "Went well"})
    gave = [ExchangeEntry("gave", "knowledge", 2)]
    later = dt.date(2025, 1, 10)
    outcome = close_meeting(meeting, gave, loaded, {"outcome": "Great", "follow_up": later})
    assert [(c.field, c.theirs) for c in outcome.conflicts] == [("outcome", "Went well")]
    assert not get_worksheet(meeting).done and Exchange.select().count() == 0

    assert close_meeting(meeting, gave, loaded, {"outcome": "", "follow_up": later}).saved
    sheet = get_worksheet(meeting)
    assert (sheet.done, sheet.outcome, sheet.follow_up) == (True, "Went well", later)
    assert Exchange.select().count() == 1


def test_two_long_values_that_begin_alike_are_shown_from_where_they_differ():
    """A career path with a sentence added in each window: cut to the dialog's width,
    both choices read the same; they are shown from a little before the difference."""
    from netui.modals.conflict import CONTEXT, choice_label, from_difference

    base = "Product lead at Siemens Healthineers, then co-founded Helix Health with two"
    mine, theirs = base + " AAA-from-w1", base + " BBB-from-w2"
    assert from_difference(mine, theirs) == "…Helix Health with two AAA-from-w1"
    assert from_difference(theirs, mine) == "…Helix Health with two BBB-from-w2"
    assert len(from_difference(mine, theirs)) <= CONTEXT + len(" AAA-from-w1") + 1
    assert str(choice_label("Yours", mine, theirs)) == "Yours: …Helix Health with two AAA-from-w1"
    # Values that differ early, or one that is empty, are shown whole.
    assert from_difference("Globex", "Initech") == "Globex"
    assert from_difference(base, "") == base
    # One that only adds to the other: from a little before where it goes on.
    assert from_difference(mine, base) == "…Helix Health with two AAA-from-w1"
    assert from_difference(base, mine) == "…Helix Health with two"
