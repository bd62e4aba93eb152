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
    postings    the tokens' (:mod:`netui.core.snapshot_bytes`)
    text        text bytes
"""

from __future__ import annotations

import struct
import zlib
from array import array
from operator import lt

from netui.core.search import SearchIndex
from netui.core.snapshot_bytes import (
    Damaged,
    Postings,
    Reader,
    as_little,
    bitmap_of,
    dump_postings,
    from_little,
    load_postings,
)

__all__ = ["FORMAT_VERSION", "MAGIC", "dump", "load", "read"]

MAGIC = b"NETUISNP"
#: Bumped whenever the layout or the index's rules (tokens, folding) change: a
#: snapshot of another version is not read.
FORMAT_VERSION = 1
#: magic, version, crc32 of the payload, then the lengths (see the module's docstring).
HEADER = struct.Struct("<8sII6Q")
#: No part is longer than this (a length beyond it is damage, not a network).
LIMIT = 1 << 40


def dump(index: SearchIndex) -> bytes:
    """The bytes of ``index`` (:func:`load` reads them back)."""
    ids, text, offsets, archived, second, bitmaps, arrays = index.parts()
    size = len(ids)
    width = (size + 7) // 8
    postings = dump_postings(bitmaps, arrays, size)
    payload = b"".join(
        (
            as_little(ids),
            as_little(offsets),
            archived.to_bytes(width, "little"),
            second.to_bytes(width, "little"),
            postings.data,
            text,
        )
    )
    header = HEADER.pack(
        MAGIC, FORMAT_VERSION, zlib.crc32(payload), size, len(text), *postings.counts()
    )
    return header + payload


def load(data: bytes | bytearray | memoryview) -> SearchIndex | None:
    """The index ``data`` holds (:func:`dump`), or ``None`` if it is not one: another
    format or version, damaged, cut short, or inconsistent in any way."""
    return read(Reader.of(data))


def read(source: Reader) -> SearchIndex | None:
    """:func:`load` part by part from ``source`` (a database blob's, say): never
    the whole snapshot in memory beside the index read from it."""
    try:
        return _read(source)
    except (Damaged, ValueError, OverflowError, MemoryError, struct.error):
        return None


def _read(source: Reader) -> SearchIndex:
    if source.length < HEADER.size:
        raise Damaged
    magic, version, crc, size, text_length, *counts = HEADER.unpack(source.take(HEADER.size))
    if magic != MAGIC or version != FORMAT_VERSION:
        raise Damaged
    if max(size, text_length, *counts) >= LIMIT:
        raise Damaged
    width = (size + 7) // 8
    expected = 8 * size + 8 * (size + 1) + 2 * width + Postings.length(size, *counts)
    if source.length - HEADER.size != expected + text_length:
        raise Damaged
    payload = source.rest()
    ids = from_little("q", payload.take(8 * size))
    offsets = from_little("q", payload.take(8 * (size + 1)))
    archived = bitmap_of(payload.take(width), size)
    second = bitmap_of(payload.take(width), size)
    bitmaps, arrays = load_postings(payload, size, *counts)
    text = payload.take(text_length)
    payload.finish(crc)
    _check_offsets(offsets, text_length)
    return SearchIndex.from_parts(ids, text, offsets, archived, second, bitmaps, arrays)


def _check_offsets(offsets: array[int], text_length: int) -> None:
    """The offsets start at 0, end at the text's end and never go back."""
    if offsets[0] != 0 or offsets[-1] != text_length:
        raise Damaged
    if any(map(lt, offsets[1:], offsets)):
        raise Damaged
