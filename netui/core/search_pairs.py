"""Where punctuation meets a word: the contacts of a search word with punctuation in it.

:class:`~netui.core.search.SearchIndex` finds a word of letters and digits through its
tokens. A word with other characters in it (``anna.``, ``@gm``, ``c++``, ``-``) was
narrowed by its tokens and then looked for in the text itself, which costs a pass
with Python work per occurrence when the answer is large: ``a.`` took 150 ms at
300,000 contacts (111,000 of them hold it), ``@gm`` 120 ms.

A word of the text with punctuation in it is a row of *pieces*, tokens (runs of
letters and digits) and runs of punctuation (anything else but white space) by
turns: ``anna.smith@gmail.com`` is ``anna`` ``.`` ``smith`` ``@`` ``gmail`` ``.``
``com``. :class:`PunctuationPairs` indexes, for every contact, each run with the
token before it and each run with the token after it, its *pairs*: ``anna.``,
``smith@``, ``gmail.``, ``.smith``, ``@gmail``, ``.com``. A network has few distinct
pairs (1,300 at 30,000 contacts), each kept as the tokens are: a bitmap when
common, an array of positions when rare.

A query word with one run of punctuation at its end (``a.``, ``c++``) occurs in a
text exactly when a pair of the first kind holds it (its letters end a token, its
run starts the text's run); one with a run at its start (``@gm``) exactly when a
pair of the second kind holds it; a word of punctuation alone (``-``) when any pair
does. So those are answered by a pass over the pairs, not over the text.

A word with punctuation inside it (``gmail.c``, ``anna.s``, ``@gmail.``) may match
pairs at different places of a text: its pairs narrow it to the contacts that may
hold it, which the caller checks against the text. Most of a big answer is known
without that check: the rows of three to five pieces that a 32nd of the network or
more holds (``gmail.com``, ``@gmail.com``, ``.co.uk``: a few dozen, chosen on a
sample of 4,096 contacts, then found in every text by one pattern) are indexed too,
and a contact holding a row that holds the word holds the word.

Built in one pass over the text, by regular expressions over each contact's words
with punctuation: 0.3 s at 30,000 contacts, a few seconds at 300,000 (so
:class:`~netui.core.search.SearchIndex` builds it in a thread, when first needed).
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import compress, filterfalse, repeat
from operator import contains

from netui.core.bitmaps import bitmap, union_of

__all__ = ["PunctuationPairs", "Stopped", "pairs_of", "rows_of"]

#: A run of punctuation: neither a letter or digit, nor white space (``_`` is
#: punctuation, as for the tokens of :mod:`netui.core.search`).
_RUN = r"(?:[^\w\s]|_)+"
_TOKEN = r"[^\W_]*"
#: A token (maybe empty) and the run after it; a run and the token (maybe empty)
#: after it. The look-behind starts a match at a token's start only (linear time).
_BEFORE = rf"(?<![^\W_]){_TOKEN}{_RUN}"
_AFTER = rf"{_RUN}{_TOKEN}"
_BEFORE_ASCII, _AFTER_ASCII = re.compile(_BEFORE.encode()), re.compile(_AFTER.encode())
_BEFORE_TEXT, _AFTER_TEXT = re.compile(_BEFORE), re.compile(_AFTER)
_PIECE = rf"[^\W_]+|{_RUN}"
_PIECES_ASCII, _PIECES_TEXT = re.compile(_PIECE.encode()), re.compile(_PIECE)
_RUNS = re.compile(_RUN)

#: The longest rows of pieces kept besides the pairs, and the share of the network
#: (one in this many) that must hold one for it to be kept.
_LONGEST = 5
_COMMON = 32
#: Rows are chosen from the pieces of about this many contacts, evenly spread.
_SAMPLE = 4096

#: The pairs are built from this many contacts between two questions "stop?" (and
#: two calls of ``pace``): 4-8 ms of work, which a key that comes meanwhile shares
#: the interpreter with.
_STEP = 512


class Stopped(Exception):
    """The build was asked to stop (its index is no longer used)."""


def _punctuated(text: bytes) -> bytes | str:
    """The words of a contact's folded text (UTF-8) that hold punctuation, joined by
    spaces: as ``bytes`` when ASCII, else as ``str``."""
    if text.isascii():
        punctuated = filterfalse(bytes.isalnum, text.split())
        return b" ".join(punctuated)
    return " ".join(word for word in text.decode().split() if not word.isalnum())


def pairs_of(text: bytes) -> set[bytes]:
    """The pairs of one contact's folded text (UTF-8)."""
    return _pairs_in(_punctuated(text))


