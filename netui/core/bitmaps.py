"""Sets of contacts as bitmaps: a Python ``int``, one bit per contact in list order.

Unions and intersections of bitmaps run in C; these helpers turn positions and
flags (one byte per contact) into bitmaps and back (:mod:`netui.core.search`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import compress

__all__ = [
    "FLAGS",
    "bitmap",
    "bitmap_flags",
    "bitmap_of_all",
    "flags_to_bitmap",
    "set_positions",
    "union_of",
]

#: A bitmap byte -> the 8 flags (0 or 1) of its bits, lowest first.
FLAGS = [bytes((byte >> bit) & 1 for bit in range(8)) for byte in range(256)]
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


#: Fewer positions than one in this many of ``size`` are set bit by bit: each costs
#: 0.2 us, where one byte per position costs 1.6 ms at 300,000 contacts, whatever set.
_SPARSE = 40


def bitmap(positions: Sequence[int], size: int) -> int:
    """The bitmap with the bits of ``positions`` set (each below ``size``)."""
    return bitmap_of_all((positions,), size)


def bitmap_of_all(groups: Sequence[Sequence[int]], size: int) -> int:
    """The bitmap with the bits of every group's positions set (each below ``size``):
    bit by bit when they are few, else through one byte per position."""
    if sum(map(len, groups)) * _SPARSE < size:
        packed = bytearray((size + 7) // 8)
        for positions in groups:
            for position in positions:
                packed[position >> 3] |= 1 << (position & 7)
        return int.from_bytes(packed, "little")
    flags = bytearray(size)
    for positions in groups:
        for position in positions:
            flags[position] = 1
    return flags_to_bitmap(flags)


def union_of(
    keys: Iterable[bytes],
    bitmaps: Mapping[bytes, int],
    arrays: Mapping[bytes, Sequence[int]],
    size: int,
) -> int:
    """The bitmap of the contacts of every key (a token, a pair), each held as a
    bitmap when common or as an array of positions when rare."""
    mask = 0
    rare: list[Sequence[int]] = []
    for key in keys:
        found = bitmaps.get(key)
        if found is not None:
            mask |= found
        else:
            rare.append(arrays[key])
    if rare:
        mask |= bitmap_of_all(rare, size)
    return mask


def flags_to_bitmap(flags: bytes | bytearray) -> int:
    """One byte per position (0 or 1) -> a bitmap."""
    if not flags:
        return 0
    return int(flags[::-1].translate(_DIGITS), 2)


def bitmap_flags(mask: int, size: int) -> bytes:
    """A bitmap -> one byte per position (0 or 1), ``size`` of them."""
    if size == 0:
        return b""
    packed = mask.to_bytes((size + 7) // 8, "little")
    return b"".join(map(FLAGS.__getitem__, packed))[:size]


def set_positions(mask: int, size: int) -> Iterator[int]:
    """The positions of ``mask``'s bits, lowest first: through one byte per position
    when they are many (one in :data:`_SPREAD` or more), else skipping empty
    stretches (so a sparse bitmap costs little more than its bits)."""
    if mask.bit_count() * _SPREAD >= size:
        yield from compress(range(size), bitmap_flags(mask, size))
        return
    packed = mask.to_bytes((size + 7) // 8, "little")
    for run in _NONZERO.finditer(packed):
        start, chunk = run.start(), run.group()
        flags = b"".join(map(FLAGS.__getitem__, chunk))
        yield from compress(range(start * 8, min((start + len(chunk)) * 8, size)), flags)


_NONZERO = re.compile(rb"[^\x00]+")
#: A stretch of set bits costs about 40 times what one byte per position does (for
#: bits spread out, every bit is a stretch of its own).
_SPREAD = 40
