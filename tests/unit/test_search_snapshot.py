"""A search index as bytes and back (:mod:`netui.core.search_snapshot`): a loaded
index answers every query as the built one did; bytes that are not a snapshot this
code wrote give ``None``, never an exception."""

from __future__ import annotations

import random
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netui.core.folding import fold
from netui.core.search import SearchIndex
from netui.core.search_snapshot import FORMAT_VERSION, HEADER, MAGIC, dump, load

WORDS = ["ana", "anna", "an", "o'b", "bob", "c++", "lee", "e", "x.y", "zoë", "אור", "-", "🎉"]
QUERIES = ["", "a", "an", "anna", "o'b", "'b", "c++", "x.y", "zoe", "אור", "🎉", "a b", "nobody"]


def random_index(rng: random.Random, size: int) -> SearchIndex:
    """``size`` contacts with random texts, ids and flags; some words common enough
    to be kept as bitmaps, some rare enough to be arrays."""
    ids = rng.sample(range(1, size * 5 + 2), size)
    rare = [f"rare{n}" for n in range(40)]
    texts = []
    for _ in ids:
        words = WORDS + rare[: rng.randint(0, 40)]
        texts.append(fold(" ".join(rng.choice(words) for _ in range(rng.randint(0, 6)))))
    archived = [rng.random() < 0.2 for _ in ids]
    second = [rng.random() < 0.3 for _ in ids]
    return SearchIndex.of(ids, texts, archived, second)


def same_answers(built: SearchIndex, loaded: SearchIndex, queries: list[str]) -> None:
    assert list(loaded.ids) == list(built.ids)
    assert (loaded.archived, loaded.second_degree, loaded.everyone) == (
        built.archived,
        built.second_degree,
        built.everyone,
    )
    for query in queries:
        mask = built.match(query)
        assert loaded.match(query) == mask, query
        assert list(loaded.in_order(mask)) == list(built.in_order(mask)), query
        assert list(loaded.in_order(mask, reverse=True)) == list(
            built.in_order(mask, reverse=True)
        ), query
    for position in range(len(built)):
        assert loaded.text_at(position) == built.text_at(position)
        assert loaded.position_of(built.ids[position]) == position


@pytest.mark.parametrize("size", [0, 1, 7, 300, 2_000])
def test_a_loaded_index_answers_as_the_built_one(size):
    rng = random.Random(size)
    built = random_index(rng, size)
    data = dump(built)
    loaded = load(data)
    assert loaded is not None
    same_answers(built, loaded, QUERIES + [fold(rng.choice(WORDS))[:2] for _ in range(20)])
    assert dump(loaded) == data  # nothing lost or reordered


@given(
    st.lists(st.lists(st.sampled_from(WORDS), max_size=5), min_size=1, max_size=40),
    st.lists(st.text(alphabet="anbo'+c-x.yël🎉 אור", max_size=6), min_size=1, max_size=8),
)
@settings(max_examples=100, deadline=None)
def test_any_query_on_any_text_agrees_after_a_round_trip(docs, queries):
    ids = [n * 3 + 1 for n in range(len(docs))]
    built = SearchIndex.of(ids, [fold(" ".join(words)) for words in docs])
    loaded = load(dump(built))
    assert loaded is not None
    same_answers(built, loaded, queries)


def test_the_first_keys_worked_out_ahead_give_the_same_answers_after_a_load():
    built = random_index(random.Random(3), 500)
    loaded = load(dump(built))
    assert loaded is not None
    loaded.warm()
    same_answers(built, loaded, QUERIES)


def good_bytes() -> bytes:
    return dump(random_index(random.Random(11), 403))


def with_header(data: bytes, **changes: int | bytes) -> bytes:
    """``data`` with some header fields changed and the checksum made right again
    (as a hostile file would have it: only the checks of lengths can refuse it)."""
    names = ("magic", "version", "crc", "size", "text", "tokens", "token_bytes", "positions")
    names += ("dense",)
    fields = dict(zip(names, HEADER.unpack_from(data), strict=True))
    fields.update(changes)
    payload = data[HEADER.size :]
    fields["crc"] = zlib.crc32(payload)
    return HEADER.pack(*fields.values()) + payload


