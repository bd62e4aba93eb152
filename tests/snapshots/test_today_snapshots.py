"""SVG snapshots of the Today screen, full and empty, and of the dialogs it leads to (sync:
snap_compare runs its own loop). The clock is pinned to Monday 9 March 2026, 08:00."""

from __future__ import annotations

from netui import clock
from netui.app import make_app
from tests.ui.helpers import settle
from tests.ui.today_data import NOW, build_quiet_db, build_today_db

SIZE = (120, 36)
SMALL = (80, 24)


def test_today_full(snap_compare, tmp_path):
    build_today_db(tmp_path / "netui.db")
    with clock.pinned(NOW):
        app = make_app(tmp_path / "netui.db", open_today=True)
        assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_today_full_at_80x24(snap_compare, tmp_path):
    build_today_db(tmp_path / "netui.db")
    with clock.pinned(NOW):
        app = make_app(tmp_path / "netui.db", open_today=True)
        assert snap_compare(app, terminal_size=SMALL, run_before=settle)


def test_today_empty(snap_compare, tmp_path):
    build_quiet_db(tmp_path / "netui.db")

    async def go(pilot):
        await settle(pilot)
        await pilot.press("0")
        await settle(pilot)

    with clock.pinned(NOW):
        app = make_app(tmp_path / "netui.db", open_today=True)
        assert snap_compare(app, terminal_size=SIZE, run_before=go)


def test_today_snooze_prompt(snap_compare, tmp_path):
    build_today_db(tmp_path / "netui.db")

    async def snooze(pilot):
        await settle(pilot)
        await pilot.press("down", "down", "z")
        await settle(pilot)
        pilot.app.screen.query_one("Input").cursor_blink = False

    with clock.pinned(NOW):
        app = make_app(tmp_path / "netui.db", open_today=True)
        assert snap_compare(app, terminal_size=SIZE, run_before=snooze)
