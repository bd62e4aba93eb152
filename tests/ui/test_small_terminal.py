"""80×24 is a first-class size, and 120×40 shows everything it has room for.

Reproductions from issue 13: at 80×24 the Contacts meter read ``-2`` for −20, the
Reciprocity table showed only Name and Organisation, history notes one character;
at 120×40 the Reciprocity meter column had the bar but never the number, and the
table scrolled sideways.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from netui import clock
from netui.app import make_app
from netui.core.reciprocity import meter_label
from netui.screens.reciprocity import ReciprocityScreen
from netui.widgets.activity_chart import chart_text
from netui.widgets.contact_ledger import ContactLedgerPane
from netui.widgets.contact_list import ContactList
from netui.widgets.ledger_history import LedgerHistory
from netui.widgets.meter_table import MeterTable
from tests.ui.helpers import settle, settle_until
from tests.ui.reciprocity_data import TODAY, build_reciprocity_db

SMALL = (80, 24)
LARGE = (120, 40)


@pytest.fixture(autouse=True)
def _ledger_day(_pinned_clock):
    with clock.pinned(TODAY):
        yield


@pytest.fixture
def app(tmp_path):
    build_reciprocity_db(tmp_path / "netui.db")
    return make_app(tmp_path / "netui.db")


def no_sideways_scroll(table) -> bool:
    return table.virtual_size.width <= table.scrollable_content_region.width


async def open_reciprocity(pilot) -> ReciprocityScreen:
    await settle(pilot)
    await pilot.press("3")
    await settle_until(pilot, lambda: isinstance(pilot.app.screen, ReciprocityScreen))
    screen = pilot.app.screen
    await settle_until(pilot, lambda: bool(screen.table("ranked").rows_shown))
    await settle_until(pilot, lambda: bool(screen.history.records))
    return screen


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_every_contact_list_line_ends_with_its_whole_meter(app, size):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        contact_list = app.screen.query_one(ContactList)
        await settle_until(pilot, lambda: contact_list.row_count > 0)
        for y in range(contact_list.row_count):
            line = contact_list.render_line(y).text.rstrip()
            contact_id = contact_list.contact_ids[y]
            row = contact_list.row_of(contact_id)
            assert row is not None
            if row.meter is not None:
                assert line.endswith(" " + meter_label(row.meter)), line
            assert cell_len(contact_list.render_line(y).text) == (
                contact_list.scrollable_content_region.width
            )


async def test_reciprocity_at_80x24_shows_name_balance_and_the_meters_number(app):
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_reciprocity(pilot)
        table = screen.table("ranked")
        assert table.column_keys[:1] == ["name"]
        assert {"balance", "meter"} <= set(table.column_keys)
        assert no_sideways_scroll(table)
        for y, row in enumerate(table.rows_shown):
            cells = [str(cell) for cell in table.get_row_at(y)]
            assert cells[table.column_keys.index("meter")] == meter_label(row.meter)
        # The history has no room for notes here: the highlighted one shows whole.
        history = screen.history
        assert "note" not in [column.key for column, _ in history.fitted]
        assert no_sideways_scroll(history)
        record = history.highlighted
        assert record is not None and record.note
        note = str(screen.query_one(ContactLedgerPane).query_one("#entry-note").content)
        assert note == "Note: " + record.note


async def test_reciprocity_at_120x40_shows_the_meters_number_and_the_notes(app):
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_reciprocity(pilot)
        table: MeterTable = screen.table("ranked")
        assert {"name", "organisation", "balance", "bar", "meter"} <= set(table.column_keys)
        assert no_sideways_scroll(table)
        y = 0
        row = table.rows_shown[y]
        cells = [str(cell) for cell in table.get_row_at(y)]
        assert cells[table.column_keys.index("meter")] == meter_label(row.meter)
        history: LedgerHistory = screen.history
        assert history.note_width >= 10  # it was one character
        assert no_sideways_scroll(history)


@pytest.mark.parametrize("width", range(20, 130, 3))
def test_the_activity_chart_never_wraps_a_line(width):
    activity = [(f"2026-{m:02d}", m * 1000, 50_000 - m) for m in range(1, 13)] * 2
    lines = chart_text("Network activity, 24 months", activity, width).plain.split("\n")
    assert len(lines) == 4
    assert all(cell_len(line) <= max(width, 9 + 24) for line in lines), lines
