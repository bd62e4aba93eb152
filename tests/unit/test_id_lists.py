"""``among``: a column among a list of ids, bound as one value, reads the rows an
``IN`` list reads, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.db.contacts import ContactFields, contact_rows, create_contact
from netui.db.id_lists import among
from netui.db.last_contact import last_contacts
from netui.db.meter_sums import meters
from netui.db.models import Contact, Exchange
from netui.db.rows import tuples

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def test_among_reads_what_an_in_list_reads(db):
    ids = [create_contact(ContactFields(name=f"Person {n}")) for n in range(30)]
    day = dt.date(2026, 1, 5)
    for n, contact_id in enumerate(ids[::3]):
        Exchange.create(
            contact=contact_id, date=day - dt.timedelta(days=n), direction="gave",
            currency="knowledge", value=n % 5 + 1,
        )  # fmt: skip
    asked = [ids[4], ids[0], ids[9], 10**9, ids[27], ids[0]]  # unknown and repeated too

    def names(condition: object) -> list[tuple[int, str]]:
        query = Contact.select(Contact.id, Contact.name).where(condition)
        return sorted(tuples(query.order_by(Contact.id)))

    assert names(among(Contact.id, asked)) == names(Contact.id.in_(asked))
    assert len(names(among(Contact.id, asked))) == 4
    assert names(among(Contact.id, [])) == []
    # The readers that use it: the list's rows, last contacts and meters.
    rows = contact_rows(asked)
    assert [row.id for row in rows] == [ids[4], ids[0], ids[9], ids[27], ids[0]]
    assert last_contacts(asked, today=day) == {ids[0]: day, ids[9]: day - dt.timedelta(days=3),
                                               ids[27]: day - dt.timedelta(days=9)}  # fmt: skip
    balances = meters(asked, today=day)
    assert sorted(balances) == [ids[0], ids[9], ids[27]]
    assert balances[ids[9]].given > 0 and balances[ids[9]].received == 0
