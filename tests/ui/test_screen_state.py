"""Screen state in reactives: what a screen shows follows its state when the state
is set, with no call to copy it into the widgets by hand (Textual's ``var`` and
``watch_…``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from textual.widgets import Static

from netui import clock
from netui.app import make_app
from netui.db.reciprocity_overview import load_overview
from netui.screens.bank import BankScreen
from netui.screens.bank_goals import GOAL
from netui.screens.reciprocity import ReciprocityScreen
from tests.ui.bank_data import build_bank_db
from tests.ui.helpers import settle
from tests.ui.reciprocity_data import TODAY, build_reciprocity_db


@pytest.fixture(autouse=True)
def _fixed_today(_pinned_clock) -> Iterator[None]:
    with clock.pinned(TODAY):
        yield


async def test_the_reciprocity_screen_follows_its_overview(tmp_path):
    build_reciprocity_db(tmp_path / "netui.db")
    app = make_app(tmp_path / "netui.db")
    async with app.run_test(size=(130, 32)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReciprocityScreen)
        hint = screen.query_one("#hint-ranked", Static)
        table = screen.table("ranked")
        assert table.display and not hint.display  # the data has contacts
        overview = load_overview(TODAY)  # make_app opened the file on this thread
        summary = screen.query_one("#network-summary", Static)
        assert f"{overview.total + 1000:,}" not in str(summary.render())

        lists = {**overview.lists, "ranked": replace(overview.lists["ranked"], rows=[])}
        screen.overview = replace(overview, lists=lists, total=overview.total + 1000)
        await pilot.pause()
        assert hint.display and not table.display
        assert str(hint.render()).startswith("No contacts yet.")
        assert f"{overview.total + 1000:,}" in str(summary.render())


async def test_the_bank_detail_follows_its_selection(tmp_path):
    build_bank_db(tmp_path / "netui.db", with_bank=True)
    app = make_app(tmp_path / "netui.db")
    async with app.run_test(size=(130, 36)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BankScreen)
        head = screen.query_one("#detail-head", Static)
        goal = next(iter(screen.goals.values()))
        assert screen.selection != (GOAL, goal.id)

        screen.selection = (GOAL, goal.id)
        await settle(pilot)
        assert str(head.render()).startswith(goal.title)

        screen.selection = None
        await pilot.pause()
        assert str(head.render()).startswith("Pick a good or a goal on the left")
