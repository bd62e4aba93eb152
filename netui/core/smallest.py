"""The first few of a stream by a key, ties with the last kept, without holding the stream.

Today's give-back list ranks the people I owe most by their meter, then by name; the
Reciprocity screen's lists rank a whole network by balance, then by name, and show
the first 300. The names (folded, for the order) are needed only for the few that
can make a list. Which few: sorting every entry by the first key and cutting after
the ``count``-th, keeping any tied with it (a tie is then settled by the name).
:class:`SmallestWithTies` keeps the same ones while holding only them: at 300,000
contacts, sorting every negative meter held a hundred thousand tuples, and the
Reciprocity screen's lists several hundred MB.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class SmallestWithTies(Generic[T]):
    """Entries :meth:`add`-ed one at a time; :attr:`kept` the ``count`` of smallest
    key and every other whose key equals the largest of theirs."""

    __slots__ = ("_arrivals", "_best", "_count", "_ties")

    def __init__(self, count: int) -> None:
        self._count = count
        self._best: list[tuple[Any, int, T]] = []  # (key, arrival, entry), sorted
        self._ties: list[tuple[int, T]] = []  # (arrival, entry) beyond count, best's last key
        self._arrivals = 0

    def add(self, key: Any, entry: T) -> None:
        arrival = self._arrivals
        self._arrivals += 1
        best = self._best
        if len(best) < self._count:
            insort(best, (key, arrival, entry))
            return
        if not best:
            return  # count 0: nothing is kept
        last = best[-1][0]
        if key > last:
            return
        if key == last:
            self._ties.append((arrival, entry))
            return
        insort(best, (key, arrival, entry))
        dropped = best.pop()
        if best[-1][0] == last:
            self._ties.append(dropped[1:])
        else:
            self._ties.clear()  # they all had the key no longer last

    @property
    def kept(self) -> list[T]:
        """What ``sorted()`` by the key, cut after its ``count``-th entry, ties with
        that one kept, would hold, in the same order (a stable sort's)."""
        return [entry for _, _, entry in self._best] + [entry for _, entry in sorted(self._ties)]


def smallest_with_ties(entries: Iterable[T], count: int, key: Callable[[T], Any]) -> list[T]:
    """The ``count`` entries of smallest ``key`` and every other entry whose key
    equals the largest of theirs: what ``sorted(entries, key=key)`` cut after its
    ``count``-th entry, ties with that one kept, holds, in the same order (a stable
    sort's). Holds those and nothing else of ``entries``."""
    if count <= 0:
        return []
    kept: SmallestWithTies[T] = SmallestWithTies(count)
    for entry in entries:
        kept.add(key(entry), entry)
    return kept.kept
