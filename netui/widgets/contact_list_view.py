"""Where the contact list stands, for a search worker (:mod:`netui.widgets.contact_list`)."""

from __future__ import annotations

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
        """The ids :meth:`ContactList.show_result` would show first, given ``ids``:
        the screen where it is, around the contact kept, and the top of the list;
        each only once. A search worker reads their rows ahead, so that a result
        is painted in one go."""
        keep = self.keep if keep is None else keep
        height, top = self.height, self.top
        at = 0
        if keep is not None:
            try:
                at = ids.index(keep)
            except ValueError:
                at = min(self.cursor, max(len(ids) - 1, 0))
        window = list(ids[top : top + height])
        if not top <= at < top + height:
            window += ids[max(at - height + 1, 0) : at + height]
        window += ids[:height]
        return list(dict.fromkeys(window))

    def missing(self, ids: Sequence[int], keep: int | None = None) -> list[int]:
        """The ids of :meth:`window` whose rows the list does not hold."""
        return [i for i in self.window(ids, keep) if i not in self.fresh]
