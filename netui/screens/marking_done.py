"""Marking a meeting done, from the Prep screen or the Today screen.

First what the worksheet would teach the contact is read (a preview, in a worker),
then the done form shows it beside the outcome, follow-up and exchanges; saving
closes the meeting, logs the exchanges and, when the box is ticked, writes the facts
back to the contact, all in one transaction. One undo step takes it all back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from textual.app import App

from netui.core.continuity import ContactFacts
from netui.core.text import safe_line
from netui.db.continuity import WriteBack, apply_write_back, restore_facts, write_back_preview
from netui.db.meetings import mark_done, undo_done
from netui.db.models import database
from netui.modals.meeting_done import MeetingDoneForm, MeetingOutcome


@dataclass(frozen=True)
class ClosedMeeting:
    """What marking done wrote, enough to take it back."""

    meeting_id: int
    contact_id: int
    exchange_ids: tuple[int, ...]
    facts_before: ContactFacts | None  # None: the contact was not changed
    outcome_before: str
    follow_up_before: dt.date | None


def close_meeting(
    meeting_id: int,
    result: MeetingOutcome,
    preview: WriteBack,
    outcome_before: str = "",
    follow_up_before: dt.date | None = None,
) -> ClosedMeeting:
    """Mark done, log the exchanges and (if asked) teach the contact, in one transaction."""
    with database.atomic():
        ids = mark_done(
            meeting_id,
            outcome=result.outcome,
            follow_up=result.follow_up,
            exchanges=result.exchanges,
        )
        facts = apply_write_back(preview) if result.update_contact else None
    return ClosedMeeting(
        meeting_id, preview.contact_id, tuple(ids), facts, outcome_before, follow_up_before
    )


def reopen_meeting(closed: ClosedMeeting) -> None:
    """Take back :func:`close_meeting`: open again, the exchanges gone, the contact's
    facts as they were."""
    with database.atomic():
        undo_done(
            closed.meeting_id,
            list(closed.exchange_ids),
            closed.outcome_before,
            closed.follow_up_before,
        )
        restore_facts(closed.contact_id, closed.facts_before)


def done_message(name: str, closed: ClosedMeeting) -> str:
    count = len(closed.exchange_ids)
    logged = f" Logged {count} exchange{'s' if count != 1 else ''}." if count else ""
    taught = f" Updated {name}'s contact." if closed.facts_before is not None else ""
    return f"Marked the meeting with {name} done.{logged}{taught} Press ctrl+z to undo."


def mark_meeting_done(
    app: App,
    meeting_id: int,
    contact_name: str,
    *,
    outcome: str = "",
    follow_up: dt.date | None = None,
    done: Callable[[ClosedMeeting], object],
) -> None:
    """The whole flow: preview, form, close, undo step; ``done(closed)`` afterwards."""
    name = safe_line(contact_name)

    def ask(preview: WriteBack) -> None:
        def closed(result: MeetingOutcome | None) -> None:
            if result is not None:
                app.run_db(  # type: ignore[attr-defined]
                    close_meeting,
                    meeting_id,
                    result,
                    preview,
                    outcome,
                    follow_up,
                    done=recorded,
                )

        app.push_screen(
            MeetingDoneForm(contact_name, outcome, follow_up, write_back=preview), closed
        )

    def recorded(closed: ClosedMeeting) -> None:
        app.push_undo(  # type: ignore[attr-defined]
            f"mark the meeting with {name} done", lambda: reopen_meeting(closed)
        )
        done(closed)
        app.say(done_message(name, closed))  # type: ignore[attr-defined]

    app.run_db(write_back_preview, meeting_id, done=ask)  # type: ignore[attr-defined]
