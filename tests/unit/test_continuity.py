"""What one meeting teaches the next: worksheet facts go back to the contact when the
meeting is marked done (previewed, undoable), the next worksheet starts from them, and
shows the last outcome and follow-up."""

from __future__ import annotations

import datetime as dt

import pytest

from netui import clock
from netui.core.continuity import ContactFacts, fact_changes, items, learned
from netui.db.contacts import ContactFields, create_contact, get_contact, update_contact
from netui.db.continuity import (
    apply_write_back,
    contact_facts,
    previous_meeting,
    write_back_preview,
)
from netui.db.history import undo_latest
from netui.db.journal import undoable
from netui.db.meetings import (
    create_worksheet,
    get_worksheet,
    mark_done,
    update_worksheet,
    worksheet_view,
)

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

NOW = dt.datetime(2026, 3, 9, 8, 0)


def test_items_are_short_pieces_without_bullets_once_each():
    text = "- Data platforms, hiring\n* ML; data platforms\n1. " + "x" * 61 + "\n•  Zürich  \n"
    assert items(text) == ("Data platforms", "hiring", "ML", "Zürich")


def test_learned_adds_tags_and_replaces_texts_but_never_erases():
    before = ContactFacts("Analyst", ("ML",), ("sailing",), "")
    after = learned(
        before,
        {"career_path": "Lead", "expertise": "ml, Pricing", "interests": "", "helps_them": "A job"},
    )
    assert after == ContactFacts("Lead", ("ML", "Pricing"), ("sailing",), "A job")
    assert learned(before, {"career_path": "  "}) == before
    changes = fact_changes(before, after)
    assert [(c.key, c.before, c.after, c.added) for c in changes] == [
        ("career_path", "Analyst", "Lead", ()),
        ("expertise", "ML", "ML, Pricing", ("Pricing",)),
        ("helps_them", "", "A job", ()),
    ]


def test_write_back_preview_apply_and_undo(db):
    with clock.pinned(NOW):
        dana = create_contact(
            ContactFields(name="Dana Levi", career_path="Analyst", expertise=("ML",), tags=("vip",))
        )
        meeting = create_worksheet(dana)
        update_worksheet(
            meeting,
            {"career_path": "Data lead [b]Helix[/]", "expertise": "ML\nhiring",
             "interests": "climbing", "helps_them": "wants the pricing numbers"},
        )  # fmt: skip
        preview = write_back_preview(meeting)
        assert [c.key for c in preview.changes] == [
            "career_path", "expertise", "interests", "helps_them",
        ]  # fmt: skip
        assert contact_facts(dana) == ContactFacts("Analyst", ("ML",), (), "")  # reads only
        with undoable("mark the meeting with Dana done", screen="prep"):
            apply_write_back(preview)
        fields = get_contact(dana).fields
        assert fields.career_path == "Data lead [b]Helix[/]"
        assert (fields.expertise, fields.interests, fields.tags) == (
            ("ML", "hiring"), ("climbing",), ("vip",),
        )  # fmt: skip
        assert contact_facts(dana).helps_them == "wants the pricing numbers"
        # The next worksheet starts from them.
        nxt = get_worksheet(create_worksheet(dana))
        assert nxt.text("career_path") == "Data lead [b]Helix[/]"
        assert nxt.text("expertise") == "ML, hiring"
        assert nxt.text("interests") == "climbing"
        assert nxt.text("helps_them") == "wants the pricing numbers"
        undo_latest()  # the undo step of marking the meeting done takes the facts back
        assert contact_facts(dana) == ContactFacts("Analyst", ("ML",), (), "")
        assert get_contact(dana).fields.tags == ("vip",)


def test_nothing_to_teach_changes_nothing(db):
    dana = create_contact(ContactFields(name="Dana", career_path="Analyst"))
    preview = write_back_preview(create_worksheet(dana))
    assert preview.changes == () and apply_write_back(preview) is None


def test_an_edit_of_the_contact_after_the_preview_is_kept(db):
    dana = create_contact(ContactFields(name="Dana", career_path="Analyst"))
    meeting = create_worksheet(dana)
    update_worksheet(meeting, {"interests": "chess"})
    preview = write_back_preview(meeting)
    fields = get_contact(dana).fields
    update_contact(dana, ContactFields(**{**fields.__dict__, "career_path": "Manager"}))
    apply_write_back(preview)
    facts = contact_facts(dana)
    assert (facts.career_path, facts.interests) == ("Manager", ("chess",))


def test_the_next_worksheet_shows_the_last_outcome_and_follow_up(db):
    with clock.pinned(NOW):
        dana = create_contact(ContactFields(name="Dana"))
        first = create_worksheet(dana, scheduled_at=NOW - dt.timedelta(days=7))
        mark_done(first, outcome="Send the deck\nand more", follow_up=dt.date(2026, 3, 12))
        second = create_worksheet(dana, scheduled_at=NOW + dt.timedelta(days=2))
        previous = worksheet_view(second).previous
        assert previous is not None and previous.meeting_id == first
        assert previous.summary() == (
            "Last time (2026-03-02): Send the deck … · follow up on 2026-03-12"
        )
        assert worksheet_view(first).previous is None
        assert previous_meeting(dana) == previous
