"""Escape on a form with changes asks before throwing them away; on an untouched form
it just closes."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, TextArea

from netui.app import NetuiApp, make_app
from netui.db.contacts import get_contact
from netui.modals.confirm import Confirm
from netui.modals.contact_form import ContactForm
from netui.modals.contact_picker import ContactPicker
from netui.modals.exchange_form import ExchangeForm
from netui.modals.form import DiscardGuard
from netui.modals.goal_form import GoalForm
from netui.modals.good_form import GoodForm
from netui.modals.introduction_form import IntroductionForm
from netui.modals.meeting_done import MeetingDoneForm
from netui.modals.tie_form import TieForm
from netui.widgets.contact_list import ContactList
from tests.ui.bank_data import build_bank_db
from tests.ui.helpers import build_contacts_db, settle
from tests.ui.test_prep_screen import build_prep_db


@pytest.fixture
def app(tmp_path) -> NetuiApp:
    return make_app(build_contacts_db(tmp_path / "netui.db"))


async def press(pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def test_escape_on_an_edited_contact_asks_and_keeps_or_discards(app):
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(pilot)
        contact_id = app.screen.query_one(ContactList).highlighted_id
        before = get_contact(contact_id).fields
        # Untouched: escape closes at once.
        await press(pilot, "e")
        assert isinstance(app.screen, ContactForm)
        await press(pilot, "escape")
        assert not isinstance(app.screen, DiscardGuard)
        # Changed: escape asks; "keep editing" keeps every field as typed.
        await press(pilot, "e")
        form = app.screen
        await press(pilot, *" Jr")
        form.set_focus(form.query_one("#notes", TextArea))
        await press(pilot, *"more")
        await press(pilot, "escape")
        assert isinstance(app.screen, Confirm)
        assert app.screen.confirm_title == "Discard the changes?"
        await press(pilot, "escape")  # escape on the question: keep editing
        assert app.screen is form
        assert form.query_one("#name", Input).value == before.name + " Jr"
        assert form.query_one("#notes", TextArea).text.endswith("more")
        await press(pilot, "escape", "y")  # discard
        assert not isinstance(app.screen, DiscardGuard)
        assert get_contact(contact_id).fields == before


async def test_a_change_undone_by_hand_is_no_change(app):
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "n", *"Zed", "backspace", "backspace", "backspace", "escape")
        assert not isinstance(app.screen, DiscardGuard)


async def ask_then_discard(pilot, form_type: type) -> None:
    app = pilot.app
    assert isinstance(app.screen, form_type)
    await press(pilot, "escape")
    assert isinstance(app.screen, Confirm), form_type
    await press(pilot, "y")
    assert not isinstance(app.screen, DiscardGuard)


async def test_every_contacts_form_asks(app):
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(pilot)
        # The exchange form: a Select changed is a change.
        await press(pilot, "l")
        app.screen.query_one("#currency", Select).value = "access"
        await ask_then_discard(pilot, ExchangeForm)
        await press(pilot, "l", "escape")  # untouched
        assert not isinstance(app.screen, DiscardGuard)
        # The tie form.
        await press(pilot, "t", *"Avi", "enter")
        assert isinstance(app.screen, TieForm)
        await press(pilot, "tab", *"colleagues")
        await ask_then_discard(pilot, TieForm)
        # The picker asks nothing: there is nothing to lose.
        await press(pilot, "t", *"Avi", "escape")
        assert not isinstance(app.screen, ContactPicker | Confirm)


async def test_the_bank_forms_ask(tmp_path):
    app = make_app(build_bank_db(tmp_path / "netui.db", with_bank=True))
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "4", "n", *"A talk")
        await ask_then_discard(pilot, GoodForm)
        await press(pilot, "N")
        app.screen.set_focus(app.screen.query_one("#roles", TextArea))
        await press(pilot, *"CTO")
        await ask_then_discard(pilot, GoalForm)


async def test_the_introduction_and_meeting_done_forms_ask(db_path):
    ids = build_prep_db(db_path)
    app = make_app(db_path, start_meeting=ids["dana_meeting"])
    async with app.run_test(size=(130, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+t", *"Went well")
        await ask_then_discard(pilot, MeetingDoneForm)
        await press(pilot, "ctrl+t", "escape")  # untouched
        assert not isinstance(app.screen, DiscardGuard)
        await press(pilot, "3", "i")
        assert isinstance(app.screen, IntroductionForm)
        await press(pilot, "enter", *"Avi", "enter")  # the first person, picked
        assert isinstance(app.screen, IntroductionForm)
        await ask_then_discard(pilot, IntroductionForm)
