"""The Prep screen's autosave (mixed into :class:`~netui.screens.prep.PrepScreen`).

Each change is kept in ``pending`` and written a moment after the last keystroke, on
ctrl+s, before another meeting is shown, and whenever the screen is left. Saves run
one at a time in a worker (:meth:`WorksheetAutosave._write_batch`), so an older text
can never overwrite a newer one; a field changed here and elsewhere asks which to
keep. When the app closes, :meth:`WorksheetAutosave.save_now` writes what is left at
once, on the event loop's thread, and supersedes a save still on its way.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.timer import Timer

from netui.core.worksheet import gauge
from netui.db.edits import Conflict, resolved
from netui.db.models import database
from netui.db.worksheet_saves import Batch, Saved, save_batch
from netui.modals.conflict import ConflictDialog
from netui.widgets.worksheet_editor import WorksheetEditor
from netui.workers import db_work

if TYPE_CHECKING:
    from netui.screens.base import NetuiScreen
    from netui.widgets.meeting_list import MeetingList

    _Screen = NetuiScreen
else:
    _Screen = object

#: Seconds of quiet after an edit before it is written.
SAVE_DELAY = 0.6


class BatchWritten(Message):
    """One batch of worksheet edits was written: each worksheet's result."""

    def __init__(self, results: list[Saved]) -> None:
        super().__init__()
        self.results = results


class WorksheetAutosave(_Screen):
    """Pending edits, their writes one batch at a time, and the conflicts they meet."""

    if TYPE_CHECKING:  # PrepScreen's

        @property
        def meeting_list(self) -> MeetingList: ...

        @property
        def editor(self) -> WorksheetEditor: ...

    def _start_autosave(self) -> None:
        """The autosave's state (from the screen's ``__init__``)."""
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

    def on_worksheet_editor_edited(self, event: WorksheetEditor.Edited) -> None:
        # A handler by its name: the mixin is no MessagePump, so @on would not register.
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
        self._write_batch(batch, bases, self._batches)

    @db_work(group="prep-save", description="save the worksheet")
    def _write_batch(self, batch: Batch, bases: Batch, serial: int) -> Message:
        return BatchWritten(self._write(batch, bases, serial))

    def on_batch_written(self, message: BatchWritten) -> None:
        self._saved(message.results)

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
        result = waiting[0]
        assert result.outcome is not None
        sheet = self.editor.worksheet
        name = sheet.contact_name if sheet and sheet.id == result.meeting_id else ""
        self.app.push_screen(
            ConflictDialog(
                result.outcome.conflicts,
                f"the worksheet for {name}" if name else "a worksheet",
                cancel="Keep theirs",
            ),
            partial(self._conflicts_chosen, waiting),
        )

    def _conflicts_chosen(self, waiting: list[Saved], choices: dict[str, object] | None) -> None:
        result, rest = waiting[0], waiting[1:]
        assert result.outcome is not None
        found: tuple[Conflict, ...] = result.outcome.conflicts
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
