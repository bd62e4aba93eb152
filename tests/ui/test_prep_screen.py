"""Pilot tests of the Prep screen: open onto a meeting, edit, switch, close it."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static, TextArea

from netui.app import NetuiApp, make_app
from netui.core.worksheet import ASK_BEFORE_GIVING
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.meetings import create_worksheet, update_worksheet
from netui.db.models import Exchange, Good, Meeting, Tie
from netui.modals.confirm import Confirm
from netui.modals.contact_picker import ContactPicker
from netui.modals.give_first_picker import GiveFirstPicker
from netui.modals.meeting_done import MeetingDoneForm
from netui.modals.text_prompt import TextPrompt
from netui.screens.prep import PrepScreen
from netui.widgets.meeting_list import MeetingList
from netui.widgets.worksheet_editor import WorksheetEditor
from tests.ui.helpers import palette_titles, settle, settle_until

#: Far enough ahead to stay "upcoming" for years.
SOON = dt.datetime(2031, 9, 3, 9, 30)
LATER = dt.datetime(2031, 10, 1, 14, 0)
PAST = dt.datetime(2025, 3, 1, 10, 0)


def build_prep_db(path: Path) -> dict[str, int]:
    """A fixed network with three meetings: two upcoming, one past. Returns ids by name."""
    open_database(path)
    dana = create_contact(
        ContactFields(
            name="Dana Levi",
            organisation="Globex",
            role="Head of Data",
            location="London",
            how_we_met="PyCon 2024, hallway track",
            career_path="Analyst at Initech, then data lead at Globex.",
            expertise=("pricing", "ml ops"),
            interests=("climbing", "open source"),
        )
    )
    avi = create_contact(ContactFields(name="Avi Cohen", organisation="Initech", role="CTO"))
    eve = create_contact(
        ContactFields(name="[bold]Eve[/bold]", organisation="Acme \x1b[31mRed\x1b]0;pwned\x07")
    )
    mia = create_contact(ContactFields(name="Mia Park", organisation="Hooli", second_degree=True))
    Tie.create(a=min(dana, avi), b=max(dana, avi), strength=5, context="worked together")
    Tie.create(a=min(dana, mia), b=max(dana, mia), strength=2)
    Good.create(title="Pricing teardown", kind="expertise", description="A one-page review")
    Good.create(title="Intro to a seed VC", kind="connection")
    dana_meeting = create_worksheet(
        dana, scheduled_at=SOON, place="Café [Nero]", purpose="Pricing for marketplaces"
    )
    update_worksheet(
        dana_meeting,
        {
            "helps_them": "Hiring a data engineer.",
            "reasons": "I rebuilt pricing at Initech.",
            "questions": "What is the hardest pricing call you made?\nWho else should I meet?",
        },
    )
    eve_meeting = create_worksheet(eve, scheduled_at=LATER, purpose="[red]not red[/red]")
    avi_meeting = create_worksheet(avi, scheduled_at=PAST, purpose="Catch-up")
    close_database()
    return {
        "dana": dana,
        "avi": avi,
        "eve": eve,
        "dana_meeting": dana_meeting,
        "eve_meeting": eve_meeting,
        "avi_meeting": avi_meeting,
    }


@pytest.fixture
def ids(db_path) -> dict[str, int]:
    return build_prep_db(db_path)


@pytest.fixture
def app(db_path, ids) -> NetuiApp:
    return make_app(db_path, start_meeting=ids["dana_meeting"])


def editor(app: NetuiApp) -> WorksheetEditor:
    return app.screen.query_one(WorksheetEditor)


def area(app: NetuiApp, key: str) -> TextArea:
    return app.screen.query_one(f"#ws-{key}", TextArea)


def header(app: NetuiApp) -> str:
    return str(app.screen.query_one("#ws-header", Static).content)


def stored(meeting_id: int) -> Meeting:
    return Meeting.get_by_id(meeting_id)


async def test_opens_straight_onto_the_meeting(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PrepScreen)
        assert app.current_mode == "prep"
        assert editor(app).meeting_id == ids["dana_meeting"]
        meetings = app.screen.query_one(MeetingList)
        assert meetings.meeting_id == ids["dana_meeting"]
        # Upcoming first (soonest first), then past.
        assert list(meetings.rows) == [ids["dana_meeting"], ids["eve_meeting"], ids["avi_meeting"]]
        assert area(app, "who_they_are").text.startswith("Dana Levi\nHead of Data · Globex")
        assert "- Avi Cohen (CTO · Initech) — worked together" in area(app, "key_connections").text
        assert app.screen.query_one("#ws-when", Input).value == "2031-09-03 09:30"
        assert app.screen.query_one("#ws-place", Input).value == "Café [Nero]"
        assert "9/11 sections filled" in header(app)


async def test_show_meeting_switches_to_another_meeting(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_meeting(ids["eve_meeting"])
        await settle(pilot)
        assert editor(app).meeting_id == ids["eve_meeting"]
        assert app.screen.query_one(MeetingList).meeting_id == ids["eve_meeting"]


async def test_hostile_text_is_shown_literally(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_meeting(ids["eve_meeting"])
        await settle(pilot)
        assert header(app).startswith("[bold]Eve[/bold]")
        assert app.screen.query_one("#ws-purpose", Input).value == "[red]not red[/red]"
        assert "Acme ␛[31mRed␛]0;pwned␇" in area(app, "who_they_are").text
        # Untouched, the stored text keeps its control characters.
        assert "\x1b" in stored(ids["eve_meeting"]).who_they_are


async def test_edits_are_saved_and_survive_switching_meetings(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        area(app, "ask").focus()
        await pilot.press(*"An intro to Avi")
        assert ASK_BEFORE_GIVING in header(app)
        # Switch straight away, before the quiet-time save fires.
        await pilot.press("escape", "down")
        await settle(pilot)
        assert editor(app).meeting_id == ids["eve_meeting"]
        assert stored(ids["dana_meeting"]).ask == "An intro to Avi"
        await pilot.press("up")
        await settle(pilot)
        assert editor(app).meeting_id == ids["dana_meeting"]
        assert area(app, "ask").text == "An intro to Avi"


async def test_ctrl_s_saves_and_the_gauge_follows(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        area(app, "give_first").focus()
        await pilot.press(*"My deck")
        assert "10/11 sections filled" in header(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(ids["dana_meeting"]).give_first == "My deck"
        row = app.screen.query_one(MeetingList).rows[ids["dana_meeting"]]
        assert row.filled == 10


async def test_meeting_fields_and_a_bad_date(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        when = app.screen.query_one("#ws-when", Input)
        when.focus()
        when.value = "next tuesday"
        await pilot.press("tab")
        await settle(pilot)
        assert when.has_class("-invalid")
        assert stored(ids["dana_meeting"]).scheduled_at == SOON
        when.value = "2031-09-04 10:00"
        app.screen.query_one("#ws-place", Input).value = "Zoom"
        await pilot.press("ctrl+s")
        await settle(pilot)
        meeting = stored(ids["dana_meeting"])
        assert meeting.scheduled_at == dt.datetime(2031, 9, 4, 10, 0)
        assert meeting.place == "Zoom"


async def test_switching_mode_keeps_edits(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        area(app, "questions").focus()  # the cursor lands at the end of the text
        await pilot.press("enter", *"Any advice?")
        expected = (
            "What is the hardest pricing call you made?\nWho else should I meet?\nAny advice?"
        )
        await app.switch_mode("contacts")
        await settle(pilot)
        assert stored(ids["dana_meeting"]).questions == expected
        await app.switch_mode("prep")
        await settle(pilot)
        assert area(app, "questions").text == expected


async def test_give_first_picker_from_the_bank_or_free_text(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, GiveFirstPicker)
        await pilot.press(*"teardown", "enter")
        await settle(pilot)
        assert area(app, "give_first").text == "- Pricing teardown (expertise): A one-page review"
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press(*"a coffee", "enter")
        await settle(pilot)
        assert area(app, "give_first").text.endswith("\n- a coffee")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(ids["dana_meeting"]).give_first.count("\n- ") == 1


async def test_introducer_and_the_intro_request(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert app.clipboard == ""
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ContactPicker)
        await pilot.press(*"avi", "enter")
        await settle(pilot)
        assert stored(ids["dana_meeting"]).introducer_id == ids["avi"]
        assert "via Avi Cohen" in header(app)
        await pilot.press("f3")
        await settle(pilot)
        assert app.clipboard.startswith("Hi Avi,\n")
        assert "- I rebuilt pricing at Initech." in app.clipboard


async def test_export_writes_a_private_markdown_file(app, ids, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        area(app, "ask").focus()
        await pilot.press(*"[b]intro[/b]")
        await pilot.press("ctrl+o")
        await settle(pilot)
        # Where to: asked, a name in the current folder suggested; nothing written yet.
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        suggested = out / f"prep-dana-levi-2031-09-03-{ids['dana_meeting']}.md"
        assert prompt.query_one(Input).value == str(suggested)
        assert list(out.iterdir()) == []
        await pilot.press("enter")
        # Saving the worksheet, then writing the file: two pieces of work in a row.
        await settle_until(pilot, lambda: any(out.iterdir()) and bool(app._notifications))
        [written] = list(out.iterdir())
        assert written.name == f"prep-dana-levi-2031-09-03-{ids['dana_meeting']}.md"
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        text = written.read_text()
        assert "## My ask\n\n\\[b\\]intro\\[/b\\]" in text
        assert any(str(written) in n.message for n in app._notifications)


async def test_exporting_again_asks_before_replacing(app, ids, tmp_path, monkeypatch):
    """An existing file needs --force on the command line; in the app it needs a yes."""
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("enter")  # the suggested file
        await settle_until(pilot, lambda: any(out.iterdir()))
        [written] = list(out.iterdir())
        first = written.read_text()
        area(app, "ask").focus()
        await pilot.press(*"one more thing")
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("enter")
        await settle_until(pilot, lambda: isinstance(app.screen, Confirm))
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await settle(pilot)
        assert written.read_text() == first
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("enter")
        await settle_until(pilot, lambda: isinstance(app.screen, Confirm))
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert "one more thing" in written.read_text()
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        assert list(out.iterdir()) == [written]


async def test_export_goes_where_the_user_says_and_escape_writes_nothing(
    app, ids, tmp_path, monkeypatch
):
    """No file the user did not name: the path is asked for, escape writes nothing."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    chosen = tmp_path / "notes" / "dana.md"
    chosen.parent.mkdir()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        await settle(pilot)
        assert list(here.iterdir()) == [] and list(chosen.parent.iterdir()) == []
        await pilot.press("ctrl+o")
        await settle(pilot)
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)  # an empty path: asked again
        app.screen.query_one(Input).value = str(chosen)
        await pilot.press("enter")
        await settle_until(pilot, lambda: chosen.exists())
        assert "# " in chosen.read_text()
        assert list(here.iterdir()) == []


