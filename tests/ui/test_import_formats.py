"""The import dialog tells a CSV's format by its header, and refuses a wrong one."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, ProgressBar, Select, Static

from netui.app import NetuiApp, make_app
from netui.db.contacts import get_contact
from netui.db.models import Contact
from netui.db.names import resolve_name
from netui.modals.import_dialog import ImportDialog
from tests.ui.helpers import build_contacts_db, settle

GOOGLE = Path(__file__).resolve().parent.parent / "data" / "import" / "google_contacts.csv"


@pytest.fixture
def app(tmp_path) -> NetuiApp:
    return make_app(build_contacts_db(tmp_path / "netui.db"))


async def start_import(pilot, path: Path, kind: str | None = None) -> ImportDialog:
    await pilot.press("i")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ImportDialog)
    if kind is not None:
        dialog.query_one("#kind", Select).value = kind
    dialog.query_one("#path", Input).value = str(path)
    await settle(pilot)
    await pilot.press("enter")
    for _ in range(100):
        await settle(pilot)
        if not isinstance(pilot.app.screen, ImportDialog) or not pilot.app.screen.running:
            break
        await pilot.pause(0.05)
    return dialog


async def test_a_csv_path_is_read_by_its_header(app):
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#path", Input).value = str(GOOGLE)
        await settle(pilot)
        assert dialog.query_one("#kind", Select).value == "csv"
        await pilot.press("escape")
        await settle(pilot)
        await start_import(pilot, GOOGLE)
        assert not isinstance(app.screen, ImportDialog)
        messages = " ".join(n.message for n in app._notifications)
        assert "read as a Google Contacts CSV; skipped for having no name: line 9" in messages
        kofi = get_contact(resolve_name("Kofi Mensah")[0]).fields
        assert (kofi.email, kofi.phone) == ("kofi@accra-analytics.example", "+233 20 123 4567")


async def test_linkedin_chosen_for_a_google_file_is_refused_in_the_dialog(app):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        before = Contact.select().count()
        dialog = await start_import(pilot, GOOGLE, kind="linkedin")
        assert app.screen is dialog
        assert dialog.query_one("#kind", Select).value == "linkedin"  # kept, not re-guessed
        status = dialog.query_one("#import-status", Static)
        assert status.has_class("-error")
        assert "This file is a Google Contacts CSV, not LinkedIn's Connections.csv" in str(
            status.content
        )
        assert Contact.select().count() == before


async def test_the_progress_bar_shows_only_while_an_import_runs(app):
    """A bar moving before anything started promised work that was not happening."""
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        bar = dialog.query_one(ProgressBar)
        assert bar.styles.visibility == "hidden"
        dialog.query_one("#kind", Select).value = "linkedin"
        dialog.query_one("#path", Input).value = str(GOOGLE)
        await settle(pilot)
        dialog.action_start()
        assert dialog.running and bar.styles.visibility == "visible"
        for _ in range(100):
            await settle(pilot)
            if not dialog.running:
                break
        assert not dialog.running
        assert dialog.query_one("#import-status", Static).has_class("-error")
        assert bar.styles.visibility == "hidden"  # the failed import's bar is gone again
