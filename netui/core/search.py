"""Search-as-you-type over haystacks kept in memory.

The database holds each contact's folded searchable text (case and accents:
``zoe`` finds Zoë, ``muller`` Müller, ``lukasz`` Łukasz; :mod:`netui.core.folding`);
the Contacts screen loads it once (a few MB at 30,000 contacts) and filters here on every keystroke.
Typing one more character only narrows the previous result, so a keystroke costs
a pass over the previous matches, not over the whole network.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

from netui.core.folding import fold_words


def terms_of(query: str) -> tuple[str, ...]:
    """The folded words of a query (case and accents, :mod:`netui.core.folding`);
    every one must match."""
    return tuple(fold_words(query))


Pairs = list[tuple[int, str]]


class SearchIndex:
    """Filters an ordered list of ids by the words of a query.

    Safe to call from several threads: a search superseded by a newer keystroke
    may still be finishing while the next one starts.
    """

    def __init__(self, haystacks: Mapping[int, str]) -> None:
        self._lock = threading.Lock()
        self._haystacks = haystacks
        self._order: Sequence[int] | None = None
        self._pairs: Pairs = []
        self._last_terms: tuple[str, ...] = ()
        self._last_pairs: Pairs = []

    def __len__(self) -> int:
        return len(self._haystacks)

    def prime(self, order: Sequence[int]) -> None:
        """Pair ``order`` with its haystacks now, ahead of the first keystroke."""
        with self._lock:
            self._filter(order, ())

    def filter(self, order: Sequence[int], query: str) -> list[int]:
        """The ids of ``order`` whose haystack holds every word of ``query``, in order."""
        with self._lock:
            return self._filter(order, terms_of(query))

    def _filter(self, order: Sequence[int], terms: tuple[str, ...]) -> list[int]:
        if order is not self._order:
            hay = self._haystacks
            self._order = order
            self._pairs = [(i, hay.get(i, "")) for i in order]
            self._last_terms, self._last_pairs = (), self._pairs
        pairs = self._last_pairs if self._narrows(terms) else self._pairs
        for term in terms:
            pairs = [pair for pair in pairs if term in pair[1]]
        self._last_terms, self._last_pairs = terms, pairs
        return [pair[0] for pair in pairs]

    def _narrows(self, terms: tuple[str, ...]) -> bool:
        """Whether every match of ``terms`` is also a match of the last query."""
        last = self._last_terms
        if not last or len(terms) < len(last):
            return False
        # Each earlier word must be contained in the word now at its place.
        return all(old in new for old, new in zip(last, terms, strict=False))
