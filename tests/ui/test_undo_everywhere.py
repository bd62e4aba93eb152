"""Issue 12, undo that lasts, through the keys: edits of goods, goals, a tie and my
organisation are undone; an import that updated contacts is one step; the steps
are listed newest first; ctrl+z says on which screen the change it takes back was
made; an app restarted on the file undoes what the one before it did."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Select

from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, get_contact
from netui.db.goals import all_goals
from netui.db.goods import all_goods
from netui.db.history import steps
from netui.db.names import resolve_name
from netui.db.settings import get_setting
from netui.db.ties import get_tie
from netui.modals.choose import Choose
from netui.modals.confirm import Confirm
from netui.modals.import_dialog import ImportDialog
from tests.ui.bank_data import build_bank_db
from tests.ui.helpers import settle


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_good_and_goal_edits_are_undone_and_named_from_another_screen(tmp_path: Path):
    app = make_app(build_bank_db(tmp_path / "netui.db", with_bank=True))
    async with app.run_test(size=(130, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        good = all_goods()[0]
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#title", Input).value = "Churn analytics"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert all_goods()[0].title == "Churn analytics"
        await pilot.press("u")
        await settle(pilot)
        assert all_goods()[0].fields == good.fields
        assert messages(app)[-1] == "Undone: edit the good Churn analytics."

        await pilot.press("tab")  # the goals
        await settle(pilot)
        goal = all_goals()[0]
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#title", Input).value = "CTO in health tech"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert all_goals()[0].title == "CTO in health tech"
        await pilot.press("2")  # another screen: ctrl+z asks first, naming where it was
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert app.screen.confirm_title == "Undo a change made on Bank & goals?"
        assert all_goals()[0].title == "CTO in health tech"  # not before the answer
        await pilot.press("y")
        await settle(pilot)
        assert all_goals()[0].fields == goal.fields
        assert messages(app)[-1] == "Undone on Bank & goals: edit the goal CTO in health tech."


async def test_a_tie_edit_and_my_organisation_are_undone(tmp_path: Path):
    path = build_bank_db(tmp_path / "netui.db")
    app = make_app(path)
    async with app.run_test(size=(130, 36), notifications=True) as pilot:
        await settle(pilot)
        avi, _ = resolve_name("Avi Cohen")
        bo, _ = resolve_name("Bo Ek")
        await pilot.press("slash", *"Avi Cohen", "enter")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*"Bo Ek", "enter")  # the picker
        await settle(pilot)
        app.screen.query_one("#strength", Select).value = 2
        app.screen.query_one("#context", Input).value = "a conference, once"
        await pilot.press("ctrl+s")
        await settle(pilot)
        tie = get_tie(avi, bo)
        assert tie is not None and (tie.strength, tie.context) == (2, "a conference, once")
        await pilot.press("u")
        await settle(pilot)
        tie = get_tie(avi, bo)
        assert tie is not None and (tie.strength, tie.context) == (4, "worked together")
        assert messages(app)[-1] == "Undone: tie Avi Cohen and Bo Ek."

        await pilot.press("3", "o")
        await settle(pilot)
        await pilot.press(*"Globex", "enter")
        await settle(pilot)
        assert get_setting("my_organisation") == "Globex"
        await pilot.press("u")
        await settle(pilot)
        assert get_setting("my_organisation") == ""
        assert messages(app)[-1] == "Undone: set my organisation."


async def test_an_import_that_updated_contacts_is_one_step(tmp_path: Path):
    path = tmp_path / "netui.db"
    open_database(path)
    dana = create_contact(ContactFields(name="Dana Levi", organisation="Globex", role="Head"))
    close_database()
    card = tmp_path / "phone.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Levi\r\nORG:Globex\r\nTITLE:VP Data\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rita Alvarez\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    app = make_app(path)
    async with app.run_test(size=(130, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ImportDialog)
        app.screen.query_one("#path", Input).value = str(card)
        await pilot.press("enter")
        await settle(pilot)
        assert get_contact(dana).fields.role == "VP Data"
        assert [(s.description, s.screen) for s in steps()] == [
            ("import of phone.vcf (1 added, 1 updated)", "contacts")
        ]
        await pilot.press("u")
        await settle(pilot)
        assert get_contact(dana).fields.role == "Head"
        assert resolve_name("Dana")[1] == "Dana Levi"
        assert messages(app)[-1] == "Undone: import of phone.vcf (1 added, 1 updated)."
        assert steps() == []


async def test_the_history_lists_steps_newest_first_and_undoes_the_one_picked(tmp_path: Path):
    path = build_bank_db(tmp_path / "netui.db")
    open_database(path)
    avi, _ = resolve_name("Avi Cohen")
    bo, _ = resolve_name("Bo Ek")
    close_database()
    app = make_app(path)
    async with app.run_test(size=(130, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Avi Cohen", "enter")
        await settle(pilot)
        await pilot.press("x", "enter")  # untie Avi and Bo
        await settle(pilot)
        assert get_tie(avi, bo) is None
        await pilot.press("d")  # archive Avi
        await settle(pilot)
        app.action_undo_history()
        await settle(pilot)
        chooser = app.screen
        assert isinstance(chooser, Choose)
        listed = [str(option.prompt) for option in chooser.query_one(OptionList).options]
        assert [line.split("  ")[1:] for line in listed] == [
            ["archive Avi Cohen", "on Contacts"], ["untie Avi Cohen and Bo Ek", "on Contacts"]
        ]  # fmt: skip
        await pilot.press("down", "enter")  # the older one: the tie comes back
        await settle(pilot)
        tie = get_tie(avi, bo)
        assert tie is not None and (tie.strength, tie.context) == (4, "worked together")
        assert get_contact(avi).archived
        assert [s.description for s in steps()] == ["archive Avi Cohen"]


async def test_do_quit_restart_undo_in_one_process(tmp_path: Path):
    path = build_bank_db(tmp_path / "netui.db")
    first = make_app(path)
    async with first.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        await pilot.press("4", "n")
        await settle(pilot)
        first.screen.query_one("#title", Input).value = "Intro to a VC"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [good.title for good in all_goods()] == ["Intro to a VC"]
    close_database()

    second = make_app(path)
    async with second.run_test(size=(130, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+z")  # made on Bank & goals; the app opens on Contacts
        await settle(pilot)
        assert isinstance(second.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert all_goods() == []
        assert messages(second)[-1] == "Undone on Bank & goals: add the good Intro to a VC."
