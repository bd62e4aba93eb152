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
from netui.screens.reciprocity import ReciprocityScreen
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
