"""Keys typed right after a key that opens or moves into a field go into that field.

The keys are queued in one go (:func:`tests.ui.helpers.burst`), as a terminal
delivers a fast burst, so every one is waiting before the first is handled; on the
code before netui/key_gate.py, ``/dana`` opened the contact form with ``n`` and
``/Ashwo`` started a worksheet with ``w``. Each test checks where the keys went and
that the database is as it was.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from benchmarks.generate import generate
from netui.app import NetuiApp, make_app
from netui.db.models import Contact, Exchange, Good, Meeting, Tie
from netui.modals.confirm import Confirm
from netui.modals.contact_form import ContactForm
from netui.modals.contact_picker import ContactPicker
from netui.modals.goal_form import GoalForm
from netui.modals.good_form import GoodForm
from netui.modals.import_dialog import ImportDialog
from netui.modals.text_prompt import TextPrompt
from netui.screens.contacts import ContactsScreen
from netui.screens.prep import PrepScreen
from netui.widgets.contact_list import ContactList
from tests.ui.bank_data import build_bank_db
from tests.ui.helpers import build_contacts_db, burst, keys_handled, settle

NETWORK_SIZE = 30_000


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Path:
    """30,000 generated contacts (no ties or exchanges: the list is what matters)."""
    path = tmp_path_factory.mktemp("network") / "network.db"
    generate(path, NETWORK_SIZE, 0, 0, seed=3, meetings=0, today=dt.date(2025, 6, 1))
    from netui.db.connection import close_database

    close_database()
    return path


@pytest.fixture
def big_app(network, tmp_path) -> NetuiApp:
    copy = tmp_path / "network.db"
    shutil.copy(network, copy)
    return make_app(copy)


def state() -> dict[str, int]:
    """What a misrouted key could have changed."""
    return {
        "contacts": Contact.select().count(),
        "archived": Contact.select().where(Contact.archived).count(),
        "meetings": Meeting.select().count(),
        "ties": Tie.select().count(),
        "exchanges": Exchange.select().count(),
        "goods": Good.select().count(),
    }


def search_box(app: NetuiApp) -> Input:
    return app.screen.query_one("#search", Input)


@pytest.mark.parametrize("word", ["dana", "Ashwo", "merge tie delete"])
async def test_a_burst_after_slash_goes_to_the_search_box(big_app, word):
    async with big_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = state()
        assert before["contacts"] == NETWORK_SIZE
        burst(big_app, "slash", *word)
        await keys_handled(pilot)
        await settle(pilot)
        assert isinstance(big_app.screen, ContactsScreen)
        assert search_box(big_app).value == word
        assert big_app.screen.query_one(ContactList).applied_query == word
        assert state() == before
        assert big_app.keys_waiting == 0


async def test_pilot_press_of_slash_and_a_word_in_one_call(big_app):
    async with big_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = state()
        await pilot.press("slash", *"dana")
        await settle(pilot)
        assert search_box(big_app).value == "dana"
        assert state() == before


async def test_slash_word_enter_then_a_command_acts_on_the_list(big_app):
    """Keys after enter go back to the list, where the user sent them."""
    async with big_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = state()
        burst(big_app, "slash", *"Ashwo", "enter", "s")
        await keys_handled(pilot)
        await settle(pilot)
        assert search_box(big_app).value == "Ashwo"
        assert big_app.screen.query_one(ContactList).has_focus
        assert big_app.screen.sort.value == "organisation"  # s: the next sort, from the list
        assert state() == before


# --- every key that opens a field, on a small network ------------------------------------


@pytest.fixture
def app(tmp_path) -> NetuiApp:
    return make_app(build_contacts_db(tmp_path / "netui.db"))


@pytest.mark.parametrize(
    ("opener", "dialog", "field"),
    [
        ("n", ContactForm, "#name"),
        ("t", ContactPicker, "#picker-search"),
        ("M", ContactPicker, "#picker-search"),
        ("i", ImportDialog, "#path"),
    ],
)
async def test_a_burst_after_a_key_that_opens_a_dialog_goes_into_it(app, opener, dialog, field):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = state()
        burst(app, opener, *"dana")
        await keys_handled(pilot)
        await settle(pilot)
        assert isinstance(app.screen, dialog)
        assert app.screen.query_one(field, Input).value == "dana"
        assert app.screen.query_one(field, Input).has_focus
        assert state() == before


async def test_a_burst_after_e_goes_to_the_end_of_the_name(app):
    """``e`` reads the contact first (a worker); the keys wait for the form."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        contact_list = app.screen.query_one(ContactList)
        name = Contact.get_by_id(contact_list.highlighted_id).name
        before = state()
        burst(app, "e", *" dana")
        await keys_handled(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)
        assert app.screen.query_one("#name", Input).value == name + " dana"
        assert state() == before


async def test_picking_then_a_burst_goes_into_the_confirmation(app):
    """M, a name, enter: the picker closes and a worker reads the contact before the
    confirmation opens; the n typed meanwhile answers it (No), not the list (New)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = state()
        burst(app, "M", *"Avi", "enter", "n")
        await keys_handled(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        assert state() == before
        burst(app, "M", *"Avi", "enter")
        await keys_handled(pilot)
        await settle(pilot)
        assert isinstance(app.screen, Confirm)


async def test_a_burst_after_w_goes_into_the_first_empty_field(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = state()
        burst(app, "w", *"dana 3 d")
        await keys_handled(pilot)
        await settle(pilot)
        assert isinstance(app.screen, PrepScreen)
        focused = app.focused
        assert isinstance(focused, Input) and focused.id == "ws-when"  # nothing planned yet
        assert focused.value == "dana 3 d"
        after = state()
        assert after["meetings"] == before["meetings"] + 1  # the worksheet w started
        assert {**after, "meetings": before["meetings"]} == before


async def test_a_burst_after_ctrl_n_on_prep_goes_into_the_picker_then_the_worksheet(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        before = state()
        burst(app, "ctrl+n", *"Avi", "enter", *"4 coffee")
        await keys_handled(pilot)
        await settle(pilot)
        assert isinstance(app.screen, PrepScreen)
        focused = app.focused
        assert isinstance(focused, Input | TextArea) and focused.id == "ws-when"
        assert focused.value == "4 coffee"
        assert state()["meetings"] == before["meetings"] + 1


async def test_a_burst_after_o_on_reciprocity_goes_into_the_prompt(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        before = state()
        burst(app, "o", *"dana")
        await keys_handled(pilot)
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == "dana"
        assert state() == before


@pytest.mark.parametrize(("opener", "dialog"), [("n", GoodForm), ("N", GoalForm)])
async def test_a_burst_after_n_on_the_bank_goes_into_the_title(tmp_path, opener, dialog):
    app = make_app(build_bank_db(tmp_path / "bank.db", with_bank=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        before = state()
        burst(app, opener, *"delete")
        await keys_handled(pilot)
        await settle(pilot)
        assert isinstance(app.screen, dialog)
        assert app.screen.query_one("#title", Input).value == "delete"
        assert state() == before
