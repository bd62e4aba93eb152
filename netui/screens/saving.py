"""Saving an edit form from any screen: field by field, asking when two writers clash.

:func:`saved_edit` awaits ``save(loaded, wanted)`` (one of the ``edit_*`` functions
of :mod:`netui.db`, which write only what the user changed and only where nobody
changed it since) in a thread worker, as one undo step. When it reports conflicts, it
awaits the :class:`~netui.modals.conflict.ConflictDialog` (``push_screen_wait``),
which shows both values of each; the user's choices are saved the same way (and
asked again, should yet another change land meanwhile). Cancelling saves nothing and
says so. :func:`save_edit` runs it in a worker of its own for a caller that is not one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from netui.db.edits import EditOutcome, resolved
from netui.modals.conflict import ConflictDialog

if TYPE_CHECKING:
    from netui.app import NetuiApp

Save = Callable[[dict[str, Any], dict[str, Any]], EditOutcome]


async def saved_edit(
    app: NetuiApp,
    save: Save,
    loaded: Mapping[str, Any],
    wanted: Mapping[str, Any],
    *,
    undo: str,
    what: str = "",
) -> EditOutcome | None:
    """Save ``wanted`` over ``loaded`` with ``save`` (awaited in a worker): the outcome
    once saved, or ``None`` when the user kept what was saved elsewhere or the save
    failed (a notification says which)."""
    loaded, wanted = dict(loaded), dict(wanted)
    while True:
        outcome = await app.db_call(save, loaded, wanted, undo=undo)
        if outcome is None or outcome.saved:
            return outcome
        choices = await app.push_screen_wait(ConflictDialog(outcome.conflicts, what))
        if choices is None:
            app.say("Nothing was saved; what was saved elsewhere stays.", "warning")
            return None
        loaded, wanted = resolved(loaded, wanted, outcome.conflicts, choices)


def save_edit(
    app: NetuiApp,
    save: Save,
    loaded: Mapping[str, Any],
    wanted: Mapping[str, Any],
    *,
    undo: str,
    what: str = "",
    done: Callable[[EditOutcome], object],
) -> None:
    """:func:`saved_edit` in a worker of its own; ``done(outcome)`` once saved."""
    app.run_worker(
        _save_then(app, save, loaded, wanted, undo=undo, what=what, done=done),
        group="save-edit",
        description=f"save {what or undo}",
        exit_on_error=False,
    )


async def _save_then(
    app: NetuiApp,
    save: Save,
    loaded: Mapping[str, Any],
    wanted: Mapping[str, Any],
    *,
    undo: str,
    what: str,
    done: Callable[[EditOutcome], object],
) -> None:
    outcome = await saved_edit(app, save, loaded, wanted, undo=undo, what=what)
    if outcome is not None:
        done(outcome)