def _pairs_in(words: bytes | str) -> set[bytes]:
    if isinstance(words, bytes):
        found = set(_BEFORE_ASCII.findall(words))
        found.update(_AFTER_ASCII.findall(words))
        return found
    return {pair.encode() for pair in (*_BEFORE_TEXT.findall(words), *_AFTER_TEXT.findall(words))}


def rows_of(text: bytes) -> set[bytes]:
    """Every row of three to :data:`_LONGEST` pieces in one contact's folded text."""
    words = _punctuated(text)
    if isinstance(words, bytes):
        rows = [_PIECES_ASCII.findall(word) for word in words.split()]
    else:
        rows = [[piece.encode() for piece in _PIECES_TEXT.findall(word)] for word in words.split()]
    found: set[bytes] = set()
    for pieces in rows:
        count = len(pieces)
        for start in range(count - 2):
            for end in range(start + 3, min(start + _LONGEST, count) + 1):
                found.add(b"".join(pieces[start:end]))
    return found


def _finder(rows: Iterable[bytes]) -> tuple[re.Pattern[bytes], dict[bytes, tuple[bytes, ...]]]:
    """A pattern finding ``rows`` in a text, at every place (the longest of those
    starting there), and for each row the rows inside it, which a text holding it
    holds (so every row a text holds is inside one found: a row starting where a
    longer one does starts that one)."""
    longest_first = sorted(rows, key=len, reverse=True)
    pattern = re.compile(b"(?=(" + b"|".join(map(re.escape, longest_first)) + b"))")
    inside = {row: tuple(other for other in longest_first if other in row) for row in rows}
    return pattern, inside


