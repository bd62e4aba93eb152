"""Snapshot hygiene: no blinking cursors and a fixed day, so a capture never depends
on timing or on the date the tests run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from netui import clock
from netui.app import NetuiApp

#: The day the pictures in __snapshots__ were made on. Every snapshot lives on it,
#: whatever ``NETUI_TEST_TODAY`` says (a test may pin another day inside it).
PICTURE_DAY = dt.datetime(2026, 11, 28, 12, 0)


@pytest.fixture(autouse=True)
def _pinned_clock() -> Iterator[None]:
    """Overrides tests/conftest.py's: the pictures' day, not the suite's."""
    with clock.pinned(PICTURE_DAY):
        yield


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch) -> None:
    """netui's own setting: its fields' cursors stay on (NetuiApp.cursor_blink)."""
    monkeypatch.setattr(NetuiApp, "cursor_blink", False)


@pytest.fixture(autouse=True)
def _picture_config(monkeypatch) -> Iterator[None]:
    """The help screen shows the config file's path: the same, absent one in every
    picture, as netui.screenshots uses. It must stay absent: a snapshot that saves a
    setting (a theme switch) points NETUI_CONFIG at a file of its own, or every later
    picture on the machine would be taken with that setting."""
    from netui.screenshots import PICTURE_CONFIG

    assert not PICTURE_CONFIG.exists(), f"{PICTURE_CONFIG} exists: delete it (a test wrote it)"
    monkeypatch.setenv("NETUI_CONFIG", str(PICTURE_CONFIG))
    yield
    assert not PICTURE_CONFIG.exists(), f"this test wrote {PICTURE_CONFIG}"
