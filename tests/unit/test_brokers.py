"""Who can introduce me: the pure ranking (netui.core.brokers) and the database read
(netui.db.brokers) on real SQLite files, credit coming from real exchanges."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sqlite3

import pytest

from netui.core.brokers import (
    CHAIN,
    DIRECT,
    Person,
    brokers,
    credit_factor,
    find_routes,
    most_promising,
    rank,
    shortlist,
)
from netui.db.brokers import brokers_for
from netui.db.contacts import ContactFields, ContactNotFoundError, create_contact, set_archived
from netui.db.models import Exchange
from netui.db.ties import remove_tie, set_tie

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

TODAY = dt.date(2025, 6, 1)


# --- the formula ------------------------------------------------------------------


def test_credit_factor_spans_half_to_one_and_a_half():
    assert credit_factor(-100) == 0.5
    assert credit_factor(0) == 1.0
    assert credit_factor(100) == 1.5
    assert credit_factor(40) == 1.2
    assert credit_factor(-250) == 0.5  # clamped
    assert credit_factor(float("nan")) == 1.0


def one_score(closeness: int, ties: list[tuple[int, int, int]], meter: float, chain: bool) -> float:
    """The score brokers() gives the one route of a tiny network: me → 1 (→ 2) → T."""
    people = network(Person(1, "One", closeness=closeness), Person(2, "Two", second_degree=True))
    (path,) = brokers(T, people, ties, {1: meter})
    assert path.kind == (CHAIN if chain else DIRECT)
    return path.score


def test_the_documented_scores():
    """DESIGN.md's examples, through the ranking the app uses."""
    assert one_score(5, [(1, T, 5)], 100, chain=False) == 37.5
    assert one_score(1, [(1, T, 1)], -100, chain=False) == 0.5
    assert one_score(4, [(1, T, 3)], 0, chain=False) == 12
    assert one_score(4, [(1, 2, 5), (2, T, 2)], 0, chain=True) == 8
    assert one_score(5, [(1, 2, 5), (2, T, 5)], 100, chain=True) == 37.5


def test_a_chain_never_scores_above_a_direct_broker_of_the_same_strengths():
    """chain(c, s, s, m) = direct(c, s, m) * s / 5 <= direct(c, s, m)."""
    for closeness, strength, meter in itertools.product(range(1, 6), range(1, 6), (-100, 0, 60)):
        chain = one_score(closeness, [(1, 2, strength), (2, T, strength)], meter, chain=True)
        direct = one_score(closeness, [(1, T, strength)], meter, chain=False)
        assert chain <= direct
        assert (chain == direct) == (strength == 5)


# --- the ranking on plain values --------------------------------------------------

T = 100


def network(*people: Person) -> dict[int, Person]:
    return {p.id: p for p in (Person(T, "Target"), *people)}


def names(paths) -> list[str]:
    return [p.name for p in paths]


def test_direct_brokers_are_ranked_by_closeness_strength_and_credit():
    people = network(
        Person(1, "Close weak", closeness=5),  # 5 * 2 = 10
        Person(2, "Far strong", closeness=2),  # 2 * 4 = 8
        Person(3, "Owes me", closeness=3),  # 3 * 3 * 1.5 = 13.5
        Person(4, "I owe", closeness=5),  # 5 * 3 * 0.5 = 7.5
    )
    ties = [(1, T, 2), (T, 2, 4), (3, T, 3), (4, T, 3)]
    ranked = brokers(T, people, ties, {3: 100, 4: -100})
    assert names(ranked) == ["Owes me", "Close weak", "Far strong", "I owe"]
    assert [p.score for p in ranked] == [13.5, 10, 8, 7.5]
    assert all(p.kind == DIRECT for p in ranked)
    assert ranked[0].path == ("Owes me", "Target")
    assert ranked[0].ids == (3, T)
    assert ranked[0].reasons == "closeness 3/5, tie 3/5, credit +100"
    assert ranked[-1].reasons == "closeness 5/5, tie 3/5, credit \u2212100"


def test_equal_scores_are_ordered_by_name_case_insensitively():
    people = network(Person(1, "carla"), Person(2, "Bea"), Person(3, "Anna"))
    ranked = brokers(T, people, [(1, T, 3), (2, T, 3), (3, T, 3)], {})
    assert names(ranked) == ["Anna", "Bea", "carla"]


def test_a_two_person_chain():
    people = network(Person(1, "Me-side", closeness=4), Person(2, "Their-side", second_degree=True))
    ranked = brokers(T, people, [(1, 2, 5), (2, T, 3)], {})
    assert len(ranked) == 1
    chain = ranked[0]
    assert (chain.kind, chain.name, chain.path, chain.ids) == (
        CHAIN,
        "Me-side",
        ("Me-side", "Their-side", "Target"),
        (1, 2, T),
    )
    assert chain.score == 4 * 5 * 3 / 5
    assert chain.reasons == "closeness 4/5, ties 5/5 and 3/5, credit 0"