class PunctuationPairs:
    """The pairs of every contact's text, and its common longer rows of pieces (see
    the module's docstring); read-only once built."""

    def __init__(
        self,
        text: bytes,
        offsets: Sequence[int],
        stop: Callable[[], bool] | None = None,
        pace: Callable[[], None] | None = None,
    ) -> None:
        """``text`` and ``offsets`` as a :class:`~netui.core.search.SearchIndex`
        keeps them. Raises :class:`Stopped` as soon as ``stop()`` is true; calls
        ``pace()`` between two steps (the app's waits while the user types)."""
        size = len(offsets) - 1
        self.size = size
        self.everyone = (1 << size) - 1

        def step() -> None:
            if pace is not None:
                pace()
            if stop is not None and stop():
                raise Stopped

        # The longer rows that may be common, from a sample: every row a 64th of
        # it holds (a row held by a 32nd of the network is all but sure to be).
        every = max(size // _SAMPLE, 1)
        sampled: Counter[bytes] = Counter()
        for number, position in enumerate(range(0, size, every)):
            if number % (_STEP // 4) == 0:  # a sampled text has more rows to count
                step()
            sampled.update(rows_of(text[offsets[position] : offsets[position + 1]]))
        least = len(range(0, size, every)) / (2 * _COMMON)
        candidates = [row for row, count in sampled.items() if count >= least]
        del sampled
        finder, inside = _finder(candidates)

        appenders: dict[bytes, Callable[[int], None]] = {}
        postings: dict[bytes, array[int]] = {}
        rows_held: dict[bytes, array[int]] = {row: array("i") for row in candidates}
        for first in range(0, size, _STEP):
            step()
            last = min(first + _STEP, size)
            starts, ends = offsets[first:last], offsets[first + 1 : last + 1]
            for position, start, end in zip(range(first, last), starts, ends, strict=True):
                words = _punctuated(text[start:end])
                if not words:
                    continue
                for pair in _pairs_in(words):
                    try:
                        appenders[pair](position)
                    except KeyError:
                        postings[pair] = found = array("i", (position,))
                        appenders[pair] = found.append
                if candidates:
                    encoded = words if isinstance(words, bytes) else words.encode()
                    held: set[bytes] = set()
                    for row in finder.findall(encoded):
                        held.update(inside[row])
                    for row in held:
                        rows_held[row].append(position)
        del appenders
        dense = max(size // 128, 1)
        self._bitmaps: dict[bytes, int] = {}
        self._arrays: dict[bytes, array[int]] = {}
        self._vocabulary = sorted(postings)
        while postings:  # each common pair's array goes as its bitmap comes
            pair, positions = postings.popitem()
            if len(postings) % 8 == 0:  # a bitmap: up to 4 ms at 300,000 contacts
                step()
            if len(positions) >= dense:
                self._bitmaps[pair] = bitmap(positions, size)
            else:
                self._arrays[pair] = positions
        common = max(size // _COMMON, 1)
        self._rows = {
            row: bitmap(positions, size)
            for row, positions in rows_held.items()
            if len(positions) >= common
        }

    @classmethod
    def from_parts(
        cls,
        size: int,
        bitmaps: dict[bytes, int],
        arrays: dict[bytes, array[int]],
        rows: dict[bytes, int],
    ) -> PunctuationPairs:
        """The pairs of ``size`` contacts made of the parts of ones built before
        (:meth:`parts`, as :mod:`netui.core.search_pairs_snapshot` reads them back):
        each pair's contacts as a bitmap or an array of positions (no pair in both),
        and each common row's as a bitmap. Nothing is rebuilt."""
        pairs = cls.__new__(cls)
        pairs.size = size
        pairs.everyone = (1 << size) - 1
        pairs._bitmaps, pairs._arrays, pairs._rows = bitmaps, arrays, rows
        pairs._vocabulary = sorted([*bitmaps, *arrays])
        return pairs

    def parts(self) -> tuple[dict[bytes, int], dict[bytes, array[int]], dict[bytes, int]]:
        """What :meth:`from_parts` takes besides the size (not copies: read only)."""
        return self._bitmaps, self._arrays, self._rows

    def __len__(self) -> int:
        """How many distinct pairs there are."""
        return len(self._vocabulary)

    def rows(self) -> list[bytes]:
        """The common rows of three pieces or more kept besides the pairs."""
        return sorted(self._rows)

    def holders(self, word: str) -> tuple[int, int]:
        """The contacts whose text holds ``word`` (folded, with punctuation in it) for
        sure, and those that may hold it too (to check against the text; none when
        the pairs answer the word exactly). Everyone may hold a word without
        punctuation."""
        runs = list(_RUNS.finditer(word))
        if not runs:
            return 0, self.everyone
        mask = self.everyone
        for number, run in enumerate(runs):
            before = word[runs[number - 1].end() if number else 0 : run.start()]
            after = word[run.end() : runs[number + 1].start() if number + 1 < len(runs) else None]
            punctuation = run.group()
            if before and after:
                # The text's run is this one exactly: a pair ending "<before><run>"
                # and one starting "<run><after>", maybe at different places.
                mask &= self._with(bytes.endswith, (before + punctuation).encode())
                mask &= self._with(bytes.startswith, (punctuation + after).encode())
            else:
                mask &= self._with(contains, (before + punctuation + after).encode())
            if not mask:
                return 0, 0
        if len(runs) == 1 and not (runs[0].start() and runs[0].end() < len(word)):
            return mask, 0
        encoded = word.encode()
        sure = 0
        for row, held in self._rows.items():
            if encoded in row:
                sure |= held
        sure &= mask
        return sure, mask & ~sure

    def _with(self, test: Callable[[bytes, bytes], bool], part: bytes) -> int:
        """The contacts holding a pair that passes ``test(pair, part)``."""
        vocabulary = self._vocabulary
        chosen = compress(vocabulary, map(test, vocabulary, repeat(part)))
        return union_of(chosen, self._bitmaps, self._arrays, self.size)
