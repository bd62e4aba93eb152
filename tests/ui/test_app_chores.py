"""The app's own database work (:mod:`netui.app_chores`): each step's message reaches
its handler, and what the user sees follows."""

from __future__ import annotations

import asyncio
import threading

import netui.app
from netui.app import make_app
from tests.ui.helpers import settle, settle_until


async def test_the_palettes_screenshot_is_written_and_named(db_path, tmp_path):
    folder = tmp_path / "shots"
    folder.mkdir()
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.deliver_screenshot(filename="shot.svg", path=str(folder))
        await settle_until(pilot, lambda: (folder / "shot.svg").exists())
        await settle_until(
            pilot, lambda: any("Saved a screenshot" in n.message for n in app._notifications)
        )
        assert (folder / "shot.svg").read_text().startswith("<svg")
        said = [n.message for n in app._notifications if "Saved a screenshot" in n.message]
        assert said == [f"Saved a screenshot to {folder / 'shot.svg'}."]


async def test_a_second_screenshot_of_the_same_name_is_refused_not_written_over(db_path, tmp_path):
    (tmp_path / "shot.svg").write_text("mine")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.deliver_screenshot(filename="shot.svg", path=str(tmp_path))
        await settle_until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        assert (tmp_path / "shot.svg").read_text() == "mine"
        assert not any("Saved a screenshot" in n.message for n in app._notifications)


async def test_the_health_check_waits_for_the_search_index_s_build(db_path, monkeypatch):
    """At 300,000 contacts the quick_check took a core for seconds beside the index's
    build and the first searches: it starts once the index is built now."""
    from netui import app_chores
    from netui.db.search import SearchEngine, current_index, search_engine

    checked: list[bool] = []
    check = app_chores.health_problem

    def checking() -> str | None:
        checked.append(current_index() is not None)  # the index, as the check starts
        return check()

    monkeypatch.setattr(app_chores, "health_problem", checking)
    monkeypatch.setattr(netui.app, "HEALTH_CHECK_DELAY", 3600)  # only the test's check
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        search_engine().close()  # the index forgotten: the next search builds it
        building, release = threading.Event(), threading.Event()
        told = SearchEngine._told

        def held(engine: SearchEngine, done: float) -> None:
            building.set()
            release.wait(timeout=30)  # the build stands still until the test says
            told(engine, done)

        monkeypatch.setattr(SearchEngine, "_told", held)
        app.check_database()
        try:
            await asyncio.to_thread(building.wait, 30)
            for _ in range(50):  # time for a check that did not wait to show itself
                if checked:
                    break
                await asyncio.sleep(0.02)
        finally:
            release.set()
        await settle_until(pilot, lambda: bool(checked))
        await settle(pilot)
        assert checked and all(checked)


async def test_the_health_check_waits_for_a_pause_in_typing(db_path, monkeypatch):
    """At 300,000 contacts the quick_check beside a search typed at once made the
    slowest keys' results 10 to 20 ms later: it starts once no key has come for
    QUIET_BEFORE_CHECK seconds (the keys' moments from the app's key clock)."""
    from netui import app_chores

    checked: list[float] = []
    monkeypatch.setattr(app_chores, "health_problem", lambda: checked.append(now[0]))
    monkeypatch.setattr(netui.app, "HEALTH_CHECK_DELAY", 3600)  # only the test's checks
    monkeypatch.setattr(app_chores, "QUIET_BEFORE_CHECK", 30.0)  # its timer: not in this test
    now = [100.0]
    app = make_app(db_path)
    app.key_clock = lambda: now[0]  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.last_key_at is None  # no key yet: the check starts at once
        app.check_database()
        await settle_until(pilot, lambda: checked == [100.0])
        await pilot.press("j")
        assert app.last_key_at == 100.0
        now[0] = 110.0  # ten seconds after the key: still typing, as far as it knows
        app.check_database()
        await settle(pilot)
        assert checked == [100.0]
        now[0] = 131.0  # thirty-one
        app._check_when_quiet()  # what the timer set above calls
        await settle_until(pilot, lambda: checked == [100.0, 131.0])


