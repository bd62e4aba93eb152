"""netui's log: an unexpected error in the app is written with its traceback to a
private, rotating file in the log folder, and the notification names the file; an
expected one is one sentence, logged without a traceback."""

from __future__ import annotations

import logging
import stat

import pytest

from netui.app import make_app
from netui.db import history
from netui.logs import LOGGER, PrivateLogFile
from tests.ui.helpers import build_contacts_db, settle, settle_until


@pytest.fixture
def log_folder(tmp_path, monkeypatch):
    folder = tmp_path / "logs"
    monkeypatch.setenv("NETUI_LOG_DIR", str(folder))
    return folder


@pytest.fixture
def db_file(tmp_path):
    return build_contacts_db(tmp_path / "netui.db")


def messages(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_an_unexpected_error_leaves_its_traceback_in_the_log_named_by_the_toast(
    db_file, log_folder, monkeypatch
):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the flux capacitor broke")

    monkeypatch.setattr(history, "latest", broken)  # a bug in what ctrl+z runs
    app = make_app(db_file)
    log_file = log_folder / "netui.log"
    assert app.log_file == log_file.absolute()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        assert not log_file.exists()  # opened on the first record, not at start
        app.action_undo()
        await settle_until(pilot, lambda: bool(messages(app)))
        assert messages(app) == [
            f"Something went wrong: the flux capacitor broke. The details are in {log_file}."
        ]
    text = log_file.read_text(encoding="utf-8")
    assert "ERROR netui" in text
    assert "Traceback (most recent call last):" in text
    assert 'raise RuntimeError("the flux capacitor broke")' in text
    assert text.rstrip().endswith("RuntimeError: the flux capacitor broke")
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_folder.stat().st_mode) == 0o700


async def test_an_expected_error_is_one_sentence_and_no_traceback(db_file, log_folder, monkeypatch):
    def gone(*_args, **_kwargs):
        raise LookupError("The contact was deleted in another window.")

    monkeypatch.setattr(history, "latest", gone)
    app = make_app(db_file)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        app.action_undo()
        await settle_until(pilot, lambda: bool(messages(app)))
        assert messages(app) == ["The contact was deleted in another window."]
    text = (log_folder / "netui.log").read_text(encoding="utf-8")
    assert "The contact was deleted in another window." in text
    assert "Traceback" not in text


def test_the_log_rotates_and_one_file_gets_one_handler(log_folder, monkeypatch):
    from netui.logs import start_logging

    path = start_logging()
    assert start_logging() == path
    handlers = [h for h in LOGGER.handlers if isinstance(h, PrivateLogFile)]
    assert len(handlers) == 1
    handler = handlers[0]
    monkeypatch.setattr(handler, "maxBytes", 200)
    for number in range(20):
        LOGGER.log(logging.ERROR, "record %d %s", number, "x" * 40)
    handler.flush()
    assert path.exists()
    assert (path.parent / "netui.log.1").exists()
    assert not (path.parent / "netui.log.4").exists()  # three older files at most
    assert stat.S_IMODE((path.parent / "netui.log.1").stat().st_mode) == 0o600
    assert "record 19" in path.read_text(encoding="utf-8")


async def test_a_failed_search_is_one_toast_naming_the_log_and_the_next_key_searches(
    db_file, log_folder, monkeypatch
):
    """A search runs on the Contacts screen's own thread (netui.search_thread): a bug
    there is reported as any worker's is, and the list follows the next key."""
    from netui.screens import contacts
    from netui.widgets.contact_list import ContactList

    real = contacts.run_search

    def broken_for_zz(state, cancelled):
        if state.query == "zz":
            raise RuntimeError("the index is on fire")
        return real(state, cancelled)

    monkeypatch.setattr(contacts, "run_search", broken_for_zz)
    app = make_app(db_file)
    log_file = (log_folder / "netui.log").absolute()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash", "z", "z")
        await settle_until(pilot, lambda: bool(messages(app)))
        assert messages(app) == [
            f"Something went wrong: the index is on fire. The details are in {log_file}."
        ]
        await pilot.press("backspace", "backspace", "d", "a", "n", "a")
        contact_list = app.screen.query_one(ContactList)
        await settle_until(pilot, lambda: contact_list.applied_query == "dana")
        assert len(contact_list.contact_ids) >= 1
    assert 'raise RuntimeError("the index is on fire")' in log_file.read_text(encoding="utf-8")


async def test_an_error_in_an_event_handler_stops_the_app_with_its_traceback_logged(
    db_file, log_folder, monkeypatch
):
    """Textual's own path for a bug in a handler (App._handle_exception) logs it too,
    and the command line's last line names the log."""
    from netui.screens.contacts import ContactsScreen

    def broken(self):
        raise RuntimeError("the search box melted")

    monkeypatch.setattr(ContactsScreen, "action_focus_search", broken)
    app = make_app(db_file)
    assert app.exit_sentence() is None
    with pytest.raises(RuntimeError, match="the search box melted"):
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("slash")
            await settle(pilot)
    log_file = (log_folder / "netui.log").absolute()
    text = log_file.read_text(encoding="utf-8")
    assert "ERROR netui" in text and "The app stopped on an unexpected error" in text
    assert "Traceback (most recent call last):" in text
    assert 'raise RuntimeError("the search box melted")' in text
    assert app.exit_sentence() == (
        "The app stopped on an unexpected error (RuntimeError: the search box melted); "
        f"the details are in {log_file}."
    )


def test_a_log_that_cannot_be_written_says_so_quietly(tmp_path, monkeypatch, capsys):
    from netui.logs import log_failure

    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("NETUI_LOG_DIR", str(not_a_folder / "logs"))  # even root cannot
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        assert log_failure("it failed", error) is None
    assert capsys.readouterr().err == ""  # no "--- Logging error ---" report
