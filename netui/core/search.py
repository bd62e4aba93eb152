"""Search-as-you-type over the whole network: a word index in memory.

A contact matches a query when every word of the query occurs, as a substring, in
the contact's folded searchable text (name, organisation, role, email, notes, tags;
case and accents folded: ``zoe`` finds Zoë, ``muller`` Müller, :mod:`netui.core.folding`).
The database keeps that text (``search_text``); :class:`SearchIndex` is built from
it once per version of the data (:mod:`netui.db.search`) and answers a keystroke in
a millisecond or two at 300,000 contacts, where scanning the text (30 MB) takes tens.

How. The text is cut into *tokens*, the runs of letters and digits (``anna``,
``gmail``, ``redwood``); a few thousand distinct ones cover a network. A query word
made of letters and digits only occurs in a text exactly when it occurs inside one
of the text's tokens (it cannot span a space or a dot), so its matches are the
contacts holding any token that contains it: a pass over the vocabulary, not over
the contacts. Each token keeps the contacts holding it as a bitmap (a Python
``int``, one bit per contact, so unions and intersections run in C) when it is
common, or as an array of positions when it is rare, whichever is smaller. A query
word with other characters in it (``o'brien``, ``c++``, ``anna.s``) is answered by
where its punctuation meets its letters (:mod:`netui.core.search_pairs`: ``a.`` is
held by the texts where a token ending in ``a`` meets a run starting with ``.``),
exactly when it has one run of punctuation at an edge, else narrowed that way and
then looked for in the text itself, kept as one UTF-8 ``bytes``. Until those pairs
are built (by a thread, once such a word is asked for) the word is narrowed by its
runs of letters and digits (``o'brien``: a token ending in ``o`` and one starting
with ``brien``) before the text is checked. So the answers are exactly those of a
substring scan; the tests compare the two on random text.

The bitmaps are over the contacts in list order (archived last, then by name), so a
result in that order is read straight off its bitmap, lazily (:class:`Matches`):
a keystroke never builds a list of 300,000 ids. Other orders are a permutation.
The index is a few thousand long-lived objects (tokens, arrays, ints), whatever
the size of the network: the cyclic garbage collector has next to nothing to scan.
"""

from __future__ import annotations

import contextlib
import re
import threading
from array import array
from bisect import bisect_right
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from operator import contains

from netui.core.bitmaps import (
    bitmap,
    bitmap_flags,
    flags_to_bitmap,
    set_positions,
    union_of,
)
from netui.core.folding import fold_words
from netui.core.search_matches import Matches
from netui.core.search_pairs import PunctuationPairs, Stopped

__all__ = [
    "Cancelled",
    "Matches",
    "Progress",
    "SearchIndex",
    "Superseded",
    "bitmap",
    "bitmap_flags",
    "build_pairs_when_asked",
    "flags_to_bitmap",
    "set_positions",
    "terms_of",
    "tokens_of",
]

#: A token: a run of letters and digits (what a query word is looked for inside).
TOKEN = re.compile(r"[^\W_]+")

#: ASCII text is cut with ``bytes.translate`` and ``split`` (in C): every ASCII byte
#: but a letter or a digit becomes a space. Non-ASCII text goes through :data:`TOKEN`.
_ASCII_CUT = bytes(byte if byte >= 128 or chr(byte).isalnum() else ord(" ") for byte in range(256))

#: How many query parts keep their bitmaps between keystrokes.
_PART_CACHE = 64

#: A word checked against the text itself is looked for in the candidates' texts
#: one by one while they are fewer than one contact in this many, else in all of
#: the text in one pass.
_SCAN_RATIO = 50

#: A word of one byte checked against the whole text (``@``, ``.``) is looked for
#: contact by contact (:meth:`SearchIndex._look_in_all`) when it occurs more than
#: once in this many contacts, else found by its occurrences (:meth:`SearchIndex._scan`:
#: quicker for a word of several bytes, whose occurrences are far fewer than its
#: bytes': ``anna.s`` 48 ms that way, 144 ms the other at 300,000 contacts).
_OCCURRENCES_RATIO = 4
#: Contacts looked in between two questions "superseded?".
_LOOK_STEP = 65_536

#: The same for the contacts a word's pairs narrowed it to (:mod:`netui.core.search_pairs`):
#: one by one (1 us each) while they are fewer than one in this many.
_NARROWED_RATIO = 2

