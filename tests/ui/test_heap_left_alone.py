"""The garbage collector is the whole process's: an app run in someone else's
process (here pytest's) leaves its thresholds and frozen objects as they were;
only the command line's ``netui``, whose process is netui's own, tunes them."""

from __future__ import annotations

import asyncio
import gc

from netui.app import make_app
from tests.ui.helpers import settle


async def test_an_app_in_another_process_leaves_the_collector_alone(db_path):
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.check_database()  # what the first paint's timer starts: the reads, the index
        await settle(pilot)
        assert gc.get_threshold() == thresholds
        assert gc.get_freeze_count() == frozen


def test_the_command_line_gives_the_collector_back_when_the_app_ends(db_path, monkeypatch):
    """``netui`` takes charge of the collector while its app runs, and gives it back:
    a test (or a host) running the command line in its own process keeps its own."""
    import sys
    import types

    import netui.app
    from netui import heap
    from netui.commands import run_app

    thresholds, interval = gc.get_threshold(), sys.getswitchinterval()
    during: list[bool] = []

    def make_app(path, **_kwargs):
        def run() -> None:
            heap.tune()
            during.append(gc.get_threshold() != thresholds)
            during.append(sys.getswitchinterval() < interval)  # the lock handed over sooner

        return types.SimpleNamespace(run=run, return_code=0, exit_sentence=lambda: None)

    monkeypatch.setattr(netui.app, "make_app", make_app)
    monkeypatch.setattr("netui.commands.require_terminal", lambda: None)
    assert run_app(db_path) == 0
    assert during == [True, True]  # in charge while the app ran
    assert gc.get_threshold() == thresholds
    assert sys.getswitchinterval() == interval
    heap.tune()
    assert gc.get_threshold() == thresholds  # and no longer


def test_an_import_on_the_command_line_makes_full_collections_rare_for_its_length(
    tmp_path, monkeypatch
):
    """``netui import`` builds objects that all live to its end; the collector walked
    them again and again (7 of 23 s of CPU at 300,000 contacts). Rare full
    collections while it runs, the collector as it was afterwards."""
    import netui.db.importing as importing
    from netui.cli import main
    from netui.heap import FULL_EVERY

    thresholds = gc.get_threshold()
    during: list[tuple[int, int, int]] = []
    original = importing.import_file

    def import_file(*args, **kwargs):
        during.append(gc.get_threshold())
        return original(*args, **kwargs)

    monkeypatch.setattr(importing, "import_file", import_file)
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "Ana,Lima,,,Globex,CTO,01 Jan 2024\n", encoding="utf-8")  # fmt: skip
    assert main(["--db", str(tmp_path / "netui.db"), "import", "linkedin", str(csv)]) == 0
    assert during == [(thresholds[0], thresholds[1], FULL_EVERY)]
    assert gc.get_threshold() == thresholds


def test_the_command_line_holds_the_collector_off_while_the_app_starts(db_path, monkeypatch):
    """From the command line's first import of the app to its first paint, no
    collection walks the start-up's objects; the collector is on again afterwards."""
    import types

    import netui.app
    from netui.commands import run_app

    during: list[bool] = []

    def make_app(path, **_kwargs):
        during.append(gc.isenabled())  # the database opened, the app imported
        return types.SimpleNamespace(
            run=lambda: during.append(gc.isenabled()), return_code=0, exit_sentence=lambda: None
        )

    monkeypatch.setattr(netui.app, "make_app", make_app)
    monkeypatch.setattr("netui.commands.require_terminal", lambda: None)
    assert gc.isenabled()
    assert run_app(db_path) == 0
    assert during == [False, False]  # this fake app never paints: held off throughout
    assert gc.isenabled()


async def test_the_app_turns_the_collector_back_on_once_it_has_painted(db_path):
    from netui import heap

    heap.take_charge()
    try:
        heap.hold_off()
        assert not gc.isenabled()
        app = make_app(db_path)
        frozen = gc.get_freeze_count()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.screen.query("Static")  # painted
            assert gc.isenabled()
            # The start-up's objects out of the collector's sight, not walked by the
            # first collection after it (nothing was collected since the start).
            assert gc.get_freeze_count() > frozen
    finally:
        heap.let_go()
    assert gc.isenabled()


async def test_a_result_is_painted_with_no_collection_inside(db_path, monkeypatch):
    """A key's result painted at once (``paint_now``) sets off no collection inside
    the paint: the collector is off while the screen updates, on again right after."""
    from textual.screen import Screen

    from netui import heap
    from netui.textual_fixes import WRITE_FIRST, paint_now

    seen: list[bool] = []
    original = Screen._on_timer_update

    def on_timer_update(self: Screen) -> None:
        seen.append(gc.isenabled())
        original(self)

    heap.take_charge()
    try:
        app = make_app(db_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
            monkeypatch.setattr(Screen, "_on_timer_update", on_timer_update)
            paint_now(app.screen)
            await pilot.pause()
            assert False in seen  # its update (the screen's own timer's run as before)
            # On again once the repaint's bytes had their turn (heap.paused_for): the
            # timer that turns it on was set before this sleep's, and runs first.
            await asyncio.sleep(WRITE_FIRST * 2)
            assert gc.isenabled()
    finally:
        heap.let_go()
    assert gc.isenabled()


async def test_pausing_changes_nothing_in_another_process_or_while_held_off():
    from netui import heap

    heap.paused_for(0.001)
    assert gc.isenabled()  # not netui's own process: the collector left alone
    heap.take_charge()
    try:
        heap.hold_off()
        heap.paused_for(0.001)
        assert not gc.isenabled()
        await asyncio.sleep(0.005)  # (the pause's end has run: its timer came first)
        assert not gc.isenabled()  # still held off: it resumes after the first paint
        heap.resume()
        heap.paused_for(0.001)
        assert not gc.isenabled()
        await asyncio.sleep(0.005)
        assert gc.isenabled()
    finally:
        heap.let_go()
    assert gc.isenabled()


async def test_a_pause_after_a_repaint_ends_with_its_last_extension_or_the_app():
    """``paused_for`` turns the collector off for a while; a pause asked for during one
    extends it (the first one's end leaves it off), and the app's end turns it on."""
    from netui import heap

    heap.paused_for(0.001)
    assert gc.isenabled()  # not netui's own process: the collector left alone
    heap.take_charge()
    try:
        heap.paused_for(0.002)
        assert not gc.isenabled()
        heap.paused_for(0.02)  # before the first one's end
        await asyncio.sleep(0.005)  # the first one's end has run (its timer came first)
        assert not gc.isenabled()
        await asyncio.sleep(0.03)
        assert gc.isenabled()
        heap.paused_for(10)
        assert not gc.isenabled()
    finally:
        heap.let_go()  # the app ends within the pause
    assert gc.isenabled()
