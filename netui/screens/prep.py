"""The Prep screen: meetings (upcoming first, then past) beside the selected worksheet.

Edits are saved as you go: each change is kept in ``pending`` and written a moment
after the last keystroke, on ctrl+s, before another meeting is shown, and whenever
the screen is left (another screen, a dialog over it). Saves run one at a time in a
worker, so an older text can never overwrite a newer one. When the app closes
(ctrl+q, the terminal closed, SIGTERM), :meth:`PrepScreen.save_now` writes what is
left at once, read from the fields themselves, and supersedes a save still on its
way.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static

from netui.core.text import safe_line
from netui.core.worksheet import export_filename, gauge, intro_request, to_markdown, write_private
from netui.db.meetings import (
    MeetingRow,
    WorksheetView,
    create_worksheet,
    get_worksheet,
    list_meetings,
    mark_done,
    reopen,
    undo_done,
    update_worksheet,
    worksheet_view,
)
from netui.db.models import database
from netui.key_gate import KeyHold
from netui.modals.contact_picker import NOBODY, ContactPicker
from netui.modals.give_first_picker import GiveFirstPicker
from netui.modals.meeting_done import MeetingDoneForm, MeetingOutcome
from netui.widgets.keys_footer import KeysFooter
from netui.widgets.meeting_list import MeetingList, meeting_id_of
from netui.widgets.worksheet_editor import WorksheetEditor

#: Seconds of quiet after an edit before it is written.
SAVE_DELAY = 0.6

Batch = dict[int, dict[str, object]]


def save_batch(batch: Batch) -> str | None:
    """Write pending edits of several meetings; the first problem as a sentence."""
    problems = []
    for meeting_id, changes in batch.items():
        try:
            update_worksheet(meeting_id, changes)
        except Exception as error:  # reported, never lost silently
            problems.append(f"Could not save the worksheet: {error}")
    return problems[0] if problems else None


def export_folder(db_path: Path) -> Path:
    """The current folder when I can write there, else the database's folder."""
    try:
        here = Path.cwd()
    except OSError:
        return db_path.parent
    return here if os.access(here, os.W_OK) else db_path.parent


def export_worksheet(meeting_id: int, folder: Path) -> Path:
    """Write the worksheet as Markdown (0600, never through a symlink); the path."""
    view = worksheet_view(meeting_id)
    path = folder / export_filename(view.worksheet)
    try:
        write_private(path, to_markdown(view.worksheet, my_name=view.my_name, meter=view.meter))
    except OSError as error:
        raise ValueError(f"Cannot write {path}: {error.strerror}.") from None
    return path


def set_introducer(meeting_id: int, introducer_id: int | None):
    update_worksheet(meeting_id, {"introducer_id": introducer_id})
    return get_worksheet(meeting_id)


def close_meeting(meeting_id: int, result: MeetingOutcome) -> list[int]:
    """Mark done; the ids of the exchanges logged (for the undo)."""
    return mark_done(
        meeting_id,
        outcome=result.outcome,
        follow_up=result.follow_up,
        exchanges=result.exchanges,
    )


