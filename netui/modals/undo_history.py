"""The undo history: every step that can be taken back, newest first; one is picked.

A :class:`~netui.modals.choose.Choose` of the steps, each with when, what and
where (shown literally), returning the step's id.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from netui.core.text import safe_line
from netui.db.history import UndoEntry
from netui.db.journal import COMMAND_LINE
from netui.modals.choose import Choose


def history_line(entry: UndoEntry) -> Text:
    text = Text(entry.created_at.strftime("%d %b %H:%M  "), style="dim")
    text.append(safe_line(entry.description))
    where = entry.where()
    if where:
        text.append(f"  {where}", style="dim")
    if not entry.mine and entry.screen != COMMAND_LINE:
        text.append("  (not this window)", style="dim")
    return text


def undo_history(entries: Sequence[UndoEntry]) -> Choose[int]:
    items = [(history_line(entry), entry.id) for entry in entries]
    return Choose(Text("Undo which change? (newest first)"), items)
