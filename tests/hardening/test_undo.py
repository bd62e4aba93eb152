"""Destructive actions of the Contacts screen undo to exactly the state before:
every row of every table equal (but ``contact.updated_at``), on the hostile v2 database."""

from __future__ import annotations

import shutil
from pathlib import Path

from netui.app import make_app
from netui.db.connection import close_database
from netui.db.search_snapshots import COUNTER_TABLE, PAIRS_TABLE, SNAPSHOT_TABLE
from tests.hardening.test_migrations_shipped import SHIPPED, columns_of
from tests.hardening.test_migrations_shipped import rows_of as all_rows
from tests.ui.helpers import settle


def rows_of(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, but when a contact was last changed (undo is a change)
    and the search index's bookkeeping (a counter of changes, and the index stored at
    one, with its pairs: netui.db.search_snapshots)."""
    columns = columns_of(db)
    columns["contact"].remove("updated_at")
    for table in (COUNTER_TABLE, SNAPSHOT_TABLE, PAIRS_TABLE):
        columns.pop(table, None)
    return all_rows(db, columns)


async def search(pilot, text: str) -> None:
    await pilot.press("slash")
    pilot.app.screen.query_one("#search").value = text
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_archive_and_untie_undo_to_the_exact_rows(tmp_path: Path) -> None:
    db = tmp_path / "netui.db"
    shutil.copyfile(SHIPPED[2], db)
    app = make_app(db)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        before = rows_of(db)

        await search(pilot, "markup:")  # tied to Dana and to csi:
        await pilot.press("d")
        await settle(pilot)
        assert rows_of(db) != before
        await pilot.press("u")
        await settle(pilot)
        assert rows_of(db) == before

        await search(pilot, "markup:")
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("enter")  # the first tie in the chooser
        await settle(pilot)
        assert len(rows_of(db)["tie"]) == len(before["tie"]) - 1
        await pilot.press("u")
        await settle(pilot)
        assert rows_of(db) == before
    close_database()
