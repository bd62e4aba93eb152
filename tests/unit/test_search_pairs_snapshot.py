"""The pairs of a search index as bytes and back (:mod:`netui.core.search_pairs_snapshot`):
loaded pairs answer every word as the built ones did; bytes that are not pairs this
code wrote for an index of that size give ``None``, never an exception."""

from __future__ import annotations

import random
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netui.core.search import SearchIndex
from netui.core.search_pairs_snapshot import FORMAT_VERSION, HEADER, MAGIC, dump, load
from tests.unit.test_search import found, index_of, scan
from tests.unit.test_search_pairs import ALPHABET, CHECKED_AFTER, WORDS
from tests.unit.test_search_snapshot import rewritten as index_rewritten

NAMES = ["anna", "sean", "zoë", "maria", "yael", "jean-paul", "o'brien", "c++", "דנה"]
DOMAINS = ["gmail.com", "gmail.co.uk", "ens.fr", "lopez.io", "כהן.il"]
PROBES = ["a.", "@gm", "c++", "-", ".com", "o'", "@", "🎉", "gmail.c", "a.s", "@gmail.", "co.u"]


def network(size: int, seed: int = 1) -> dict[int, str]:
    """``size`` contacts with addresses: some rows of pieces common enough to be kept."""
    rng = random.Random(seed)
    texts = {}
    for n in range(size):
        name = rng.choice(NAMES)
        texts[n * 2 + 1] = f"{name} {rng.choice(NAMES)}\n{name}.x{n % 7}@{rng.choice(DOMAINS)}"
    return texts


def loaded_index(texts: dict[int, str]) -> tuple[SearchIndex, SearchIndex, bytes]:
    """An index whose pairs were built, and one given them back from their bytes."""
    built = index_of(texts)
    data = dump(built.punctuation_pairs())
    pairs = load(data, len(built))
    assert pairs is not None
    given_back = index_of(texts)
    assert given_back.attach_pairs(pairs)
    return built, given_back, data


@pytest.mark.parametrize("size", [0, 1, 9, 600])
def test_loaded_pairs_answer_as_the_built_ones(size):
    texts = network(size)
    built, given_back, data = loaded_index(texts)
    pairs = given_back.punctuation_pairs()
    assert pairs.rows() == built.punctuation_pairs().rows()
    if size == 600:
        assert pairs.rows() and len(pairs) > 20  # rows, bitmaps and arrays all there
    for word in PROBES + CHECKED_AFTER:
        assert pairs.holders(word) == built.punctuation_pairs().holders(word), word
        assert found(given_back, word) == scan(texts, word), word
    assert dump(pairs) == data  # nothing lost or reordered


@given(
    st.lists(st.lists(st.sampled_from(WORDS), max_size=5), min_size=1, max_size=40),
    st.lists(st.text(alphabet=ALPHABET, max_size=6), min_size=1, max_size=8),
)
@settings(max_examples=100, deadline=None)
def test_any_word_on_any_text_agrees_with_a_scan_after_a_round_trip(docs, queries):
    texts = {n * 3 + 1: "\n".join(words) for n, words in enumerate(docs)}
    _built, given_back, _data = loaded_index(texts)
    for query in queries:
        assert found(given_back, query) == scan(texts, query), query


def test_an_index_keeps_its_own_pairs_and_refuses_another_sizes():
    texts = network(50)
    built, _given_back, data = loaded_index(texts)
    own = built.punctuation_pairs()
    pairs = load(data, len(built))
    assert pairs is not None
    assert not built.attach_pairs(pairs)
    assert built.punctuation_pairs() is own
    smaller = index_of(dict(list(texts.items())[:49]))
    assert not smaller.attach_pairs(pairs)
    assert load(data, 49) is None


def good_bytes() -> bytes:
    return dump(index_of(network(403, seed=11)).punctuation_pairs())


