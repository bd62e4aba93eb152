"""SVG snapshot of the Bank & goals screen on a team's database (an SQLite file with
two members): the s Share key in the footer and a goal shared with the team (◆).
On a one-member file neither shows (the other Bank snapshots)."""

from __future__ import annotations

from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.members import add_member, reset
from netui.db.models import Goal
from tests.ui.bank_data import build_bank_db
from tests.ui.helpers import settle

SIZE = (130, 36)


def test_bank_goal_shared_on_a_team_database(snap_compare, tmp_path, monkeypatch):
    path = build_bank_db(tmp_path / "netui.db", with_bank=True)
    open_database(path)
    try:
        add_member("Bea Ödegaard")
        Goal.update(shared=True).execute()
    finally:
        close_database()
        reset()
    monkeypatch.setenv("NETUI_MEMBER", "me")
    app = make_app(path)

    async def goal(pilot):
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=goal)