def test_every_chain_ranks_below_every_direct_broker():
    # The weakest possible direct broker and the strongest possible chain.
    people = network(
        Person(1, "Weak", closeness=1),
        Person(2, "Strong", closeness=5),
        Person(3, "Relay", second_degree=True),
    )
    ranked = brokers(T, people, [(1, T, 1), (2, 3, 5), (3, T, 5)], {1: -100, 2: 100})
    assert [(p.name, p.kind, p.score) for p in ranked] == [
        ("Weak", DIRECT, 0.5),
        ("Strong", CHAIN, 37.5),
    ]


def test_chains_are_looked_for_only_below_three_direct_brokers():
    people = network(*(Person(i, f"D{i}") for i in (1, 2, 3)), Person(4, "B1"))
    ties = [(1, T, 3), (2, T, 3), (4, 1, 5)]
    assert CHAIN in {p.kind for p in brokers(T, people, ties, {})}
    assert CHAIN not in {p.kind for p in brokers(T, people, [*ties, (3, T, 1)], {})}


def test_no_path_at_all():
    people = network(Person(1, "Stranger"), Person(2, "Other"))
    assert brokers(T, people, [(1, 2, 5)], {}) == []
    assert brokers(T, network(), [], {}) == []


def test_second_degree_contacts_relay_but_never_broker():
    people = network(
        Person(1, "Second", second_degree=True, closeness=5),
        Person(2, "Friend", closeness=3),
        Person(3, "Also second", second_degree=True),
    )
    # 1 knows T directly but is second degree: not a broker; relays for 2.
    ranked = brokers(T, people, [(1, T, 5), (2, 1, 4), (3, 1, 5)], {})
    assert [(p.name, p.path) for p in ranked] == [("Friend", ("Friend", "Second", "Target"))]


def test_archived_contacts_never_broker_nor_relay():
    people = network(
        Person(1, "Archived direct", archived=True),
        Person(2, "Archived relay", archived=True),
        Person(3, "Friend"),
        Person(4, "Archived first", archived=True),
        Person(5, "Live relay"),
    )
    ties = [(1, T, 5), (2, T, 5), (3, 2, 5), (3, 1, 5), (4, 5, 5), (5, T, 2)]
    ranked = brokers(T, people, ties, {})
    assert [p.path for p in ranked] == [("Live relay", "Target")]
    assert not any(set(p.ids) & {1, 2, 4} for p in ranked)


def test_the_target_and_repeats_are_excluded_and_each_broker_appears_once():
    people = network(Person(1, "B1"), Person(2, "R weak"), Person(3, "R strong"))
    ties = [(1, 2, 2), (1, 3, 5), (2, T, 5), (3, T, 4), (T, T, 5)]
    ranked = brokers(T, people, ties, {})
    chains = [p for p in ranked if p.kind == CHAIN]
    # B1 once, through the relay with the stronger product (5 * 4 > 2 * 5). The
    # relays are first-degree, so they broker directly and are never the first
    # broker of a chain.
    assert [p.path for p in chains] == [("B1", "R strong", "Target")]
    assert names(p for p in ranked if p.kind == DIRECT) == ["R weak", "R strong"]
    for p in ranked:
        assert len(set(p.ids)) == len(p.ids)
        assert T not in p.ids[:-1]


def test_shortlist_is_exact():
    """Ranking only the shortlist (meters for those alone) gives the same top list."""
    for seed in range(60):
        rng = random.Random(seed)
        count = rng.randrange(2, 60)
        people = network(
            *(
                Person(i, f"P{i:02}", rng.randint(1, 5), rng.random() < 0.2, rng.random() < 0.05)
                for i in range(1, count)
            )
        )
        ties = {}
        for _ in range(count * 3):
            x, y = rng.sample([*range(1, count), T], 2)
            ties[(min(x, y), max(x, y))] = rng.randint(1, 5)
        tie_list = [(x, y, s) for (x, y), s in ties.items()]
        meters = {i: rng.choice([-100, -30, 0, 0, 25, 100, rng.uniform(-100, 100)]) for i in people}
        limit = rng.choice([1, 3, 5, 20])
        routes = find_routes(T, people, tie_list)
        everything = rank(routes, meters, limit=limit)
        first = {r.broker.id: meters[r.broker.id] for r in most_promising(routes, limit)}
        short = shortlist(shortlist(routes, limit), limit, first)
        assert rank(short, meters, limit=limit) == everything, seed


# --- on a real database -----------------------------------------------------------


def add(name: str, closeness: int = 3, *, second: bool = False) -> int:
    return create_contact(ContactFields(name=name, closeness=closeness, second_degree=second))


def exchange(contact_id: int, direction: str, value: int = 5, day: dt.date = TODAY) -> None:
    Exchange.create(
        contact=contact_id, date=day, direction=direction, currency="knowledge", value=value
    )


