"""Pilot tests of importing from the app (worker, progress, all or nothing) and merging."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from netui.app import NetuiApp, make_app
from netui.db.contacts import ContactFields, create_contact
from netui.db.ledger import exchanges_for, log_exchange
from netui.db.models import Contact, Exchange
from netui.db.names import resolve_name
from netui.modals.confirm import Confirm
from netui.modals.contact_picker import ContactPicker
from netui.modals.import_dialog import ImportDialog
from netui.widgets.contact_list import ContactList
from tests.ui.helpers import build_contacts_db, palette_titles, settle
from tests.ui.test_contacts_network import go_to
from tests.ui.test_contacts_screen import names

CSV = (
    "Notes:\n"
    '"When exporting your connection data, you may notice..."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Maya,Klein,https://www.linkedin.com/in/mayaklein,,Initrode,Designer,12 Mar 2021\n"
    'Omar,"Haddad, Jr.",https://www.linkedin.com/in/omarh,omar@example.com,Globex,'
    '"VP, Sales",1 Feb 2020\n'
)


@pytest.fixture
def app(tmp_path) -> NetuiApp:
    return make_app(build_contacts_db(tmp_path / "netui.db"))


async def run_import(pilot, path) -> None:
    await pilot.press("i")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportDialog)
    dialog.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    for _ in range(50):
        await settle(pilot)
        if not isinstance(pilot.app.screen, ImportDialog) or not pilot.app.screen.running:
            break
        await pilot.pause(0.05)


async def test_import_linkedin_from_the_app(app, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(CSV, encoding="utf-8")
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        await run_import(pilot, path)
        await settle(pilot)
        assert not isinstance(app.screen, ImportDialog)
        assert "Imported: 2 added, 0 updated, 0 skipped" in " ".join(
            n.message for n in app._notifications
        )
        assert {"Maya Klein", "Omar Haddad, Jr."} <= set(names(app))
        omar = Contact.get_by_id(resolve_name("Omar")[0])
        assert (omar.organisation, omar.role) == ("Globex", "VP, Sales")


async def test_a_bad_file_changes_nothing_and_says_why(app, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        before = Contact.select().count()
        await run_import(pilot, path)
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        status = dialog.query_one("#import-status", Static)
        assert status.has_class("-error")
        assert "Nothing was imported" in str(status.content)
        assert Contact.select().count() == before
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)


async def test_a_missing_file_is_refused_in_the_dialog(app, tmp_path):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await run_import(pilot, tmp_path / "nope.csv")
        status = app.screen.query_one("#import-status", Static)
        assert "There is no file at" in str(status.content)


async def test_import_is_in_the_palette(app):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        titles = await palette_titles(app)
        # Once, with the Contacts screen's key (the app's own entry was listed too).
        contacts = [title for title in titles if title.startswith("Import")]
        assert [title for title in contacts if "calendar" not in title] == ["Import  (i)"]


async def test_merge_two_contacts_then_undo(app):
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        dup = create_contact(ContactFields(name="D. Levi", organisation="Globex"))
        log_exchange(dup, "received", "knowledge", 2)
        await pilot.press("f5")
        await settle(pilot)
        dana = await go_to(pilot, "Dana Levi")
        before = len(exchanges_for(dana))
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, ContactPicker)
        await pilot.press(*"D. Levi")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert Contact.get_by_id(dup).archived
        assert len(exchanges_for(dana)) == before + 1
        app.screen.query_one("#search", Input).value = ""  # everyone listed
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert not Contact.get_by_id(dup).archived
        assert Exchange.get(Exchange.contact == dup).value == 2
        assert len(exchanges_for(dana)) == before
        # The contact who came back is where the cursor goes.
        assert app.screen.query_one(ContactList).highlighted_id == dup
