"""SVG snapshots of the Bank & goals screen on fixed data (sync: snap_compare runs its own loop)."""

from __future__ import annotations

from netui.app import make_app
from tests.ui.bank_data import build_bank_db
from tests.ui.helpers import settle

SIZE = (130, 36)


async def open_bank(pilot) -> None:
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)


def test_bank_goods(snap_compare, tmp_path):
    app = make_app(build_bank_db(tmp_path / "netui.db", with_bank=True))
    assert snap_compare(app, terminal_size=SIZE, run_before=open_bank)


def test_bank_goal_with_gaps(snap_compare, tmp_path):
    app = make_app(build_bank_db(tmp_path / "netui.db", with_bank=True))

    async def goal(pilot):
        await open_bank(pilot)
        await pilot.press("tab")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=goal)


def test_bank_empty(snap_compare, tmp_path):
    app = make_app(build_bank_db(tmp_path / "netui.db"))
    assert snap_compare(app, terminal_size=SIZE, run_before=open_bank)
