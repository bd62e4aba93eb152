"""The Reciprocity screen's lists, made in one pass over the meter lines
(``netui.db.meter_tops``), are the first rows of the lists ``netui.db.ledger`` makes
from the whole meter table, with the same counts and totals: on a generated network
with ties on every first key, touched and archived contacts and names that fold
alike; on the portable path; with contacts without a sort key. And the pass holds a
few bytes a contact, not the table."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest

from netui import clock
from netui.db import ledger, meter_rows
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.ledger import log_exchange
from netui.db.meter_tops import LISTS, meter_tops
from netui.db.touches import keep_in_touch

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 3, 9, 8, 0)
DAY = NOW.date()
DAYS = (DAY, DAY + dt.timedelta(days=40), DAY + dt.timedelta(days=400))


def generated(path: Path, contacts: int, exchanges: int) -> Path:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    generate(path, contacts, 2 * contacts, exchanges, seed=3, meetings=60, today=DAY)
    return path


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated network; people with the same exchanges (ties on the balance,
    settled by name: folding alike, then by rank); someone kept in touch with after
    their last exchange; archived and second-degree contacts."""
    path = generated(tmp_path_factory.mktemp("tops") / "network.db", 400, 1_500)
    open_database(path)
    try:
        with clock.pinned(NOW):
            for name in ["Zoë", "zoe", "Émile", "emile", "[b]Cy[/b]", "אבי", "🎉 Eve", "Ann"]:
                for direction in ("received", "gave"):
                    cid = create_contact(ContactFields(name=f"{name} {direction}"))
                    for _ in range(4):  # the largest balances of the network
                        log_exchange(cid, direction, "access", 5, on=DAY - dt.timedelta(days=2))
            keep_in_touch(5)
            log_exchange(7, "gave", "favour", 3, on=DAY - dt.timedelta(days=3))
    finally:
        close_database()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE contact SET archived = 1 WHERE id % 37 = 0")
        raw.execute("UPDATE contact SET second_degree = 1 WHERE id % 11 = 0")
        raw.execute("UPDATE relationship SET cadence_days = 0 WHERE contact_id % 13 = 0")
    raw.close()
    return path


@pytest.fixture
def opened(network: Path):
    open_database(network, readonly=True)
    yield network
    close_database()


def a_common_organisation() -> str:
    rows = meter_rows.meter_table(DAY)
    return Counter(row.organisation for row in rows if row.organisation).most_common(1)[0][0]


def reference(day: dt.date, organisation: str) -> dict[str, list[meter_rows.MeterRow]]:
    rows = meter_rows.meter_table(day)
    inside, outside = ledger.inside_outside(organisation, rows=rows)
    return {
        "ranked": rows,
        "give-back": ledger.give_back_first(rows=rows),
        "investing": ledger.investing(rows=rows),
        "dormant": ledger.dormant(rows=rows),
        "inside": inside,
        "outside": outside,
    }


def assert_same_as_the_reference(day: dt.date, organisation: str, top: int) -> None:
    expected = reference(day, organisation)
    tops = meter_tops(day, organisation, top)
    assert list(tops.lists) == list(LISTS)
    for key in LISTS:
        rows, count = tops.lists[key]
        assert (rows, count) == (expected[key][:top], len(expected[key])), (key, top)
    everyone = expected["ranked"]
    assert tops.total == len(everyone)
    assert tops.exchanged == sum(1 for row in everyone if row.last_exchange is not None)
    assert tops.given == pytest.approx(sum(row.given for row in everyone), rel=1e-12)
    assert tops.received == pytest.approx(sum(row.received for row in everyone), rel=1e-12)


@pytest.mark.parametrize("day", DAYS, ids=["today", "40-days-on", "400-days-on"])
@pytest.mark.parametrize("top", [0, 1, 7, 50, 10_000])
def test_each_list_is_the_head_of_the_reference(opened, day, top):
    organisation = a_common_organisation()
    assert_same_as_the_reference(day, organisation, top)
    if top == 7:
        assert_same_as_the_reference(day, "", top)  # nobody inside
        assert meter_tops(day, "", top).lists["inside"] == ([], 0)


def test_the_ties_are_there_to_settle(opened):
    """The reference's lists have ties on their first key around the cut (else the
    test above would not ask how they are settled)."""
    lists = reference(DAY, "")
    owed = [row.balance for row in lists["give-back"][:20]]
    assert len(set(owed)) < len(owed)
    late = [row.cadence_days - row.days_since_contact for row in lists["dormant"][:60]]
    assert len(set(late)) < len(late)


def test_the_portable_path_gives_the_same_lists(opened, monkeypatch):
    monkeypatch.setattr(meter_rows, "supports_fast_path", lambda: False)
    assert_same_as_the_reference(DAY, a_common_organisation(), 7)


def test_contacts_without_a_sort_key_are_placed_by_their_name_folded(network, tmp_path):
    copy = tmp_path / "blank.db"
    with sqlite3.connect(network) as source, sqlite3.connect(copy) as target:
        source.backup(target)
        target.execute("UPDATE contact SET sort_name = '' WHERE id % 3 = 0")
    source.close()
    target.close()
    open_database(copy, readonly=True)
    try:
        assert_same_as_the_reference(DAY, "", 7)
    finally:
        close_database()


def python_peak_of_tops(path: Path) -> int:
    open_database(path, readonly=True)
    try:
        meter_tops(DAY, "", 300)  # caches (settings, statements) warm
        tracemalloc.start()
        try:
            tops = meter_tops(DAY, "", 300)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert len(tops.lists["ranked"][0]) == 300
        return peak
    finally:
        close_database()


def test_the_pass_holds_a_few_bytes_a_contact(tmp_path):
    """Shape, not speed: from 1,000 to 10,000 contacts the Python peak grows by under
    32 bytes a contact (the array of places in name order; the whole table and its
    sorted lists were about a kilobyte a contact)."""
    small, large = (
        python_peak_of_tops(generated(tmp_path / f"n{n}.db", n, 2 * n)) for n in (1_000, 10_000)
    )
    assert (large - small) / 9_000 < 32, (small, large)
