"""Undo that lasts: steps kept in the database, field-level reverts, the trash.

Every test works on a real SQLite file; "another window" is another run of netui,
told apart by the ``origin`` its steps carry."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace

import pytest

from netui.db import history, journal
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, edit_contact, get_contact
from netui.db.goals import GoalFields, create_goal, edit_goal, get_goal, link_contact
from netui.db.goods import GoodFields, all_goods, create_good, edit_good, get_good
from netui.db.history import NothingToUndo, steps, undo, undo_latest
from netui.db.importing import import_file
from netui.db.introductions import record_introduction, set_status
from netui.db.journal import undoable
from netui.db.ledger import exchanges_for, log_exchange
from netui.db.meetings import ExchangeEntry, create_worksheet, get_worksheet, mark_done
from netui.db.models import Contact, Exchange, GoalContact, Trash, UndoStep
from netui.db.settings import edit_settings, get_setting
from netui.db.ties import edit_tie, get_tie, remove_tie, set_tie

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

OTHER = "another-window"


@pytest.fixture
def dana(db) -> int:
    return create_contact(
        ContactFields(
            name="Dana Levi", organisation="Globex", role="Head of Data", tags=("fintech",)
        )
    )


def test_a_step_survives_closing_and_reopening_the_file(db_location, dana):
    loaded = get_contact(dana).fields
    with undoable("edit Dana Levi", screen="contacts"):
        edit_contact(dana, loaded, replace(loaded, role="CTO"))
    close_database()

    open_database(db_location)  # a new run: the step is not its own, it is still there
    (entry,) = steps()
    assert (entry.description, entry.screen) == ("edit Dana Levi", "contacts")
    outcome = undo_latest(prefer="a new run")
    assert outcome.message(here="bank") == "Undone on Contacts: edit Dana Levi."
    assert get_contact(dana).fields.role == "Head of Data"
    assert steps() == []
    with pytest.raises(NothingToUndo):
        undo_latest()


def test_steps_are_listed_newest_first_and_ctrl_z_prefers_this_run(dana):
    with undoable("first", screen="contacts"):
        set_tie(dana, create_contact(ContactFields(name="Avi")), 3)
    with undoable("other window's", screen="bank", origin=OTHER):
        create_good(GoodFields("Intro to a VC"))
    with undoable("second", screen="reciprocity"):
        log_exchange(dana, "gave", "knowledge", 3)
    assert [step.description for step in steps()] == ["second", "other window's", "first"]
    assert [undo_latest().entry.description for _ in range(2)] == ["second", "first"]
    # nothing of this run left: the newest of anyone's
    assert undo_latest().message(here="contacts") == (
        "Undone on Bank & goals, from an earlier run or another window: other window's."
    )


def test_any_listed_step_can_be_undone_and_a_block_without_changes_leaves_none(dana):
    with undoable("nothing at all"):
        pass
    with undoable("log"):
        log_exchange(dana, "gave", "knowledge", 3)
    with undoable("org"):
        edit_settings({"my_organisation": ""}, {"my_organisation": "Globex"})
    older = steps()[1]
    assert older.description == "log"
    undo(older.id)
    assert exchanges_for(dana) == [] and get_setting("my_organisation") == "Globex"
    with pytest.raises(NothingToUndo):
        undo(older.id)  # undone already (say, in another window)


def test_undo_reverts_only_its_own_fields_where_they_still_hold(dana):
    """Issue 13: undo restored the whole old row, wiping another writer's change."""
    loaded = get_contact(dana).fields
    with undoable("edit Dana Levi", screen="contacts"):
        wanted = replace(loaded, role="CTO", phone="+44 1", tags=("fintech", "AI"))
        edit_contact(dana, loaded, wanted)
    # Another window, later: Organisation (untouched by the step) and Phone (touched).
    now = get_contact(dana).fields
    with undoable("their edit", origin=OTHER):
        edit_contact(dana, now, replace(now, organisation="Initech", phone="+44 2"))

    outcome = undo_latest()
    fields = get_contact(dana).fields
    assert fields.role == "Head of Data"  # ours, still as we wrote it: reverted
    assert fields.organisation == "Initech"  # theirs: kept
    assert fields.phone == "+44 2"  # ours, but changed since: left, and named
    assert fields.tags == ("fintech",)
    assert outcome.left == ("Dana Levi: phone (changed since)",)
    assert outcome.message(here="contacts") == (
        "Undone: edit Dana Levi. Left as they are: Dana Levi: phone (changed since)."
    )
    row = Contact.get_by_id(dana)
    assert "head of data" in row.search_text and "initech" in row.search_text


