"""Text fields keep what was typed: the cursor lands at the end, ctrl+z is the field's own,
and the app-wide undo names what it undoes (and asks, when it is another screen's)."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.goal_suggestions import linked_contacts
from netui.db.goals import all_goals
from netui.db.meetings import create_worksheet
from netui.db.models import Meeting
from netui.db.names import resolve_name
from netui.modals.confirm import Confirm
from netui.screens.bank import BankScreen
from netui.screens.prep import PrepScreen
from tests.ui.bank_data import build_bank_db
from tests.ui.helpers import settle
from tests.ui.test_prep_screen import build_prep_db


def notes(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_tab_into_filled_fields_puts_the_cursor_at_the_end(db_path):
    ids = build_prep_db(db_path)
    app = make_app(db_path, start_meeting=ids["dana_meeting"])
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # from the meeting list into the first field
        await settle(pilot)
        when = app.focused
        assert isinstance(when, Input) and when.id == "ws-when"
        assert when.cursor_position == len(when.value) and when.selection.is_empty
        await pilot.press("tab", "!")  # Where: "Café [Nero]"
        await pilot.press("tab", *" now")  # Purpose
        await pilot.press("tab", "enter", *"More.")  # Who they are, a prefilled TextArea
        who = app.focused
        assert isinstance(who, TextArea) and who.id == "ws-who_they_are"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = Meeting.get_by_id(ids["dana_meeting"])
        assert stored.place == "Café [Nero]!"
        assert stored.purpose == "Pricing for marketplaces now"
        assert stored.who_they_are.startswith("Dana Levi\nHead of Data")
        assert stored.who_they_are.endswith("\nMore.")


async def test_ctrl_z_in_a_field_undoes_typing_there_and_never_another_screens_change(tmp_path):
    path = build_bank_db(tmp_path / "netui.db", with_bank=True)
    open_database(path)
    dana, _ = resolve_name("Dana Levi")
    meeting = create_worksheet(dana, purpose="Pricing")
    goal_id = all_goals()[0].id
    close_database()
    app = make_app(path)
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        # On Bank & goals: unlink Dana from the goal (an undoable change).
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BankScreen)
        await pilot.press("tab")  # the goals
        await settle(pilot)
        screen.people_list.focus()
        await pilot.pause()
        keys = [option.id or "" for option in screen.people_list.options]
        screen.people_list.highlighted = next(i for i, k in enumerate(keys) if "linked" in k)
        await pilot.press("x")
        await settle(pilot)
        assert linked_contacts(goal_id) == []

        # On Prep, in Purpose: ctrl+z takes back the typing, nothing else.
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, PrepScreen)
        purpose = app.screen.query_one("#ws-purpose", Input)
        app.screen.set_focus(purpose)
        await pilot.press(*" and churn", "ctrl+z")
        await settle(pilot)
        assert purpose.value == "Pricing and"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert purpose.value == "Pricing"
        assert linked_contacts(goal_id) == []  # the unlink on Bank stands
        assert not any(note.startswith("Undone") for note in notes(app))
        await pilot.press("ctrl+y")
        assert purpose.value == "Pricing and"

        # From the meeting list, the app-wide undo names the other screen and asks.
        await pilot.press("escape")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert app.screen.confirm_title == "Undo a change made on Bank & goals?"
        assert "unlink Dana Levi" in app.screen.message
        await pilot.press("n")
        await settle(pilot)
        assert linked_contacts(goal_id) == []
        await pilot.press("ctrl+z")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [m.name for m in linked_contacts(goal_id)] == ["Dana Levi"]
        assert "Undone on Bank & goals: unlink Dana Levi." in notes(app)
        assert Meeting.get_by_id(meeting).purpose == "Pricing and"


async def test_undo_on_the_screen_that_made_the_change_needs_no_question(tmp_path):
    app = make_app(build_bank_db(tmp_path / "netui.db", with_bank=True))
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        goods = len(app.screen.goods)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert not isinstance(app.screen, Confirm)
        assert len(app.screen.goods) == goods
        assert any(note.startswith("Undone: remove the good") for note in notes(app))
