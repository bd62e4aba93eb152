"""A read superseded while its result is on its way to the event loop is dropped.

A worker checks that it was not cancelled when its work ends, in its thread; the
result then waits for the event loop, where a newer read of the same group may start
(and cancel it) first. Such a stale result once reached Prep after the worksheet
ctrl+n created: its list kept the meeting shown before, so the keys typed for the new
worksheet were let go to the list, and the "4" of "4 coffee" opened the Bank.
"""

from __future__ import annotations

import threading
from typing import Any

from textual.message import Message
from textual.widgets import Input

from netui.app import make_app
from netui.db.meetings import create_worksheet
from netui.db.models import Contact
from netui.screens.base import NetuiScreen
from netui.screens.prep import PrepScreen
from netui.workers import db_work
from tests.ui.helpers import build_contacts_db, burst, keys_handled, settle, settle_until


class _Signalling:
    """The app's ``call_from_thread``, which says when a worker's result is on its way;
    and the work, which waits in its thread until :meth:`finish_older`."""

    def __init__(self, original: Any) -> None:
        self.original = original
        self.started = threading.Event()
        self.may_finish = threading.Event()
        self.on_its_way = threading.Event()
        self.thread: int | None = None

    def __call__(self, callback: Any, *args: Any, **kwargs: Any) -> Any:
        if threading.get_ident() == self.thread:  # not another worker's (a poll's)
            self.on_its_way.set()
        return self.original(callback, *args, **kwargs)

    def work(self, word: str) -> str:
        self.thread = threading.get_ident()
        self.started.set()
        assert self.may_finish.wait(10)
        return word

    async def finish_older(self, pilot: Any) -> None:
        """Let the older work end, and hold the event loop until its result waits for
        the loop: the newer read then starts before the older result is handled."""
        for _ in range(500):  # not settle(): it would wait for this very work
            if self.started.is_set():
                break
            await pilot.pause()
        assert self.started.is_set()
        self.may_finish.set()
        assert self.on_its_way.wait(10)  # blocks the event loop, on purpose


class Read(Message):
    def __init__(self, word: str) -> None:
        super().__init__()
        self.word = word


class Reading(NetuiScreen):
    def __init__(self) -> None:
        super().__init__()
        self.got: list[str] = []

        self.work: Any = str

    def data_changed(self) -> None:
        pass

    @db_work(group="test-read", exclusive=True, connect=False)
    def read(self, word: str) -> Message:
        return Read(self.work(word))

    def on_read(self, message: Read) -> None:
        self.got.append(message.word)


async def reading_screen(pilot: Any) -> Reading:
    await settle(pilot)
    screen = Reading()
    await pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


async def only_the_newer_read(pilot: Any, screen: Reading) -> None:
    """The reads have landed: the screen handled the newer one's message alone."""
    await settle_until(pilot, lambda: bool(screen.got))
    await settle(pilot)
    assert screen.got == ["newer"]


async def test_db_work_drops_a_message_superseded_on_its_way(tmp_path, monkeypatch):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test() as pilot:
        screen = await reading_screen(pilot)
        signalling = _Signalling(app.call_from_thread)
        monkeypatch.setattr(app, "call_from_thread", signalling)
        screen.work = signalling.work
        screen.read("older")
        await signalling.finish_older(pilot)
        screen.work = str
        screen.read("newer")
        await only_the_newer_read(pilot, screen)


async def test_db_work_drops_a_message_posted_but_not_yet_handled(tmp_path, monkeypatch):
    """The newer read starts after the older one's message was posted, before the
    screen handled it (its queue comes later): that message is not handled either."""
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test() as pilot:
        screen = await reading_screen(pilot)
        post = screen.post_message

        def post_then_supersede(message: Message) -> bool:
            posted = post(message)
            if isinstance(message, Read) and message.word == "older":
                screen.read("newer")  # still inside the older worker's delivery
            return posted

        monkeypatch.setattr(screen, "post_message", post_then_supersede)
        screen.read("older")
        await only_the_newer_read(pilot, screen)


async def test_prep_keeps_the_keys_for_a_new_worksheet_when_a_reload_keeps_another(tmp_path):
    """A worksheet was created and its first field waits for the keys typed meanwhile,
    when a list read that keeps the meeting shown before lands (one started by a change
    noticed as the worksheet was written): the keys still go into the new worksheet."""
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrepScreen)
        shown = screen.editor.meeting_id
        assert shown is not None
        contact = Contact.get(Contact.name == "Avi Cohen").id
        created = [create_worksheet(contact)]
        hold = app.hold_keys("the new worksheet was opening")
        screen.focus_when_shown(created[0], hold)
        screen.reload_list(keep=shown)
        burst(app, *"4 coffee")
        await keys_handled(pilot)
        await settle(pilot)
        assert app.screen is screen
        assert screen.editor.meeting_id == created[0]
        focused = app.focused
        assert isinstance(focused, Input) and focused.id == "ws-when"
        assert focused.value == "4 coffee"
