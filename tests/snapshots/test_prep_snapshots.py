"""SVG snapshots of the Prep screen on fixed data (sync: snap_compare runs its own loop)."""

from __future__ import annotations

from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.meetings import update_worksheet
from tests.ui.helpers import settle
from tests.ui.test_prep_screen import build_prep_db

SIZE = (130, 42)


def filled_db(path):
    ids = build_prep_db(path)
    open_database(path)
    update_worksheet(
        ids["dana_meeting"],
        {
            "introducer_id": ids["avi"],
            "give_first": "- Pricing teardown (expertise): A one-page review",
            "ask": "An intro to the [Hooli] data team",
        },
    )
    close_database()
    return ids


def test_filled_worksheet(snap_compare, tmp_path):
    path = tmp_path / "netui.db"
    ids = filled_db(path)
    app = make_app(path, start_meeting=ids["dana_meeting"])
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_meeting_done_form(snap_compare, tmp_path):
    path = tmp_path / "netui.db"
    ids = filled_db(path)
    app = make_app(path, start_meeting=ids["avi_meeting"])

    async def open_form(pilot):
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        app.screen.query_one("#done-outcome").cursor_blink = False
        await pilot.press(*"He will intro me to [Mia].")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_form)