def test_brokers_for_ranks_by_credit_from_the_ledger(db):
    target = add("Avi Cohen")
    giver, taker, nobody = add("Gil Giver"), add("Tal Taker"), add("Neta Neutral")
    for broker in (giver, taker, nobody):
        set_tie(broker, target, 4)
    exchange(giver, "gave")
    exchange(taker, "received")
    ranked = brokers_for(target, today=TODAY)
    assert [(p.name, p.score) for p in ranked] == [
        ("Gil Giver", 3 * 4 * 1.5),
        ("Neta Neutral", 12),
        ("Tal Taker", 3 * 4 * 0.5),
    ]


def test_brokers_for_closeness_beats_a_weaker_tie(db):
    target = add("Avi Cohen")
    close, strong = add("Close", 5), add("Strong", 2)
    set_tie(close, target, 2)  # 10
    set_tie(strong, target, 4)  # 8
    assert [p.name for p in brokers_for(target, today=TODAY)] == ["Close", "Strong"]


def test_brokers_for_a_two_person_chain_through_a_second_degree_contact(db):
    target = add("Avi Cohen", second=True)
    relay = add("Rina Relay", second=True)
    friend = add("Dana Levi", 4)
    set_tie(relay, target, 3)
    set_tie(friend, relay, 5)
    ranked = brokers_for(target, today=TODAY)
    assert [(p.path, p.kind, p.score) for p in ranked] == [
        (("Dana Levi", "Rina Relay", "Avi Cohen"), CHAIN, 4 * 5 * 3 / 5)
    ]


def test_brokers_for_nobody(db):
    target = add("Avi Cohen")
    a, b = add("A"), add("B")
    set_tie(a, b, 5)
    assert brokers_for(target, today=TODAY) == []


def test_brokers_for_skips_archived_brokers_and_relays(db):
    target = add("Avi Cohen")
    direct, friend = add("Direct"), add("Friend")
    relay = add("Relay", second=True)
    set_tie(direct, target, 5)
    set_tie(relay, target, 5)
    set_tie(friend, relay, 5)
    set_tie(friend, direct, 5)
    assert [p.path for p in brokers_for(target, today=TODAY)] == [
        ("Direct", "Avi Cohen"),
        ("Friend", "Direct", "Avi Cohen"),
    ]
    set_archived(direct, True)  # neither broker nor relay any more
    assert [p.path for p in brokers_for(target, today=TODAY)] == [("Friend", "Relay", "Avi Cohen")]
    set_archived(relay, True)
    assert brokers_for(target, today=TODAY) == []
    set_archived(relay, False)
    set_archived(friend, True)
    assert brokers_for(target, today=TODAY) == []


def test_brokers_for_an_unknown_target(db):
    with pytest.raises(ContactNotFoundError):
        brokers_for(12345)


def test_brokers_for_respects_the_limit(db):
    target = add("Avi Cohen")
    for index in range(30):
        set_tie(add(f"Broker {index:02}", 1 + index % 5), target, 1 + index % 3)
    ranked = brokers_for(target, limit=7, today=TODAY)
    assert len(ranked) == 7
    assert ranked == brokers_for(target, limit=30, today=TODAY)[:7]


@pytest.mark.sqlite_only("the meters are remembered on SQLite only")
def test_brokers_for_is_fresh_after_every_kind_of_write(db, db_path):
    """Remembered meters are dropped when this or another connection writes."""
    target = add("Avi Cohen")
    dana, bo = add("Dana Levi"), add("Bo Ek")
    set_tie(dana, target, 3)
    set_tie(bo, target, 3)
    assert [p.score for p in brokers_for(target, today=TODAY)] == [9, 9]

    exchange(bo, "gave")  # this connection writes
    assert [(p.name, p.score) for p in brokers_for(target, today=TODAY)] == [
        ("Bo Ek", 13.5),
        ("Dana Levi", 9),
    ]

    other = sqlite3.connect(db_path)  # another connection (another thread or process)
    with other:
        other.execute(
            "INSERT INTO exchange (contact_id, date, direction, currency, value, note, "
            "created_at, member_id) VALUES (?, ?, 'gave', 'knowledge', 5, '',"
            " '2025-06-01 00:00:00', 1)",
            (dana, TODAY.isoformat()),
        )
        other.execute(
            "INSERT INTO exchange (contact_id, date, direction, currency, value, note, "
            "created_at, member_id) VALUES (?, ?, 'received', 'knowledge', 5, '',"
            " '2025-06-01 00:00:00', 1)",
            (bo, TODAY.isoformat()),
        )
    other.close()
    assert [(p.name, p.score) for p in brokers_for(target, today=TODAY)] == [
        ("Dana Levi", 13.5),
        ("Bo Ek", 9),
    ]

    remove_tie(dana, target)
    assert [p.name for p in brokers_for(target, today=TODAY)] == ["Bo Ek"]
    # Faded to a later day, the same exchanges weigh the same on both sides: still even.
    later = brokers_for(target, today=TODAY + dt.timedelta(days=365))
    assert [p.score for p in later] == [9]
