"""A search's result read lazily off its bitmap (:mod:`netui.core.search`)."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate, compress, islice
from typing import Protocol, overload

from netui.core.bitmaps import FLAGS, bitmap_flags

__all__ = ["BLOCK", "Matches"]


class Indexed(Protocol):
    """What a result needs of its index: the ids in list order and where one is."""

    size: int
    ids: array[int]

    def position_of(self, contact_id: int) -> int: ...


#: Bits per block of a result's rank table (see :class:`Matches`).
BLOCK = 4096


class Matches(Sequence[int]):
    """The ids of a bitmap's contacts in list order (or reversed), read lazily.

    Its length is the bitmap's population count; the id at an index is found
    through a table of counts per block of bits (a bisection, then one block
    expanded), and the index of an id is a count of the bits below it. So a
    result of 300,000 contacts costs a few kilobytes and a few microseconds a
    lookup; the list only ever reads a screenful of it.
    """

    def __init__(self, index: Indexed, mask: int, *, reverse: bool = False) -> None:
        self._index = index
        self._mask = mask
        self._reverse = reverse
        size = index.size
        self._packed = mask.to_bytes((size + 7) // 8, "little")
        step = BLOCK // 8
        self._before = list(
            accumulate(
                (
                    int.from_bytes(self._packed[at : at + step], "little").bit_count()
                    for at in range(0, len(self._packed), step)
                ),
                initial=0,
            )
        )
        self._length = self._before[-1]
        self._last_block: tuple[int, list[int]] | None = None

    @property
    def mask(self) -> int:
        return self._mask

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, item: int) -> int: ...

    @overload
    def __getitem__(self, item: slice) -> list[int]: ...

    def __getitem__(self, item: int | slice) -> int | list[int]:
        if isinstance(item, slice):
            start, stop, step = item.indices(self._length)
            if step != 1 or stop <= start:
                return [self[k] for k in range(start, stop, step)]
            if self._reverse:
                first = self._length - stop
                found = list(islice(self._ids_from(first), stop - start))
                found.reverse()
                return found
            return list(islice(self._ids_from(start), stop - start))
        k = item + self._length if item < 0 else item
        if not 0 <= k < self._length:
            raise IndexError("result index out of range")
        if self._reverse:
            k = self._length - 1 - k
        return next(self._ids_from(k))

    def __iter__(self) -> Iterator[int]:
        flags = bitmap_flags(self._mask, self._index.size)
        found = compress(self._index.ids, flags)
        return reversed(list(found)) if self._reverse else iter(found)

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int):
            return False
        position = self._index.position_of(value)
        return position >= 0 and bool(self._mask >> position & 1)

    def index(self, value: object, start: int = 0, stop: int | None = None) -> int:
        if not isinstance(value, int) or value not in self:
            raise ValueError(f"{value!r} is not in the result")
        position = self._index.position_of(value)
        block, offset = divmod(position, BLOCK)
        step = BLOCK // 8
        at = block * step
        below = int.from_bytes(self._packed[at : at + step], "little") & ((1 << offset) - 1)
        k = self._before[block] + below.bit_count()
        if self._reverse:
            k = self._length - 1 - k
        if k < start or (stop is not None and k >= stop):
            raise ValueError(f"{value!r} is not in that part of the result")
        return k

    def count(self, value: object) -> int:
        return 1 if value in self else 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Matches):
            return list(self) == list(other)
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return list(self) == list(other)
        return NotImplemented

    # Unhashable, like the list it compares equal to (object's __hash__ is a method).
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Matches {self._length} of {self._index.size}>"

    def _ids_from(self, k: int) -> Iterator[int]:
        """The ids from the ``k``-th match on, in list order."""
        if k >= self._length:
            return
        block = bisect_right(self._before, k) - 1
        skip = k - self._before[block]
        ids = self._index.ids
        while block * BLOCK < self._index.size:
            positions = self._block(block)
            for position in positions[skip:]:
                yield ids[position]
            skip = 0
            block += 1

    def _block(self, block: int) -> list[int]:
        """The positions of the matches in one block of bits (the last one kept)."""
        cached = self._last_block
        if cached is not None and cached[0] == block:
            return cached[1]
        step = BLOCK // 8
        chunk = self._packed[block * step : (block + 1) * step]
        positions: list[int] = []
        if any(chunk):
            flags = b"".join(map(FLAGS.__getitem__, chunk))
            base = block * BLOCK
            end = min(base + len(flags), self._index.size)
            positions = list(compress(range(base, end), flags))
        self._last_block = (block, positions)
        return positions