async def test_a_stored_index_is_loaded_right_after_the_first_paint_none_is_built(
    db_path, monkeypatch
):
    """A file with its index stored has it loaded at once after the first paint (a
    fraction of a second), not a second later with the health check: the first
    search finds it. A file without a current one is not built then (the build
    waits for the check, after the first screen's reads)."""
    from netui.app import NetuiApp
    from netui.db import search
    from netui.db.connection import close_database, open_database
    from netui.db.contacts import ContactFields, create_contact

    monkeypatch.setattr(search, "SNAPSHOT_FROM", 0)  # a small network's index stored too
    monkeypatch.setattr(netui.app, "HEALTH_CHECK_DELAY", 3600)  # no build by the check
    open_database(db_path)
    for name in ("Dana Levi", "Zoë Åberg", "Rita [/] Alvarez"):
        create_contact(ContactFields(name=name))
    engine = search.search_engine()
    engine.index()
    engine.wait_for_snapshot()
    search.close_search()
    close_database()

    asked: list[bool] = []
    stored_index = search.SearchEngine.stored_index

    def asking(engine: search.SearchEngine) -> object:
        found = stored_index(engine)
        asked.append(found is not None)
        return found

    monkeypatch.setattr(search.SearchEngine, "stored_index", asking)
    app = NetuiApp(db_path, start_mode="bank", config_path=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: bool(asked))
        assert asked == [True]
        assert (search.search_engine().loads, search.search_engine().builds) == (1, 0)

    # Stale now: nothing is loaded, and nothing is built before the check.
    open_database(db_path)
    create_contact(ContactFields(name="Avi Cohen"))
    search.close_search()
    close_database()
    asked.clear()
    app = NetuiApp(db_path, start_mode="bank", config_path=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_until(pilot, lambda: bool(asked))
        assert asked == [False]


async def test_the_search_s_pairs_are_built_at_the_health_check_s_pause(db_path, monkeypatch):
    """After the check, at the same pause in typing, the search's pairs are built in
    a thread of their own: the first word with a "." or an "@" typed later finds
    them (at 300,000 contacts it waited 1-2 s for the text otherwise)."""
    from netui import app_chores
    from netui.db.search import current_index

    monkeypatch.setattr(netui.app, "HEALTH_CHECK_DELAY", 3600)  # only the test's check
    checked: list[bool] = []
    monkeypatch.setattr(app_chores, "health_problem", lambda: checked.append(True))
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.check_database()
        await settle_until(pilot, lambda: bool(checked))
        for thread in threading.enumerate():
            if thread.name == "search-pairs":
                await asyncio.to_thread(thread.join, 60)
        index = current_index()
        assert index is not None and index._pairs is not None


def test_a_build_between_its_steps_waits_for_the_keyboard_to_be_still(db_path, monkeypatch):
    """typing_pause (what the pairs' build calls between two steps) returns once no
    key has come for QUIET_FOR_PAIRS seconds of the app's key clock."""
    from types import SimpleNamespace

    from netui import app_chores

    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    monkeypatch.setattr(app_chores, "time", SimpleNamespace(sleep=sleep))
    quiet = 0.5  # seconds that add up exactly
    monkeypatch.setattr(app_chores, "QUIET_FOR_PAIRS", quiet)
    app = make_app(db_path)
    app.key_clock = lambda: now[0]  # type: ignore[method-assign]
    app.typing_pause()  # no key yet
    assert slept == [] and app.seconds_until_still(quiet) == 0
    app.last_key_at = 100.0
    assert app.seconds_until_still(quiet) == quiet
    now[0] = 100.0 + quiet / 4
    app.typing_pause()
    assert slept == [quiet * 3 / 4] and now[0] == 100.0 + quiet
    now[0] = 200.0
    app.typing_pause()  # long still
    assert len(slept) == 1
