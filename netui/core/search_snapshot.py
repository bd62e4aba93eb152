"""A search index as bytes, and back: what a database keeps so that opening it loads
the index (tens of milliseconds at 300,000 contacts) instead of building it (seconds).

:func:`dump` writes every part of a :class:`~netui.core.search.SearchIndex` (the
ids in list order, the text with its offsets, the archived and second-degree
flags, the vocabulary with each token's bitmap or array of positions) after a
header; :func:`load` reads them back into an index that answers every query as
the one dumped did, with nothing rebuilt (:meth:`SearchIndex.from_parts`).

The bytes come from a file, so they are parsed, never unpickled: a magic, a format
version and every length in a fixed header; a CRC-32 of the rest; then each part
read with ``array.frombytes`` / ``int.from_bytes`` once its length is checked
against the header and the header against the bytes there are. Positions outside
the index, offsets out of order, tokens out of order: anything but bytes this
module wrote gives ``None`` ("no snapshot": build the index), never an exception.

Layout (little-endian; ``B`` = one bitmap's bytes = ``(size + 7) // 8``)::

    header      magic, version, crc32, size, text, tokens, token bytes,
                array positions, bitmaps (see HEADER)
    ids         size × int64
    offsets     (size + 1) × int64
    archived    B          second_degree   B
    lengths     tokens × uint32   (each token's length, in sorted order)
    tokens      token bytes
    counts      tokens × uint32   (positions of an array token; BITMAP for a bitmap)
    positions   array positions × int32 (the array tokens' arrays, end to end)
    bitmaps     bitmaps × B       (the bitmap tokens', in the same order)
    text        text bytes
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from itertools import accumulate, compress, pairwise
from operator import lt

from netui.core.search import SearchIndex

__all__ = ["FORMAT_VERSION", "MAGIC", "dump", "load"]

MAGIC = b"NETUISNP"
#: Bumped whenever the layout or the index's rules (tokens, folding) change: a
#: snapshot of another version is not read.
FORMAT_VERSION = 1
#: magic, version, crc32 of the payload, then the lengths (see the module's docstring).
HEADER = struct.Struct("<8sII6Q")
#: The count of a token kept as a bitmap.
BITMAP = 0xFFFF_FFFF
#: No part is longer than this (a length beyond it is damage, not a network).
_LIMIT = 1 << 40

_LITTLE = sys.byteorder == "little"


def _as_little(values: array[int]) -> bytes:
    if _LITTLE:
        return values.tobytes()
    swapped = array(values.typecode, values)
    swapped.byteswap()
    return swapped.tobytes()


def _from_little(typecode: str, data: memoryview) -> array[int]:
    values = array(typecode)
    values.frombytes(data)
    if not _LITTLE:
        values.byteswap()
    return values


def dump(index: SearchIndex) -> bytes:
    """The bytes of ``index`` (:func:`load` reads them back)."""
    ids, text, offsets, archived, second, bitmaps, arrays = index.parts()
    size = len(ids)
    width = (size + 7) // 8
    vocabulary = sorted([*bitmaps, *arrays])
    counts = array("I", [BITMAP if t in bitmaps else len(arrays[t]) for t in vocabulary])
    positions = array("i")
    for token in vocabulary:
        if token not in bitmaps:
            positions.extend(arrays[token])
    dense = [token for token in vocabulary if token in bitmaps]
    payload = b"".join(
        (
            _as_little(array("q", ids)),
            _as_little(array("q", offsets)),
            archived.to_bytes(width, "little"),
            second.to_bytes(width, "little"),
            _as_little(array("I", map(len, vocabulary))),
            b"".join(vocabulary),
            _as_little(counts),
            _as_little(positions),
            b"".join(bitmaps[token].to_bytes(width, "little") for token in dense),
            text,
        )
    )
    header = HEADER.pack(
        MAGIC,
        FORMAT_VERSION,
        zlib.crc32(payload),
        size,
        len(text),
        len(vocabulary),
        sum(map(len, vocabulary)),
        len(positions),
        len(dense),
    )
    return header + payload


class _Reader:
    """The payload read part by part, each length checked first."""

    def __init__(self, data: memoryview) -> None:
        self.data = data
        self.at = 0

    def take(self, length: int) -> memoryview:
        end = self.at + length
        if length < 0 or end > len(self.data):
            raise _Damaged
        part = self.data[self.at : end]
        self.at = end
        return part


class _Damaged(Exception):
    pass


def load(data: bytes | bytearray | memoryview) -> SearchIndex | None:
    """The index ``data`` holds (:func:`dump`), or ``None`` if it is not one: another
    format or version, damaged, cut short, or inconsistent in any way."""
    try:
        return _load(memoryview(data).cast("B"))
    except (_Damaged, ValueError, OverflowError, MemoryError, struct.error):
        return None


def _load(data: memoryview) -> SearchIndex:
    if len(data) < HEADER.size:
        raise _Damaged
    magic, version, crc, size, text_length, tokens, token_bytes, positions, dense = (
        HEADER.unpack_from(data)
    )
    if magic != MAGIC or version != FORMAT_VERSION:
        raise _Damaged
    if max(size, text_length, tokens, token_bytes, positions, dense) >= _LIMIT:
        raise _Damaged
    width = (size + 7) // 8
    expected = (
        8 * size
        + 8 * (size + 1)
        + 2 * width
        + 4 * tokens
        + token_bytes
        + 4 * tokens
        + 4 * positions
        + width * dense
        + text_length
    )
    payload = data[HEADER.size :]
    if len(payload) != expected or zlib.crc32(payload) != crc:
        raise _Damaged
    read = _Reader(payload)
    ids = _from_little("q", read.take(8 * size))
    offsets = _from_little("q", read.take(8 * (size + 1)))
    archived = _bitmap(read.take(width), size)
    second = _bitmap(read.take(width), size)
    lengths = _from_little("I", read.take(4 * tokens))
    words = read.take(token_bytes)
    counts = _from_little("I", read.take(4 * tokens))
    all_positions = _from_little("i", read.take(4 * positions))
    bitmap_bytes = read.take(width * dense)
    text = bytes(read.take(text_length))

    _check_offsets(offsets, text_length)
    if sum(lengths) != token_bytes or 0 in lengths:
        raise _Damaged
    ends = list(accumulate(lengths, initial=0))
    vocabulary = [bytes(words[start:end]) for start, end in pairwise(ends)]
    if not all(map(lt, vocabulary, vocabulary[1:])):  # sorted, so each token once
        raise _Damaged
    is_bitmap = [count == BITMAP for count in counts]
    if sum(is_bitmap) != dense:
        raise _Damaged
    array_counts = [count for count in counts if count != BITMAP]
    if sum(array_counts) != positions or 0 in array_counts:
        raise _Damaged
    if all_positions and (min(all_positions) < 0 or max(all_positions) >= size):
        raise _Damaged

    bitmaps: dict[bytes, int] = {}
    for number, token in enumerate(compress(vocabulary, is_bitmap)):
        chunk = bitmap_bytes[number * width : (number + 1) * width]
        bitmaps[token] = _bitmap(chunk, size)
    arrays: dict[bytes, array[int]] = {}
    at = 0
    rare = compress(vocabulary, [not flag for flag in is_bitmap])
    for token, count in zip(rare, array_counts, strict=True):
        arrays[token] = all_positions[at : at + count]
        at += count
    return SearchIndex.from_parts(ids, text, offsets, archived, second, bitmaps, arrays)


def _bitmap(data: memoryview, size: int) -> int:
    """A bitmap of ``size`` contacts; no bit at ``size`` or beyond."""
    mask = int.from_bytes(data, "little")
    if mask >> size:
        raise _Damaged
    return mask


def _check_offsets(offsets: array[int], text_length: int) -> None:
    """The offsets start at 0, end at the text's end and never go back."""
    if offsets[0] != 0 or offsets[-1] != text_length:
        raise _Damaged
    if any(map(lt, offsets[1:], offsets)):
        raise _Damaged
