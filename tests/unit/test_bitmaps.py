"""Sets of contacts as bitmaps, and back to positions."""

from __future__ import annotations

import random

import pytest

from netui.core.bitmaps import bitmap, bitmap_flags, flags_to_bitmap, set_positions


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 1_000, 30_001])
@pytest.mark.parametrize("share", [0.0, 0.001, 0.02, 0.3, 1.0])
def test_positions_come_back_as_they_went_in_sparse_or_dense(size, share):
    """Few bits are read stretch by stretch, many through a byte per position: either
    way every position comes back, lowest first, none past the size."""
    rng = random.Random(size * 1_000 + int(share * 1_000))
    positions = sorted(p for p in range(size) if rng.random() < share)
    mask = bitmap(positions, size)
    assert mask.bit_count() == len(positions)
    assert list(set_positions(mask, size)) == positions
    flags = bitmap_flags(mask, size)
    assert len(flags) == size and [p for p in range(size) if flags[p]] == positions
    assert flags_to_bitmap(flags) == mask