class PrepScreen(Screen):
    """Worksheets to read and fill before a coffee chat."""

    TITLE = "Prep"
    CSS_PATH = "prep.tcss"
    #: Below 100 columns the meeting list narrows, to leave the worksheet room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save",
            show=False,
            id="prep.save",
            tooltip="Save the worksheet now (it is also saved as you type)",
        ),
        Binding(
            "ctrl+n",
            "new_worksheet",
            "New",
            id="prep.new",
            tooltip="Start a worksheet with a contact",
        ),
        Binding(
            "ctrl+g",
            "give_first",
            "Give",
            id="prep.give_first",
            tooltip="Pick what you give first from the bank of goods, or type it",
        ),
        Binding(
            "f2",
            "pick_introducer",
            "Introducer",
            id="prep.introducer",
            tooltip="Who introduces you (or nobody)",
        ),
        Binding(
            # Not ctrl+b: that is tmux's prefix key and never reached netui under tmux.
            "f3",
            "copy_intro",
            "Copy intro",
            id="prep.copy_intro",
            tooltip="Copy the intro request for the introducer to the clipboard",
        ),
        Binding(
            "ctrl+o",
            "export",
            "Export",
            id="prep.export",
            tooltip="Write the worksheet as a Markdown file (readable by you only)",
        ),
        Binding(
            "ctrl+t",
            "mark_done",
            "Done",
            id="prep.done",
            tooltip="After the meeting: outcome, follow-up, what was given and received",
        ),
        Binding(
            "escape",
            "focus_list",
            "Meetings",
            show=False,
            id="prep.list",
            tooltip="Go to the meeting list",
        ),
        Binding(
            "f5,ctrl+r",
            "refresh",
            "Refresh",
            show=False,
            id="prep.refresh",
            tooltip="Read the database again (changes from another window)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pending: Batch = {}
        self._saving = False
        #: The batch a worker is writing, and the serials that keep an older batch
        #: from landing after :meth:`save_now` wrote a newer one.
        self._in_flight: Batch = {}
        self._batches = 0
        self._written_upto = 0
        self._write_lock = threading.Lock()
        self._after_save: list[Callable[[], object]] = []
        self._save_timer: Timer | None = None
        #: The meeting asked for by show_meeting(), applied once the list is loaded.
        self._wanted: int | None = None
        self._loading: int | None = None
        #: A meeting whose first empty field gets the focus once it is shown, and the
        #: keys that wait for it.
        self._focus_wanted: tuple[int, KeyHold | None] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="prep-main"):
            with Vertical(id="meetings-pane"):
                yield Static("Meetings", id="meetings-title")
                yield MeetingList(id="meeting-list")
            yield WorksheetEditor(id="worksheet")
        yield KeysFooter()

    @property
    def meeting_list(self) -> MeetingList:
        return self.query_one("#meeting-list", MeetingList)

    @property
    def editor(self) -> WorksheetEditor:
        return self.query_one("#worksheet", WorksheetEditor)

    def on_mount(self) -> None:
        self.meeting_list.focus()
        self.reload_list(keep=self._wanted)
        self.app.save_on_exit(self)  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        if self.meeting_list.loaded:
            self.reload_list(keep=self.editor.meeting_id)

    def on_screen_suspend(self) -> None:
        # Another screen, or a dialog over this one: write what was typed now.
        self._take_unsent()
        self.flush()

    def on_unmount(self) -> None:
        # The app is closing: write what is left (the app's exit() saved before the
        # fields were taken down; this catches what came after).
        self.save_now()

    def _take_unsent(self) -> None:
        """Add to ``pending`` what the fields show and no change message has brought yet."""
        if not self.is_mounted or not self.query("#worksheet"):
            return  # not composed yet, or already taken down
        meeting_id = self.editor.meeting_id
        changes = self.editor.unsaved_changes()
        if meeting_id is not None and changes:
            self.pending.setdefault(meeting_id, {}).update(changes)

    def save_now(self) -> None:
        """Write every edit at once, on this thread: the app is closing (ctrl+q, the
        terminal closed, SIGTERM). A batch a worker has not written yet is written
        here too, and the worker then leaves it (it would be older)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._take_unsent()
        batch: Batch = {}
        for source in (self._in_flight, self.pending):
            for meeting_id, changes in source.items():
                batch.setdefault(meeting_id, {}).update(changes)
        self.pending = {}
        with self._write_lock:
            self._written_upto = self._batches
            if batch:
                with database.connection_context():
                    problem = save_batch(batch)
                if problem:
                    self.app.say(problem, "error")

    # --- opening a meeting -----------------------------------------------------------

    def show_meeting(self, meeting_id: int, *, focus_hold: KeyHold | None = None) -> None:
        """Show one meeting's worksheet; works before the screen's data has loaded.

        With ``focus_hold`` (keys held by the caller), the worksheet's first empty
        field gets the focus once it is shown, and the keys go on there.
        """
        self._wanted = meeting_id
        if focus_hold is not None:
            self.focus_when_shown(meeting_id, focus_hold)
        if self.is_mounted:
            self.reload_list(keep=meeting_id)

    def focus_when_shown(self, meeting_id: int, hold: KeyHold | None) -> None:
        """Put the focus in ``meeting_id``'s first empty field once it is shown."""
        self._release_focus_hold()
        self._focus_wanted = (meeting_id, hold)
        if self.is_mounted and self.editor.meeting_id == meeting_id and self._loading is None:
            self._focus_if_wanted()

    def _focus_if_wanted(self) -> None:
        """The worksheet on show is the one asked for: into its first empty field."""
        wanted = self._focus_wanted
        if wanted is None or wanted[0] != self.editor.meeting_id:
            return
        self.editor.focus_first_empty()
        self._release_focus_hold()

    def _release_focus_hold(self) -> None:
        if self._focus_wanted is not None:
            _, hold = self._focus_wanted
            self._focus_wanted = None
            self.app.release_keys(hold)  # type: ignore[attr-defined]

    def reload_list(self, keep: int | None = None, *, reload_sheet: bool = False) -> None:
        def listed(rows: list[MeetingRow]) -> None:
            wanted = self._wanted if self._wanted is not None else keep
            self._wanted = None
            self.meeting_list.show(rows, keep=wanted)
            target = self.meeting_list.meeting_id
            if self._focus_wanted is not None and self._focus_wanted[0] != target:
                self._release_focus_hold()  # that meeting is gone
            if target is None:
                self.editor.load(None)
            elif reload_sheet or target != self.editor.meeting_id:
                self.load_meeting(target)
            else:
                self._focus_if_wanted()

        self.app.run_db(
            list_meetings, done=listed, group="prep-list", exclusive=True, hold_keys=self._hold()
        )

    def _hold(self) -> KeyHold | None:
        """The keys waiting for a field to be focused (released if a read fails)."""
        return self._focus_wanted[1] if self._focus_wanted is not None else None

    def load_meeting(self, meeting_id: int) -> None:
        """Save what is pending, then show ``meeting_id``."""
        self._loading = meeting_id

        def loaded(view: WorksheetView) -> None:
            self._loading = None
            self.editor.load(view)
            self._focus_if_wanted()

        def load() -> None:
            self.app.run_db(
                worksheet_view,
                meeting_id,
                done=loaded,
                group="prep-load",
                exclusive=True,
                hold_keys=self._hold(),
            )

        self.flush(then=load)

    @on(OptionList.OptionHighlighted, "#meeting-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        meeting_id = meeting_id_of(event.option)
        if meeting_id is None or meeting_id in (self.editor.meeting_id, self._loading):
            return
        if meeting_id != self.meeting_list.meeting_id:
            return  # the cursor has moved on since (the list was refilled): not this one
        self.load_meeting(meeting_id)

    @on(OptionList.OptionSelected, "#meeting-list")
    def _selected(self) -> None:
        fields = self.editor.query("Input, TextArea")
        if fields:
            self.set_focus(fields.first())  # from the list into the worksheet's first field

    # --- saving ----------------------------------------------------------------------

    @on(WorksheetEditor.Edited)
    def _edited(self, event: WorksheetEditor.Edited) -> None:
        self.pending.setdefault(event.meeting_id, {})[event.key] = event.value
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.flush)
        sheet = self.editor.worksheet
        row = self.meeting_list.rows.get(event.meeting_id)
        if sheet is not None and row is not None and sheet.id == event.meeting_id:
            filled, _ = gauge(sheet)
            self.meeting_list.update_row(
                replace(row, filled=filled, purpose=sheet.purpose, scheduled_at=sheet.scheduled_at)
            )

    def flush(self, then: Callable[[], object] | None = None) -> None:
        """Write every pending edit (one save at a time), then call ``then``."""
        if then is not None:
            self._after_save.append(then)
        if self._saving:
            return  # _saved() picks up what is left
        if not self.pending:
            callbacks, self._after_save = self._after_save, []
            for callback in callbacks:
                callback()
            return
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        batch, self.pending = self.pending, {}
        self._saving = True
        self._in_flight = batch
        self._batches += 1
        self.app.run_db(self._write, batch, self._batches, done=self._saved, group="prep-save")

    def _write(self, batch: Batch, serial: int) -> str | None:
        """Write one batch (in a worker), unless save_now() has written it already."""
        with self._write_lock:
            if serial <= self._written_upto:
                return None
            problem = save_batch(batch)
            self._written_upto = serial
            return problem

    def _saved(self, problem: str | None) -> None:
        self._saving = False
        self._in_flight = {}
        if problem:
            self.app.say(problem, "error")
        self.flush()

    # --- actions ---------------------------------------------------------------------

    def _current(self) -> int | None:
        meeting_id = self.editor.meeting_id
        if meeting_id is None:
            self.app.say("There is no worksheet yet: press ctrl+n to start one.", "warning")
        return meeting_id

    def action_save(self) -> None:
        self.flush(then=lambda: self.app.say("Saved."))

    def action_focus_list(self) -> None:
        self.meeting_list.focus()

    def action_refresh(self) -> None:
        self.flush(then=lambda: self.reload_list(keep=self.editor.meeting_id, reload_sheet=True))

    def action_new_worksheet(self) -> None:
        def picked(contact_id: int | None) -> None:
            if contact_id is None:
                return

            hold = self.app.hold_keys("the new worksheet was opening")  # type: ignore[attr-defined]

            def created(meeting_id: int) -> None:
                self.app.say("Started a new worksheet.")
                self.focus_when_shown(meeting_id, hold)
                self.reload_list(keep=meeting_id)

            self.flush(
                then=lambda: self.app.run_db(
                    create_worksheet, contact_id, done=created, hold_keys=hold
                )
            )

        self.app.push_screen(ContactPicker("Start a worksheet with…"), picked)

    def action_give_first(self) -> None:
        sheet = self.editor.worksheet
        if self._current() is None or sheet is None:
            return

        def picked(line: str | None) -> None:
            if line:
                self.editor.append_to_section("give_first", f"- {line}")

        self.app.push_screen(GiveFirstPicker(sheet.contact_id), picked)

    def action_pick_introducer(self) -> None:
        meeting_id = self._current()
        if meeting_id is None:
            return
        sheet = self.editor.worksheet
        name = safe_line(sheet.contact_name) if sheet else "them"

        def picked(contact_id: int | None) -> None:
            if contact_id is None:
                return
            introducer = None if contact_id == NOBODY else contact_id
            self.flush(
                then=lambda: self.app.run_db(
                    set_introducer, meeting_id, introducer, done=self.editor.set_worksheet
                )
            )

        self.app.push_screen(
            ContactPicker(f"Who introduces you to {name}?", allow_nobody=True), picked
        )

    def action_copy_intro(self) -> None:
        if self._current() is None:
            return
        sheet = self.editor.worksheet
        view = self.editor.view
        assert sheet is not None and view is not None
        text = intro_request(sheet, view.my_name)
        if not text:
            self.app.say(
                "This meeting has no introducer: press f2 to pick who introduces you.", "warning"
            )
            return
        self.app.copy_to_clipboard(text)
        self.app.say(f"Copied the intro request for {safe_line(sheet.introducer_name)}.")

    def action_export(self) -> None:
        meeting_id = self._current()
        if meeting_id is None:
            return
        folder = export_folder(self.app.db_path)  # type: ignore[attr-defined]

        def written(path: Path) -> None:
            self.app.say(f"Wrote the worksheet to {path}.", timeout=10)

        self.flush(
            then=lambda: self.app.run_db(
                export_worksheet, meeting_id, folder, done=written, group="prep-export"
            )
        )

    def action_mark_done(self) -> None:
        meeting_id = self._current()
        sheet = self.editor.worksheet
        if meeting_id is None or sheet is None:
            return

        def recorded(ids: list[int]) -> None:
            count = len(ids)
            logged = f" Logged {count} exchange{'s' if count != 1 else ''}." if count else ""
            name = safe_line(sheet.contact_name)
            self.app.push_undo(  # type: ignore[attr-defined]
                f"mark the meeting with {name} done",
                lambda: undo_done(meeting_id, ids, sheet.outcome, sheet.follow_up),
                screen=self,
            )
            self.reload_list(keep=meeting_id, reload_sheet=True)
            self.action_focus_list()  # so that ctrl+z reaches the app, not a text field
            self.app.say(f"Marked the meeting with {name} done.{logged} Press ctrl+z to undo.")

        def closed(result: MeetingOutcome | None) -> None:
            if result is None:
                return
            self.flush(
                then=lambda: self.app.run_db(close_meeting, meeting_id, result, done=recorded)
            )

        self.app.push_screen(
            MeetingDoneForm(sheet.contact_name, sheet.outcome, sheet.follow_up), closed
        )

    def action_reopen(self) -> None:
        meeting_id = self._current()
        if meeting_id is None:
            return
        self.app.run_db(
            reopen,
            meeting_id,
            done=lambda _: self.reload_list(keep=meeting_id, reload_sheet=True),
        )

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Reopen this meeting",
            "Mark the selected meeting as not done (its exchanges stay logged)",
            self.action_reopen,
        )
