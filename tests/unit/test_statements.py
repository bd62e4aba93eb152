"""``read_among``: a read by a list of ids whose SQL is made once per database and
shape answers every later call as the query built afresh would, on SQLite and on
PostgreSQL; what the shape names (the day, the member) keeps two reads apart."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

import pytest

from netui.db import id_lists, statements
from netui.db.contacts import ContactFields, create_contact
from netui.db.id_lists import among
from netui.db.last_contact import last_contacts
from netui.db.meter_sums import meters
from netui.db.models import Contact, Exchange, Meeting, database
from netui.db.statements import read_among

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def _names(ids: Sequence[int]) -> Any:
    return Contact.select(Contact.id, Contact.name).where(among(Contact.id, ids))


def test_each_call_reads_its_own_ids_with_the_sql_made_once(db):
    ids = [create_contact(ContactFields(name=f"Person {n}")) for n in range(40)]
    made: list[Sequence[int]] = []

    def build(asked: Sequence[int]) -> Any:
        made.append(asked)
        return _names(asked)

    rng = random.Random(7)
    for _ in range(25):
        asked = [*rng.sample(ids, rng.randint(0, 12)), 10**9]  # an unknown id too
        expected = sorted(database.execute(_names(asked)).fetchall())
        assert sorted(read_among("names", build, asked)) == expected
    assert len(made) == 1  # built once, with the marker ids, then only bound


def test_a_database_without_one_value_ids_builds_the_query_every_time(db, monkeypatch):
    ids = [create_contact(ContactFields(name=f"Person {n}")) for n in range(5)]
    if isinstance(id_lists.bound_ids([1]), list):
        pytest.skip("PostgreSQL always binds an array")
    monkeypatch.setitem(id_lists._json_each, database.obj, False)  # an SQLite without JSON
    monkeypatch.setattr(statements, "_made", type(statements._made)())
    made: list[Sequence[int]] = []

    def build(asked: Sequence[int]) -> Any:
        made.append(asked)
        return _names(asked)

    assert sorted(read_among("names", build, ids[:2])) == sorted(
        (i, f"Person {n}") for n, i in enumerate(ids[:2])
    )
    assert sorted(read_among("names", build, ids[3:])) == sorted(
        (i, f"Person {n + 3}") for n, i in enumerate(ids[3:])
    )
    assert made == [ids[:2], ids[3:]]


def test_the_day_keeps_last_contacts_apart(db):
    anna = create_contact(ContactFields(name="Anna"))
    ben = create_contact(ContactFields(name="Ben"))
    Meeting.create(contact=anna, scheduled_at=dt.datetime(2026, 3, 10, 15, 0), purpose="coffee")
    Exchange.create(
        contact=ben, date=dt.date(2026, 3, 1), direction="gave", currency="knowledge", value=2
    )
    before, on_the_day = dt.date(2026, 3, 9), dt.date(2026, 3, 10)
    assert last_contacts([anna, ben], today=before) == {ben: dt.date(2026, 3, 1)}
    assert last_contacts([anna, ben], today=on_the_day) == {
        anna: on_the_day,
        ben: dt.date(2026, 3, 1),
    }
    assert last_contacts([anna, ben], today=before) == {ben: dt.date(2026, 3, 1)}
    assert last_contacts([anna], today=on_the_day) == {anna: on_the_day}


def test_the_day_keeps_meters_apart(db):
    anna = create_contact(ContactFields(name="Anna"))
    Exchange.create(
        contact=anna, date=dt.date(2026, 1, 1), direction="gave", currency="knowledge", value=4
    )
    early = meters([anna], today=dt.date(2026, 1, 1))[anna].given
    late = meters([anna], today=dt.date(2027, 1, 1))[anna].given
    assert early == pytest.approx(4.0)
    assert 0 < late < early  # faded: the later day's SQL, not the first one's
    assert meters([anna], today=dt.date(2026, 1, 1))[anna].given == early
