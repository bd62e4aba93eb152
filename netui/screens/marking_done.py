"""Marking a meeting done, from the Prep screen or the Today screen.

First what the worksheet would teach the contact is read (a preview, in a worker),
then the done form shows it beside the outcome, follow-up and exchanges; saving
closes the meeting, logs the exchanges and, when the box is ticked, writes the facts
back to the contact, all in one transaction. One undo step takes it all back. The
outcome and follow-up are written only where nobody changed them since the form
showed them (:mod:`netui.db.edits`); a clash asks which to keep.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from netui.core.text import safe_line
from netui.db.edits import EditOutcome, plan
from netui.db.meetings import FIELD_LABELS, ExchangeEntry, get_worksheet, mark_done
from netui.db.models import database
from netui.screens.saving import save_edit

# The done form (a TextArea and its documents) and the write-back are imported when a
# meeting is first marked done.
if TYPE_CHECKING:
    from netui.app import NetuiApp
    from netui.db.continuity import WriteBack
    from netui.modals.meeting_done import MeetingOutcome


@dataclass(frozen=True)
class ClosedMeeting:
    """What marking done wrote."""

    meeting_id: int
    contact_id: int
    exchanges: int  # how many were logged
    taught: bool  # the contact's facts were written back


def close_meeting(
    meeting_id: int,
    exchanges: Sequence[ExchangeEntry],
    loaded: dict[str, object],
    wanted: dict[str, object],
    write_back: WriteBack | None = None,
) -> EditOutcome:
    """Mark done with the outcome and follow-up the form showed as ``loaded`` and was
    saved as ``wanted`` (``outcome``, ``follow_up``): a field also changed elsewhere
    since is a conflict and nothing is written; otherwise the meeting is done,
    ``exchanges`` are logged and ``write_back`` (if given) teaches the contact, in
    one transaction."""
    with database.atomic():
        sheet = get_worksheet(meeting_id)
        current = {"outcome": sheet.outcome, "follow_up": sheet.follow_up}
        writes, conflicts = plan(loaded, wanted, current, labels=FIELD_LABELS)
        if conflicts:
            return EditOutcome(conflicts=tuple(conflicts))
        final = {**current, **writes}
        follow_up = final["follow_up"]
        assert follow_up is None or isinstance(follow_up, dt.date)  # the form's or stored
        mark_done(
            meeting_id,
            outcome=str(final["outcome"]),
            follow_up=follow_up,
            exchanges=exchanges,
        )
        if write_back is not None:
            from netui.db.continuity import apply_write_back

            apply_write_back(write_back)
    return EditOutcome(written=tuple(writes))


def done_message(name: str, closed: ClosedMeeting) -> str:
    count = closed.exchanges
    logged = f" Logged {count} exchange{'s' if count != 1 else ''}." if count else ""
    taught = f" Updated {name}'s contact." if closed.taught else ""
    return f"Marked the meeting with {name} done.{logged}{taught} Press ctrl+z to undo."


def mark_meeting_done(
    app: NetuiApp,
    meeting_id: int,
    contact_name: str,
    *,
    outcome: str = "",
    follow_up: dt.date | None = None,
    done: Callable[[ClosedMeeting], object],
) -> None:
    """The whole flow: preview, form, close, undo step; ``done(closed)`` afterwards."""
    MarkingDone(app, meeting_id, contact_name, outcome, follow_up, done).start()


@dataclass
class MarkingDone:
    """One run of :func:`mark_meeting_done`, step by step: each step's answer goes to
    the next method (the preview read by the app's worker,
    :class:`~netui.screens.done_preview.PreviewWork`, the form's result, the save)."""

    app: NetuiApp
    meeting_id: int
    contact_name: str
    outcome: str
    follow_up: dt.date | None
    done: Callable[[ClosedMeeting], object]

    def start(self) -> None:
        self.app.read_preview(self)

    def ask(self, preview: WriteBack) -> None:
        from netui.modals.meeting_done import MeetingDoneForm

        form = MeetingDoneForm(self.contact_name, self.outcome, self.follow_up, write_back=preview)
        self.app.push_screen(form, partial(self._closed, preview))

    def _closed(self, preview: WriteBack, result: MeetingOutcome | None) -> None:
        if result is None:
            return
        teach = preview if result.update_contact and preview.changes else None
        summary = ClosedMeeting(
            self.meeting_id, preview.contact_id, len(result.exchanges), teach is not None
        )
        save_edit(
            self.app,
            partial(close_meeting, self.meeting_id, result.exchanges, write_back=teach),
            {"outcome": self.outcome, "follow_up": self.follow_up},
            {"outcome": result.outcome.strip(), "follow_up": result.follow_up},
            undo=f"mark the meeting with {self.contact_name} done",
            what=f"the meeting with {self.contact_name}",
            done=partial(self._recorded, summary),
        )

    def _recorded(self, closed: ClosedMeeting, _outcome: EditOutcome) -> None:
        self.done(closed)
        self.app.say(done_message(safe_line(self.contact_name), closed))
