"""Saving an edit form from any screen: field by field, asking when two writers clash.

:func:`save_edit` runs ``save(loaded, wanted)`` (one of the ``edit_*`` functions of
:mod:`netui.db`, which write only what the user changed and only where nobody
changed it since) in a worker, as one undo step. When it reports conflicts, the
:class:`~netui.modals.conflict.ConflictDialog` shows both values of each; the
user's choices are saved the same way (and asked again, should yet another change
land meanwhile). Cancelling saves nothing and says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from netui.db.edits import EditOutcome, resolved
from netui.modals.conflict import ConflictDialog

if TYPE_CHECKING:
    from netui.app import NetuiApp

Save = Callable[[dict[str, Any], dict[str, Any]], EditOutcome]


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
    """Save ``wanted`` over ``loaded`` with ``save``; ``done(outcome)`` once saved."""

    def attempt(loaded: dict[str, Any], wanted: dict[str, Any]) -> None:
        def finished(outcome: EditOutcome) -> None:
            if outcome.saved:
                done(outcome)
                return

            def chosen(choices: dict[str, object] | None) -> None:
                if choices is None:
                    app.say(
                        "Nothing was saved; what was saved elsewhere stays.", "warning"
                    )
                    return
                attempt(*resolved(loaded, wanted, outcome.conflicts, choices))

            app.push_screen(ConflictDialog(outcome.conflicts, what), chosen)

        app.run_db(save, loaded, wanted, done=finished, undo=undo)

    attempt(dict(loaded), dict(wanted))
