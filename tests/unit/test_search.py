"""The in-memory search that runs on every keystroke, against a plain substring scan."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netui.core.folding import fold
from netui.core.search import Matches, SearchIndex, Superseded, terms_of

TEXTS = {
    1: "dana levi\nglobex\nhead of data\nfintech",
    2: "avi cohen\ninitech\ncto",
    3: "zoe chen\nglobex\ncfo\nfinance",
    4: "bruno diaz\nadvisor\nbruno@example.org",
    5: "sean o'brien\nc++ and rust\nsean.obrien@gmail.com",
    6: "יעל כהן\nאור\nhebrew",
    7: "emoji 🎉 party\nparty-planner",
}


def index_of(texts: dict[int, str]) -> SearchIndex:
    return SearchIndex.of(list(texts), [fold(text) for text in texts.values()])


def scan(texts: dict[int, str], query: str) -> list[int]:
    """What the index must answer: every word a substring of the folded text."""
    return [i for i, text in texts.items() if all(t in fold(text) for t in terms_of(query))]


def found(index: SearchIndex, query: str) -> list[int]:
    return list(index.in_order(index.match(query)))


def test_terms_are_folded_words():
    assert terms_of("  Dana  GLOBEX ") == ("dana", "globex")
    assert terms_of("Zoë") == ("zoe",)
    assert terms_of("") == ()


@pytest.mark.parametrize(
    "query",
    [
        "globex", "globex fin", "globex cfo", "", "nobody", "ob", "o'brien", "o'b", "'b",
        "c++", "++", "@gmail", "obrien@", "n.o", "כהן", "אור hebrew", "🎉", "-planner",
        "party-", "e", "a b c", "GLOBEX", "Díaz",
    ],
)  # fmt: skip
def test_every_word_must_occur_as_in_a_substring_scan(query):
    index = index_of(TEXTS)
    assert found(index, query) == scan(TEXTS, query), query


WORDS = ["ana", "anna", "an", "o'b", "bob", "c++", "lee", "e", "x.y", "zoë", "אור", "-", "🎉"]


@given(
    st.lists(st.lists(st.sampled_from(WORDS), max_size=5), min_size=1, max_size=40),
    st.lists(st.text(alphabet="anbo'+c-x.yël🎉 אור", max_size=6), min_size=1, max_size=8),
)
@settings(max_examples=150, deadline=None)
def test_any_query_on_any_text_agrees_with_a_scan(docs, queries):
    texts = {n * 3 + 1: " ".join(words) for n, words in enumerate(docs)}
    index = index_of(texts)
    for query in queries:
        assert found(index, query) == scan(texts, query), query


@given(
    st.lists(st.lists(st.sampled_from(WORDS), max_size=5), min_size=1, max_size=60),
    st.text(alphabet="anbo'+c-x.yël🎉 אור", min_size=1, max_size=8),
)
@settings(max_examples=150, deadline=None)
def test_a_query_typed_key_by_key_and_erased_agrees_with_a_scan(docs, typed):
    """A word checked against the text (``o'``) is looked for again only among the
    contacts that held a shorter one (``o'b`` after ``o'``): the answers stay a
    scan's as the word grows and shrinks, in one index throughout."""
    texts = {n * 3 + 1: " ".join(words) for n, words in enumerate(docs)}
    index = index_of(texts)
    prefixes = [typed[:n] for n in range(1, len(typed) + 1)]
    for query in [*prefixes, *reversed(prefixes), *prefixes]:
        assert found(index, query) == scan(texts, query), query


def test_a_word_typed_on_from_a_checked_one_gives_the_same_answers():
    texts = {
        n: f"person {n} o'brien o'neil oberon" if n % 3 else f"other {n} bob" for n in range(600)
    }
    typed, cold = index_of(texts), index_of(texts)
    for query in ("o", "o'", "o'b", "o'br", "o'bri", "o'b", "o'n", "o'", "bob o'", "o'b bob"):
        assert found(typed, query) == found(cold, query) == scan(texts, query), query
        cold = index_of(texts)  # each of these answered with nothing checked before


def test_a_word_with_a_rare_byte_is_looked_for_among_its_holders_only():
    """A ``'`` held by a few contacts of many: ``o'`` is checked among those few
    (found once per byte, ahead by warm() when the byte shows in the sample), with
    the same answers as a scan, cold or warmed, typed on or not."""
    texts = {n: f"person {n} oberon bob@example.org" for n in range(3_000)}
    for n in (7, 400, 1_999, 2_500):
        texts[n] = f"person {n} o'brien obrien"
    texts[2_001] = "d'arcy o' bob"
    texts[2] = "late o'neil"
    queries = ("o'", "o'b", "o'br", "'", "d'", "o' bob", "bob o'", "o'n", "n'", "@ex", "''")
    for warm in (False, True):
        index = index_of(texts)
        if warm:
            index.warm()
            assert set(index._holders) == {ord("'")}  # rare and in the sample
        for query in queries:
            assert found(index, query) == scan(texts, query), (warm, query)
        assert ord("'") in index._holders  # worked out when first asked, if not ahead
    for query in queries:
        assert found(index_of(texts), query) == scan(texts, query), query  # each cold


def test_a_result_is_read_lazily_in_order_and_backwards():
    rng = random.Random(7)
    ids = list(range(10, 10 + 20_000))
    texts = [rng.choice(["anna", "bob", "anna bob", "zed"]) for _ in ids]
    index = SearchIndex.of(ids, texts)
    mask = index.match("anna")
    expected = [i for i, text in zip(ids, texts, strict=True) if "anna" in text]
    forward = index.in_order(mask)
    backward = index.in_order(mask, reverse=True)
    assert isinstance(forward, Matches)
    assert len(forward) == len(expected)
    assert list(forward) == expected
    assert list(backward) == expected[::-1]
    for k in (0, 1, 4095, 4096, 4097, len(expected) - 1, -1):
        assert forward[k] == expected[k]
        assert backward[k] == expected[::-1][k]
    assert forward[100:140] == expected[100:140]
    assert backward[5000:5010] == expected[::-1][5000:5010]
    assert forward[len(expected) - 3 : len(expected) + 10] == expected[-3:]
    for contact_id in (expected[0], expected[4321], expected[-1]):
        assert forward.index(contact_id) == expected.index(contact_id)
        assert backward.index(contact_id) == expected[::-1].index(contact_id)
    missing = next(i for i, text in zip(ids, texts, strict=True) if "anna" not in text)
    assert missing not in forward
    with pytest.raises(ValueError):
        forward.index(missing)
    with pytest.raises(ValueError):
        forward.index(99_999_999)
    with pytest.raises(IndexError):
        forward[len(expected)]


def test_an_empty_result():
    index = index_of(TEXTS)
    nobody = index.in_order(index.match("nobody at all"))
    assert len(nobody) == 0
    assert list(nobody) == []
    assert nobody[0:10] == []


def test_another_order_is_a_permutation_of_positions():
    index = index_of(TEXTS)
    order = index.positions([7, 3, 99, 1, 5, 2, 4, 6])  # 99: not in the index
    assert list(index.in_order(index.match("globex"), order)) == [3, 1]
    assert list(index.in_order(index.match(""), order)) == [7, 3, 1, 5, 2, 4, 6]
    assert list(index.in_order(index.match("e"), order, reverse=True)) == [6, 4, 2, 5, 1, 3, 7]


def test_a_superseded_query_stops():
    index = index_of(TEXTS)
    with pytest.raises(Superseded):
        index.match("globex", cancelled=lambda: True)
    with pytest.raises(Superseded):
        index.match("o'b", cancelled=lambda: True)
    assert found(index, "globex") == [1, 3]  # and nothing it left behind is wrong


def test_the_first_keys_worked_out_ahead_give_the_same_answers():
    index = index_of(TEXTS)
    before = {letter: found(index, letter) for letter in "abcdefghijklmnopqrstuvwxyz"}
    index.warm()
    assert {letter: found(index, letter) for letter in before} == before


def test_the_bytes_counted_ahead_give_the_same_answers():
    # warm() also counts how often each byte occurs (what the first word with a
    # "'" in it asks), so that the key typing that word does not count them.
    cold = index_of(TEXTS)
    warmed = index_of(TEXTS)
    warmed.warm()
    assert warmed._bytes is not None
    for query in ("o'b", "o'", "c++", "anna.s", "'"):
        assert found(warmed, query) == found(cold, query)


def test_flags_mark_the_scopes():
    index = SearchIndex.of([1, 2, 3], ["a", "a", "a"], archived=[0, 0, 1], second_degree=[0, 1, 0])
    assert list(index.in_order(index.archived)) == [3]
    assert list(index.in_order(index.second_degree)) == [2]
    assert list(index.in_order(index.everyone)) == [1, 2, 3]


def test_a_common_byte_is_looked_for_contact_by_contact(monkeypatch):
    """``@`` in every address: rather than meet each of its occurrences in the text
    (one per contact, 420-720 ms at 300,000), each contact's text is looked in by C
    code alone; the answers are a scan's. Longer words still go by occurrences."""
    texts = {n: f"person {n}\nperson{n}.x@mail{n % 7}.org\n{n}-{n}" for n in range(2_000)}
    texts[5] = "no address at all"
    texts[7] = "a rare ' here"
    index = index_of(texts)
    looked_for: list[bytes] = []
    scanned = index._scan

    def by_occurrences(needle, check):
        looked_for.append(needle)
        return scanned(needle, check)

    monkeypatch.setattr(index, "_scan", by_occurrences)
    for query in ("@", ".", "-"):
        assert found(index, query) == scan(texts, query), query
    assert looked_for == []
    for query in ("@mail3", ".x@", "n1.", "x@mail1.org", "'"):
        assert found(index, query) == scan(texts, query), query
    assert b"'" in looked_for  # rare: by its occurrences
