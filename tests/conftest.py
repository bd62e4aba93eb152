"""Fixtures shared by every test. Keep this small; suites add their own beside them."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from peewee import Database

from netui import clock
from netui.db.connection import open_database

if TYPE_CHECKING:
    from tests.postgres_server import PostgresServer

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
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """No test ever reads or writes the real user's data, config or database."""
    home = tmp_path_factory.mktemp("user-dirs")
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    monkeypatch.setenv("NETUI_DB", str(home / "netui-env.db"))
    monkeypatch.setenv("NETUI_LOG_DIR", str(home / "log"))
    # netui --config exports NETUI_CONFIG; whatever a test sets is undone after it.
    monkeypatch.delenv("NETUI_CONFIG", raising=False)
    # netui --member exports NETUI_MEMBER, and a test may choose a member: undone too.
    monkeypatch.delenv("NETUI_MEMBER", raising=False)
    from netui.db import members

    members.reset()
    yield
    # And after it: a module's fixture (test_key_routing's 30,000 contacts) is made
    # before the next test's own fixtures, where a member chosen here would leak (and
    # monkeypatch undoes no delenv of a variable that was not set when it ran).
    for variable in ("NETUI_CONFIG", "NETUI_MEMBER"):
        os.environ.pop(variable, None)
    members.reset()


@pytest.fixture(autouse=True)
def _a_terminal(monkeypatch) -> None:
    """The command line refuses to open the app without a terminal; tests have none.

    Tests that open the app from the command line fake ``netui.app``; the check
    itself is tested on its own in tests/unit/test_cli_terminal.py.
    """
    import netui.commands

    monkeypatch.setattr(netui.commands, "require_terminal", lambda: None)


@pytest.fixture(autouse=True)
def _pairs_as_on_the_command_line() -> Iterator[None]:
    """An app made in a test (make_app) has the search build its pairs when first
    asked, paced by that app's keys: after the test, searches are as a command's."""
    yield
    from netui.core.search import build_pairs_when_asked

    build_pairs_when_asked(False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database file goes (not created)."""
    return tmp_path / "netui.db"


# --- the database backends ---------------------------------------------------------
# A test (or module) marked ``backends`` runs once per backend: on an SQLite file and
# on a database of its own in a private PostgreSQL cluster (tests/postgres_server.py),
# started once per test process. Tests marked ``pg`` need that cluster; they skip,
# saying why, only when PostgreSQL is not installed.

BACKENDS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.pg))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "pg: needs a PostgreSQL server (tests/postgres_server.py)")
    config.addinivalue_line("markers", "backends: runs on SQLite and on PostgreSQL")
    config.addinivalue_line(
        "markers", "sqlite_only(why): in a 'backends' module, runs on SQLite alone (say why)"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marked = metafunc.definition.get_closest_marker
    if "backend" in metafunc.fixturenames and marked("backends") and not marked("sqlite_only"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from tests.postgres_server import missing_reason

    reason = missing_reason()
    if reason is None:
        return
    if os.environ.get("NETUI_REQUIRE_PG") and any(i.get_closest_marker("pg") for i in items):
        raise pytest.UsageError(f"NETUI_REQUIRE_PG is set, but {reason}")
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker("pg"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The private PostgreSQL cluster of this test process."""
    from tests.postgres_server import PostgresServer, missing_reason

    reason = missing_reason()
    if reason is not None:
        pytest.skip(reason)
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database of this test's own."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    from netui.db.connection import close_database

    close_database()
    postgres_server.drop_database(name)


@pytest.fixture
def pg_netui_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a netui database (at the latest schema, as netui makes it) for this
    test alone: emptied back to how netui made it before each test."""
    yield postgres_server.url(postgres_server.netui_database())
    from netui.db.connection import close_database

    close_database()


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The backend a ``db`` test runs on: ``sqlite`` unless marked ``backends``."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_location(backend: str, db_path: Path, request: pytest.FixtureRequest) -> str | Path:
    """Where the test's database is: a file path, or a PostgreSQL URL."""
    if backend == "postgresql":
        return request.getfixturevalue("pg_netui_url")
    return db_path


@pytest.fixture
def db(db_location: str | Path) -> Iterator[Database]:
    """A fresh netui database at the latest schema, with every model bound to it."""
    database = open_database(db_location)
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
