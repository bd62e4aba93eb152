"""The marker of a row shared with the team (a ledger entry, a worksheet, a goal):
only ever shown on a team's database, where sharing is possible."""

from __future__ import annotations

from rich.text import Text

#: The marker of a row shared with the team.
SHARED_MARK = "◆"


def shared_mark(words: bool = True) -> Text:
    """`` ◆ shared`` (or only the ◆, where the row has little room)."""
    return Text(f"  {SHARED_MARK} shared" if words else f" {SHARED_MARK}", style="cyan")
