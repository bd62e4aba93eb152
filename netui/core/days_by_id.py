"""A day for each of a whole network's ids, in four bytes an id.

Today's overdue rule needs every contact's last day of contact. As a ``dict`` of
``date`` objects that was 300,000 entries, about 40 MB with the rows read to fill
it, held while the rest of Today was read beside the search index. Here a day is its
ordinal (``date.toordinal()``, 0 for none) in an ``array`` indexed by the id;
the ids of a database's rows start at 1 and rise, so the array is about as long as
the network. An id beyond :data:`DENSE_IDS` (a hand-made row, a server's sequence
started high) goes to a ``dict`` instead: a stray id never grows the array.
"""

from __future__ import annotations

from array import array

#: Ids below this are kept in the array (at most 16 MB of it); others in a dict.
DENSE_IDS = 1 << 22


class DaysById:
    """``{id: day}`` keeping the latest day noted for each id."""

    __slots__ = ("_dense", "_sparse")

    def __init__(self) -> None:
        self._dense = array("I")  # the day's ordinal at each id; 0: none noted
        self._sparse: dict[int, int] = {}

    def note(self, key: int, ordinal: int) -> None:
        """The day of ``ordinal`` for ``key``, unless a later one was noted."""
        if 0 <= key < DENSE_IDS:
            days = self._dense
            if key >= len(days):  # zeros appended: at least twice as long
                days.frombytes(bytes(days.itemsize * max(key + 1 - len(days), len(days))))
            if ordinal > days[key]:
                days[key] = ordinal
        elif ordinal > self._sparse.get(key, 0):
            self._sparse[key] = ordinal

    def ordinal(self, key: int) -> int:
        """The latest day noted for ``key`` as an ordinal; 0 when none was."""
        days = self._dense
        if 0 <= key < len(days):
            return days[key]
        return self._sparse.get(key, 0)
