"""Fixtures shared by every test. Keep this small; suites add their own beside them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from netui import clock
from netui.db.connection import open_database

try:
    from tests import pinned_day
except ValueError as error:  # NETUI_TEST_TODAY is not a day: say so, no traceback
    raise pytest.UsageError(str(error)) from None


def pytest_report_header(config: pytest.Config) -> str:
    moment = pinned_day.NOW.isoformat(" ")
    return f"netui's clock: pinned to {moment} (set {pinned_day.ENV} to move it)"


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    """netui's clock stands still on the test day (tests/pinned_day.py) in every test.

    A test that needs another day pins it itself with ``clock.pinned(...)``.
    """
    with clock.pinned(pinned_day.NOW):
        yield


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """No test ever reads or writes the real user's data, config or database."""
    home = tmp_path_factory.mktemp("user-dirs")
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    monkeypatch.setenv("NETUI_DB", str(home / "netui-env.db"))
    # netui --config exports NETUI_CONFIG; whatever a test sets is undone after it.
    monkeypatch.delenv("NETUI_CONFIG", raising=False)
    # netui --member exports NETUI_MEMBER, and a test may choose a member: undone too.
    monkeypatch.delenv("NETUI_MEMBER", raising=False)
    from netui.db import members

    members.reset()


@pytest.fixture(autouse=True)
def _a_terminal(monkeypatch) -> None:
    """The command line refuses to open the app without a terminal; tests have none.

    Tests that open the app from the command line fake ``netui.app``; the check
    itself is tested on its own in tests/unit/test_cli_terminal.py.
    """
    import netui.commands

    monkeypatch.setattr(netui.commands, "require_terminal", lambda: None)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database file goes (not created)."""
    return tmp_path / "netui.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[SqliteDatabase]:
    """A fresh netui database at the latest schema, with every model bound to it."""
    database = open_database(db_path)
    yield database
    if not database.is_closed():
        database.close()



def _loop_like_a_real_run() -> asyncio.AbstractEventLoop:
    """The event loop a real ``netui`` gets.

    ``App.run()`` switches on ``asyncio.eager_task_factory`` on Python 3.12+, which
    changes the order things happen in at start (a Textual bug crashed every launch
    on 3.12+ and no Pilot test saw it); ``run_test()`` does not. Pilot tests run on
    the same kind of loop as the app.
    """
    loop = asyncio.new_event_loop()
    if hasattr(asyncio, "eager_task_factory"):
        loop.set_task_factory(asyncio.eager_task_factory)
    return loop


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict:
    return {"like-a-real-run": _loop_like_a_real_run}