def test_deletes_wait_in_the_trash_and_come_back_with_everything_that_went(dana):
    avi = create_contact(ContactFields(name="Avi Cohen"))
    goal = create_goal(GoalFields("Next role", tags=("data",)))
    link_contact(goal, dana, "knows the CTO")
    good = create_good(GoodFields("Pricing teardown", tags=("SaaS", "pricing")))
    set_tie(dana, avi, 4, "worked together")

    from netui.db.goals import delete_goal
    from netui.db.goods import delete_good

    with undoable("remove everything"):
        delete_good(good)
        delete_goal(goal)
        remove_tie(dana, avi)
    trash = {row.table_name for row in Trash.select()}
    assert trash == {"good", "good_tag", "goal", "goal_tag", "goal_contact", "tie"}
    assert all(json.loads(row.data) for row in Trash.select())

    assert undo_latest().left == ()
    assert get_good(good).tags == ("pricing", "SaaS")
    assert (get_goal(goal).title, get_goal(goal).tags) == ("Next role", ("data",))
    assert GoalContact.get().note == "knows the CTO"
    tie = get_tie(dana, avi)
    assert tie is not None and (tie.strength, tie.context) == (4, "worked together")
    assert Trash.select().count() == 0


def test_a_delete_outside_any_step_is_a_step_of_its_own(dana):
    exchange = log_exchange(dana, "gave", "knowledge", 2, note="deck")
    from netui.db.ledger import delete_exchange

    delete_exchange(exchange)
    (entry,) = steps()
    assert entry.screen == "command line"
    undo(entry.id)
    assert [e.note for e in exchanges_for(dana)] == ["deck"]


@pytest.mark.sqlite_only("SQLite reuses the highest id; PostgreSQL's sequence never does")
def test_a_deleted_row_whose_id_was_taken_comes_back_under_a_new_one(dana):
    first = log_exchange(dana, "gave", "knowledge", 2, note="first")
    from netui.db.ledger import delete_exchange

    with undoable("delete"):
        delete_exchange(first)
    taken = log_exchange(dana, "received", "access", 1, note="took the id")
    assert taken == first  # SQLite reuses the highest id
    undo(steps()[0].id)
    assert sorted(e.note for e in exchanges_for(dana)) == ["first", "took the id"]


def test_undo_of_an_add_keeps_a_row_changed_or_used_since(dana):
    with undoable("add Avi"):
        avi = create_contact(ContactFields(name="Avi Cohen", tags=("rust",)))
    log_exchange(avi, "gave", "favour", 1)  # a record of their own since
    outcome = undo_latest()
    assert Contact.get_or_none(Contact.id == avi) is not None
    assert outcome.left == ("Avi Cohen (other records refer to it)",)
    assert get_contact(avi).fields.tags == ()  # the tags the step added did go


def test_tie_goods_goals_settings_and_meetings_have_undo(dana):
    avi = create_contact(ContactFields(name="Avi Cohen"))
    set_tie(dana, avi, 2, "met once")
    good = create_good(GoodFields("Intro to a VC", "connection", "", ("vc",)))
    goal = create_goal(GoalFields("Next role", organisations=("Globex",)))
    meeting = create_worksheet(dana)
    with undoable("many edits"):
        edit_tie(dana, avi, {"strength": 2, "context": "met once"},
                 {"strength": 5, "context": "cofounders"})  # fmt: skip
        wanted_good = GoodFields("Intro to a VC", "connection", "Warm.", ("vc", "fundraising"))
        edit_good(good, get_good(good).fields, wanted_good)
        goal_fields = get_goal(goal).fields
        edit_goal(goal, goal_fields, replace(goal_fields, title="CTO role", active=False))
        edit_settings({"my_organisation": ""}, {"my_organisation": "Globex"})
        mark_done(meeting, outcome="Great", exchanges=[ExchangeEntry("gave", "knowledge", 3)])
    undo_latest()
    tie = get_tie(dana, avi)
    assert tie is not None and (tie.strength, tie.context) == (2, "met once")
    assert get_good(good).fields == GoodFields("Intro to a VC", "connection", "", ("vc",))
    assert (get_goal(goal).title, get_goal(goal).active) == ("Next role", True)
    assert get_setting("my_organisation") == ""
    sheet = get_worksheet(meeting)
    assert (sheet.done, sheet.outcome) == (False, "")
    assert Exchange.select().count() == 0


