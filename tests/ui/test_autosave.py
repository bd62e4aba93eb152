"""Nothing typed into a worksheet is lost: it is written when the screen is left, when
a dialog opens over it and when the app quits, without waiting for the autosave.

The autosave's delay is made an hour long here, so that only those moments can have
written what the assertions find.
"""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input, TextArea

import netui.screens.prep_autosave as autosave
from netui.app import NetuiApp, make_app
from netui.db.connection import close_database, open_database
from netui.db.models import Meeting
from netui.screens.help import HelpScreen
from netui.screens.prep import PrepScreen
from tests.ui.helpers import burst, keys_handled, settle
from tests.ui.test_prep_screen import build_prep_db


@pytest.fixture(autouse=True)
def _no_autosave_in_time(monkeypatch) -> None:
    monkeypatch.setattr(autosave, "SAVE_DELAY", 3600.0)


@pytest.fixture
def ids(db_path) -> dict[str, int]:
    return build_prep_db(db_path)


@pytest.fixture
def app(db_path, ids) -> NetuiApp:
    return make_app(db_path, start_meeting=ids["dana_meeting"])


def purpose(meeting_id: int) -> str:
    return Meeting.get_by_id(meeting_id).purpose


async def into_purpose(pilot) -> Input:
    await settle(pilot)
    assert isinstance(pilot.app.screen, PrepScreen)
    field = pilot.app.screen.query_one("#ws-purpose", Input)
    pilot.app.screen.set_focus(field)
    await pilot.pause()
    return field


async def test_leaving_the_screen_writes_what_was_typed(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await into_purpose(pilot)
        burst(app, *" and churn", "escape", "1")  # type, then straight to Contacts
        await keys_handled(pilot)
        await settle(pilot)
        assert app.current_mode == "contacts"
        assert purpose(ids["dana_meeting"]) == "Pricing for marketplaces and churn"


async def test_a_dialog_over_the_worksheet_writes_what_was_typed(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await into_purpose(pilot)
        burst(app, *" now", "escape", "question_mark")
        await keys_handled(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert purpose(ids["dana_meeting"]) == "Pricing for marketplaces now"


async def test_ctrl_q_writes_what_was_typed(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await into_purpose(pilot)
        burst(app, *" at once", "ctrl+q")
        await keys_handled(pilot)
    open_database(app.db_path)
    assert purpose(ids["dana_meeting"]) == "Pricing for marketplaces at once"
    close_database()


async def test_quitting_writes_even_text_whose_change_was_not_handled_yet(app, ids):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        area = app.screen.query_one("#ws-ask", TextArea)
        area.insert("An intro to their CFO?", area.document.end)
        app.exit()  # before the change message is handled
    open_database(app.db_path)
    assert Meeting.get_by_id(ids["dana_meeting"]).ask == "An intro to their CFO?"
    close_database()


async def test_a_save_still_on_its_way_never_lands_over_a_newer_one(app, ids):
    meeting_id = ids["dana_meeting"]
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrepScreen)
        # A worker took the older text (serial 1) but has not written it yet.
        stored = {meeting_id: {"purpose": purpose(meeting_id)}}  # what both edits began from
        screen._batches = 1
        screen._in_flight = {meeting_id: {"purpose": "older"}}
        screen._in_flight_bases = stored
        screen.pending = {meeting_id: {"purpose": "newer"}}
        screen.bases = stored
        screen.save_now()
        assert purpose(meeting_id) == "newer"

        late: list[list] = []

        def worker() -> None:
            from netui.db.models import database

            with database.connection_context():
                late.append(screen._write({meeting_id: {"purpose": "older"}}, stored, 1))

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert late == [[]]  # nothing written
        assert purpose(meeting_id) == "newer"


async def test_typing_on_while_the_last_save_is_being_written_asks_nothing(app, ids):
    """The same field edited again while its previous save is still being written: the
    next save is made against what that save wrote, so it is no conflict (it was one,
    against the value before, and a dialog asked about the user's own typing)."""
    meeting_id = ids["dana_meeting"]
    async with app.run_test(size=(130, 40)) as pilot:
        field = await into_purpose(pilot)
        screen = app.screen
        assert isinstance(screen, PrepScreen)
        screen._write_lock.acquire()  # the first save is taken, and held, by its worker
        try:
            burst(app, *" one")
            await keys_handled(pilot)
            screen.flush()
            for _ in range(20):
                await pilot.pause()
            assert screen._saving and screen._in_flight
            burst(app, *" two")  # typed while " one" is being written
            await keys_handled(pilot)
        finally:
            screen._write_lock.release()
        screen.flush()
        for _ in range(50):
            await settle(pilot)
            if not screen._saving and not screen.pending:
                break
        assert isinstance(app.screen, PrepScreen), f"asked: {app.screen!r}"
        assert field.value == "Pricing for marketplaces one two"
        assert purpose(meeting_id) == "Pricing for marketplaces one two"
