"""The Textual app: modes, global bindings, the command palette, and database work.

Screens never touch the database on the event loop for anything that can wait:
they hand a function to :meth:`NetuiApp.run_db`, which runs it in a thread worker
with its own connection and calls back on the event loop with the result. Every
failure there becomes one notification, never a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from peewee import OperationalError, PeeweeException
from rich.console import RenderableType
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Input, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from netui import __version__
from netui.config import Config, load_config, save_theme, unknown_binding_ids
from netui.db.connection import close_database, open_database
from netui.db.errors import StorageError
from netui.db.models import database
from netui.key_gate import KeyGate, KeyHold
from netui.modals.confirm import Confirm
from netui.screens.bank import BankScreen
from netui.screens.contacts import ContactsScreen
from netui.screens.help import key_label
from netui.screens.prep import PrepScreen
from netui.screens.reciprocity import ReciprocityScreen
from netui.textual_fixes import SelectionBeforeScreenFix

T = TypeVar("T")

MODE_KEYS = (
    ("contacts", "1", "Contacts", "The whole network: search, detail, add and edit"),
    ("prep", "2", "Prep", "Meeting worksheets to read before a coffee chat"),
    ("reciprocity", "3", "Reciprocity", "Who has given, who has taken, who is dormant"),
    ("bank", "4", "Bank & goals", "What I can offer, and what my network is for"),
)


#: Seconds a signal leaves the app to shut down before the process just ends.
EXIT_GRACE = 3.0


HELP_BINDING = Binding(
    "question_mark,f1",
    "help",
    "Help",
    show=False,
    key_display="?",
    id="app.help",
    tooltip="Every key of this screen, and the ideas behind the screens",
)


@dataclass(frozen=True)
class UndoStep:
    """Something the user can take back: what it was, the function that reverts it,
    and the mode (screen) whose data it changed."""

    description: str
    revert: Callable[[], object]
    mode: str = ""


MODE_LABELS = {mode: label for mode, _, label, _ in MODE_KEYS}


def describe_error(error: BaseException) -> str:
    """One sentence for the user about a failed database operation."""
    if isinstance(error, StorageError | LookupError | ValueError):
        return str(error)
    if isinstance(error, OperationalError | sqlite3.OperationalError) and "locked" in str(error):
        return "The database is busy in another netui window; try again in a moment."
    if isinstance(error, PeeweeException | sqlite3.Error):
        return f"The database refused the change: {error}."
    return f"Something went wrong: {error}."


class NetuiApp(SelectionBeforeScreenFix, KeyGate, App[int]):
    """netui: grow a professional network by trading in connections."""

    TITLE = "netui"
    SUB_TITLE = f"v{__version__}"
    MODES = {
        "contacts": ContactsScreen,
        "prep": PrepScreen,
        "reciprocity": ReciprocityScreen,
        "bank": BankScreen,
    }
    DEFAULT_MODE = "contacts"
    BINDINGS = [
        *(
            Binding(key, f"switch_mode('{mode}')", label, id=f"mode.{mode}", tooltip=tooltip)
            for mode, key, label, tooltip in MODE_KEYS
        ),
        Binding(
            "ctrl+z", "undo", "Undo", show=False, id="app.undo", tooltip="Undo the last change"
        ),
        HELP_BINDING,
    ]

    def __init__(
        self,
        db_path: Path,
        *,
        start_meeting: int | None = None,
        config_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.start_meeting = start_meeting
        self.undo_steps: list[UndoStep] = []
        self.config: Config = load_config(config_path)
        self.saved_theme: str | None = None
        #: Workers whose end releases a key hold: (hold, also when it succeeds).
        self._worker_holds: dict[Worker[None], tuple[KeyHold, bool]] = {}
        #: Screens with edits to write at once when the app is told to stop.
        self._savers: weakref.WeakSet[Any] = weakref.WeakSet()

    def on_mount(self) -> None:
        self._hold_until_mounted(self.screen)  # keys typed at start wait for the first focus
        self._stop_on_signals()
        self.apply_config(self.config)
        if self.start_meeting is not None:
            self.open_meeting(self.start_meeting)

    # --- closing: nothing typed is lost -----------------------------------------------

    def save_on_exit(self, saver: Any) -> None:
        """``saver.save_now()`` runs whenever the app stops (ctrl+q, SIGHUP, SIGTERM),
        before the screens are taken down."""
        self._savers.add(saver)

    def _stop_on_signals(self) -> None:
        """A closed terminal (SIGHUP) or a polite kill (SIGTERM) saves, then exits.

        Left to their default, both killed the process with the last keystrokes of a
        worksheet still waiting for the autosave. Not under a test's headless driver:
        the handlers would belong to the test runner's process.
        """
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._stop_on_signal, signum)

    def _stop_on_signal(self, signum: int) -> None:
        code = 128 + signum
        self.exit(return_code=code)  # writes what is unsaved first
        # With the terminal gone, Textual 8.2.8 can hang in its shutdown: its output
        # thread dies on the first write that fails, and closing the driver then waits
        # forever on that thread's full queue. Everything is saved by now, so after a
        # grace period the process ends whatever the shutdown is doing.
        watchdog = threading.Timer(EXIT_GRACE, os._exit, args=(code,))
        watchdog.daemon = True
        watchdog.start()

    def exit(
        self,
        result: int | None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        """Stop the app (ctrl+q, a signal), first writing what the screens hold unsaved,
        while their fields are still there to read."""
        self.save_all_now()
        super().exit(result, return_code, message)

    def save_all_now(self) -> None:
        """Write every screen's pending edits at once (the app is about to stop)."""
        for saver in list(self._savers):
            try:
                saver.save_now()
            except Exception as error:  # the next saver still gets its turn
                self.log.error(f"save_now failed: {error}")

    # --- the config file: theme and keymap --------------------------------------------

    def apply_config(self, config: Config) -> None:
        """Use the config's theme and keymap; one notification names every problem."""
        problems = list(config.problems)
        if config.theme is not None:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                problems.append(
                    f"The config file's theme {config.theme!r} is not one of netui's themes "
                    "(ctrl+p, Theme lists them)."
                )
        if config.keys:
            from netui.screens.help import all_binding_ids

            unknown = unknown_binding_ids(config.keys, all_binding_ids())
            if unknown:
                problems.append(
                    "The config file's [keys] names no binding "
                    + ", ".join(repr(binding_id) for binding_id in unknown)
                    + " (the README lists the ids)."
                )
            self.set_keymap({k: v for k, v in config.keys.items() if k not in unknown})
        if problems:
            self.say("\n".join(problems), "warning", timeout=15)
        self.saved_theme = self.theme
        self.theme_changed_signal.subscribe(self, self.remember_theme)

    def remember_theme(self, _theme: object = None) -> None:
        """Write the current theme to the config file when it differs from the saved one."""
        theme = self.theme
        if theme == self.saved_theme:
            return
        self.saved_theme = theme
        try:
            save_theme(theme, self.config.path)
        except (OSError, ValueError) as error:
            self.say(f"The theme is used but not remembered: {error}.", "warning")

    def action_help(self) -> None:
        """Open the help screen for the screen the user is on."""
        from netui.screens.help import HelpScreen, help_rows

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        here, everywhere = help_rows(self.screen)
        title = self.screen.title or self.screen.TITLE or type(self.screen).__name__
        self.push_screen(HelpScreen(str(title), here, everywhere, self.config.path))

    def open_meeting(self, meeting_id: int, *, focus: bool = False) -> None:
        """Switch to the Prep screen and show one meeting's worksheet.

        With ``focus``, the worksheet's first empty field gets the focus, and keys
        typed in the meantime wait for it (they are meant for the worksheet, not for
        the meeting list, where digits switch screens and letters are commands).
        """
        hold = self.hold_keys("the worksheet was opening") if focus else None

        def show() -> None:
            show_meeting = getattr(self.screen, "show_meeting", None)
            if show_meeting is None:
                self.release_keys(hold)
                return
            show_meeting(meeting_id, focus_hold=hold)

        self.switch_mode("prep")
        self.call_after_refresh(show)

    # --- database work ---------------------------------------------------------------

    def run_db(
        self,
        work: Callable[..., T],
        *args: Any,
        done: Callable[[T], object] | None = None,
        group: str = "db",
        exclusive: bool = False,
        description: str = "",
        connect: bool = True,
        hold_keys: bool | KeyHold = False,
    ) -> Worker[None]:
        """Run ``work(*args)`` in a thread worker; call ``done(result)`` on the event loop.

        With ``exclusive``, an earlier worker of the same group is cancelled and its
        result is dropped, so only the newest answer (say, to the last keystroke) lands.
        ``connect=False`` skips opening a connection for work that may not need one;
        Peewee then connects lazily, and the connection is closed afterwards.

        ``hold_keys=True`` makes the keys typed meanwhile wait until ``done`` has run
        (it opens a form, say, that they belong in); a :class:`KeyHold` given instead
        is released if the work fails or is cancelled, and otherwise left to ``done``.
        """
        hold = self.hold_keys(description or "a database read") if hold_keys is True else None

        def run() -> None:
            worker = get_current_worker()
            try:
                if connect:
                    with database.connection_context():
                        result = work(*args)
                else:
                    try:
                        result = work(*args)
                    finally:
                        if not database.is_closed():
                            database.close()
            except Exception as error:  # every failure becomes a notification
                if not worker.is_cancelled:
                    self.call_from_thread(self.say, describe_error(error), "error")
                return
            if done is not None and not worker.is_cancelled:
                self.call_from_thread(done, result)

        worker = self.run_worker(
            run,
            group=group,
            exclusive=exclusive,
            thread=True,
            description=description or getattr(work, "__name__", "database work"),
            exit_on_error=False,
        )
        if hold is not None:
            self._worker_holds[worker] = (hold, True)
        elif isinstance(hold_keys, KeyHold):
            self._worker_holds[worker] = (hold_keys, False)
        return worker

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # ``done`` ran on the event loop before the worker could finish.
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        held = self._worker_holds.pop(event.worker, None)
        if held is not None:
            hold, always = held
            if always or event.state is not WorkerState.SUCCESS:
                self.release_keys(hold)

    def say(self, message: str, severity: str = "information", timeout: float = 5) -> None:
        """A notification whose text is shown literally (it may hold a contact's name)."""
        self.notify(message, severity=severity, timeout=timeout, markup=False)  # type: ignore[arg-type]

    # --- undo ------------------------------------------------------------------------

    def push_undo(
        self, description: str, revert: Callable[[], object], *, screen: Screen | None = None
    ) -> None:
        """Remember how to take a change back; ``screen`` is the screen that made it."""
        mode = self._mode_of(screen) if screen is not None else self.current_mode
        self.undo_steps.append(UndoStep(description, revert, mode))
        del self.undo_steps[:-50]

    def _mode_of(self, screen: Screen) -> str:
        for mode, screen_type in self.MODES.items():
            if isinstance(screen, screen_type):  # type: ignore[arg-type]
                return mode
        return self.current_mode

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Never the app-wide undo from a text field: ctrl+z there is the field's own.
        return not (action == "undo" and isinstance(self.focused, Input | TextArea))

    def action_undo(self) -> None:
        """Undo the last change; one made on another screen is named and asked about first."""
        if not self.undo_steps:
            self.say("Nothing to undo.")
            return
        step = self.undo_steps[-1]
        if step.mode and step.mode != self.current_mode:
            where = MODE_LABELS.get(step.mode, step.mode)
            self.push_screen(
                Confirm(
                    f"Undo a change made on {where}?",
                    f"The last change was made on {where}: {step.description}.",
                    yes="Undo it",
                    no="Keep it",
                ),
                lambda yes: self._undo(step, where) if yes else None,
            )
            return
        self._undo(step)

    def _undo(self, step: UndoStep, where: str = "") -> None:
        if not self.undo_steps or self.undo_steps[-1] is not step:
            return  # undone or superseded meanwhile
        self.undo_steps.pop()

        def reverted(_: object) -> None:
            place = f" on {where}" if where else ""
            self.say(f"Undone{place}: {step.description}")
            refresh = getattr(self.screen, "action_refresh", None)
            if refresh is not None:
                refresh()

        self.run_db(step.revert, done=reverted, group="undo")

    # --- import ----------------------------------------------------------------------

    def action_import(self) -> None:
        from netui.modals.import_dialog import ImportDialog

        def imported(report: object) -> None:
            if report is None:
                return
            self.say(f"Imported: {report.summary()}", timeout=10)  # type: ignore[attr-defined]
            refresh = getattr(self.screen, "action_refresh", None)
            if refresh is not None:
                refresh()

        self.push_screen(ImportDialog(), imported)

    # --- the command palette ---------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for mode, key, label, tooltip in MODE_KEYS:
            yield SystemCommand(
                f"Go to {label}  ({key})",
                tooltip,
                lambda mode=mode: self.switch_mode(mode),
            )
        # One command per meaning: what the screen has a key for is listed once, with
        # the screen's key ("Import" was listed twice on Contacts, "Undo" too).
        screen_actions = {
            binding.action.removeprefix("app.")
            for binding in getattr(screen, "BINDINGS", [])
            if isinstance(binding, Binding)
        }
        if "undo" not in screen_actions:
            yield SystemCommand("Undo  (ctrl+z)", "Undo the last change", self.action_undo)
        yield SystemCommand(
            f"Help: keys and ideas  ({key_label(self, HELP_BINDING)})",
            "Every key of this screen as currently mapped, and the ideas behind the screens",
            self.action_help,
        )
        if "import" not in screen_actions:
            yield SystemCommand(
                "Import contacts from a file…",
                "LinkedIn Connections.csv, vCard (.vcf) or a netui JSON export; all or nothing",
                self.action_import,
            )
        # Every binding of the active screen with a description is a command too.
        for binding in getattr(screen, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.description:
                key = key_label(self, binding)
                yield SystemCommand(
                    f"{binding.description}  ({escape(key)})",  # a key from the config file
                    binding.tooltip or binding.description,
                    lambda action=binding.action: self.run_action(action, screen),
                )
        yield from getattr(screen, "palette_commands", lambda: ())()

    def on_unmount(self) -> None:
        close_database()


def make_app(
    db_path: Path | str,
    *,
    start_meeting: int | None = None,
    config_path: Path | None = None,
) -> NetuiApp:
    """Open (and migrate) the database, then build the app on it.

    The one factory used by the command line, the tests and the benchmark. Raises
    :class:`~netui.db.errors.StorageError` with a sentence for the user.
    ``config_path`` replaces the user's config file (the screenshots use none).
    """
    path = Path(db_path).expanduser()
    open_database(path)
    return NetuiApp(path, start_meeting=start_meeting, config_path=config_path)
