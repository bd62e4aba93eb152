"""A whole number for each of a whole network's ids, in four bytes an id.

Today's overdue rule needs every contact's last day of contact, and the Reciprocity
screen each contact's place in name order. As ``dict`` objects those were 300,000
entries each, tens of MB held beside the search index. Here the numbers are kept
in an ``array`` indexed by the id: the ids of a database's rows start at 1 and
rise, so the array is about as long as the network. An id beyond
:data:`DENSE_IDS` (a row made by hand, a server's sequence started high) goes to a
``dict`` instead: a stray id never grows the array.
"""

from __future__ import annotations

from array import array
from itertools import repeat

#: Ids below this are kept in the array (at most 16 MB of it); others in a dict.
DENSE_IDS = 1 << 22


class IntsById:
    """``{id: whole number}`` (32 bits), ``missing`` for an id never set."""

    __slots__ = ("_dense", "_missing", "_sparse")

    def __init__(self, missing: int = 0) -> None:
        self._missing = missing
        self._dense = array("i")
        self._sparse: dict[int, int] = {}

    def __getitem__(self, key: int) -> int:
        dense = self._dense
        if 0 <= key < len(dense):
            return dense[key]
        return self._sparse.get(key, self._missing)

    def __setitem__(self, key: int, value: int) -> None:
        if 0 <= key < DENSE_IDS:
            dense = self._dense
            if key >= len(dense):  # ``missing`` appended: at least twice as long
                dense.extend(repeat(self._missing, max(key + 1 - len(dense), len(dense))))
            dense[key] = value
        else:
            self._sparse[key] = value

    def raise_to(self, key: int, value: int) -> None:
        """``value`` for ``key`` unless it has a larger one."""
        if value > self[key]:
            self[key] = value
