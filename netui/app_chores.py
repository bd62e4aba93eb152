"""The app's own database work, as ``@db_work`` methods posting typed messages
(:mod:`netui.workers`): the health check and the search index's build a moment after
the first paint, the settings form, and the palette's screenshot. Mixed into
:class:`~netui.app.NetuiApp`.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from netui import heap
from netui.core.files import write_file
from netui.db.connection import health_problem
from netui.workers import db_work

if TYPE_CHECKING:  # the app it is mixed into, for the type checker only
    from netui.database_work import DatabaseWork
    from netui.db.settings import UserSetting

    _App = DatabaseWork
else:
    _App = object


#: Seconds without a key before SQLite's quick_check starts (:meth:`AppChores.check_database`).
QUIET_BEFORE_CHECK = 1.5
#: Seconds since the last key before the build of the search's pairs works on
#: (:meth:`AppChores.typing_pause`): a key's echo and most results are shown by
#: then, and the build goes on between keys typed at a steady pace. And how many
#: such waits it makes at most between two of its steps (a keyboard never still is
#: not waited for forever).
QUIET_FOR_PAIRS = 0.1
_PAUSES_AT_MOST = 100


class HealthChecked(Message):
    """SQLite's quick_check ran: ``problem`` names what it found (``None``: nothing)."""

    def __init__(self, problem: str | None) -> None:
        super().__init__()
        self.problem = problem


class IndexBuilt(Message):
    """The search index was built ahead of the first search."""


class SettingsRead(Message):
    """The settings were read, for the form: each with its value and whether that
    value is the default."""

    def __init__(self, rows: list[tuple[UserSetting, str, bool]]) -> None:
        super().__init__()
        self.rows = rows


class SettingsSaved(Message):
    """The settings form's values were stored."""


class ScreenshotSaved(Message):
    """The palette's screenshot was written to ``path``."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class AppChores(_App):
    """The health check, the index build, settings and screenshots, off the event loop."""

    if TYPE_CHECKING:  # NetuiApp's (KeyGate's)
        last_key_at: float | None

        def key_clock(self) -> float: ...

        def _refresh_screen(self) -> None: ...

    def check_database(self) -> None:
        """The search index's build and SQLite's quick_check in workers a moment after
        the first paint (``HEALTH_CHECK_DELAY``), so that the first screen's reads have
        the machine. The index first (seconds at 300,000 contacts), so that the first
        search finds it ready; until it is, SQLite answers searches by itself. Then
        the check (0.2-0.3 s at 30,000 contacts, 2.5 s of a core at 300,000, which it
        took from the build and the first searches when both ran at once), on a
        thread at the lowest priority (:func:`~netui.db.connection.health_problem`),
        and only once the keyboard has been still for :data:`QUIET_BEFORE_CHECK`: at
        300,000 contacts the check running beside a search typed at once made its
        slowest keys' results 10 to 20 ms later (a core's share of memory and cache
        is not the priority's to give back); a damaged file is named within seconds
        of a pause."""
        self._build_index()
        self._check_when_quiet()

    def seconds_until_still(self, quiet: float) -> float:
        """How long until the keyboard will have been still for ``quiet`` seconds, if
        no key comes (0: it has been)."""
        last = self.last_key_at
        return 0.0 if last is None else max(0.0, quiet - (self.key_clock() - last))

    def typing_pause(self) -> None:
        """On a background thread (a build of the search's pairs, between two of its
        steps): return once the keyboard has been still for :data:`QUIET_FOR_PAIRS`,
        so that such a build does not take the interpreter from a key's work."""
        for _ in range(_PAUSES_AT_MOST):
            wait = self.seconds_until_still(QUIET_FOR_PAIRS)
            if wait <= 0:
                return
            time.sleep(wait)

    def _check_when_quiet(self) -> None:
        wait = self.seconds_until_still(QUIET_BEFORE_CHECK)
        if wait > 0:
            self.set_timer(wait, self._check_when_quiet)
            return
        self._check_health()

    @db_work(group="health", description="quick_check")
    def _check_health(self) -> Message:
        # After the index (built or waited for here): should its build fail, that
        # worker says so, and the check runs all the same.
        from netui.db.search import search_index

        with contextlib.suppress(Exception):
            # At the same pause, where punctuation meets the words, beside the check
            # (seconds of Python at 300,000 contacts where the check is SQLite's, on
            # the other core; paced by typing_pause): the first word with a "." or
            # an "@" typed later finds them built.
            search_index().build_pairs_soon()
        return HealthChecked(health_problem())

    def on_health_checked(self, message: HealthChecked) -> None:
        heap.settle()  # start-up's objects, now read, out of the collector's way
        if message.problem is not None:
            self.say(message.problem, "error", timeout=60)

    @db_work(group="search-index", connect=False, description="load the search index")
    def load_stored_index(self) -> Message | None:
        """The search index loaded from the file's snapshot right after the first paint
        (0.25 s at 300,000 contacts, so that the first search finds it); a file
        without a current one is left to :meth:`check_database`'s build, which waits
        for the first screen's reads (the search's module imported here, on the
        worker's thread, when the first screen is not Contacts)."""
        from netui.db.search import search_engine

        return IndexBuilt() if search_engine().stored_index() is not None else None

    @db_work(group="search-index", connect=False, description="build the search index")
    def _build_index(self) -> Message:
        from netui.db.search import search_index

        search_index()  # built here, or waited for: "built" means built
        return IndexBuilt()

    def on_index_built(self, _message: IndexBuilt) -> None:
        heap.settle()

    # --- settings --------------------------------------------------------------------

    def action_settings(self) -> None:
        self._read_settings()

    @db_work(group="settings")
    def _read_settings(self) -> Message:
        from netui.db.settings import user_settings

        return SettingsRead(user_settings())

    def on_settings_read(self, message: SettingsRead) -> None:
        from netui.modals.settings_form import SettingsForm

        self.push_screen(SettingsForm(message.rows), self._settings_chosen)

    def _settings_chosen(self, values: dict[str, str] | None) -> None:
        if values is not None:
            self._save_settings(values)

    @db_work(group="settings")
    def _save_settings(self, values: dict[str, str]) -> Message:
        from netui.db.settings import save_user_settings

        save_user_settings(values)
        return SettingsSaved()

    def on_settings_saved(self, _message: SettingsSaved) -> None:
        self.say("Settings saved.")
        self._refresh_screen()

    # --- screenshots -----------------------------------------------------------------

    @db_work(group="screenshot", connect=False, description="save the screenshot")
    def _write_screenshot(self, path: Path, svg: str) -> Message:
        return ScreenshotSaved(write_file(path, svg))

    def on_screenshot_saved(self, message: ScreenshotSaved) -> None:
        self.say(f"Saved a screenshot to {message.path}.")