#: The bytes other than letters, digits and spaces a query word may hold (``'``,
#: ``+``, ``.``): warm() finds the contacts holding each one that is rare.
_PUNCTUATION = bytes(byte for byte in range(33, 127) if not chr(byte).isalnum())


@dataclass
class _PairsPolicy:
    """Whether the first word with punctuation asked for starts the build of the
    pairs, and what the build calls between two steps (:func:`build_pairs_when_asked`)."""

    when_asked: bool = False
    pace: Callable[[], None] | None = None
    done: Callable[[], None] | None = None


_PAIRS = _PairsPolicy()


class _Matching:
    """How many queries are being answered, in any thread: a build of pairs in the
    background waits, between two steps, until none is (at 300,000 contacts a word
    checked against the text took two to five times as long beside one)."""

    #: The longest a build waits at once (a query stops at the next key anyway).
    LONGEST = 2.0

    def __init__(self) -> None:
        self.running = 0
        self._changed = threading.Condition()

    def __enter__(self) -> None:
        with self._changed:
            self.running += 1

    def __exit__(self, *_exc: object) -> None:
        with self._changed:
            self.running -= 1
            self._changed.notify_all()

    def wait_until_none(self) -> bool:
        """Whether no query runs (after waiting for it, :data:`LONGEST` at most)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.running == 0, timeout=self.LONGEST)


_MATCHING = _Matching()

#: A query asks this often (in contacts checked) whether it was superseded.
_CHECK_EVERY = 8192

Cancelled = Callable[[], bool]

#: Where a query part must sit in a token, and how a token is tested for it.
_INSIDE, _START, _END, _WHOLE = "~", "^", "$", "="
_TESTS: dict[str, Callable[[bytes, bytes], bool]] = {
    _INSIDE: contains,
    _START: bytes.startswith,
    _END: bytes.endswith,
    _WHOLE: bytes.__eq__,
}


#: Told how much of a build is done, from 0 to 1 (:class:`SearchIndex`).
Progress = Callable[[float], None]

#: A build says how far it is every this many contacts.
_PROGRESS_EVERY = 16_384

#: The share of a build's time its postings take (the rest: the dense tokens' bitmaps).
_POSTINGS_FROM = 0.75


def _ignore(_done: float) -> None:
    pass


class Superseded(Exception):
    """A newer query made this one pointless (raised between steps)."""


def build_pairs_when_asked(
    build: bool = True,
    pace: Callable[[], None] | None = None,
    done: Callable[[], None] | None = None,
) -> None:
    """Whether the first word with punctuation an index is asked for starts building
    its pairs (:mod:`netui.core.search_pairs`) in a thread: yes in the app, which
    asks again key after key; not in a command that answers one query and ends (the
    build, seconds at 300,000 contacts, would only take the interpreter from it).
    ``pace`` is called by every build between two steps, on its thread: the app's
    returns once the keyboard is still, so that a build never slows the keys.
    ``done`` is called on that thread once a build ends (the app's hands the memory
    the build freed in that thread's heap back to the system)."""
    _PAIRS.when_asked, _PAIRS.pace, _PAIRS.done = build, pace, done


def terms_of(query: str) -> tuple[str, ...]:
    """The folded words of a query (case and accents, :mod:`netui.core.folding`);
    every one must match."""
    return tuple(fold_words(query))


def tokens_of(text: str) -> list[bytes]:
    """The runs of letters and digits in ``text`` (already folded), as UTF-8."""
    if text.isascii():
        return text.encode().translate(_ASCII_CUT).split()
    return [token.encode() for token in TOKEN.findall(text)]


def _tokens_of_encoded(text: bytes) -> Iterable[bytes]:
    if text.isascii():
        return text.translate(_ASCII_CUT).split()
    return [token.encode() for token in TOKEN.findall(text.decode())]


class SearchIndex:
    """Every contact's searchable text, indexed for search-as-you-type.

    The contacts are in list order (see the module's docstring); the ``archived``
    and ``second_degree`` flags of each decide the scopes. Read-only once built (but
    for a small cache of query parts, under a lock), so any number of threads may
    query it at once.
    """

    def __init__(
        self,
        ids: Sequence[int],
        text: bytes,
        offsets: Sequence[int],
        archived: Sequence[int] = (),
        second_degree: Sequence[int] = (),
        progress: Progress | None = None,
    ) -> None:
        """``text`` holds every contact's text (UTF-8), the ``i``-th contact's from
        ``offsets[i]`` to ``offsets[i + 1]``; see :meth:`of` for a list of texts.
        ``progress`` is told how much of the build is done (0 to 1) as it goes."""
        size = len(ids)
        self.size = size
        self.ids = array("q", ids)
        self._text = text
        self._offsets = array("q", offsets)
        if len(self._offsets) != size + 1:
            raise ValueError("one offset per contact and one at the end are needed")

        appenders: dict[bytes, Callable[[int], None]] = {}
        postings: dict[bytes, array[int]] = {}
        told = progress or _ignore
        for first in range(0, size, _PROGRESS_EVERY):
            told(_POSTINGS_FROM * first / size)
            last = min(first + _PROGRESS_EVERY, size)
            starts = self._offsets[first:last]
            ends = self._offsets[first + 1 : last + 1]
            for position, start, end in zip(range(first, last), starts, ends, strict=True):
                for token in set(_tokens_of_encoded(text[start:end])):
                    try:
                        appenders[token](position)
                    except KeyError:
                        postings[token] = found = array("i", (position,))
                        appenders[token] = found.append
        del appenders
        told(_POSTINGS_FROM)
        # A bitmap costs size/8 bytes, an array 4 bytes a contact: keep the smaller.
        dense = max(size // 128, 1)
        self._bitmaps: dict[bytes, int] = {}
        self._arrays: dict[bytes, array[int]] = {}
        for token, positions in postings.items():
            if len(positions) >= dense:
                self._bitmaps[token] = bitmap(positions, size)
            else:
                self._arrays[token] = positions
        self._vocabulary: list[bytes] = sorted(postings)
        del postings
        told(1.0)

        self.everyone = (1 << size) - 1
        self.archived = flags_to_bitmap(bytes(map(bool, archived))) if archived else 0
        self.second_degree = (
            flags_to_bitmap(bytes(map(bool, second_degree))) if second_degree else 0
        )
        self._start_caches()

    @classmethod
    def from_parts(
        cls,
        ids: array[int],
        text: bytes,
        offsets: array[int],
        archived: int,
        second_degree: int,
        bitmaps: dict[bytes, int],
        arrays: dict[bytes, array[int]],
    ) -> SearchIndex:
        """An index made of the parts of one built before, as they were
        (:mod:`netui.core.search_snapshot` checks them): ``ids`` (``"q"``) and
        ``offsets`` as in the constructor, the flags as bitmaps, and each token's
        contacts as a bitmap (``bitmaps``) or an array of positions (``"i"``,
        ``arrays``), the two with no token in common. Nothing is rebuilt."""
        if len(offsets) != len(ids) + 1:
            raise ValueError("one offset per contact and one at the end are needed")
        index = cls.__new__(cls)
        index.size = len(ids)
        index.ids = ids
        index._text = text
        index._offsets = offsets
        index._bitmaps = bitmaps
        index._arrays = arrays
        index._vocabulary = sorted([*bitmaps, *arrays])
        index.everyone = (1 << index.size) - 1
        index.archived = archived
        index.second_degree = second_degree
        index._start_caches()
        return index

    def parts(
        self,
    ) -> tuple[array[int], bytes, array[int], int, int, dict[bytes, int], dict[bytes, array[int]]]:
        """What :meth:`from_parts` takes to make this index again (not copies: read only)."""
        return (
            self.ids,
            self._text,
            self._offsets,
            self.archived,
            self.second_degree,
            self._bitmaps,
            self._arrays,
        )

    def _start_caches(self) -> None:
        self._positions: array[int] | None = None
        self._bytes: list[float] | None = None
        # Bitmaps of query parts and the tokens holding each, kept across keystrokes:
        # one more letter typed looks only among the tokens of the part before it.
        self._parts: OrderedDict[str, tuple[list[bytes], int]] = OrderedDict()
        # Words checked against the text itself (``o'``, ``o'b``), kept the same way:
        # each as (the word, the contacts looked among, those of them holding it).
        self._checked: OrderedDict[bytes, tuple[int, int]] = OrderedDict()
        # The contacts holding a rare byte (the ``'`` of ``o'``), by byte.
        self._holders: dict[int, int] = {}
        # Where punctuation meets a token, built once a word with punctuation is
        # asked for (seconds at 300,000 contacts, so in a thread of their own); and
        # the words with punctuation looked for there, as (sure to hold, may hold).
        self._pairs: PunctuationPairs | None = None
        self._pairs_started = False
        self._when_paired: Callable[[PunctuationPairs], None] | None = None
        # Where pairs built before may be read (the file's), until someone does; and
        # set once that read is over.
        self._pairs_load: Callable[[], PunctuationPairs | None] | None = None
        self._pairs_read: threading.Event | None = None
        self._retired = False
        self._punctuated: OrderedDict[str, tuple[int, int]] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def of(
        cls,
        ids: Sequence[int],
        texts: Iterable[str | bytes],
        archived: Sequence[int] = (),
        second_degree: Sequence[int] = (),
    ) -> SearchIndex:
        """An index of ``texts`` (folded, as ``str`` or UTF-8 ``bytes``), one per id."""
        encoded = [text.encode() if isinstance(text, str) else text for text in texts]
        offsets = list(accumulate(map(len, encoded), initial=0))
        return cls(ids, b"".join(encoded), offsets, archived, second_degree)

    def __len__(self) -> int:
        return self.size

    # --- queries -----------------------------------------------------------------

    def match(self, query: str, cancelled: Cancelled | None = None) -> int:
        """The bitmap of the contacts whose text holds every word of ``query``
        (everyone for a query without words). Raises :class:`Superseded` as soon as
        ``cancelled()`` is true. A build of pairs waits while it runs."""
        with _MATCHING:
            return self._match(query, cancelled)

    def _match(self, query: str, cancelled: Cancelled | None) -> int:
        check = cancelled or _never
        mask = self.everyone
        checks: list[str] = []
        # Words narrowed by their pairs, with the contacts sure to hold each.
        sure: dict[str, int] = {}
        for term in sorted(set(terms_of(query)), key=len, reverse=True):
            encoded = term.encode()
            runs = tokens_of(term)
            if runs != [encoded]:
                paired = self._paired(term)
                if paired is not None:
                    surely, maybe = paired
                    mask &= surely | maybe
                    if mask & maybe:  # else exactly the contacts holding it
                        checks.append(term)
                        sure[term] = surely
                    continue  # its tokens are in its pairs
                checks.append(term)
                holders = self._rare_byte_holders(encoded, check)
                if holders is not None:
                    mask &= holders
                    if mask.bit_count() * _SCAN_RATIO <= self.size:
                        continue  # few: each checked below, narrowing by tokens costs more
            for part, where in _placed(encoded, runs):
                mask &= self._part(part, where)
                if check():
                    raise Superseded
        for term in checks:
            if term in sure:
                held = mask & sure[term]
                mask = held | self._verify(mask & ~held, term.encode(), check, narrowed=True)
            else:
                mask = self._verify(mask, term.encode(), check)
        return mask

    def in_order(
        self, mask: int, order: Sequence[int] | None = None, *, reverse: bool = False
    ) -> Sequence[int]:
        """The ids of ``mask``'s contacts: in list order (lazily, see :class:`Matches`),
        or in the order of the positions ``order`` (see :meth:`positions`)."""
        if order is None:
            return Matches(self, mask, reverse=reverse)
        flags = bitmap_flags(mask, self.size)
        found = array(
            "q", compress(map(self.ids.__getitem__, order), map(flags.__getitem__, order))
        )
        if reverse:
            found.reverse()
        return found

    def position_of(self, contact_id: int) -> int:
        """Where a contact is in list order (-1 for an id the index does not know)."""
        table = self._position_table()
        return table[contact_id] if 0 <= contact_id < len(table) else -1

    def positions(self, ids: Iterable[int]) -> array[int]:
        """The positions of ``ids`` (an order read from the database), for
        :meth:`in_order`; ids the index does not know are left out."""
        table = self._position_table()
        limit = len(table)
        return array("i", [p for i in ids if 0 <= i < limit and (p := table[i]) >= 0])

    def text_at(self, position: int) -> str:
        """The searchable text of the contact at ``position``."""
        return self._text[self._offsets[position] : self._offsets[position + 1]].decode()

    # --- inside --------------------------------------------------------------------

    def _position_table(self) -> array[int]:
        with self._lock:
            if self._positions is None:
                largest = max(self.ids, default=-1)
                table = array("i", [-1]) * (largest + 1)
                for position, contact_id in enumerate(self.ids):
                    table[contact_id] = position
                self._positions = table
            return self._positions

    def _part(self, part: bytes, where: str) -> int:
        """The contacts holding a token that contains ``part`` (or starts with it,
        ends with it, or is it, as ``where`` says)."""
        key = where + part.decode()
        with self._lock:
            cached = self._parts.get(key)
            if cached is not None:
                self._parts.move_to_end(key)
                return cached[1]
            # A token holding ``part`` holds it one letter shorter: look only there.
            shorter = self._parts.get(_INSIDE + part[:-1].decode("utf-8", "ignore"))
        vocabulary = shorter[0] if shorter is not None else self._vocabulary
        tokens = list(compress(vocabulary, map(_TESTS[where], vocabulary, repeat(part))))
        mask = union_of(tokens, self._bitmaps, self._arrays, self.size)
        with self._lock:
            self._parts[key] = (tokens, mask)
            while len(self._parts) > _PART_CACHE:
                self._parts.popitem(last=False)
        return mask

    def punctuation_pairs(self, pace: Callable[[], None] | None = None) -> PunctuationPairs:
        """Where punctuation meets a token in every contact's text
        (:mod:`netui.core.search_pairs`), built now if no thread has (here, or at
        once in the thread building them; ``pace`` called between two steps).
        Raises :class:`Stopped` once the index was retired."""
        with self._lock:
            pairs = self._pairs
        if pairs is None:
            pairs = PunctuationPairs(
                self._text, self._offsets, stop=lambda: self._retired, pace=pace
            )
            with self._lock:
                if self._pairs is None:
                    self._pairs = pairs
                pairs = self._pairs
        return pairs

    def attach_pairs(self, pairs: PunctuationPairs) -> bool:
        """Answer from ``pairs``, built before from this index's text (kept in the
        file, :mod:`netui.core.search_pairs_snapshot`), unless the index has its own
        or they are of another size. A build of them in the background stops."""
        if pairs.size != self.size:
            return False
        with self._lock:
            if self._pairs is not None:
                return False
            self._pairs = pairs
            return True

    def pairs_from(self, load: Callable[[], PunctuationPairs | None]) -> None:
        """Where this index's pairs, built before, may be read: ``load()`` gives them
        (or ``None``), and runs once (:meth:`read_stored_pairs`)."""
        with self._lock:
            self._pairs_load = load
            self._pairs_read = threading.Event()

    def read_stored_pairs(self) -> None:
        """Read the pairs :meth:`pairs_from` says where to find, once: in the thread
        that comes first (the engine's warming thread, or the first word with
        punctuation); another that comes meanwhile waits for that read (tens of
        milliseconds) rather than check the word against the text or build them."""
        with self._lock:
            load, self._pairs_load = self._pairs_load, None
            read = self._pairs_read
        if read is None:
            return
        if load is None:
            read.wait()
            return
        try:
            pairs = load()
            if pairs is not None:
                self.attach_pairs(pairs)
        finally:
            read.set()

    def when_paired(self, built: Callable[[PunctuationPairs], None]) -> None:
        """Call ``built(pairs)``, on the building thread, once this index's pairs are
        built in the background (:meth:`build_pairs_soon`; not when attached)."""
        self._when_paired = built

    def retire(self) -> None:
        """This index is no longer used: a build of its pairs stops."""
        self._retired = True

    def _paired(self, term: str) -> tuple[int, int] | None:
        """The contacts sure to hold ``term`` (a word with punctuation) and those that
        may hold it, by its pairs (:meth:`PunctuationPairs.holders`); ``None`` while
        the pairs are not built (the first such word starts their build, in a
        thread of its own, where :func:`build_pairs_when_asked` says so)."""
        if self._pairs_read is not None and not self._pairs_read.is_set():
            self.read_stored_pairs()
        with self._lock:
            pairs = self._pairs
            if pairs is None:
                if _PAIRS.when_asked:
                    self._build_pairs_soon()
                return None
            found = self._punctuated.get(term)
            if found is not None:
                self._punctuated.move_to_end(term)
                return found
        found = pairs.holders(term)
        with self._lock:
            self._punctuated[term] = found
            while len(self._punctuated) > _PART_CACHE:
                self._punctuated.popitem(last=False)
        return found

    def build_pairs_soon(self) -> None:
        """Start building the pairs in a thread of their own, unless one is (the app,
        at a pause in typing: then the first word with punctuation finds them)."""
        with self._lock:
            self._build_pairs_soon()

    def _build_pairs_soon(self) -> None:
        # Under the lock.
        if self._pairs is None and not self._pairs_started and not self._retired:
            self._pairs_started = True
            threading.Thread(target=self._build_pairs, name="search-pairs", daemon=True).start()

    def _build_pairs(self) -> None:
        def pace() -> None:
            _MATCHING.wait_until_none()
            if _PAIRS.pace is not None:
                _PAIRS.pace()

        def stop() -> bool:  # no longer used, or given pairs meanwhile
            return self._retired or self._pairs is not None

        made = None
        with contextlib.suppress(Stopped, MemoryError):
            made = PunctuationPairs(self._text, self._offsets, stop=stop, pace=pace)
        if made is not None:
            with self._lock:
                kept = self._pairs is None
                if kept:
                    self._pairs = made
            if kept and self._when_paired is not None:
                self._when_paired(made)
        if _PAIRS.done is not None:
            _PAIRS.done()

    def warm(self) -> None:
        """Work out ahead what the first keys need: where each contact is, every
        single letter and digit (the first key of a word), and how often each byte
        occurs (the first word with a ``'`` or a ``.`` in it, 9 ms at 30,000 contacts)."""
        self._position_table()
        for byte in _PUNCTUATION:
            if self._frequency(byte) and self._is_rare(byte):
                self._rare_byte_holders(bytes((byte,)), _never)
        letters = {chr(c) for c in b"abcdefghijklmnopqrstuvwxyz0123456789"}
        for token in self._vocabulary:
            if not token.isascii():
                letters.update(token.decode())
        for letter in sorted(letters):
            if letter.isalnum():
                self._part(letter.encode(), _INSIDE)

    def _verify(self, mask: int, needle: bytes, check: Cancelled, *, narrowed: bool = False) -> int:
        """The contacts of ``mask`` whose text holds ``needle`` itself. A word typed on
        from one checked before (``o'b`` after ``o'``) is looked for only among the
        contacts that held that one: a text holding ``o'b`` holds ``o'``. A ``mask``
        ``narrowed`` by the word's pairs holds few that do not hold the word: it is
        looked for in their texts, one by one, unless they are most of the network
        (a pass over the text would meet at least as many)."""
        if check():
            raise Superseded
        known = self._known(mask, needle)
        if known is not None:
            return known
        looked_among, mask = mask, mask & self._narrowed(mask, needle)
        if mask.bit_count() * (_NARROWED_RATIO if narrowed else _SCAN_RATIO) > self.size:
            occurs = self._frequency(needle[0]) * len(self._text)
            if len(needle) == 1 and occurs * _OCCURRENCES_RATIO > self.size:
                found = mask & self._look_in_all(needle, check)
            else:
                found = mask & self._scan(needle, check)
        else:
            found = self._look_in(mask, needle, check)
        with self._lock:
            self._checked[needle] = (looked_among, found)
            self._checked.move_to_end(needle)
            while len(self._checked) > _PART_CACHE:
                self._checked.popitem(last=False)
        return found

    def _rare_byte_holders(self, needle: bytes, check: Cancelled) -> int | None:
        """The contacts whose text holds the rarest byte of ``needle`` (worked out
        once per byte), when that byte is rare (:meth:`_is_rare`); else ``None``.
        Every text holding ``needle`` is among them: ``o'`` is looked for among the
        1,500 contacts of 300,000 with a ``'``, not among the 170,000 with a word
        ending in ``o``."""
        rarest = min(needle, key=self._frequency)
        if not self._is_rare(rarest):
            return None
        with self._lock:
            found = self._holders.get(rarest)
        if found is None:
            found = self._scan(bytes((rarest,)), check)
            with self._lock:
                self._holders[rarest] = found
        return found

    def _is_rare(self, byte: int) -> bool:
        """Whether fewer than one contact in :data:`_SCAN_RATIO` could hold ``byte``
        (by how often it occurs in the text's sample)."""
        return self._frequency(byte) * len(self._text) * _SCAN_RATIO < self.size

    def _known(self, mask: int, needle: bytes) -> int | None:
        """The contacts of ``mask`` holding ``needle``, when that word was checked
        before among them all (a key typed and erased, a search read again)."""
        with self._lock:
            kept = self._checked.get(needle)
        if kept is not None and not mask & ~kept[0]:
            return mask & kept[1]
        return None

    def _narrowed(self, mask: int, needle: bytes) -> int:
        """The contacts that can hold ``needle``, from a shorter word checked before
        among them all (``mask`` itself when there is none)."""
        with self._lock:
            for shorter in range(len(needle) - 1, 0, -1):
                for start in range(len(needle) - shorter + 1):
                    kept = self._checked.get(needle[start : start + shorter])
                    if kept is not None and not mask & ~kept[0]:
                        return kept[1]
        return mask

    def _look_in(self, mask: int, needle: bytes, check: Cancelled) -> int:
        """The contacts of ``mask`` (a few) whose text holds ``needle``, one by one."""
        offsets, find = self._offsets, self._text.find
        kept: list[int] = []
        candidates = list(set_positions(mask, self.size))
        for start in range(0, len(candidates), _CHECK_EVERY):
            chunk = candidates[start : start + _CHECK_EVERY]
            starts = map(offsets.__getitem__, chunk)
            ends = map(offsets.__getitem__, [p + 1 for p in chunk])
            held = map((-1).__ne__, map(find, repeat(needle), starts, ends))
            kept.extend(compress(chunk, held))
            if check():
                raise Superseded
        return bitmap(kept, self.size)

    def _look_in_all(self, needle: bytes, check: Cancelled) -> int:
        """The contacts whose text holds ``needle``, looked for in each contact's text
        by C code alone (``bytes.find`` between two offsets, 0.3 us a contact): where
        :meth:`_scan` would meet the needle too often (``@`` at 300,000 contacts:
        420-720 -> 80-90 ms)."""
        find, offsets, size = self._text.find, self._offsets, self.size
        flags = bytearray()
        for first in range(0, size, _LOOK_STEP):
            last = min(first + _LOOK_STEP, size)
            starts, ends = offsets[first:last], offsets[first + 1 : last + 1]
            flags += bytes(map((-1).__ne__, map(find, repeat(needle), starts, ends)))
            if check():
                raise Superseded
        return flags_to_bitmap(flags)

    def _scan(self, needle: bytes, check: Cancelled) -> int:
        """The contacts whose text holds ``needle``, in one pass over all the text:
        ``bytes.find`` (in C) of the needle's rarest byte when that byte is rare
        (the ``'`` of ``o'b``, the ``+`` of ``c++``), else of the whole needle."""
        offsets, text = self._offsets, self._text
        kept: list[int] = []
        rarest = min(range(len(needle)), key=lambda n: self._frequency(needle[n]))
        if self._frequency(needle[rarest]) * len(text) * 8 < self.size:
            probe, back = needle[rarest : rarest + 1], rarest
        else:
            probe, back = needle, 0
        at = text.find(probe)
        seen = 0
        while at >= 0:
            start = at - back
            position = bisect_right(offsets, start) - 1
            if (
                start >= 0
                and start + len(needle) <= offsets[position + 1]
                and text.startswith(needle, start)
            ):
                kept.append(position)
                at = text.find(probe, offsets[position + 1] + back)
            else:
                at = text.find(probe, at + 1)
            seen += 1
            if seen % _CHECK_EVERY == 0 and check():
                raise Superseded
        return bitmap(kept, self.size)

    def _frequency(self, byte: int) -> float:
        """How often ``byte`` occurs in the text (from a sample of it)."""
        if self._bytes is None:
            sample = self._text[: 1 << 18]
            counts = Counter(sample)
            self._bytes = [counts.get(b, 0) / max(len(sample), 1) for b in range(256)]
        return self._bytes[byte]


def _placed(term: bytes, runs: list[bytes]) -> list[tuple[bytes, str]]:
    """Each letters-and-digits run of ``term`` with where it must sit in a token: a
    run with something else just before it starts a token, one with something
    else just after it ends one."""
    placed = []
    at = 0
    for run in runs:
        start = term.index(run, at)
        end = at = start + len(run)
        before, after = start > 0, end < len(term)
        where = _WHOLE if before and after else _START if before else _END if after else _INSIDE
        placed.append((run, where))
    return placed


def _never() -> bool:
    return False
