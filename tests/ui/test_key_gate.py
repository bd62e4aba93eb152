"""The key gate on a bare app: why it is needed (Textual's own routing, reproduced) and
what it guarantees; holds that end in failure or never end."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import WorkerState

import netui.key_gate as key_gate
from netui.app import make_app
from netui.key_gate import KeyGate, KeyHold
from netui.workers import db_work, hold_among_arguments
from tests.ui.helpers import build_contacts_db, burst, keys_handled, settle


class Commands(Widget, can_focus=True):
    """A list with one-key commands, like the contact list."""

    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("d", "delete", "Delete"),
    ]

    def action_search(self) -> None:
        self.screen.query_one(Input).focus()

    def action_delete(self) -> None:
        self.app.deleted += 1  # type: ignore[attr-defined]


class Plain(App):
    def __init__(self) -> None:
        super().__init__()
        self.deleted = 0

    def compose(self) -> ComposeResult:
        yield Input()
        yield Commands()

    def on_mount(self) -> None:
        self.screen.set_focus(self.query_one(Commands))


class Gated(KeyGate, Plain):
    pass


async def test_textual_hands_keys_behind_a_focus_key_to_the_old_widget():
    """The bug the gate exists for (Textual 8.2.8): "/" then "da" in one burst deletes,
    even though "/" moves the focus to the search box. When this starts failing, a
    new Textual routes keys after a binding's focus change, and the gate can go."""
    app = Plain()
    async with app.run_test() as pilot:
        await pilot.pause()
        burst(app, "slash", "d", "a")
        for _ in range(20):
            await pilot.pause()
        assert app.deleted == 1
        assert app.query_one(Input).value != "da"


async def test_the_gate_routes_each_key_after_the_last_has_moved_the_focus():
    app = Gated()
    async with app.run_test() as pilot:
        await pilot.pause()
        burst(app, "slash", "d", "a")
        await keys_handled(pilot)
        assert app.deleted == 0
        assert app.query_one(Input).value == "da"


async def test_a_hold_never_released_lapses_and_drops_its_keys(monkeypatch):
    monkeypatch.setattr(key_gate, "HOLD_LIMIT", 0.05)
    app = Gated()
    async with app.run_test(notifications=True) as pilot:
        await pilot.pause()
        app.hold_keys("a test")
        burst(app, "d", "d")
        while not any("ignored" in str(n.message) for n in app._notifications):
            await asyncio.sleep(0.01)
        await keys_handled(pilot)
        assert app.deleted == 0  # dropped, never sent where the user did not mean
        assert app.keys_waiting == 0
        (note,) = [str(n.message) for n in app._notifications]
        assert note == "2 keys typed while a test took too long were ignored."
        burst(app, "d")  # and the keyboard works again
        await keys_handled(pilot)
        assert app.deleted == 1


async def test_a_failed_read_releases_the_keys_it_held(tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))

    @db_work(group="test-broken", hold_keys=True)
    def broken(_owner: Widget) -> Message:
        raise ValueError("The read failed on purpose.")

    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        broken(app.screen)
        burst(app, "slash", *"dana")
        await keys_handled(pilot)
        await settle(pilot)
        await keys_handled(pilot)
        assert app.screen.query_one("#search", Input).value == "dana"
        assert any("on purpose" in str(n.message) for n in app._notifications)


async def test_a_superseded_read_leaves_the_hold_to_the_read_that_replaced_it(tmp_path):
    """Two reads of one exclusive group carry the same hold (a worksheet's list read
    again while it opens): the first one's cancellation must not let the keys through
    while the second is still reading."""
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    reads_may_finish = threading.Event()

    @db_work(group="g", exclusive=True, carries=hold_among_arguments)
    def wait(_owner: Widget, hold: KeyHold) -> None:
        reads_may_finish.wait(5)

    async with app.run_test() as pilot:
        await settle(pilot)
        hold = app.hold_keys("a test read")
        first = wait(app.screen, hold)
        for _ in range(50):  # the first read is under way in its thread
            if first.state is WorkerState.RUNNING and first._task is not None:
                break
            await pilot.pause()
        await pilot.pause()
        wait(app.screen, hold)
        burst(app, "slash", *"dana")
        for _ in range(50):
            if first.state is WorkerState.CANCELLED:
                break
            await pilot.pause()
        for _ in range(5):
            await pilot.pause()
        assert first.state is WorkerState.CANCELLED
        assert list(app._waiting_keys), "the keys went on while the second read held them"
        reads_may_finish.set()
        app.release_keys(hold)
        await settle(pilot)
        await keys_handled(pilot)
        assert app.screen.query_one("#search", Input).value == "dana"


async def test_a_dialog_awaited_in_a_worker_returns_its_answer(tmp_path):
    """Textual's push_screen_wait pushes with ``mode=``: the gate passes it on (it used
    to take no ``mode`` and the push failed with a TypeError)."""
    from netui.modals.confirm import Confirm

    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    answers: list[bool] = []

    async def ask() -> None:
        answers.append(await app.push_screen_wait(Confirm("Really?", "Say yes.", yes="Yes")))

    async def until(condition: Callable[[], bool]) -> None:
        # Not settle(): it waits for every worker, and this one waits for the dialog.
        for _ in range(200):
            if condition():
                return
            await pilot.pause()

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        worker = app.run_worker(ask, exit_on_error=False)
        await until(lambda: isinstance(app.screen, Confirm) or worker.is_finished)
        assert worker.state is not WorkerState.ERROR, worker.error
        assert isinstance(app.screen, Confirm)
        app.screen.dismiss(True)
        await until(lambda: worker.is_finished)
        assert answers == [True]