def rewritten(data: bytes, at: int, value: bytes, header: struct.Struct = HEADER) -> bytes:
    """``data`` with bytes of the payload replaced, the checksum made right again
    (the CRC-32 after the magic and the version, in either snapshot's ``header``)."""
    payload = bytearray(data[header.size :])
    payload[at : at + len(value)] = value
    head = bytearray(data[: header.size])
    struct.pack_into("<I", head, 12, zlib.crc32(payload))
    return bytes(head) + bytes(payload)


def test_every_flipped_byte_is_refused():
    data = good_bytes()
    rng = random.Random(5)
    for at in [*range(HEADER.size + 4), *rng.sample(range(len(data)), 300)]:
        damaged = bytearray(data)
        damaged[at] ^= 1 << rng.randrange(8)
        assert load(bytes(damaged)) is None, at


def test_cut_short_or_too_long_is_refused():
    data = good_bytes()
    for length in (0, 1, 7, HEADER.size - 1, HEADER.size, HEADER.size + 1, len(data) - 1):
        assert load(data[:length]) is None, length
    assert load(data + b"\x00") is None
    assert load(b"") is None


def test_another_format_or_version_is_refused():
    data = good_bytes()
    assert load(with_header(data, magic=b"SQLite f")) is None
    assert load(with_header(data, version=FORMAT_VERSION + 1)) is None
    assert load(with_header(data, magic=MAGIC)) is not None  # the helper itself is right


@pytest.mark.parametrize("field", ["size", "text", "tokens", "token_bytes", "positions", "dense"])
@pytest.mark.parametrize("value", [0, 1, 2**31, 2**40, 2**63, 2**64 - 1])
def test_absurd_lengths_are_refused(field, value):
    assert load(with_header(good_bytes(), **{field: value})) is None


def test_contents_that_do_not_hold_together_are_refused_even_with_a_right_checksum():
    built = random_index(random.Random(11), 403)
    data = dump(built)
    size = len(built)
    _, _, _, _, _, tokens, token_bytes, positions, _ = HEADER.unpack_from(data)
    offsets_at = 8 * size
    flags_at = offsets_at + 8 * (size + 1)
    width = (size + 7) // 8
    lengths_at = flags_at + 2 * width
    words_at = lengths_at + 4 * tokens
    counts_at = words_at + token_bytes
    positions_at = counts_at + 4 * tokens
    assert positions > 0 and size % 8  # arrays to damage, bits past the last contact
    later = next(n for n, offset in enumerate(built.parts()[2]) if offset > 0) + 1
    bad = {
        "an offset past the text": rewritten(data, offsets_at + 8, struct.pack("<q", 10**9)),
        "the first offset not 0": rewritten(data, offsets_at, struct.pack("<q", 1)),
        "offsets going back": rewritten(data, offsets_at + 8 * later, struct.pack("<q", 0)),
        "a flag past the last contact": rewritten(data, flags_at + width - 1, b"\xff"),
        "a token of no length": rewritten(data, lengths_at, struct.pack("<I", 0)),
        "tokens out of order": rewritten(data, words_at, b"\xff"),
        "a position past the last contact": rewritten(data, positions_at, struct.pack("<i", size)),
        "a negative position": rewritten(data, positions_at, struct.pack("<i", -1)),
        "an array of no positions": rewritten(data, counts_at, struct.pack("<I", 0)),
    }
    # The array tokens' counts add up to the header's positions: moved by one, off.
    counts = struct.unpack_from(f"<{tokens}I", data, HEADER.size + counts_at)
    first_array = next(n for n, count in enumerate(counts) if count != 0xFFFFFFFF)
    bad["counts not adding up"] = rewritten(
        data, counts_at + 4 * first_array, struct.pack("<I", counts[first_array] + 1)
    )
    for what, damaged in bad.items():
        assert damaged != data, what
        assert load(damaged) is None, what
    assert load(rewritten(data, 0, data[HEADER.size : HEADER.size + 8])) is not None


def test_random_bytes_are_refused():
    rng = random.Random(9)
    for length in (10, HEADER.size, 200, 5_000):
        assert load(rng.randbytes(length)) is None
        assert load(MAGIC + rng.randbytes(length)) is None
