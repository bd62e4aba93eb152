"""Issue 13, lost updates between windows: two netui windows (this Pilot app and a
second app in a process of its own, ``window.py``) and the command line on one file.

Each reproduction of the issue is here as it was found: B sets Role while A has
the form open, A sets Organisation; ``netui import vcard`` updates title, phone and
notes under A's open form, A saves Location; undo after another window's change;
the other window kept stale until f5. Nothing is waited for by time: each test
waits for a condition (the other window's change on screen)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, TextArea

from netui.app import make_app
from netui.db.connection import close_database
from netui.db.contacts import get_contact
from netui.db.goods import all_goods
from netui.db.names import resolve_name
from netui.db.ties import get_tie
from netui.modals.conflict import ConflictDialog
from netui.modals.contact_form import ContactForm
from netui.screens.contacts import ContactsScreen
from netui.widgets.contact_detail import ContactDetailPane
from netui.widgets.contact_list import ContactList
from tests.hardening import netui, window
from tests.ui.helpers import build_contacts_db, settle

#: Longest wait for another process's change to show (a cap, not a speed claim).
PATIENCE = 120.0


async def until(pilot, condition: Callable[[], bool], what: str) -> None:
    """Let the app run until ``condition()`` holds."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause(0.05)
    await settle(pilot)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = build_contacts_db(tmp_path / "netui.db")
    yield path
    close_database()


def contacts_screen(app):
    return next(screen for screen in app.screen_stack if screen.query(ContactList))


def names(app) -> list[str]:
    contact_list = contacts_screen(app).query_one(ContactList)
    return [row.name for row in map(contact_list.row_of, contact_list.contact_ids) if row]


async def open_form(pilot, name: str) -> ContactForm:
    await pilot.press("slash", *name, "enter")
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ContactForm)
    return form


def notice(form) -> str:
    """The line a form shows about what changed underneath it ("" if none shown)."""
    found = form.query("#underneath")
    if not found or not found.first().display:
        return ""
    line = found.first()
    assert line.parent is form.query_one("#form")  # in the form, not among the toasts
    if line.region.height < 1 or not form.region.contains_region(line.region):
        return ""  # not laid out on screen (yet)
    return str(line.render())


async def test_b_sets_role_a_sets_organisation_and_both_are_kept(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "Dana Levi")

        window(db, "search:Dana Levi", "press:e", "set:role=CTO", "press:ctrl+s")

        # A's open form learns: a line names the change, the untouched field shows it.
        role = form.query_one("#role", Input)
        await until(pilot, lambda: role.value == "CTO", "the new role in A's open form")
        assert "Role (now “CTO”)" in notice(form)
        form.query_one("#organisation", Input).value = "Initech"
        await pilot.press("ctrl+s")
        await settle(pilot)
        fields = get_contact(resolve_name("Dana Levi")[0]).fields
        assert (fields.role, fields.organisation) == ("CTO", "Initech")
        assert fields.tags == ("fintech", "mentor")


async def test_an_import_under_an_open_form_keeps_title_phone_and_notes(
    db: Path, tmp_path: Path
) -> None:
    card = tmp_path / "dana.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Levi\r\nORG:Globex\r\nTITLE:VP Data\r\n"
        "EMAIL:dana@globex.example\r\nTEL:+44 20 7946 0000\r\n"
        "NOTE:Now runs the platform team.\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    app = make_app(db)
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "Dana Levi")

        done = netui("--db", str(db), "import", "vcard", str(card))
        assert done.returncode == 0, done.stderr
        phone = form.query_one("#phone", Input)
        await until(pilot, lambda: phone.value == "+44 20 7946 0000", "the imported phone")
        assert form.query_one("#role", Input).value == "VP Data"
        form.query_one("#location", Input).value = "London"
        await pilot.press("ctrl+s")
        await settle(pilot)
        fields = get_contact(resolve_name("Dana Levi")[0]).fields
        assert fields.location == "London"
        assert (fields.role, fields.phone) == ("VP Data", "+44 20 7946 0000")
        assert fields.notes.endswith("Now runs the platform team.")


@pytest.mark.parametrize("keep", ["mine", "theirs"])
async def test_the_same_field_changed_in_both_windows_asks_with_both_values(
    db: Path, keep: str
) -> None:
    app = make_app(db)
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "Dana Levi")
        form.query_one("#role", Input).value = "CFO"  # A's own edit, not saved yet
        form.query_one("#location", Input).value = "Paris"

        window(db, "search:Dana Levi", "press:e", "set:role=CTO", "press:ctrl+s")
        await until(pilot, lambda: "Role (now “CTO”)" in notice(form), "A's form told")
        assert form.query_one("#role", Input).value == "CFO"  # A's edit is left alone

        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        shown = [str(button.label) for button in dialog.query("RadioButton")]
        assert shown == ["Yours: CFO", "Saved elsewhere: CTO"]
        if keep == "theirs":
            await pilot.press("down", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        fields = get_contact(resolve_name("Dana Levi")[0]).fields
        assert fields.role == ("CFO" if keep == "mine" else "CTO")
        assert fields.location == "Paris"  # the rest of A's form is saved either way


async def test_undo_reverts_only_its_own_fields_and_names_what_another_window_changed(
    db: Path,
) -> None:
    app = make_app(db)
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "Dana Levi")
        form.query_one("#role", Input).value = "CTO"
        form.query_one("#phone", Input).value = "+44 20 7946 0001"
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, ContactsScreen)
        notified = window(
            db, "search:Dana Levi", "press:e", "set:phone=+44 20 7946 0002", "press:ctrl+s"
        )
        assert notified == ["Saved Dana Levi. Press u to undo."]
        await pilot.press("u")
        await settle(pilot)
        fields = get_contact(resolve_name("Dana Levi")[0]).fields
        assert (fields.role, fields.phone) == ("Head of Data", "+44 20 7946 0002")
        messages = [n.message for n in app._notifications]
        assert "Undone: edit Dana Levi. Left as they are: Dana Levi: phone (changed since)." in (
            messages
        )


