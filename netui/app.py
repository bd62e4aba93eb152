"""The Textual app: modes, global bindings, the command palette, and database work.

Screens never touch the database on the event loop for anything that can wait:
their ``@db_work`` methods (and the app's own, :mod:`netui.app_chores`) run in
thread workers and post typed messages (:mod:`netui.workers`). Undo is in
:mod:`netui.undo_actions`, how the app stops (saving first) in :mod:`netui.stopping`.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_downloads_path
from textual._files import generate_datetime_filename
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.markup import escape
from textual.screen import Screen
from textual.worker import Worker

from netui import __version__, heap
from netui.app_chores import AppChores
from netui.compact_output import compacting
from netui.config import Config, load_config, save_theme, unknown_binding_ids
from netui.core.files import write_file
from netui.core.search import build_pairs_when_asked
from netui.database_work import DatabaseWork
from netui.db.connection import close_database, open_database
from netui.db.errors import StorageError
from netui.db.members import has_team, read_config_with
from netui.db.watch import WATCH_INTERVAL, DataWatcher
from netui.key_gate import KeyGate, KeyHold
from netui.locations import is_server_url
from netui.logs import start_logging
from netui.modes import SCREEN_CLASSES, lazy_screen
from netui.parsed_css import ParsedOnce
from netui.reads_data import ReadsData
from netui.screens.base import NetuiScreen, call_after_paint
from netui.screens.done_preview import PreviewWork
from netui.screens.saving import EditSaving
from netui.stopping import StopsSafely
from netui.textual_fixes import SelectionBeforeScreenFix
from netui.undo_actions import UndoActions

if TYPE_CHECKING:
    from netui.db.importing import ImportReport

MODE_KEYS = (
    ("today", "0", "Today", "What today asks: meetings, overdue people, follow-ups, give back"),
    ("contacts", "1", "Contacts", "The whole network: search, detail, add and edit"),
    ("prep", "2", "Prep", "Meeting worksheets to read before a coffee chat"),
    ("reciprocity", "3", "Reciprocity", "Who has given, who has taken, who is dormant"),
    ("bank", "4", "Bank & goals", "What I can offer, and what my network is for"),
)


#: Seconds after the first paint before SQLite's quick_check of the file starts.
HEALTH_CHECK_DELAY = 1.0
#: Seconds after the first paint the search index is loaded from the file.
INDEX_LOAD_DELAY = 0.1

HELP_BINDING = Binding(
    "question_mark,f1",
    "help",
    "Help",
    show=False,
    key_display="?",
    id="app.help",
    tooltip="Every key of this screen, and the ideas behind the screens",
)


class NetuiApp(
    StopsSafely,
    AppChores,
    EditSaving,
    PreviewWork,
    UndoActions,
    DatabaseWork,
    SelectionBeforeScreenFix,
    KeyGate,
    App[int],
):
    """netui: grow a professional network by trading in connections."""

    TITLE = "netui"
    SUB_TITLE = f"v{__version__}"
    MODES = {mode: lazy_screen(mode) for mode in SCREEN_CLASSES}
    #: Whether the text cursors of netui's fields blink (read by each field as it is
    #: mounted). The snapshot tests turn it off, so that no picture depends on when
    #: in the blink it was taken.
    cursor_blink = True
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
        db_path: Path | str,
        *,
        start_meeting: int | None = None,
        config_path: Path | None = None,
        start_mode: str | None = None,
        team: bool = False,
    ) -> None:
        if start_mode is not None:
            # The screen the app opens on (Today, when due). Textual reads the class
            # variable in App.__init__ and takes no argument for it.
            self.DEFAULT_MODE = start_mode  # type: ignore[misc]
        super().__init__()
        # Each CSS source parsed once per theme, not again for every screen shown.
        self.stylesheet = ParsedOnce(variables=self.get_css_variables())
        self.db_path = db_path
        #: A team's database (more than one member): sharing with the team shows.
        self.team = team
        self.start_meeting = start_meeting
        self.config: Config = load_config(config_path)
        read_config_with(lambda: self.config.member)  # who I am in a team database
        self.saved_theme: str | None = None
        #: Workers whose end releases a key hold: (hold, also when it succeeds).
        self._worker_holds: dict[Worker[Any], tuple[KeyHold, bool]] = {}
        #: Screens with edits to write at once when the app is told to stop.
        self._savers: weakref.WeakSet[Any] = weakref.WeakSet()
        self.watcher = DataWatcher(db_path)
        self.log_file = start_logging()

    def get_driver_class(self) -> type[Driver]:
        # The terminal's driver (or the browser's), writing fewer bytes.
        return compacting(super().get_driver_class())

    def on_mount(self) -> None:
        heap.tune()
        call_after_paint(self, heap.resume)  # the collector, held off since the start
        self._hold_until_mounted(self.screen)  # keys typed at start wait for the first focus
        self._stop_on_signals()
        self.apply_config(self.config)
        if self.start_meeting is not None:
            self.open_meeting(self.start_meeting)
        # A stored search index, once the first frame is surely written: the load's
        # thread would hold the interpreter from Textual's writer thread.
        call_after_paint(self, partial(self.set_timer, INDEX_LOAD_DELAY, self.load_stored_index))
        # quick_check reads the whole file: not beside the first screen's own reads.
        self.call_after_refresh(self.set_timer, HEALTH_CHECK_DELAY, self.check_database)
        self.watch_database()

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
        except (OSError, ValueError, StorageError) as error:
            reason = str(error).rstrip(".")
            self.say(f"The theme is used but not remembered: {reason}.", "warning")

    def action_help(self) -> None:
        """Open the help screen for the screen the user is on."""
        from netui.screens.help import HelpScreen, help_rows

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        here, everywhere = help_rows(self.screen)
        title = self.screen.title or self.screen.TITLE or type(self.screen).__name__
        self.push_screen(HelpScreen(str(title), here, everywhere, self.config.path))

    def open_meeting(
        self, meeting_id: int, *, focus: bool = False, intro_request: bool = False
    ) -> None:
        """Switch to the Prep screen and show one meeting's worksheet.

        With ``focus``, the worksheet's first empty field gets the focus, and keys
        typed in the meantime wait for it (they are meant for the worksheet, not for
        the meeting list, where digits switch screens and letters are commands). With
        ``intro_request``, its intro request for the introducer follows (asking a broker).
        """
        hold = self.hold_keys("the worksheet was opening") if focus else None

        def show() -> None:
            from netui.screens.prep import PrepScreen  # loaded by switch_mode below

            screen = self.screen
            if not isinstance(screen, PrepScreen):  # a dialog came up over Prep
                self.release_keys(hold)
                return
            screen.show_meeting(meeting_id, focus_hold=hold, intro_request=intro_request)

        self.switch_mode("prep")
        self.call_after_refresh(show)

    # --- changes made elsewhere ------------------------------------------------------

    def watch_database(self) -> None:
        """Notice commits by anyone else (another window, the command line) cheaply:
        ``PRAGMA data_version`` on a connection of our own, read in a worker on a timer."""
        self.set_interval(WATCH_INTERVAL, self._poll_database, name="watch-database")
        self._poll_database()

    def _poll_database(self) -> None:
        if self.watcher.busy:
            return
        self.watcher.busy = True
        self.run_worker(
            self._read_version, thread=True, group="watch", exit_on_error=False,
            description="watch the database",
        )  # fmt: skip

    def _read_version(self) -> None:
        changed = self.watcher.changed()
        self.call_from_thread(self._version_read, changed)

    def _version_read(self, changed: bool) -> None:
        self.watcher.busy = False
        if changed:
            self._refresh_when_keys_settle()

    def _refresh_when_keys_settle(self) -> None:
        """Refresh the screens once every key typed so far has landed: a refresh in
        the middle of a burst (a form opening, a worksheet being typed into) could
        re-read what the keys are about to change."""
        if self.keys_settled:
            self.database_changed()
        else:
            self.set_timer(0.05, self._refresh_when_keys_settle, name="refresh-after-keys")

    def database_changed(self) -> None:
        """Tell every screen on the stack (the mode's screen, and any form over it) to
        read its data again, keeping its cursor and what the user typed."""
        for screen in list(self.screen_stack):
            if isinstance(screen, ReadsData):
                screen.data_changed()

    # --- import ----------------------------------------------------------------------

    def action_import(self, kind: str | None = None) -> None:
        from netui.modals.import_dialog import ImportDialog

        def imported(report: ImportReport | None) -> None:
            if report is None:
                return
            self.say(f"Imported: {report.summary()}", timeout=10)
            self._refresh_screen()

        self.push_screen(ImportDialog(kind=kind), imported)

    def _refresh_screen(self) -> None:
        """Read the current mode screen's data again (after an import, new settings)."""
        if isinstance(self.screen, NetuiScreen):
            self.screen.action_refresh()

    # --- screenshots: written the one way netui writes files ------------------------

    def save_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str:
        """Textual's SVG screenshot, written whole, 0600, never over an existing file."""
        folder = Path(path or ".").expanduser()
        name = filename or generate_datetime_filename(self.title, ".svg", time_format)
        return str(write_file(folder / name, self.export_screenshot()))

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """The palette's screenshot: into the Downloads folder (else the current one), in
        a worker, never over an existing file; the notification says where."""
        folder = Path(path).expanduser() if path else user_downloads_path()
        if not path and not folder.is_dir():
            folder = Path.cwd()  # no Downloads folder here
        name = filename or generate_datetime_filename(self.title, ".svg", time_format)
        self._write_screenshot(folder / name, self.export_screenshot())
        return None

    # --- the command palette ---------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from netui.screens.help import key_label  # the help's module, when first needed

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
            for binding in screen.BINDINGS
            if isinstance(binding, Binding)
        }
        if "undo" not in screen_actions:
            yield SystemCommand("Undo  (ctrl+z)", "Undo the last change", self.action_undo)
        yield SystemCommand(
            "Undo history…",
            "Every change that can be undone, newest first (kept when netui quits)",
            self.action_undo_history,
        )
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
        if "import_calendar" not in screen_actions:
            yield SystemCommand(
                "Import a calendar…",
                "A .ics file or a folder of them: meetings ahead with worksheets, past contact",
                lambda: self.action_import("ics"),
            )
        yield SystemCommand(
            "Settings…",
            "My name (signs intro requests), my emails, my organisation, half-life, cadence",
            self.action_settings,
        )
        # Every binding of the active screen with a description is a command too.
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                key = key_label(self, binding)
                yield SystemCommand(
                    f"{binding.description}  ({escape(key)})",  # a key from the config file
                    binding.tooltip or binding.description,
                    lambda action=binding.action: self.run_action(action, screen),
                )
        # The screen's own commands come from its COMMANDS (netui.screens.base).

    def on_unmount(self) -> None:
        self.watcher.close()
        close_database()


def make_app(
    db_path: Path | str,
    *,
    start_meeting: int | None = None,
    config_path: Path | None = None,
    open_today: bool = False,
) -> NetuiApp:
    """Open (and migrate) the database, then build the app on it.

    The one factory used by the command line, the tests and the benchmark. Raises
    :class:`~netui.db.errors.StorageError` with a sentence for the user.
    ``config_path`` replaces the user's config file (the screenshots use none).
    ``open_today`` (the command line's ``netui``): open on Today when anything is due.
    """
    path = db_path if is_server_url(db_path) else Path(db_path).expanduser()
    open_database(path)
    mode = None
    if open_today and start_meeting is None:
        from netui.db.today import anything_due

        mode = "today" if anything_due() else None
    app = NetuiApp(
        path, start_meeting=start_meeting, config_path=config_path, start_mode=mode,
        team=has_team(),
    )  # fmt: skip
    # A search is typed key by key here: a word with punctuation has its pairs built.
    build_pairs_when_asked(pace=app.typing_pause, done=heap.give_back_freed)
    return app
