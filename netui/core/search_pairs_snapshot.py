"""The pairs of a search index as bytes, and back: what a database keeps so that a
word with punctuation in it (``@gm``, ``a.``, ``gmail.c``) is answered from them as
soon as the file is opened, rather than after their build (seconds at 300,000
contacts, :mod:`netui.core.search_pairs`).

:func:`dump` writes a :class:`~netui.core.search_pairs.PunctuationPairs` (every pair
with its contacts, and the common rows of pieces with theirs) after a header;
:func:`load` reads them back, for an index of a given size, into pairs that answer
as the ones dumped did. As for the index's snapshot (:mod:`netui.core.search_snapshot`)
the bytes come from a file: parsed, never unpickled, every length checked, and
anything but bytes this module wrote gives ``None`` (build them), never an exception.

Layout (little-endian)::

    header      magic, version, crc32, size, then for the pairs and for the rows:
                words, word bytes, array positions, bitmaps (see HEADER)
    pairs       postings (:mod:`netui.core.snapshot_bytes`)
    rows        postings, all bitmaps
"""

from __future__ import annotations

import struct
import zlib

from netui.core.search_pairs import PunctuationPairs
from netui.core.snapshot_bytes import Damaged, Postings, Reader, dump_postings, load_postings

__all__ = ["FORMAT_VERSION", "HEADER", "MAGIC", "dump", "load", "read"]

MAGIC = b"NETUIPRS"
#: Bumped whenever the layout or the pairs' rules (pieces, rows) change: pairs of
#: another version are not read.
FORMAT_VERSION = 1
#: magic, version, crc32 of the payload, the contacts' count, then four counts for
#: the pairs and four for the rows.
HEADER = struct.Struct("<8sIIQ8Q")
#: No part is longer than this (a length beyond it is damage, not a network).
_LIMIT = 1 << 40


def dump(pairs: PunctuationPairs) -> bytes:
    """The bytes of ``pairs`` (:func:`load` reads them back)."""
    bitmaps, arrays, rows = pairs.parts()
    kept = dump_postings(bitmaps, arrays, pairs.size)
    common = dump_postings(rows, {}, pairs.size)
    payload = kept.data + common.data
    header = HEADER.pack(
        MAGIC,
        FORMAT_VERSION,
        zlib.crc32(payload),
        pairs.size,
        *kept.counts(),
        *common.counts(),
    )
    return header + payload


def load(data: bytes | bytearray | memoryview, size: int) -> PunctuationPairs | None:
    """The pairs ``data`` holds (:func:`dump`) if they are of ``size`` contacts, else
    ``None``: another format or version, another size, damaged or inconsistent."""
    return read(Reader.of(data), size)


def read(source: Reader, size: int) -> PunctuationPairs | None:
    """:func:`load` part by part from ``source`` (a database blob's, say)."""
    try:
        return _read(source, size)
    except (Damaged, ValueError, OverflowError, MemoryError, struct.error):
        return None


def _read(source: Reader, size: int) -> PunctuationPairs:
    if source.length < HEADER.size:
        raise Damaged
    magic, version, crc, stored_size, *counts = HEADER.unpack(source.take(HEADER.size))
    if magic != MAGIC or version != FORMAT_VERSION or stored_size != size:
        raise Damaged
    if max(counts, default=0) >= _LIMIT:
        raise Damaged
    kept, common = counts[:4], counts[4:]
    if common[2]:  # every row is a bitmap
        raise Damaged
    expected = Postings.length(size, *kept) + Postings.length(size, *common)
    if source.length - HEADER.size != expected:
        raise Damaged
    payload = source.rest()
    bitmaps, arrays = load_postings(payload, size, *kept)
    rows, _ = load_postings(payload, size, *common)
    payload.finish(crc)
    return PunctuationPairs.from_parts(size, bitmaps, arrays, rows)