def with_header(data: bytes, **changes: int | bytes) -> bytes:
    """``data`` with some header fields changed and the checksum made right again
    (as a hostile file would have it: only the checks of lengths can refuse it)."""
    names = ("magic", "version", "crc", "size", "words", "word_bytes", "positions", "bitmaps")
    names += ("rows", "row_bytes", "row_positions", "row_bitmaps")
    fields = dict(zip(names, HEADER.unpack_from(data), strict=True))
    fields.update(changes)
    payload = data[HEADER.size :]
    fields["crc"] = zlib.crc32(payload)
    return HEADER.pack(*fields.values()) + payload


def rewritten(data: bytes, at: int, value: bytes) -> bytes:
    return index_rewritten(data, at, value, HEADER)


def test_the_good_bytes_load():
    data = good_bytes()
    assert load(data, 403) is not None
    fields = HEADER.unpack_from(data)
    assert fields[:2] == (MAGIC, FORMAT_VERSION)
    assert fields[8] > 0 and fields[10] == 0  # common rows, all bitmaps


def test_every_flipped_byte_is_refused():
    data = good_bytes()
    rng = random.Random(5)
    for at in [*range(HEADER.size + 4), *rng.sample(range(len(data)), 300)]:
        damaged = bytearray(data)
        damaged[at] ^= 1 << rng.randrange(8)
        assert load(bytes(damaged), 403) is None, at


def test_cut_short_or_too_long_is_refused():
    data = good_bytes()
    for length in (0, 7, HEADER.size - 1, HEADER.size, len(data) // 2, len(data) - 1):
        assert load(data[:length], 403) is None, length
    assert load(data + b"\0", 403) is None


def test_another_format_version_or_size_is_refused():
    data = good_bytes()
    assert load(with_header(data, magic=b"NETUISNP"), 403) is None
    assert load(with_header(data, version=FORMAT_VERSION + 1), 403) is None
    assert load(with_header(data, size=404), 403) is None
    assert load(data, 404) is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("words", 1 << 40), ("word_bytes", 1 << 62), ("positions", 1 << 50), ("bitmaps", 2**64 - 1),
     ("rows", 1 << 41), ("row_positions", 1)],
)  # fmt: skip
def test_absurd_or_impossible_counts_are_refused(field, value):
    assert load(with_header(good_bytes(), **{field: value}), 403) is None


def test_contents_that_do_not_hold_together_are_refused_even_with_a_right_checksum():
    data = good_bytes()
    _magic, _version, _crc, size, words, word_bytes, positions, bitmaps, *_rows = (
        HEADER.unpack_from(data)
    )
    lengths_end = 4 * words
    counts_at = lengths_end + word_bytes
    positions_at = counts_at + 4 * words
    # A word of length 0 (the lengths then do not add up either).
    assert load(rewritten(data, 0, struct.pack("<I", 0)), size) is None
    # Two words swapped out of order: the first word's letters made the largest.
    assert load(rewritten(data, lengths_end, b"\xff"), size) is None
    # A position outside the network, and a negative one.
    assert load(rewritten(data, positions_at, struct.pack("<i", size)), size) is None
    assert load(rewritten(data, positions_at, struct.pack("<i", -1)), size) is None
    # A bitmap with a bit past the last contact.
    bitmaps_at = positions_at + 4 * positions
    width = (size + 7) // 8
    last = bitmaps_at + width - 1
    assert load(rewritten(data, last, b"\xff"), size) is None
    # An array's count said to be a bitmap's.
    first_array = next(
        n
        for n in range(words)
        if struct.unpack_from("<I", data, HEADER.size + counts_at + 4 * n) != (0xFFFF_FFFF,)
    )
    marked = rewritten(data, counts_at + 4 * first_array, struct.pack("<I", 0xFFFF_FFFF))
    assert load(marked, size) is None
    assert bitmaps > 0


def test_random_bytes_are_refused():
    rng = random.Random(17)
    for length in (0, 1, HEADER.size, 200, 5_000):
        assert load(rng.randbytes(length), 403) is None
        assert load(MAGIC + rng.randbytes(length), 403) is None
