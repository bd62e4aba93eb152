"""SVG snapshots of the Reciprocity screen on a fixed ledger and a fixed "today"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netui import clock
from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.introductions import record_introduction
from tests.ui.helpers import settle
from tests.ui.reciprocity_data import TODAY, build_reciprocity_db

SIZE = (130, 32)


@pytest.fixture(autouse=True)
def _fixed_today(_pinned_clock) -> Iterator[None]:
    """The ledger's day: the data, the screen and the database all live on it."""
    with clock.pinned(TODAY):
        yield


def build(tmp_path):
    path = tmp_path / "netui.db"
    ids = build_reciprocity_db(path, my_organisation="Globex")
    open_database(path)
    record_introduction(
        ids["dana"], ids["avi"], "A CTO who hires data leads", 4, "Her pricing work", 3
    )
    record_introduction(ids["zoe"], ids["eve"], "", 0, "[b]a CFO[/b] to pitch", 5, status="asked")
    close_database()
    return path


def open_screen(*keys: str):
    async def run_before(pilot) -> None:
        await pilot.press("3")
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_reciprocity_screen(snap_compare, tmp_path):
    app = make_app(build(tmp_path))
    assert snap_compare(app, terminal_size=SIZE, run_before=open_screen("down"))


def test_reciprocity_introductions(snap_compare, tmp_path):
    app = make_app(build(tmp_path))
    keys = ("T",)  # the last tab: the newest introduction, a lopsided one
    assert snap_compare(app, terminal_size=SIZE, run_before=open_screen(*keys))


def test_reciprocity_dormant(snap_compare, tmp_path):
    app = make_app(build(tmp_path))
    assert snap_compare(app, terminal_size=SIZE, run_before=open_screen("t", "t", "t"))


def test_reciprocity_empty_database(snap_compare, tmp_path):
    app = make_app(tmp_path / "empty.db")
    assert snap_compare(app, terminal_size=SIZE, run_before=open_screen())