async def test_mark_done_with_an_exchange(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_meeting(ids["avi_meeting"])
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeetingDoneForm)
        await pilot.press(*"He will intro me to [Mia].")
        form.query_one("#done-follow-up", Input).value = "2031-01-15"
        form.query_one("#done-gave-currency", Select).value = "knowledge"
        form.query_one("#done-gave-value", Select).value = 4
        form.query_one("#done-gave-note", Input).value = "pricing deck"
        form.query_one("#done-received-currency", Select).value = "introduction"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PrepScreen)
        meeting = stored(ids["avi_meeting"])
        assert meeting.done
        assert meeting.outcome == "He will intro me to [Mia]."
        assert meeting.follow_up == dt.date(2031, 1, 15)
        rows = list(Exchange.select().order_by(Exchange.id))
        assert [
            (r.direction, r.currency, r.value, r.note, r.meeting_id, r.contact_id) for r in rows
        ] == [
            ("gave", "knowledge", 4, "pricing deck", ids["avi_meeting"], ids["avi"]),
            ("received", "introduction", 3, "", ids["avi_meeting"], ids["avi"]),
        ]
        assert all(r.date == PAST.date() for r in rows)
        after = str(app.screen.query_one("#ws-after", Static).content)
        assert "follow up on 2031-01-15" in after
        assert "→ gave knowledge 4/5 — pricing deck" in after

        # Undo takes the whole step back: open again, no outcome, no exchanges.
        await pilot.press("ctrl+z")
        await settle(pilot)
        meeting = stored(ids["avi_meeting"])
        assert not meeting.done and meeting.outcome == "" and meeting.follow_up is None
        assert Exchange.select().count() == 0