def test_an_introduction_made_and_undone_takes_its_ledger_entries_back(dana):
    avi = create_contact(ContactFields(name="Avi Cohen"))
    intro = record_introduction(dana, avi, "a hire", 3, "a job", 3)
    with undoable("mark made"):
        set_status(intro, "made", expected="idea")
    assert Exchange.select().count() == 2
    with undoable("mark declined"):
        set_status(intro, "declined", expected="made")  # takes the entries out
    assert Exchange.select().count() == 0
    undo_latest()  # the entries come back from the trash
    assert Exchange.select().count() == 2
    undo_latest()
    assert Exchange.select().count() == 0
    with pytest.raises(ValueError, match="marked idea elsewhere"):
        set_status(intro, "asked", expected="made")


def test_an_import_that_updated_contacts_is_one_step(tmp_path, dana):
    """Issue 12: imports that update existing contacts could not be undone."""
    card = tmp_path / "dana.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Levi\r\nORG:Globex\r\nTITLE:VP Data\r\n"
        "TEL:+44 20 7946 0000\r\nNOTE:Now leads the platform team.\r\nCATEGORIES:speaker\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rita Alvarez\r\nORG:Initech\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    report = import_file("vcard", card)
    assert (report.added, report.updated) == (1, 1)
    (entry,) = steps()
    assert entry.description == "import of dana.vcf (1 added, 1 updated)"
    assert entry.screen == "command line"
    fields = get_contact(dana).fields
    assert (fields.role, fields.phone) == ("VP Data", "+44 20 7946 0000")
    assert fields.tags == ("fintech", "speaker")

    assert undo_latest().left == ()
    fields = get_contact(dana).fields
    assert (fields.role, fields.phone, fields.notes) == ("Head of Data", "", "")
    assert fields.tags == ("fintech",)
    assert [c.name for c in Contact.select()] == ["Dana Levi"]


def test_undoing_an_import_keeps_what_changed_since(tmp_path, dana):
    card = tmp_path / "dana.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Levi\r\nORG:Globex\r\nTITLE:VP Data\r\n"
        "TEL:+44 1\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rita Alvarez\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    import_file("vcard", card)
    rita = Contact.get(Contact.name == "Rita Alvarez").id
    log_exchange(rita, "received", "access", 2)
    now = get_contact(dana).fields
    with undoable("their edit", origin=OTHER):
        edit_contact(dana, now, replace(now, phone="+44 2"))
    outcome = history.undo(steps()[1].id)
    assert outcome.left == (
        "Dana Levi: phone (changed since)",
        "1 added contact (changed since, or with records of their own)",
    )
    fields = get_contact(dana).fields
    assert (fields.role, fields.phone) == ("Head of Data", "+44 2")
    assert Contact.get_or_none(Contact.id == rita) is not None


def test_only_the_newest_steps_are_kept(dana):
    for n in range(5):
        with undoable(f"log {n}"):
            log_exchange(dana, "gave", "knowledge", 1)
    journal.forget_old(keep=3)
    assert [step.description for step in steps()] == ["log 4", "log 3", "log 2"]


@pytest.mark.sqlite_only("reads the file with sqlite3")
def test_another_connection_sees_the_step_as_soon_as_it_commits(db_path, dana):
    loaded = get_contact(dana).fields
    with undoable("edit"):
        edit_contact(dana, loaded, replace(loaded, role="CTO"))
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT description, revert FROM undo_step").fetchall()
    finally:
        conn.close()
    (description, revert), = rows
    assert description == "edit"
    assert json.loads(revert) == [
        {"op": "set", "table": "contact", "key": {"id": dana},
         "fields": {"role": ["Head of Data", "CTO"]}}
    ]  # fmt: skip


def test_a_failed_action_leaves_no_step(dana):
    with pytest.raises(LookupError), undoable("edit a ghost"):
        log_exchange(dana, "gave", "knowledge", 1)
        get_contact(9999)
    assert steps() == [] and Exchange.select().count() == 0
    assert UndoStep.select().count() == 0


def test_restoring_a_json_export_forgets_the_history_of_the_emptied_file(db, tmp_path):
    from netui.db.exporters import export_json
    from netui.db.goods import delete_good

    good = create_good(GoodFields("Intro to a VC"))
    document = tmp_path / "network.json"
    document.write_text(export_json(), encoding="utf-8")
    delete_good(good)  # the file is empty again, its history holds the good in the trash
    assert len(steps()) == 1
    import_file("json", document)
    assert steps() == [] and Trash.select().count() == 0
    assert [g.title for g in all_goods()] == ["Intro to a VC"]
