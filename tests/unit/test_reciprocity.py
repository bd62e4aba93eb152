"""The reciprocity arithmetic of DESIGN.md on plain values (netui.core.reciprocity)."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core.reciprocity import (
    Balance,
    balance_of,
    days_since_contact,
    is_overdue,
    meter_bar,
    ratio_warning,
    weight,
)

TODAY = dt.date(2025, 6, 1)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def test_weight_halves_every_half_life():
    assert weight(4, 0, 365) == 4
    assert weight(4, 365, 365) == pytest.approx(2)
    assert weight(4, 730, 365) == pytest.approx(1)


def test_a_future_date_counts_as_today():
    assert weight(3, -10, 365) == 3


def test_weight_needs_a_positive_half_life():
    with pytest.raises(ValueError):
        weight(1, 1, 0)


def test_balance_and_meter():
    b = Balance(given=3, received=1)
    assert b.balance == 2
    assert b.meter == pytest.approx(50)
    assert Balance(0, 2).meter == -100
    assert Balance(2, 0).meter == 100
    assert Balance().meter == 0
    assert Balance(1.5, 1.5).meter == 0


def test_four_given_two_half_lives_ago_equals_one_received_today():
    entries = [(ago(730), "gave", 4), (TODAY, "received", 1)]
    result = balance_of(entries, TODAY, 365)
    assert result.given == pytest.approx(1)
    assert result.received == pytest.approx(1)
    assert result.meter == pytest.approx(0)


def test_a_longer_half_life_makes_old_giving_count_more():
    entries = [(ago(730), "gave", 4), (TODAY, "received", 1)]
    assert balance_of(entries, TODAY, 730).meter == pytest.approx(100 * (2 - 1) / 3)


def test_balance_of_refuses_an_unknown_direction():
    with pytest.raises(ValueError):
        balance_of([(TODAY, "lent", 1)], TODAY, 365)


@pytest.mark.parametrize(
    ("last", "created", "own", "second", "overdue"),
    [
        (ago(30), ago(400), None, False, False),  # exactly the default cadence: not yet
        (ago(31), ago(400), None, False, True),
        (None, ago(10), None, False, False),  # never contacted, added recently
        (None, ago(31), None, False, True),  # never contacted, added long ago
        (None, dt.datetime.combine(ago(31), dt.time(9)), None, False, True),  # a datetime
        (ago(31), ago(400), 60, False, False),  # a cadence of their own comes first
        (ago(61), ago(400), 60, False, True),
        (ago(400), ago(400), None, True, False),  # second degree: not mine to tend
        (ago(31), ago(400), 30, True, True),  # ... unless I gave them a cadence
    ],
)
def test_is_overdue(last, created, own, second, overdue):
    since = days_since_contact(last, created, TODAY)
    assert is_overdue(since, own, 30, second_degree=second) is overdue


def test_ratio_warning_when_one_side_gains_nothing():
    warning = ratio_warning(3, 0, "Ana", "Ben")
    assert warning is not None and "Ben gains nothing" in warning
    assert "Neither" in ratio_warning(0, 0)


def test_ratio_warning_when_values_differ_more_than_two_to_one():
    warning = ratio_warning(2, 5, "Ana", "Ben")
    assert warning is not None and "Ben gains far more than Ana" in warning


@pytest.mark.parametrize(("a", "b"), [(3, 2), (2, 4), (5, 5), (1, 2)])
def test_balanced_introductions_pass(a, b):
    assert ratio_warning(a, b) is None


def test_meter_bar_is_centred_on_zero():
    assert meter_bar(0, 7) == "───│───"
    assert meter_bar(100, 7) == "───│███"
    assert meter_bar(-100, 7) == "███│───"
    assert meter_bar(50, 9) == "────│██──"
    assert meter_bar(-3, 7) == "──█│───"  # any visible imbalance shows one cell
    assert meter_bar(250, 5) == "──│██"  # clamped
    for meter in (-100, -37.5, 0, 12, 100):
        assert len(meter_bar(meter, 11)) == 11


def test_meter_bar_needs_room():
    with pytest.raises(ValueError):
        meter_bar(10, 2)
