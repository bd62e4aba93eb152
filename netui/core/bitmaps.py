"""Sets of contacts as bitmaps: a Python ``int``, one bit per contact in list order.

Unions and intersections of bitmaps run in C; these helpers turn positions and
flags (one byte per contact) into bitmaps and back (:mod:`netui.core.search`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import compress

__all__ = ["FLAGS", "bitmap", "bitmap_flags", "flags_to_bitmap", "set_positions"]

#: A bitmap byte -> the 8 flags (0 or 1) of its bits, lowest first.
FLAGS = [bytes((byte >> bit) & 1 for bit in range(8)) for byte in range(256)]
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def bitmap(positions: Iterable[int], size: int) -> int:
    """The bitmap with the bits of ``positions`` set (each below ``size``)."""
    flags = bytearray(size)
    for position in positions:
        flags[position] = 1
    return flags_to_bitmap(flags)


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
    """The positions of ``mask``'s bits, lowest first, skipping empty stretches (so
    a sparse bitmap costs little more than its bits)."""
    packed = mask.to_bytes((size + 7) // 8, "little")
    for run in _NONZERO.finditer(packed):
        start, chunk = run.start(), run.group()
        flags = b"".join(map(FLAGS.__getitem__, chunk))
        yield from compress(range(start * 8, min((start + len(chunk)) * 8, size)), flags)


_NONZERO = re.compile(rb"[^\x00]+")
