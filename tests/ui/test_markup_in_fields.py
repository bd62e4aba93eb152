"""Markup typed into any field is text: no crash, no clickable action, stored as typed.

Each test types ``[/]``, ``[@click=app.quit]x`` and ``[bold]`` into every field of
one form (keys, through the app, tabbing out of each field so that it is checked),
sees the checked fields' messages quote the value literally, saves, and reads the
value back from the database. Before the fix, ``a[/]b`` in Email then Tab raised
``MarkupError`` and closed the app, and ``[@click=app.quit]x`` made the message a
clickable quit.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rich.text import Text
from textual.widgets import Input, Select, Static, TextArea

from netui.app import NetuiApp, make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import get_contact, list_contact_ids
from netui.db.goals import all_goals
from netui.db.goods import all_goods
from netui.db.meetings import create_worksheet
from netui.db.models import Exchange, Introduction, Meeting, Tie
from netui.db.names import resolve_name
from netui.db.settings import get_setting
from netui.modals.contact_form import CHECKS, ContactForm
from netui.modals.contact_picker import ContactPicker
from netui.modals.exchange_form import ExchangeForm
from netui.modals.give_first_picker import GiveFirstPicker
from netui.modals.goal_form import GoalForm
from netui.modals.good_form import GoodForm
from netui.modals.import_dialog import ImportDialog
from netui.modals.introduction_form import IntroductionForm
from netui.modals.meeting_done import MeetingDoneForm
from netui.modals.text_prompt import TextPrompt
from netui.modals.tie_form import TieForm
from netui.screens.prep import PrepScreen
from tests.ui.bank_data import build_bank_db
from tests.ui.helpers import build_contacts_db, burst, keys_handled, settle

MARKUP = ("[/]", "[@click=app.quit]x", "[bold]")


async def type_into(pilot, field: Input | TextArea, text: str, *, then: str = "tab") -> None:
    """Empty ``field``, type ``text`` into it as keys, and leave it with ``then``."""
    app: NetuiApp = pilot.app
    if isinstance(field, Input):
        field.value = ""
    else:
        field.load_text("")
    field.screen.set_focus(field)
    burst(app, *text, *([then] if then else []))
    await keys_handled(pilot)
    if then == "enter":
        await settle(pilot)  # enter sets work off: a search, a pick, a save


async def type_into_every_field(pilot, text: str) -> None:
    for field in list(pilot.app.screen.query("Input, TextArea")):
        await type_into(pilot, field, text)
    await settle(pilot)


def literal(static: Static) -> str:
    """The text a message shows, checked to carry no style or action from the data."""
    content = static.content
    assert isinstance(content, Text), content
    assert not any("@click" in str(span.style) for span in content.spans)
    return content.plain


@pytest.fixture
def contacts_app(tmp_path) -> NetuiApp:
    return make_app(build_contacts_db(tmp_path / "netui.db"))


async def test_the_contact_form(contacts_app):
    app = contacts_app
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(pilot)
        for value in MARKUP:
            before = set(list_contact_ids())
            await pilot.press("n")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ContactForm)
            await type_into_every_field(pilot, value)
            fixes = {"email": "dana@example.com", "phone": "+44 20 7946 0000",
                     "linkedin_url": "", "cadence": "30"}  # fmt: skip
            for field_id, fix in fixes.items():
                expected = CHECKS[field_id](value)  # "[@click=app.quit]x" passes as an email
                if expected is None:
                    continue
                assert repr(value) in expected
                assert literal(form.query_one(f"#{field_id}-error", Static)) == expected
                form.query_one(f"#{field_id}", Input).value = fix
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, ContactForm)
            (new,) = set(list_contact_ids()) - before
            fields = get_contact(new).fields
            for name in ("name", "organisation", "role", "location", "how_we_met"):
                assert getattr(fields, name) == value, name
            assert fields.career_path == value and fields.notes == value
            for name in ("tags", "expertise", "interests"):
                assert [t.casefold() for t in getattr(fields, name)] == [value.casefold()], name


async def test_the_exchange_form_tie_form_picker_and_import_dialog(contacts_app):
    app = contacts_app
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(pilot)
        for value in MARKUP:
            # l: the day is checked on saving; the note is free text.
            await pilot.press("l")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ExchangeForm)
            await type_into_every_field(pilot, value)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert repr(value) in literal(form.query_one("#date-error", Static))
            form.query_one("#date", Input).value = ""  # today
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, ExchangeForm)
            assert Exchange.select().order_by(Exchange.id.desc()).get().note == value

            # t: the picker's search box, then the tie's context.
            await pilot.press("t")
            await settle(pilot)
            picker = app.screen
            assert isinstance(picker, ContactPicker)
            await type_into(pilot, picker.search_input, value, then="")
            await settle(pilot)  # the search of the last key
            assert literal(picker.query_one("#picker-status", Static)).endswith(
                ("No contact matches.", "shown · enter picks")
            )
            await type_into(pilot, picker.search_input, "Avi", then="enter")
            form = app.screen
            assert isinstance(form, TieForm)
            await type_into_every_field(pilot, value)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert Tie.select().order_by(Tie.id.desc()).get().context == value

            # i: a path that is no file is named literally.
            await pilot.press("i")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ImportDialog)
            await type_into(pilot, dialog.query_one("#path", Input), value, then="enter")
            assert value in literal(dialog.query_one("#import-status", Static))
            await pilot.press("escape")
            await settle(pilot)


async def test_the_organisation_prompt_and_the_introduction_form(contacts_app):
    app = contacts_app
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        for value in MARKUP:
            await pilot.press("o")
            await settle(pilot)
            assert isinstance(app.screen, TextPrompt)
            await type_into(pilot, app.screen.query_one(Input), value, then="enter")
            open_database(app.db_path)
            assert get_setting("my_organisation") == value

            await pilot.press("i")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, IntroductionForm)
            for side, name in (("a", "Avi"), ("b", "Bruno")):
                form.set_focus(form.query_one(f"#pick-{side}"))
                await pilot.press("enter")
                await settle(pilot)
                picker = app.screen
                assert isinstance(picker, ContactPicker)
                await type_into(pilot, picker.search_input, name, then="enter")
            assert app.screen is form
            await type_into_every_field(pilot, value)
            await pilot.press("ctrl+s")
            await settle(pilot)
            intro = Introduction.select().order_by(Introduction.id.desc()).get()
            assert (intro.a_gains, intro.b_gains) == (value, value)


async def test_the_good_and_goal_forms(tmp_path):
    app = make_app(build_bank_db(tmp_path / "netui.db"))
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        for value in MARKUP:
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, GoodForm)
            await type_into_every_field(pilot, value)
            await pilot.press("ctrl+s")
            await settle(pilot)
            good = next(g for g in all_goods() if g.title == value)
            assert good.fields.description == value
            assert [t.casefold() for t in good.fields.tags] == [value.casefold()]

            await pilot.press("N")
            await settle(pilot)
            assert isinstance(app.screen, GoalForm)
            await type_into_every_field(pilot, value)
            await pilot.press("ctrl+s")
            await settle(pilot)
            goal = next(g for g in all_goals() if g.title == value).fields
            assert goal.description == value
            assert list(goal.organisations) == [value] and list(goal.roles) == [value]
            assert [t.casefold() for t in goal.tags] == [value.casefold()]


@pytest.fixture
def prep_app(db_path) -> tuple[NetuiApp, int]:
    open_database(db_path)
    from netui.db.contacts import ContactFields, create_contact

    dana = create_contact(ContactFields(name="Dana Levi", organisation="Globex"))
    meeting = create_worksheet(dana, scheduled_at=dt.datetime(2031, 9, 3, 9, 30))
    close_database()
    return make_app(db_path, start_meeting=meeting), meeting


async def test_the_worksheet_the_give_first_picker_and_the_meeting_done_form(prep_app):
    app, meeting_id = prep_app
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PrepScreen)
        for value in MARKUP:
            await type_into_every_field(pilot, value)
            error = literal(app.screen.query_one("#ws-when-error", Static))
            assert repr(value) in error
            await type_into(pilot, app.screen.query_one("#ws-when", Input), "")
            await pilot.press("ctrl+s")
            await settle(pilot)
            meeting = Meeting.get_by_id(meeting_id)
            assert (meeting.place, meeting.purpose) == (value, value)
            for key in ("who_they_are", "career_path", "questions", "ask", "give_first"):
                assert getattr(meeting, key) == value, key

            # ctrl+g: what is typed is given as typed.
            await pilot.press("ctrl+g")
            await settle(pilot)
            picker = app.screen
            assert isinstance(picker, GiveFirstPicker)
            await type_into(pilot, picker.search_input, value, then="enter")
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert Meeting.get_by_id(meeting_id).give_first == f"{value}\n- {value}"

        # ctrl+t: the outcome, the follow-up day (checked) and the notes.
        value = MARKUP[1]
        await pilot.press("ctrl+t")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MeetingDoneForm)
        for direction in ("gave", "received"):
            form.query_one(f"#done-{direction}-currency", Select).value = "knowledge"
        await type_into_every_field(pilot, value)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert repr(value) in literal(form.query_one("#done-error", Static))
        await type_into(pilot, form.query_one("#done-follow-up", Input), "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        meeting = Meeting.get_by_id(meeting_id)
        assert meeting.done and meeting.outcome == value
        notes = [e.note for e in Exchange.select().where(Exchange.meeting == meeting_id)]
        assert notes == [value, value]


async def test_the_search_box_quotes_the_query_literally(contacts_app):
    app = contacts_app
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        for value in MARKUP:
            await type_into(pilot, app.screen.query_one("#search", Input), value, then="")
            await settle(pilot)  # the search of the last key
            status = literal(app.screen.query_one("#list-status", Static))
            assert value in status or "No contact" in status
        dana, _ = resolve_name("Dana Levi")
        assert dana
