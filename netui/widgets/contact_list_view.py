"""Where the contact list stands, for a search worker (:mod:`netui.widgets.contact_list`)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["View"]


@dataclass(frozen=True)
class View:
    """The list's scroll position, height, cursor, the contact under the cursor,
    and which rows it holds (see :meth:`ContactList.view`)."""

    top: int
    height: int
    cursor: int
    keep: int | None
    fresh: frozenset[int]

    def window(self, ids: Sequence[int], keep: int | None = None) -> list[int]:
        """The ids :meth:`ContactList.show_result` will show, given ``ids``: the screen
        as it scrolls to keep the cursor on the contact kept (or where it was), in a
        list of the new height. A search worker reads their rows ahead, so that a
        result is painted in one go, and reads no other (each row read is 30 to
        40 microseconds of a search's keystroke, its last contact and meter included)."""
        keep = self.keep if keep is None else keep
        height = self.height
        at = min(self.cursor, max(len(ids) - 1, 0))  # show_result's cursor
        if keep is not None:
            with contextlib.suppress(ValueError):  # not in the result: where it was
                at = ids.index(keep)
        # The scroll, clamped to the new height, then moved just enough to show the cursor.
        top = max(min(self.top, len(ids) - height), 0)
        if at < top:
            top = at
        elif at >= top + height:
            top = at - height + 1
        return list(ids[top : top + height])

    def missing(self, ids: Sequence[int], keep: int | None = None) -> list[int]:
        """The ids of :meth:`window` whose rows the list does not hold."""
        return [i for i in self.window(ids, keep) if i not in self.fresh]
