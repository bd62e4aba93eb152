"""SVG snapshots of the Contacts screen on fixed data (sync: snap_compare runs its own loop)."""

from __future__ import annotations

from netui.app import make_app
from tests.ui.helpers import build_contacts_db, settle

SIZE = (130, 32)


def test_contacts_screen(snap_compare, tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_contacts_screen_searching(snap_compare, tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))

    async def search(pilot):
        await settle(pilot)
        await pilot.press("slash", *"glob")
        await settle(pilot)
        await pilot.press("enter", "down")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=search)


def test_contact_form_with_a_validation_error(snap_compare, tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))

    async def edit(pilot):
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#email").value = "not-an-email"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(130, 40), run_before=edit)


def test_empty_database(snap_compare, tmp_path):
    app = make_app(tmp_path / "empty.db")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_empty_database_at_80x24(snap_compare, tmp_path):
    """The first-run hint wraps to the pane instead of being cut."""
    app = make_app(tmp_path / "empty.db")
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)