async def test_the_other_window_refreshes_without_f5_and_keeps_its_cursor(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        contact_list = app.screen.query_one(ContactList)
        zoe, _ = resolve_name("Zoë Chen")
        await pilot.press("slash", *"zoe", "enter")
        await settle(pilot)
        await pilot.press("escape")  # the search cleared: the whole list, Zoë highlighted
        await settle(pilot)
        assert contact_list.highlighted_id == zoe

        assert netui("--db", str(db), "add", "Aaron First", "--org", "Initech").returncode == 0
        await until(pilot, lambda: "Aaron First" in names(app), "the new contact listed")
        assert contact_list.highlighted_id == zoe

        assert netui("--db", str(db), "tie", "Zoë Chen", "Avi Cohen").returncode == 0
        pane = app.screen.query_one(ContactDetailPane)
        await until(pilot, lambda: "Avi Cohen" in pane.text.plain, "the tie in the detail")
        assert contact_list.highlighted_id == zoe

        await pilot.press("4")  # Bank & goals: another window adds a good
        await settle(pilot)
        goods = app.screen.query_one("#goods", OptionList)
        window(db, "press:4", "press:n", "set:title=Intro to a VC", "press:ctrl+s")
        assert "Intro to a VC" in [good.title for good in all_goods()]
        await until(
            pilot,
            lambda: "Intro to a VC" in str(goods.get_option_at_index(0).prompt),
            "the good listed",
        )


async def test_a_form_stays_open_with_its_typing_while_the_command_line_writes(
    db: Path,
) -> None:
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "Dana Levi")
        notes = form.query_one("#notes", TextArea)
        notes.load_text("Typed, not saved yet.")

        assert netui("--db", str(db), "add", "Aaron First").returncode == 0
        tie = netui("--db", str(db), "tie", "Dana Levi", "Avi Cohen", "--strength", "4")
        assert tie.returncode == 0, tie.stderr
        screen = contacts_screen(app)
        await until(pilot, lambda: screen.total == 7, "the list under the form counts Aaron")
        assert app.screen is form and notes.text == "Typed, not saved yet."
        assert notice(form) == ""  # nothing of Dana's fields changed

        await pilot.press("ctrl+s")
        await settle(pilot)
        dana, _ = resolve_name("Dana Levi")
        avi, _ = resolve_name("Avi Cohen")
        assert get_contact(dana).fields.notes == "Typed, not saved yet."
        stored = get_tie(dana, avi)
        assert stored is not None and stored.strength == 4


async def test_do_quit_restart_undo(db: Path) -> None:
    """Issue 12: the undo stack was gone when the app quit. Here the step is done by
    another process (a window that quits), then undone by a new one."""
    notified = window(db, "search:Dana Levi", "press:e", "set:role=CTO", "press:ctrl+s")
    assert notified == ["Saved Dana Levi. Press u to undo."]
    assert get_contact(resolve_name("Dana Levi")[0]).fields.role == "CTO"
    app = make_app(db)
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert get_contact(resolve_name("Dana Levi")[0]).fields.role == "Head of Data"
        assert [n.message for n in app._notifications][-1] == (
            "Undone from an earlier run or another window: edit Dana Levi."
        )


async def test_a_worksheet_in_two_windows_takes_their_field_and_asks_about_the_same_one(
    db: Path,
) -> None:
    from netui.db.meetings import get_worksheet, list_meetings
    from netui.screens.prep import PrepScreen

    app = make_app(db)
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, PrepScreen)
        (meeting,) = list_meetings()
        purpose = app.screen.query_one("#ws-purpose", Input)
        assert purpose.value == "Coffee"

        # B changes Purpose; A has not touched it: A shows B's value.
        window(db, "press:2", "set:ws-purpose=Hiring chat")
        await until(pilot, lambda: purpose.value == "Hiring chat", "B's purpose in A")
        assert "Changed elsewhere, now shown: Purpose." in [n.message for n in app._notifications]

        # Both change Place: A's autosave finds B's value and asks.
        app.screen.query_one("#ws-place", Input).value = "Café Nero"
        window(db, "press:2", "set:ws-place=A video call")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog), "the question")
        shown = [str(button.label) for button in app.screen.query("RadioButton")]
        assert shown == ["Yours: Café Nero", "Saved elsewhere: A video call"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        sheet = get_worksheet(meeting.id)
        assert (sheet.place, sheet.purpose) == ("Café Nero", "Hiring chat")
