"""The parts the snapshots of :mod:`netui.core.search_snapshot` and
:mod:`netui.core.search_pairs_snapshot` are made of, written and read back.

The main part is a set of *postings*: words (tokens, or pairs of a token and its
punctuation) each with the contacts holding it, as a bitmap when common or as an
array of positions when rare (see :class:`~netui.core.search.SearchIndex`). Its
layout (little-endian; ``B`` = one bitmap's bytes = ``(size + 7) // 8``)::

    lengths     words × uint32   (each word's length, in sorted order)
    words       word bytes
    counts      words × uint32   (positions of an array word; BITMAP for a bitmap)
    positions   array positions × int32 (the array words' arrays, end to end)
    bitmaps     bitmaps × B       (the bitmap words', in the same order)

The bytes come from a file: they are parsed, never unpickled, every length checked
before it is used, and anything inconsistent raises :class:`Damaged`. They are read
part by part (:class:`Reader`), from a database blob as well as from memory: a
snapshot is never held whole beside what it is read into (at 300,000 contacts
55 MB the index's, 7.5 MB its pairs').
"""

from __future__ import annotations

import io
import sys
import zlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate, compress, pairwise
from operator import lt

__all__ = [
    "BITMAP",
    "Damaged",
    "Postings",
    "Reader",
    "as_little",
    "bitmap_of",
    "dump_postings",
    "from_little",
    "load_postings",
]

#: The count of a word kept as a bitmap.
BITMAP = 0xFFFF_FFFF

_LITTLE = sys.byteorder == "little"


class Damaged(Exception):
    """The bytes are not what this code wrote."""


def as_little(values: array[int]) -> bytes:
    if _LITTLE:
        return values.tobytes()
    swapped = array(values.typecode, values)
    swapped.byteswap()
    return swapped.tobytes()


def from_little(typecode: str, data: bytes) -> array[int]:
    values = array(typecode)
    values.frombytes(data)
    if not _LITTLE:
        values.byteswap()
    return values


class Reader:
    """A payload of ``length`` bytes read part by part from ``read`` (a file's, a
    database blob's: never the whole in memory at once), each part's length checked
    first and the payload's CRC-32 worked out as it goes (:meth:`finish`)."""

    def __init__(self, read: Callable[[int], bytes], length: int) -> None:
        self._read = read
        self.length = length
        self.at = 0
        self.crc = 0

    @classmethod
    def of(cls, data: bytes | bytearray | memoryview) -> Reader:
        """A reader of bytes in memory."""
        return cls(io.BytesIO(data).read, len(data))

    def take(self, length: int) -> bytes:
        end = self.at + length
        if length < 0 or end > self.length:
            raise Damaged
        part = self._read(length)
        if len(part) != length:
            raise Damaged
        self.crc = zlib.crc32(part, self.crc)
        self.at = end
        return part

    def rest(self) -> Reader:
        """A reader of what is left (its CRC-32 counted from here)."""
        return Reader(self._read, self.length - self.at)

    def finish(self, crc: int) -> None:
        """All of the payload was read and its CRC-32 is ``crc``."""
        if self.at != self.length or self.crc != crc:
            raise Damaged


def bitmap_of(data: bytes, size: int) -> int:
    """A bitmap of ``size`` contacts; no bit at ``size`` or beyond."""
    mask = int.from_bytes(data, "little")
    if mask >> size:
        raise Damaged
    return mask


@dataclass(frozen=True)
class Postings:
    """A set of postings as bytes, and the four counts a header keeps of it."""

    words: int
    word_bytes: int
    positions: int
    bitmaps: int
    data: bytes

    def counts(self) -> tuple[int, int, int, int]:
        return self.words, self.word_bytes, self.positions, self.bitmaps

    @staticmethod
    def length(size: int, words: int, word_bytes: int, positions: int, bitmaps: int) -> int:
        """How many bytes a set of postings with these counts takes."""
        return 8 * words + word_bytes + 4 * positions + bitmaps * ((size + 7) // 8)


def dump_postings(
    bitmaps: dict[bytes, int], arrays: dict[bytes, array[int]], size: int
) -> Postings:
    """The bytes of ``bitmaps`` and ``arrays`` (no word in both), over ``size`` contacts."""
    width = (size + 7) // 8
    vocabulary = sorted([*bitmaps, *arrays])
    counts = array("I", [BITMAP if w in bitmaps else len(arrays[w]) for w in vocabulary])
    positions = array("i")
    for word in vocabulary:
        if word not in bitmaps:
            positions.extend(arrays[word])
    dense = [word for word in vocabulary if word in bitmaps]
    data = b"".join(
        (
            as_little(array("I", map(len, vocabulary))),
            b"".join(vocabulary),
            as_little(counts),
            as_little(positions),
            b"".join(bitmaps[word].to_bytes(width, "little") for word in dense),
        )
    )
    return Postings(len(vocabulary), sum(map(len, vocabulary)), len(positions), len(dense), data)


def load_postings(
    read: Reader, size: int, words: int, word_bytes: int, positions: int, dense: int
) -> tuple[dict[bytes, int], dict[bytes, array[int]]]:
    """The bitmaps and arrays :func:`dump_postings` wrote, read with the counts it
    gave; raises :class:`Damaged` on anything else."""
    width = (size + 7) // 8
    lengths = from_little("I", read.take(4 * words))
    letters = read.take(word_bytes)
    counts = from_little("I", read.take(4 * words))
    all_positions = from_little("i", read.take(4 * positions))

    if sum(lengths) != word_bytes or 0 in lengths:
        raise Damaged
    ends = list(accumulate(lengths, initial=0))
    vocabulary = [bytes(letters[start:end]) for start, end in pairwise(ends)]
    if not all(map(lt, vocabulary, vocabulary[1:])):  # sorted, so each word once
        raise Damaged
    is_bitmap = [count == BITMAP for count in counts]
    if sum(is_bitmap) != dense:
        raise Damaged
    array_counts = [count for count in counts if count != BITMAP]
    if sum(array_counts) != positions or 0 in array_counts:
        raise Damaged
    if all_positions and (min(all_positions) < 0 or max(all_positions) >= size):
        raise Damaged

    bitmaps: dict[bytes, int] = {}
    for word in compress(vocabulary, is_bitmap):  # one by one: no copy of them all
        bitmaps[word] = bitmap_of(read.take(width), size)
    arrays: dict[bytes, array[int]] = {}
    at = 0
    rare = compress(vocabulary, [not flag for flag in is_bitmap])
    for word, count in zip(rare, array_counts, strict=True):
        arrays[word] = all_positions[at : at + count]
        at += count
    return bitmaps, arrays
