"""The Prep screen: meetings (upcoming first, then past) beside the selected worksheet.

Edits are saved as you go: each change is kept in ``pending`` and written a moment
after the last keystroke, on ctrl+s, before another meeting is shown, and whenever
the screen is left (another screen, a dialog over it). Saves run one at a time in a
worker, so an older text can never overwrite a newer one. When the app closes
(ctrl+q, the terminal closed, SIGTERM), :meth:`PrepScreen.save_now` writes what is
left at once, read from the fields themselves, and supersedes a save still on its
way.

The actions on the open worksheet are in :mod:`.prep_actions`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import replace

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import OptionList, Static

from netui.core.worksheet import gauge
from netui.db.edits import Conflict, resolved
from netui.db.meetings import (
    MeetingRow,
    WorksheetView,
    list_meetings,
    worksheet_view,
)
from netui.db.models import database
from netui.db.worksheet_saves import Batch, Saved, save_batch
from netui.key_gate import KeyHold
from netui.modals.conflict import ConflictDialog
from netui.screens.base import NetuiScreen
from netui.screens.prep_actions import WorksheetActions
from netui.screens.prep_sharing import SHARE_TOOLTIP, WorksheetSharing
from netui.widgets.keys_footer import KeysFooter
from netui.widgets.meeting_list import MeetingList
from netui.widgets.worksheet_editor import WorksheetEditor

#: Seconds of quiet after an edit before it is written.
SAVE_DELAY = 0.6


class PrepScreen(WorksheetSharing, WorksheetActions, NetuiScreen):
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
        Binding("f4", "toggle_shared", "Share", id="prep.share", tooltip=SHARE_TOOLTIP),
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
            tooltip="The intro request for the introducer: copied, editable, or saved to a file",
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
        #: For each pending field, the stored value it was edited against.
        self.bases: Batch = {}
        self._saving = False
        #: The batch a worker is writing, and the serials that keep an older batch
        #: from landing after :meth:`save_now` wrote a newer one.
        self._in_flight: Batch = {}
        self._in_flight_bases: Batch = {}
        self._batches = 0
        self._written_upto = 0
        self._write_lock = threading.Lock()
        self._after_save: list[Callable[[], object]] = []
        self._save_timer: Timer | None = None
        #: The meeting asked for by show_meeting(), applied once the list is loaded.
        self._wanted: int | None = None
        #: The meeting a list read on its way should highlight (a refresh keeps it).
        self._keep: int | None = None
        self._loading: int | None = None
        #: A meeting whose first empty field gets the focus once it is shown, and the
        #: keys that wait for it.
        self._focus_wanted: tuple[int, KeyHold | None] | None = None
        #: Show this meeting's intro request once its worksheet is loaded.
        self._intro_after_load: int | None = None

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
        self.app.save_on_exit(self)

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
            mine = self.bases.setdefault(meeting_id, {})
            for key in changes:
                mine.setdefault(key, self.editor.base(key))

    def save_now(self) -> None:
        """Write every edit at once, on this thread: the app is closing (ctrl+q, the
        terminal closed, SIGTERM). A batch a worker has not written yet is written
        here too, and the worker then leaves it (it would be older)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self._take_unsent()
        batch: Batch = {}
        bases: Batch = {}
        flying = ((self._in_flight, self._in_flight_bases), (self.pending, self.bases))
        for source, source_bases in flying:
            for meeting_id, changes in source.items():
                batch.setdefault(meeting_id, {}).update(changes)
                mine = bases.setdefault(meeting_id, {})
                for key, value in source_bases.get(meeting_id, {}).items():
                    mine.setdefault(key, value)  # the oldest base: what the edit began from
        self.pending, self.bases = {}, {}
        with self._write_lock:
            self._written_upto = self._batches
            if batch:
                with database.connection_context():
                    # No one left to ask: a field also changed elsewhere keeps that value.
                    results = save_batch(batch, bases)
                for result in results:
                    if result.problem:
                        self.app.say(result.problem, "error")

    # --- opening a meeting -----------------------------------------------------------

    def show_meeting(
        self,
        meeting_id: int,
        *,
        focus_hold: KeyHold | None = None,
        intro_request: bool = False,
    ) -> None:
        """Show one meeting's worksheet; works before the screen's data has loaded.

        With ``focus_hold`` (keys held by the caller), the worksheet's first empty
        field gets the focus once it is shown, and the keys go on there. With
        ``intro_request``, its intro request follows (asking a broker).
        """
        self._wanted = meeting_id
        self._intro_after_load = meeting_id if intro_request else None
        if focus_hold is not None:
            self.focus_when_shown(meeting_id, focus_hold)
        if self.is_mounted:
            # Asking a broker changed the introducer of a worksheet that may be on show.
            self.reload_list(keep=meeting_id, reload_sheet=intro_request)

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
            self.app.release_keys(hold)

    def reload_list(self, keep: int | None = None, *, reload_sheet: bool = False) -> None:
        self._keep = keep

        def listed(rows: list[MeetingRow]) -> None:
            # A meeting asked for by show_meeting() wins until its worksheet is shown:
            # a reload started on resuming the screen may land after the one it made.
            # So does one whose field waits for the keys typed meanwhile: a reload
            # that keeps another meeting (a change noticed as it was created) must not
            # send those keys to the list.
            ids = {row.id for row in rows}
            focus = self._focus_wanted[0] if self._focus_wanted is not None else None
            wanted = next((m for m in (self._wanted, focus) if m is not None), keep)
            if wanted is not None and wanted not in ids:
                self._wanted = None
            self._keep = None
            self.meeting_list.show(rows, keep=wanted)
            target = self.meeting_list.meeting_id
            if focus is not None and focus != target:
                self._release_focus_hold()  # that meeting is gone (or another was asked for)
            if target is None:
                self.editor.load(None)
            elif (
                reload_sheet or target != self.editor.meeting_id or self._intro_after_load == target
            ):
                # Also when a reload asked by show_meeting() was superseded by one that
                # did not ask (resuming the screen, a change noticed): the intro request
                # waits for a fresh read of its worksheet (the introducer just changed).
                self.load_meeting(target)  # its load clears _wanted once shown
            else:
                if self._wanted == target and self._loading is None:
                    self._wanted = None  # already on show
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
            if self._wanted == view.worksheet.id:
                self._wanted = None
            self.editor.load(view)
            self._focus_if_wanted()
            if self._intro_after_load == view.worksheet.id:
                self._intro_after_load = None
                self.action_copy_intro()

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
        # The highlight as it is now: a message from a list rebuilt since is stale (a
        # reload on resuming the screen, then one from show_meeting, on Python 3.13).
        meeting_id = self.meeting_list.meeting_id
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

    def data_changed(self) -> None:
        """Something was committed elsewhere (or by our own save): read the list again
        and let the open worksheet take what changed underneath it."""
        if not self.meeting_list.loaded:
            return
        keep = next(
            (
                meeting
                for meeting in (self._keep, self._loading, self.meeting_list.meeting_id)
                if meeting is not None
            ),
            self.editor.meeting_id,
        )
        self.reload_list(keep=keep)
        meeting_id = self.editor.meeting_id
        if meeting_id is not None:
            self.app.run_db(
                worksheet_view,
                meeting_id,
                done=self._underneath,
                group="prep-underneath",
                exclusive=True,
            )

    def _underneath(self, view: WorksheetView) -> None:
        taken = self.editor.underneath(view)
        if taken:
            self.app.say(f"Changed elsewhere, now shown: {', '.join(taken)}.")

    @on(WorksheetEditor.Edited)
    def _edited(self, event: WorksheetEditor.Edited) -> None:
        if event.meeting_id == self.editor.meeting_id:
            # Against what is stored: the value a save on its way is writing, if any
            # (else the next save would take the user's own typing for a conflict).
            writing = self._in_flight.get(event.meeting_id, {})
            base = writing[event.key] if event.key in writing else self.editor.base(event.key)
            self.bases.setdefault(event.meeting_id, {}).setdefault(event.key, base)
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
        bases, self.bases = self.bases, {}
        self._saving = True
        self._in_flight, self._in_flight_bases = batch, bases
        self._batches += 1
        self.app.run_db(
            self._write, batch, bases, self._batches, done=self._saved, group="prep-save"
        )

    def _write(self, batch: Batch, bases: Batch, serial: int) -> list[Saved]:
        """Write one batch (in a worker), unless save_now() has written it already."""
        with self._write_lock:
            if serial <= self._written_upto:
                return []
            results = save_batch(batch, bases)
            self._written_upto = serial
            return results

    def _saved(self, results: list[Saved]) -> None:
        self._in_flight, self._in_flight_bases = {}, {}
        conflicts = []
        for result in results:
            if result.problem:
                self.app.say(result.problem, "error")
            elif result.outcome is not None and result.outcome.saved:
                self.editor.saved(result.meeting_id, result.changes)
            elif result.outcome is not None:
                conflicts.append(result)
        if conflicts:
            self._ask(conflicts)  # saving waits for the answers
            return
        self._saving = False
        self.flush()

    def _ask(self, waiting: list[Saved]) -> None:
        """One worksheet's fields changed both here and elsewhere: which to keep?"""
        result, rest = waiting[0], waiting[1:]
        assert result.outcome is not None
        found: tuple[Conflict, ...] = result.outcome.conflicts

        def chosen(choices: dict[str, object] | None) -> None:
            if choices is None:  # keep what was saved elsewhere
                choices = {conflict.field: conflict.theirs for conflict in found}
            loaded, wanted = resolved(result.loaded, result.changes, found, choices)
            for conflict in found:
                if choices[conflict.field] == conflict.theirs:
                    self.editor.take(conflict.field, conflict.theirs)
            # Saved again at once, unless newer edits of the same fields are waiting.
            pending = self.pending.setdefault(result.meeting_id, {})
            bases = self.bases.setdefault(result.meeting_id, {})
            for key, value in wanted.items():
                if key not in pending:
                    pending[key] = value
                    bases[key] = loaded.get(key, value)
                else:
                    bases[key] = loaded.get(key, bases.get(key))
            if rest:
                self._ask(rest)
            else:
                self._saving = False
                self.flush()

        sheet = self.editor.worksheet
        name = sheet.contact_name if sheet and sheet.id == result.meeting_id else ""
        self.app.push_screen(
            ConflictDialog(
                found, f"the worksheet for {name}" if name else "a worksheet", cancel="Keep theirs"
            ),
            chosen,
        )

    # --- actions ---------------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield from self.sharing_commands()
        yield SystemCommand(
            "Reopen this meeting",
            "Mark the selected meeting as not done (its exchanges stay logged)",
            self.action_reopen,
        )
