"""The first few of a stream by a key, ties with the last kept, without holding the stream.

Today's give-back list ranks the people I owe most by their meter, then by name; the
names are read only for the few that can make the list. Which few: sorting every
meter and cutting after the ``count``-th, keeping any tied with it (a tie is then
settled by name). :func:`smallest_with_ties` picks the same ones while holding only
them: at 300,000 contacts the sorted list of every negative meter was a hundred
thousand tuples.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


def smallest_with_ties(entries: Iterable[T], count: int, key: Callable[[T], Any]) -> list[T]:
    """The ``count`` entries of smallest ``key`` and every other entry whose key
    equals the largest of theirs: what ``sorted(entries, key=key)`` cut after its
    ``count``-th entry, ties with that one kept, holds, in the same order (a stable
    sort's). Holds those and nothing else of ``entries``."""
    if count <= 0:
        return []
    best: list[tuple[Any, int, T]] = []  # (key, arrival, entry), sorted, at most count
    ties: list[tuple[int, T]] = []  # (arrival, entry) beyond count, with best's last key
    for arrival, entry in enumerate(entries):
        entry_key = key(entry)
        if len(best) < count:
            insort(best, (entry_key, arrival, entry))
            continue
        last = best[-1][0]
        if entry_key > last:
            continue
        if entry_key == last:
            ties.append((arrival, entry))
            continue
        insort(best, (entry_key, arrival, entry))
        dropped = best.pop()
        if best[-1][0] == last:
            ties.append(dropped[1:])
        else:
            ties.clear()  # they all had the key no longer last
    return [entry for _, _, entry in best] + [entry for _, entry in sorted(ties)]
