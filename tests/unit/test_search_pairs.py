"""Where punctuation meets a word: search words with punctuation answered from pairs,
against a plain substring scan."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netui.core.bitmaps import bitmap
from netui.core.search import SearchIndex, build_pairs_when_asked, terms_of
from netui.core.search_pairs import PunctuationPairs, Stopped, pairs_of
from tests.unit.test_search import found, index_of, scan


def paired(texts: dict[int, str]) -> SearchIndex:
    index = index_of(texts)
    index.punctuation_pairs()
    return index


def test_a_text_gives_each_token_with_the_run_after_it_and_each_run_with_the_token_after_it():
    assert pairs_of(b"anna smith\nanna.smith@gmail.com") == {
        b"anna.", b"smith@", b"gmail.", b".smith", b"@gmail", b".com",
    }  # fmt: skip
    assert pairs_of(b"c++ and (rust)") == {b"c++", b"++", b"(", b"(rust", b"rust)", b")"}
    assert pairs_of(b"o'brien") == {b"o'", b"'brien"}
    assert pairs_of(b"no punctuation at all") == set()
    assert pairs_of("שלום-עולם zoë_x".encode()) == {
        "שלום-".encode(), "-עולם".encode(), b"zo\xc3\xab_", b"_x",
    }  # fmt: skip


TEXTS = {
    1: "anna smith\nanna.smith@gmail.com",
    2: "sean o'brien\nc++ and rust\nsean.obrien@gmail.com",
    3: "maria lopez\nmaria@lopez.io\nco. ltd",
    4: "jean-paul sartre\njp@ens.fr",
    5: "zoë müller\nzoe.muller@gmail.co.uk",
    6: "יעל כהן\nyael@כהן.il",
    7: "emoji 🎉 party\nparty-planner --dry-run",
    8: "nobody at all",
}

ANSWERED_FROM_PAIRS = ["a.", "@gm", "c++", "-", "--", ".com", "o'", "'b", "@", "🎉", "-run"]
CHECKED_AFTER = ["anna.s", "gmail.c", "@gmail.", "a.s", "jean-p", "co.u", "x.y", "a.b@c"]


@pytest.mark.parametrize("query", ANSWERED_FROM_PAIRS + CHECKED_AFTER)
def test_a_word_with_punctuation_finds_what_a_scan_finds(query):
    index = paired(TEXTS)
    assert found(index, query) == scan(TEXTS, query), query


@pytest.mark.parametrize("query", ANSWERED_FROM_PAIRS)
def test_a_word_with_one_run_at_an_edge_is_answered_exactly_without_the_text(query):
    """The contacts its pairs hold are those holding the word: never checked against
    the text (``_checked`` keeps every word that was)."""
    index = paired(TEXTS)
    surely, maybe = index.punctuation_pairs().holders(terms_of(query)[0])
    assert maybe == 0, query
    assert surely == bitmap([list(TEXTS).index(i) for i in scan(TEXTS, query)], len(TEXTS))
    found(index, query)
    assert not index._checked, query


@pytest.mark.parametrize("query", CHECKED_AFTER)
def test_a_word_with_punctuation_inside_is_narrowed_then_checked(query):
    index = paired(TEXTS)
    surely, maybe = index.punctuation_pairs().holders(terms_of(query)[0])
    holding = bitmap([list(TEXTS).index(i) for i in scan(TEXTS, query)], len(TEXTS))
    assert surely & ~holding == 0  # none is sure that does not hold it
    assert holding & ~(surely | maybe) == 0  # none lost


WORDS = [
    "ana", "anna", "a.b", "o'b", "bob", "c++", "x.y", "zoë", "אור", "-", "🎉", "a@b.c",
    "..", "a_b", "(x)", "-a-", "e.", ".e",
]  # fmt: skip
ALPHABET = "anbo'+c-x.yë🎉 אור@_()"


@given(
    st.lists(st.lists(st.sampled_from(WORDS), max_size=5), min_size=1, max_size=40),
    st.lists(st.text(alphabet=ALPHABET, max_size=6), min_size=1, max_size=8),
)
@settings(max_examples=200, deadline=None)
def test_any_query_on_any_text_agrees_with_a_scan_once_the_pairs_are_built(docs, queries):
    texts = {n * 3 + 1: "\n".join(words) for n, words in enumerate(docs)}
    index = paired(texts)
    for query in queries:
        assert found(index, query) == scan(texts, query), query


@given(
    st.lists(st.lists(st.sampled_from(WORDS), max_size=5), min_size=1, max_size=60),
    st.text(alphabet=ALPHABET, min_size=1, max_size=8),
)
@settings(max_examples=100, deadline=None)
def test_a_word_typed_key_by_key_with_pairs_agrees_with_a_scan(docs, typed):
    texts = {n * 3 + 1: " ".join(words) for n, words in enumerate(docs)}
    index = paired(texts)
    prefixes = [typed[:n] for n in range(1, len(typed) + 1)]
    for query in [*prefixes, *reversed(prefixes), *prefixes]:
        assert found(index, query) == scan(texts, query), query


@pytest.fixture
def pairs_when_asked():
    build_pairs_when_asked()
    yield
    build_pairs_when_asked(False)


def test_a_command_answering_one_query_does_not_build_the_pairs():
    texts = {n: f"person{n}.x@mail.org" for n in range(500)}
    index = index_of(texts)
    assert found(index, "@mail") == scan(texts, "@mail")
    assert index._pairs is None
    assert not [t for t in threading.enumerate() if t.name == "search-pairs"]


def test_the_first_word_with_punctuation_starts_the_pairs_in_a_thread_of_their_own(
    pairs_when_asked,
):
    """In the app, until they are built, such a word is answered as before (from
    the text), at once; the pairs are then built once, by one thread."""
    texts = {n: f"person{n}.x@mail.org" for n in range(5_000)}
    index = index_of(texts)
    assert index._pairs is None
    assert found(index, "n1.x@") == scan(texts, "n1.x@")
    assert found(index, "@mail") == scan(texts, "@mail")
    builders = [t for t in threading.enumerate() if t.name == "search-pairs"]
    assert len(builders) <= 1
    for builder in builders:
        builder.join(timeout=60)
    assert index._pairs is not None
    assert found(index, "@mail") == scan(texts, "@mail")
    assert [t for t in threading.enumerate() if t.name == "search-pairs"] == []


def test_a_retired_index_stops_building_its_pairs(pairs_when_asked):
    index = index_of({n: f"a.{n}" for n in range(100)})
    index.retire()
    with pytest.raises(Stopped):
        index.punctuation_pairs()
    assert found(index, "a.1") == scan({n: f"a.{n}" for n in range(100)}, "a.1")
    assert index._pairs is None
    assert not [t for t in threading.enumerate() if t.name == "search-pairs"]


def test_the_pairs_of_many_contacts_are_a_few_distinct_ones():
    """Shared pairs are kept once: 3,000 addresses at four domains give a few
    hundred pairs, not one per address."""
    texts = [f"name{n % 300}.x@domain{n % 4}.com".encode() for n in range(3_000)]
    offsets = [0]
    for text in texts:
        offsets.append(offsets[-1] + len(text))
    pairs = PunctuationPairs(b"".join(texts), offsets)
    assert len(pairs) == 300 + 1 + 1 + 4 + 4 + 1  # name<n>. .x x@ @domain<d> domain<d>. .com


def test_a_word_inside_a_common_address_is_known_from_its_rows_with_few_left_to_check():
    """``gmail.c`` matches the pairs ``gmail.`` and ``.c…`` of 2,000 texts: the common
    rows of pieces (``gmail.com``, ``@gmail.com``) say which hold it for sure; only
    the texts holding both pairs but none of those rows are left to check."""
    texts = {n: f"name{n}.x@gmail.com" for n in range(2_000)}
    texts.update({n: f"gmail.org c.{n}" for n in range(2_000, 2_010)})  # both pairs, apart
    texts.update({n: f"name{n}@gmail.co.uk" for n in range(2_010, 2_100)})
    index = paired(texts)
    pairs = index.punctuation_pairs()
    assert {b"gmail.com", b"@gmail.com", b"x@gmail.com", b"gmail.co.uk"} <= set(pairs.rows())
    assert not any(row.startswith(b"name1.") for row in pairs.rows())  # rare: not kept
    for query in ("gmail.c", "@gmail.c", "gmail.co", "x@gmail.com", "gmail.co.u"):
        surely, maybe = pairs.holders(query)
        assert surely.bit_count() >= 90, query
        assert maybe.bit_count() <= 10, query
        assert found(index, query) == scan(texts, query), query


def test_a_build_calls_its_pace_between_two_steps():
    """The app's pace waits while the user types: a build asks it before each step,
    the first before any work (the key that asked for the pairs is answered first)."""
    from netui.core import search_pairs

    texts = [f"name{n}.x@mail.org".encode() for n in range(5_000)]
    offsets = [0]
    for text in texts:
        offsets.append(offsets[-1] + len(text))
    paced: list[int] = []
    PunctuationPairs(b"".join(texts), offsets, pace=lambda: paced.append(1))
    sampled = -(-5_000 // (search_pairs._STEP // 4))  # every text sampled at 5,000
    assert len(paced) >= sampled + -(-5_000 // search_pairs._STEP)


def test_a_build_in_its_thread_says_when_it_is_done():
    """The app hands the memory a build freed back to the system when it is done."""
    done: list[str] = []
    build_pairs_when_asked(done=lambda: done.append(threading.current_thread().name))
    texts = {n: f"person{n}.x@mail.org" for n in range(1_000)}
    index = index_of(texts)
    index.build_pairs_soon()
    for thread in threading.enumerate():
        if thread.name == "search-pairs":
            thread.join(timeout=60)
    assert index._pairs is not None and done == ["search-pairs"]


def test_a_build_in_the_background_waits_while_a_query_runs(monkeypatch):
    """Every query counts itself while it runs; a background build's step waits
    until none does (at 300,000 contacts a word checked against the text took two
    to five times as long beside the build)."""
    from netui.core import search

    texts = {n: f"person {n} o'brien x.y@mail.org" for n in range(300)}
    index = index_of(texts)
    running: list[int] = []

    def cancelled() -> bool:
        running.append(search._MATCHING.running)
        return False

    index.match("o'b x.y", cancelled)
    assert running and set(running) == {1}
    assert search._MATCHING.running == 0 and search._MATCHING.wait_until_none()
    monkeypatch.setattr(search._Matching, "LONGEST", 0.0)
    with search._MATCHING:
        assert not search._MATCHING.wait_until_none()  # a step would wait
    assert search._MATCHING.wait_until_none()
