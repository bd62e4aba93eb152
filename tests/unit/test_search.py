"""The in-memory search that runs on every keystroke."""

from __future__ import annotations

import random

from netui.core.search import SearchIndex, terms_of

HAY = {
    1: "dana levi\nglobex\nhead of data\nfintech",
    2: "avi cohen\ninitech\ncto",
    3: "zoë chen\nglobex\ncfo\nfinance",
    4: "bruno díaz\nadvisor\nbruno@example.org",
}


def test_terms_are_casefolded_words():
    assert terms_of("  Dana  GLOBEX ") == ("dana", "globex")
    assert terms_of("") == ()


def test_every_word_must_match_and_order_is_kept():
    index = SearchIndex(HAY)
    order = [4, 3, 2, 1]
    assert index.filter(order, "globex") == [3, 1]
    assert index.filter(order, "globex fin") == [3, 1]
    assert index.filter(order, "globex cfo") == [3]
    assert index.filter(order, "") == order
    assert index.filter(order, "nobody") == []


def test_narrowing_and_widening_give_the_same_answers_as_a_fresh_search():
    rng = random.Random(5)
    words = ["ana", "anna", "an", "bob", "ob", "lee", "e", "x"]
    hay = {i: " ".join(rng.choices(words, k=3)) for i in range(300)}
    order = list(range(300))
    rng.shuffle(order)
    index = SearchIndex(hay)
    typed = ""
    for _ in range(400):
        action = rng.random()
        if action < 0.6:
            typed += rng.choice("anbolex ")
        elif typed:
            typed = typed[:-1]
        expected = [i for i in order if all(t in hay[i] for t in terms_of(typed))]
        assert index.filter(order, typed) == expected, typed


def test_a_new_order_is_not_narrowed_from_the_old_one():
    index = SearchIndex(HAY)
    assert index.filter([1, 2], "glob") == [1]
    assert index.filter([3, 2, 1], "globex") == [3, 1]  # 3 was not in the old order


def test_ids_missing_from_the_haystacks_never_match():
    index = SearchIndex(HAY)
    assert index.filter([99, 1], "dana") == [1]
    assert index.filter([99, 1], "") == [99, 1]


def test_priming_an_order_gives_the_same_answers():
    index = SearchIndex(HAY)
    order = [4, 3, 2, 1]
    index.prime(order)
    assert index.filter(order, "globex") == [3, 1]
    assert index.filter(order, "") == order
