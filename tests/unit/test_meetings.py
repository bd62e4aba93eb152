"""Meetings on a real SQLite file: pre-fill, edits, listing, closing with exchanges."""

from __future__ import annotations

import datetime as dt

import pytest

from netui import clock
from netui.core.worksheet import ASK_BEFORE_GIVING, warnings
from netui.db import meetings, pickers
from netui.db.contacts import ContactFields, create_contact, update_contact
from netui.db.meetings import ExchangeEntry
from netui.db.models import Exchange, Good, Meeting, Tie

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

DANA = ContactFields(
    name="Dana Levi",
    organisation="Globex",
    role="Head of Data",
    location="London",
    how_we_met="PyCon",
    career_path="Analyst, then data lead.",
    expertise=("pricing",),
    interests=("climbing",),
)


@pytest.fixture
def dana(db) -> int:
    return create_contact(DANA)


def test_create_prefills_and_saves(dana):
    meeting_id = meetings.create_worksheet(dana)
    sheet = meetings.get_worksheet(meeting_id)
    assert sheet.contact_name == "Dana Levi"
    assert sheet.text("who_they_are").startswith("Dana Levi\nHead of Data · Globex")
    assert sheet.text("career_path") == "Analyst, then data lead."
    assert sheet.text("expertise") == "pricing"
    assert sheet.text("interests") == "climbing"
    # Stored on the row itself, not computed on the fly.
    assert Meeting.get_by_id(meeting_id).expertise == "pricing"


def test_editing_the_contact_later_does_not_rewrite_the_worksheet(dana):
    meeting_id = meetings.create_worksheet(dana)
    update_contact(dana, DANA.__class__(name="Dana Levi", career_path="Now a CFO."))
    assert meetings.get_worksheet(meeting_id).text("career_path") == "Analyst, then data lead."


def test_key_connections_from_ties(dana):
    avi = create_contact(ContactFields(name="Avi Cohen", organisation="Initech", role="CTO"))
    mia = create_contact(ContactFields(name="Mia Park", second_degree=True))
    Tie.create(a=min(dana, avi), b=max(dana, avi), strength=5, context="worked together")
    Tie.create(a=min(dana, mia), b=max(dana, mia), strength=2)
    text = meetings.get_worksheet(meetings.create_worksheet(dana)).text("key_connections")
    assert text.splitlines() == [
        "Whom they know that I know:",
        "- Avi Cohen (CTO · Initech) — worked together",
        "",
        "Whom else they know:",
        "- Mia Park",
    ]


def test_open_worksheet_reuses_the_newest_open_one(dana):
    first, created = meetings.open_worksheet(dana)
    assert created
    again, created = meetings.open_worksheet(dana)
    assert (again, created) == (first, False)
    newer = meetings.create_worksheet(dana)
    assert meetings.open_worksheet(dana) == (newer, False)
    meetings.mark_done(newer)
    meetings.mark_done(first)
    third, created = meetings.open_worksheet(dana)
    assert created and third not in (first, newer)


def test_edits_persist(dana):
    meeting_id = meetings.create_worksheet(dana)
    when = dt.datetime(2026, 9, 3, 9, 30)
    meetings.update_worksheet(
        meeting_id,
        {
            "questions": "What keeps you up?",
            "ask": "[bold]intro[/]",
            "scheduled_at": when,
            "place": "Café",
            "purpose": "Coffee",
        },
    )
    sheet = meetings.get_worksheet(meeting_id)
    assert sheet.text("questions") == "What keeps you up?"
    assert sheet.text("ask") == "[bold]intro[/]"
    assert (sheet.scheduled_at, sheet.place, sheet.purpose) == (when, "Café", "Coffee")
    assert warnings(sheet) == [ASK_BEFORE_GIVING]


def test_update_rejects_unknown_fields_and_meetings(dana):
    meeting_id = meetings.create_worksheet(dana)
    with pytest.raises(ValueError, match="no field"):
        meetings.update_worksheet(meeting_id, {"contact": 3})
    with pytest.raises(meetings.MeetingNotFoundError):
        meetings.update_worksheet(999, {"ask": "x"})


def test_introducer(dana):
    avi = create_contact(ContactFields(name="Avi Cohen"))
    meeting_id = meetings.create_worksheet(dana)
    meetings.update_worksheet(meeting_id, {"introducer_id": avi})
    assert meetings.get_worksheet(meeting_id).introducer_name == "Avi Cohen"
    with pytest.raises(ValueError, match="themselves"):
        meetings.update_worksheet(meeting_id, {"introducer_id": dana})
    meetings.update_worksheet(meeting_id, {"introducer_id": None})
    assert meetings.get_worksheet(meeting_id).introducer_name == ""


