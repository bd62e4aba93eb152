"""The meter is exact at its bounds, on random ledgers (hypothesis).

Always within [-100, +100]; exactly +100 when I only gave, -100 when I only received,
0 with no exchange: in the Python reference (``netui.core.reciprocity``) and in the
SQL aggregation the app uses (``netui.db.ledger``, both its paths), on random dates,
values 1-5, directions and half-lives, including ledgers so old that every weight
fades below the smallest float.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from netui.core.reciprocity import GAVE, LEAST_WEIGHT, RECEIVED, Balance, balance_of
from netui.db import ledger, meter_sums
from netui.db.contacts import ContactFields, create_contact
from netui.db.models import Contact, Exchange
from netui.db.settings import set_setting

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    # one database per test, emptied before each example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
entries = st.tuples(days, st.sampled_from((GAVE, RECEIVED)), st.integers(1, 5))
ledgers = st.lists(entries, max_size=25)
# the setting takes any positive number of days
half_lives = st.one_of(st.integers(1, 3650), st.integers(1, 10**9))
one_sided = st.lists(st.tuples(days, st.integers(1, 5)), min_size=1, max_size=25)


def expected_bound(ledger_: list[tuple[dt.date, str, int]]) -> float | None:
    """+100 or -100 when the ledger has one direction only, 0 when empty, else None."""
    directions = {direction for _, direction, _ in ledger_}
    if not directions:
        return 0.0
    if directions == {GAVE}:
        return 100.0
    if directions == {RECEIVED}:
        return -100.0
    return None


def check(balance: Balance, ledger_: list[tuple[dt.date, str, int]]) -> None:
    assert -100.0 <= balance.meter <= 100.0, balance
    bound = expected_bound(ledger_)
    if bound is not None:
        assert balance.meter == bound, (balance, ledger_)  # exactly, not approximately
    assert balance.given >= 0.0 and balance.received >= 0.0
    assert (balance.given > 0) == any(d == GAVE for _, d, _ in ledger_)
    assert (balance.received > 0) == any(d == RECEIVED for _, d, _ in ledger_)


# --- the Python reference ------------------------------------------------------------


@given(ledgers, days, half_lives)
@example([(dt.date(2026, 10, 1), GAVE, 3)], dt.date(2026, 11, 28), 365)
@example([(dt.date(2026, 10, 1), GAVE, 1)], dt.date(2026, 10, 22), 365)  # 100.00000000000001
@example([(dt.date(1900, 1, 1), RECEIVED, 5)], dt.date(2100, 12, 31), 1)  # fades to 0.0
@example([(dt.date(1900, 1, 1), GAVE, 5), (dt.date(1900, 1, 1), RECEIVED, 1)],
         dt.date(2100, 12, 31), 1)  # fmt: skip
@settings(max_examples=400, deadline=None)
def test_the_reference_meter_is_exact_at_its_bounds(ledger_, today, half_life):
    check(balance_of(ledger_, today, half_life), ledger_)


@given(one_sided, days, half_lives, st.sampled_from((GAVE, RECEIVED)))
@settings(max_examples=300, deadline=None)
def test_only_one_side_is_exactly_plus_or_minus_100(gifts, today, half_life, direction):
    balance = balance_of([(day, direction, value) for day, value in gifts], today, half_life)
    assert balance.meter == (100.0 if direction == GAVE else -100.0)
    assert balance.imbalance == pytest.approx(100.0 * balance.total)


def test_the_old_order_of_operations_overshot():
    """Why the meter divides first: 100 * G / G is not always 100 in floating point."""
    given_ = 1 * 0.5 ** (21 / 365)
    assert 100.0 * given_ / given_ != 100.0  # the bug: 100.00000000000001
    assert Balance(given_, 0.0).meter == 100.0


def test_a_weight_faded_below_the_smallest_float_still_counts():
    ancient = [(dt.date(1900, 1, 1), GAVE, 5)]
    balance = balance_of(ancient, dt.date(2100, 1, 1), half_life=1)
    assert balance.given == LEAST_WEIGHT and balance.received == 0.0
    assert balance.meter == 100.0


# --- the SQL aggregation the app uses --------------------------------------------------


@given(ledgers, days, half_lives)
@example([(dt.date(2026, 10, 1), GAVE, 3)], dt.date(2026, 11, 28), 365)
@example([(dt.date(1900, 1, 1), RECEIVED, 5), (dt.date(1900, 1, 2), RECEIVED, 5)],
         dt.date(2100, 12, 31), 1)  # fmt: skip
@example([(dt.date(1900, 1, 1), GAVE, 5), (dt.date(1900, 1, 1), RECEIVED, 1)],
         dt.date(2100, 12, 31), 1)  # fmt: skip
@SETTINGS
def test_the_sql_meter_is_exact_at_its_bounds_and_agrees_with_the_reference(
    db, ledger_, today, half_life
):
    assert meter_sums.supports_fast_path()  # Python's SQLite has pow() and julianday()
    Contact.delete().execute()  # and their exchanges (ON DELETE CASCADE)
    assert Exchange.select().count() == 0
    set_setting("half_life_days", str(half_life))
    dana = create_contact(ContactFields(name="Dana"))
    Exchange.insert_many(
        [
            {"contact": dana, "date": day, "direction": d, "currency": "knowledge", "value": v}
            for day, d, v in ledger_
        ]
    ).execute()
    reference = balance_of(ledger_, today, half_life)
    app = meter_sums.meters([dana], today=today).get(dana, Balance())  # what the screens call
    paths = [
        meter_sums.faded_sums(Exchange.contact, [dana], today=today, fast=fast)[0].get(
            dana, Balance()
        )
        for fast in (True, False)
    ]
    for balance in (app, *paths):
        check(balance, ledger_)
        assert balance.given == pytest.approx(reference.given, rel=1e-9, abs=1e-300)
        assert balance.received == pytest.approx(reference.received, rel=1e-9, abs=1e-300)
    # the Reciprocity screen and `netui meter` read the same meter off the table
    (row,) = [r for r in ledger.meter_table(today) if r.contact_id == dana]
    check(Balance(row.given, row.received), ledger_)
    assert row.meter == app.meter
