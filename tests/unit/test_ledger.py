"""The reciprocity ledger on real SQLite files (netui.db.ledger)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from netui.db import ledger
from netui.db.contacts import ContactFields, create_contact
from netui.db.models import Exchange
from netui.db.settings import set_setting

TODAY = dt.date.today()


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def add(name: str, **fields) -> int:
    return create_contact(ContactFields(name=name, **fields))


def put(contact_id: int, day: dt.date, direction: str, value: int, currency="knowledge") -> None:
    """A raw ledger row, bypassing validation (dates in the future allowed)."""
    Exchange.create(
        contact=contact_id, date=day, direction=direction, currency=currency, value=value
    )


# --- meters --------------------------------------------------------------------------


def test_meters_fade_old_exchanges(db):
    dana = add("Dana")
    put(dana, ago(730), "gave", 4)
    put(dana, TODAY, "received", 1)
    balance = ledger.meters()[dana]
    assert balance.given == pytest.approx(1)
    assert balance.received == pytest.approx(1)
    assert balance.meter == pytest.approx(0, abs=1e-9)


def test_the_half_life_setting_changes_the_meter(db):
    dana = add("Dana")
    put(dana, ago(730), "gave", 4)
    put(dana, TODAY, "received", 1)
    set_setting("half_life_days", "730")
    assert ledger.meters()[dana].meter == pytest.approx(100 / 3)


def test_meters_leave_out_contacts_without_exchanges_and_filter_by_id(db):
    dana, ben, cy = add("Dana"), add("Ben"), add("Cy")
    put(dana, TODAY, "gave", 2)
    put(ben, TODAY, "received", 3)
    assert set(ledger.meters()) == {dana, ben}
    assert set(ledger.meters([ben, cy])) == {ben}
    assert ledger.meters([ben])[ben].meter == -100


def test_a_future_exchange_counts_at_full_value(db):
    dana = add("Dana")
    put(dana, TODAY + dt.timedelta(days=40), "gave", 3)
    assert ledger.meters()[dana].given == pytest.approx(3)


def test_the_fast_path_equals_the_portable_path_on_a_random_ledger(db):
    assert ledger.supports_fast_path()  # Python's SQLite has pow() and julianday()
    rng = random.Random(5)
    ids = [add(f"Person {n}") for n in range(60)]
    rows = [
        {
            "contact": rng.choice(ids),
            "date": ago(rng.randint(-20, 1500)),
            "direction": rng.choice(("gave", "received")),
            "currency": rng.choice(("knowledge", "favour", "access")),
            "value": rng.randint(1, 5),
        }
        for _ in range(2000)
    ]
    Exchange.insert_many(rows).execute()
    for key, subset in ((Exchange.contact, None), (Exchange.contact, ids[:7]),
                        (Exchange.currency, ids[10:12])):  # fmt: skip
        for half_life in (365, 30):
            fast = ledger._faded_sums(key, subset, today=TODAY, half_life=half_life, fast=True)
            slow = ledger._faded_sums(key, subset, today=TODAY, half_life=half_life, fast=False)
            assert set(fast) == set(slow)
            for group, (balance, last) in fast.items():
                assert balance.given == pytest.approx(slow[group][0].given, rel=1e-9)
                assert balance.received == pytest.approx(slow[group][0].received, rel=1e-9)
                assert last == slow[group][1]
    # and by hand, for one contact
    mine = [r for r in rows if r["contact"] == ids[0]]
    expected = sum(
        r["value"] * 0.5 ** (max(0, (TODAY - r["date"]).days) / 365)
        for r in mine
        if r["direction"] == "gave"
    )
    assert ledger.meters([ids[0]], today=TODAY)[ids[0]].given == pytest.approx(expected)


def test_meters_chunk_long_id_lists(db):
    dana = add("Dana")
    put(dana, TODAY, "gave", 2)
    assert ledger.meters([*range(10_000, 11_200), dana])[dana].given == pytest.approx(2)
