"""Autosaving worksheets: a batch of pending edits of several meetings written at
once, each field only where nobody changed it since the editor read it. The Prep
screen runs :func:`save_batch` in a worker. No Textual here."""

from __future__ import annotations

from dataclasses import dataclass

from netui.db.edits import EditOutcome
from netui.db.meetings import edit_worksheet

#: Pending edits: meeting id -> field -> value.
Batch = dict[int, dict[str, object]]


@dataclass(frozen=True)
class Saved:
    """What became of one meeting's pending edits."""

    meeting_id: int
    loaded: dict[str, object]  # what the edits were made against
    changes: dict[str, object]
    outcome: EditOutcome | None = None
    problem: str | None = None


def save_batch(batch: Batch, bases: Batch) -> list[Saved]:
    """Write pending edits of several meetings, each field only where nobody changed
    it since the editor read it (:func:`~netui.db.meetings.edit_worksheet`)."""
    results = []
    for meeting_id, changes in batch.items():
        loaded = bases.get(meeting_id, {})
        try:
            outcome = edit_worksheet(meeting_id, loaded, changes)
        except Exception as error:  # reported, never lost silently
            problem = f"Could not save the worksheet: {error}"
            results.append(Saved(meeting_id, loaded, changes, problem=problem))
        else:
            results.append(Saved(meeting_id, loaded, changes, outcome))
    return results