def test_list_upcoming_first_then_past(dana):
    avi = create_contact(ContactFields(name="Avi Cohen"))
    now = dt.datetime(2026, 9, 1, 12, 0)
    later = meetings.create_worksheet(dana, scheduled_at=dt.datetime(2026, 9, 20, 10))
    soon = meetings.create_worksheet(avi, scheduled_at=dt.datetime(2026, 9, 1, 8))  # today
    unplanned = meetings.create_worksheet(avi)
    old = meetings.create_worksheet(dana, scheduled_at=dt.datetime(2026, 3, 1, 10))
    older = meetings.create_worksheet(avi, scheduled_at=dt.datetime(2025, 3, 1, 10))
    done_future = meetings.create_worksheet(dana, scheduled_at=dt.datetime(2026, 10, 1))
    meetings.mark_done(done_future)
    rows = meetings.list_meetings(now_=now)
    assert [r.id for r in rows] == [soon, later, unplanned, done_future, old, older]
    assert [r.upcoming for r in rows] == [True, True, True, False, False, False]
    assert rows[0].contact_name == "Avi Cohen"
    assert rows[0].total == 11


def test_mark_done_logs_exchanges_in_one_step(dana):
    meeting_id = meetings.create_worksheet(dana, scheduled_at=dt.datetime(2026, 9, 3, 9, 30))
    ids = meetings.mark_done(
        meeting_id,
        outcome="  Intro to Avi promised. ",
        follow_up=dt.date(2026, 9, 10),
        exchanges=[
            ExchangeEntry("gave", "knowledge", 3, "pricing deck"),
            ExchangeEntry("received", "introduction", 4),
        ],
        today=dt.date(2026, 9, 4),
    )
    assert len(ids) == 2
    sheet = meetings.get_worksheet(meeting_id)
    assert sheet.done and sheet.outcome == "Intro to Avi promised."
    assert sheet.follow_up == dt.date(2026, 9, 10)
    rows = list(Exchange.select().order_by(Exchange.id))
    assert [(r.direction, r.currency, r.value, r.meeting_id, r.contact_id) for r in rows] == [
        ("gave", "knowledge", 3, meeting_id, dana),
        ("received", "introduction", 4, meeting_id, dana),
    ]
    assert all(r.date == dt.date(2026, 9, 3) for r in rows)  # the meeting's day
    logged = meetings.meeting_exchanges(meeting_id)
    assert [e.note for e in logged] == ["pricing deck", ""]


def test_mark_done_on_a_given_day_whatever_the_clock_says(dana):
    """``today=`` is the day for every check: the meeting's day is not "in the future"
    because the clock is earlier (it was checked against the clock before)."""
    meeting_id = meetings.create_worksheet(dana, scheduled_at=dt.datetime(2026, 9, 3, 9, 30))
    with clock.pinned(dt.date(2026, 3, 29)):
        ids = meetings.mark_done(
            meeting_id, exchanges=[ExchangeEntry("gave", "knowledge", 3)], today=dt.date(2026, 9, 4)
        )
    assert [Exchange.get_by_id(i).date for i in ids] == [dt.date(2026, 9, 3)]


def test_mark_done_is_all_or_nothing(dana):
    meeting_id = meetings.create_worksheet(dana)
    with pytest.raises(ValueError, match="worth 1 to 5"):
        meetings.mark_done(
            meeting_id,
            outcome="x",
            exchanges=[ExchangeEntry("gave", "knowledge", 3), ExchangeEntry("gave", "access", 9)],
        )
    with pytest.raises(ValueError, match="not a currency"):
        meetings.mark_done(meeting_id, exchanges=[ExchangeEntry("gave", "money", 3)])
    assert not meetings.get_worksheet(meeting_id).done
    assert Exchange.select().count() == 0
    with pytest.raises(meetings.MeetingNotFoundError):
        meetings.mark_done(999)


def test_meter_of(dana):
    assert meetings.meter_of(dana) is None
    meeting_id = meetings.create_worksheet(dana)
    meetings.mark_done(meeting_id, exchanges=[ExchangeEntry("received", "favour", 3)])
    assert meetings.meter_of(dana) == pytest.approx(-100)
    view = meetings.worksheet_view(meeting_id)
    assert view.meter == pytest.approx(-100)
    assert len(view.exchanges) == 1


def test_goods_and_contact_pickers(dana):
    Good.create(title="Pricing teardown", kind="expertise", description="A 1-page review")
    Good.create(title="Intro to a VC", kind="connection")
    assert [g.title for g in pickers.list_goods()] == ["Intro to a VC", "Pricing teardown"]
    assert [g.title for g in pickers.list_goods("review")] == ["Pricing teardown"]
    create_contact(ContactFields(name="Avi Cohen"))
    assert [c.name for c in pickers.find_contacts("dana")] == ["Dana Levi"]
    assert len(pickers.find_contacts()) == 2