async def test_mark_done_rejects_a_bad_follow_up_date(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        form = app.screen
        form.query_one("#done-follow-up", Input).value = "soon"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "is not a date" in str(form.query_one("#done-error", Static).content)
        await pilot.press("escape")
        await settle(pilot)
        assert not stored(ids["dana_meeting"]).done


async def test_new_worksheet_picks_a_contact(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ContactPicker)
        await pilot.press(*"mia", "enter")
        await settle(pilot)
        newest = Meeting.select().order_by(Meeting.id.desc()).first()
        assert newest.contact_id not in (ids["dana"], ids["avi"], ids["eve"])
        assert editor(app).meeting_id == newest.id
        assert area(app, "who_they_are").text.startswith("Mia Park\nHooli")


async def test_empty_database_says_what_to_do(tmp_path):
    app = make_app(tmp_path / "empty.db")
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await app.switch_mode("prep")
        await settle(pilot)
        assert editor(app).meeting_id is None
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, PrepScreen)


async def test_everything_is_in_the_palette(app):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        titles = await palette_titles(app)
        for expected in ("Save", "New", "Give", "Introducer", "Copy intro", "Export",
                         "Done", "Reopen this meeting"):  # fmt: skip
            assert any(title.startswith(expected) for title in titles), expected


async def test_an_empty_database_teaches_how_to_start(tmp_path):
    app = make_app(tmp_path / "empty.db")
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        empty = str(app.screen.query_one("#ws-empty", Static).render())
        for hint in ("ctrl+n", "Contacts", "Connections.csv", "netui demo"):
            assert hint in empty, hint
