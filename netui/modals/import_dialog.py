"""Import a file into the network: a CSV from LinkedIn, Google or Outlook (told apart
by its header), a vCard file, a netui JSON export, or a calendar (a .ics file or a
folder of them).

The import runs in a thread worker with a progress bar and can be cancelled; it
is all or nothing, so a bad file or a cancel leaves the database as it was, and
the reason is shown here in one sentence. Returns the report, or ``None``.

Cancelling sets a flag that the import polls while it reads the file and while it
writes (every few hundred records or a couple of thousand lines), so Escape takes
effect at once, whatever the size of the file. The worker itself is not cancelled:
it always runs to its end and reports, so the dialog never waits for an answer that
cannot come.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from netui.core.importers import ImportFileError
from netui.core.text import safe_line
from netui.database_work import report_failure
from netui.db.importing import CSV_KINDS, ImportCancelled, ImportReport, import_file
from netui.db.journal import undoable
from netui.db.models import database
from netui.widgets.text_input import TextInput

if TYPE_CHECKING:
    from netui.app import NetuiApp

KINDS = (
    ("CSV: LinkedIn, Google or Outlook (told by its header)", "csv"),
    ("LinkedIn Connections.csv", "linkedin"),
    ("Google Contacts CSV", "google"),
    ("Outlook CSV", "outlook"),
    ("vCard (.vcf), from a phone or Google", "vcard"),
    ("netui JSON export (into an empty database)", "json"),
    ("Calendar (.ics file, or a folder of them)", "ics"),
)


def guess_kind(path: str) -> str | None:
    """The kind a file's name suggests; a ``.csv`` is told apart by its header later."""
    suffix = Path(path).suffix.casefold()
    return {".csv": "csv", ".vcf": "vcard", ".vcard": "vcard", ".json": "json",
            ".ics": "ics"}.get(suffix)  # fmt: skip


def run_import(kind: str, path: Path, add_unknown: bool, progress, cancelled):
    """The import of ``kind`` (a calendar goes its own way); its report."""
    if kind == "ics":
        from netui.db.calendar import import_calendar

        return import_calendar(
            path, add_unknown=add_unknown, on_progress=progress, cancelled=cancelled
        )
    return import_file(kind, path, progress, cancelled=cancelled)


class ImportDialog(ModalScreen[ImportReport | None]):
    """Pick a kind and a file, then watch it import."""

    if TYPE_CHECKING:  # the only app netui makes; at run time Textual's own property
        app = getters.app(NetuiApp)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import.cancel", tooltip="Stop or close"),
    ]

    DEFAULT_CSS = """
    ImportDialog {
        align: center middle;
        & > #import {
            width: 80; max-width: 100%; height: auto;
            border: thick $primary 80%; background: $surface; padding: 0 1;
        }
        #import-title { text-style: bold; padding-bottom: 1; }
        .field-row { height: 1; margin-bottom: 1; }
        .field-label { width: 8; color: $text-muted; }
        .field-row Select, .field-row Input { width: 1fr; }
        #add-unknown { margin-bottom: 1; }
        #import-progress { margin-bottom: 1; }
        #import-progress.-idle { visibility: hidden; }
        #import-status { color: $text-muted; margin-bottom: 1; }
        #import-status.-error { color: $error; }
        #import-buttons { height: auto; align-horizontal: right; }
        #import-buttons Button { margin-left: 2; }
    }
    """

    def __init__(self, path: str = "", kind: str | None = None) -> None:
        super().__init__()
        self.initial_path = path
        self.initial_kind = kind or guess_kind(path) or "csv"
        self.running = False
        self.stop = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="import"):
            yield Static("Import contacts", id="import-title")
            with Horizontal(classes="field-row"):
                yield Label("Kind", classes="field-label")
                yield Select(
                    KINDS, value=self.initial_kind, allow_blank=False, compact=True, id="kind"
                )
            with Horizontal(classes="field-row"):
                yield Label("File", classes="field-label")
                yield TextInput(
                    self.initial_path,
                    placeholder="~/Downloads/Connections.csv",
                    compact=True,
                    id="path",
                )
            yield Checkbox(
                "Add the attendees nobody has as contacts",
                id="add-unknown",
                compact=True,
            )
            # Seen only while an import runs: a bar moving before is a false promise.
            yield ProgressBar(total=None, show_eta=False, id="import-progress", classes="-idle")
            yield Static(
                "All or nothing: a file with a problem changes nothing.", id="import-status"
            )
            with Horizontal(id="import-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Import", variant="primary", id="start")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self._kind_shown(self.initial_kind)

    def _kind_shown(self, kind: object) -> None:
        self.query_one("#add-unknown").display = kind == "ics"
        title = "Import a calendar" if kind == "ics" else "Import contacts"
        self.query_one("#import-title", Static).update(title)

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._kind_shown(event.value)

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        kind = guess_kind(event.value)
        select = self.query_one("#kind", Select)
        # A CSV whose format was chosen by hand keeps it; the header is checked anyway.
        if kind is not None and not (kind == "csv" and select.value in CSV_KINDS):
            select.value = kind

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        if self.running:
            return
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self._status("Type the path of the file to import.", error=True)
            return
        path = Path(raw).expanduser()
        kind = str(self.query_one("#kind", Select).value)
        if not (path.is_file() or (kind == "ics" and path.is_dir())):
            self._status(f"There is no file at {safe_line(str(path))}.", error=True)
            return
        add_unknown = kind == "ics" and self.query_one("#add-unknown", Checkbox).value
        self.stop = threading.Event()
        self.running = True
        self.query_one("#start", Button).disabled = True
        self.query_one(ProgressBar).remove_class("-idle")
        self._status(f"Importing {safe_line(path.name)}…")
        self._import(kind, path, self.app.current_mode, add_unknown)

    def _status(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#import-status", Static)
        status.update(Text(message))
        status.set_class(error, "-error")

    def _progress(self, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _import(self, kind: str, path: Path, screen: str, add_unknown: bool = False) -> None:
        worker = get_current_worker()
        stop = self.stop

        def cancelled() -> bool:
            return stop.is_set() or worker.is_cancelled

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, done, total)

        try:
            # One undo step, belonging to the screen the import was started from.
            with database.connection_context(), undoable(f"import of {path.name}", screen):
                report = run_import(kind, path, add_unknown, progress, cancelled)
        except ImportCancelled:
            self.app.call_from_thread(self._finished, None, "Cancelled: nothing was imported.")
        except (ImportFileError, OSError, ValueError) as error:
            self.app.call_from_thread(self._finished, None, f"{error} Nothing was imported.")
        except Exception as error:  # one sentence, never a traceback (that goes to the log)
            sentence = report_failure(error, f"import of {path.name}", self.app.log_file)
            self.app.call_from_thread(self._finished, None, f"{sentence} Nothing was imported.")
        else:
            self.app.call_from_thread(self._finished, report, report.summary())

    def _finished(self, report: ImportReport | None, message: str) -> None:
        self.running = False
        if report is not None:
            self.dismiss(report)
            return
        self._status(message, error=True)
        self.query_one("#start", Button).disabled = False
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.query_one(ProgressBar).add_class("-idle")

    def action_cancel(self) -> None:
        if self.running:
            self.stop.set()
            self._status("Cancelling…")
            return
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
