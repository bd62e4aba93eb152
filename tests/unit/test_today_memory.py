"""Today's whole read holds a few bytes a contact, not the network: each contact's
last day in an array (``IntsById``), the meters streamed from the cursor with only
the few that can make the give-back list kept (``smallest_with_ties``); and the
lists it gives are those of sorting everyone, ties and archived people included."""

from __future__ import annotations

import datetime as dt
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netui import clock
from netui.core.ints_by_id import DENSE_IDS, IntsById
from netui.core.smallest import smallest_with_ties
from netui.db import meter_sums
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, set_archived
from netui.db.ledger import log_exchange
from netui.db.meter_sums import each_meter, meters
from netui.db.models import Contact
from netui.db.today import GiveBack, today_view

NOW = dt.datetime(2026, 3, 9, 8, 0)
DAY = NOW.date()


# --- the first few of a stream, ties kept ---------------------------------------------


def sorted_cut(entries: list[tuple[int, int]], count: int) -> list[tuple[int, int]]:
    """What the give-back list did before: sort all, cut after ``count``, ties kept."""
    ranked = sorted(entries, key=lambda entry: entry[0])
    if count <= 0 or not ranked:
        return []
    cut = ranked[min(len(ranked), count) - 1][0]
    return [entry for entry in ranked if entry[0] <= cut]


@given(
    keys=st.lists(st.integers(min_value=-4, max_value=4), max_size=60),
    count=st.integers(min_value=-1, max_value=12),
)
def test_the_first_few_with_ties_are_the_sorted_cut(keys, count):
    entries = [(key, arrival) for arrival, key in enumerate(keys)]  # arrival: which one
    assert smallest_with_ties(iter(entries), count, key=lambda e: e[0]) == sorted_cut(
        entries, count
    )


def test_the_first_few_hold_only_themselves_and_their_ties():
    """Shape, not speed: 100,000 entries go through holding a few kilobytes (sorted,
    they were 7 MB)."""
    stream = ((n * 7919 % 100_000, n) for n in range(100_000))  # every key once
    tracemalloc.start()
    try:
        first = smallest_with_ties(stream, 20, key=lambda e: e[0])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [key for key, _ in first] == list(range(20))
    assert peak < 64_000


# --- a day for each id -----------------------------------------------------------------


def test_ints_by_id_keep_each_id_s_number_low_or_high():
    days = IntsById()
    assert days[1] == 0  # nothing set: ``missing``, whatever the id
    assert days[DENSE_IDS + 5] == 0
    later, earlier = dt.date(2026, 3, 1).toordinal(), dt.date(2025, 1, 1).toordinal()
    for key in (0, 1, 2, 1_000, 70_000, DENSE_IDS - 1, DENSE_IDS, 2**40):
        days.raise_to(key, earlier)
        days.raise_to(key, later)
        days.raise_to(key, earlier)  # an earlier day after a later one changes nothing
        assert days[key] == later, key
    assert days[3] == days[69_999] == 0  # the ids between: none
    assert len(days._dense) < 2 * DENSE_IDS  # the high ids went to the dict
    positions = IntsById(missing=-1)
    positions[5] = 0
    positions[2**33] = 1
    assert (positions[5], positions[2**33], positions[4], positions[6], positions[-1]) == (
        0,
        1,
        -1,
        -1,
        -1,
    )


# --- the give-back list ----------------------------------------------------------------


def expected_give_back(limit: int | None, skip: frozenset[int] = frozenset()) -> list[GiveBack]:
    """Every meter sorted by meter, debt, then name, archived people and ``skip`` left
    out: the give-back list by its definition."""
    live = {row.id: (row.name, row.sort_name) for row in Contact.select().where(~Contact.archived)}
    ranked = sorted(
        (balance.meter, balance.balance, live[cid][1], cid)
        for cid, balance in meters(today=DAY).items()
        if balance.meter < 0 and cid in live and cid not in skip
    )
    return [GiveBack(cid, live[cid][0], m, debt) for m, debt, _, cid in ranked[:limit]]


@pytest.fixture
def owing(db) -> list[int]:
    """Twenty people I owe exactly alike (ties the name settles, their ids in another
    order), one owed more, one less, one I gave more; three archived."""
    with clock.pinned(NOW):
        ids = []
        tied = ["Zoë", "Ada", "Émile", "bo", "Øyvind", "Ünal", "אבי", "🎉 Eve", "[b]Cy[/b]"]
        for name in tied + [f"Person {n:02}" for n in range(11)]:
            cid = create_contact(ContactFields(name=name))
            log_exchange(cid, "received", "access", 2, on=DAY - dt.timedelta(days=3))
            ids.append(cid)
        for name, exchanges in (
            ("Owed most", [("received", 5)]),
            ("Owed less", [("received", 1), ("gave", 1)]),
            ("Gave more", [("gave", 3)]),
        ):
            cid = create_contact(ContactFields(name=name))
            for days_ago, (direction, value) in enumerate(exchanges, start=3):
                log_exchange(cid, direction, "access", value, on=DAY - dt.timedelta(days=days_ago))
            ids.append(cid)
        for cid in (ids[1], ids[4], ids[19]):  # Ada, Øyvind, Person 10
            set_archived(cid, True)
    return ids


@pytest.mark.backends
@pytest.mark.parametrize("limit", [0, 1, 2, 5, 7, None])
def test_give_back_is_the_head_of_every_meter_sorted(owing, limit):
    with clock.pinned(NOW):
        expected = expected_give_back(limit)
        assert today_view(give_back_limit=limit).give_back == tuple(expected)
    assert len(expected) == (19 if limit is None else limit)  # 17 tied, most, less
    if limit:
        assert expected[0].name == "Owed most"
    if limit and limit > 1:  # the ties by name: not Zoë, the first of them added
        assert expected[1].name != "Zoë"
    if limit is None:
        assert expected[-1].name == "Owed less"


@pytest.mark.backends
def test_give_back_leaves_out_what_was_put_off(owing):
    skip = frozenset(owing[2:9])
    with clock.pinned(NOW):
        from netui.db.today import _give_back

        assert _give_back(DAY, set(skip), 5) == expected_give_back(5, skip)


@pytest.mark.backends
@pytest.mark.parametrize("fast", [True, False], ids=["backend-sql", "portable"])
def test_each_meter_is_meters_one_at_a_time(owing, monkeypatch, fast):
    if not fast:
        monkeypatch.setattr(meter_sums, "supports_fast_path", lambda: False)
    streamed = dict(each_meter(today=DAY))
    assert streamed == meters(today=DAY)
    assert len(streamed) == 23  # archived people have meters too


# --- the whole read at two sizes -------------------------------------------------------


def python_peak_of_today(path: Path) -> int:
    open_database(path)
    try:
        with clock.pinned(NOW):
            today_view(7)  # caches (settings, statements) warm
            tracemalloc.start()
            try:
                view = today_view(7)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
        assert view.overdue and view.give_back
        return peak
    finally:
        close_database()


def test_the_whole_read_holds_a_few_bytes_a_contact(tmp_path):
    """Shape, not speed: from 1,000 to 10,000 contacts the read's Python peak grows by
    under 24 bytes a contact (its array of days; it was 160 with a dict of dates and
    every meter held)."""
    root = Path(__file__).resolve().parents[2]
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks.generate import generate

    peaks = []
    for contacts in (1_000, 10_000):
        path = tmp_path / f"network-{contacts}.db"
        generate(path, contacts, 0, 2 * contacts, seed=2, today=DAY)
        peaks.append(python_peak_of_today(path))
    small, large = peaks
    assert (large - small) / 9_000 < 24, peaks
