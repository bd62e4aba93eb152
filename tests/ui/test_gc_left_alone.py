"""netui never switches the cyclic garbage collector off or freezes the heap: those
are process-wide (a host embedding netui, or the test runner, would inherit them)."""

from __future__ import annotations

import gc
from pathlib import Path

from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.importing import import_file
from tests.ui.helpers import build_contacts_db, burst, keys_handled, settle, settle_until

DATA = Path(__file__).resolve().parent.parent / "data" / "import"


def test_an_import_runs_with_the_collector_on(tmp_path):
    open_database(tmp_path / "netui.db")
    seen: list[bool] = []
    try:
        report = import_file(
            "linkedin",
            DATA / "linkedin_bom_crlf.csv",
            on_progress=lambda done, total: seen.append(gc.isenabled()),
        )
    finally:
        close_database()
    assert report.added == 4
    assert seen and all(seen)
    assert gc.isenabled()


async def test_the_app_leaves_the_collector_and_the_heap_alone(tmp_path):
    frozen = gc.get_freeze_count()
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        burst(app, "slash", *"dana")
        await keys_handled(pilot)
        await settle_until(
            pilot, lambda: app.screen.query_one("#contact-list").applied_query == "dana"
        )
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen
