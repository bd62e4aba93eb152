"""The reciprocity ledger on real SQLite files (netui.db.ledger)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from netui import clock
from netui.db import ledger, meter_sums
from netui.db.contacts import ContactFields, create_contact, set_archived
from netui.db.history import undo_latest
from netui.db.models import Contact, Exchange, Meeting
from netui.db.settings import set_setting
from tests.pinned_day import TODAY

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


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
    balance = meter_sums.meters()[dana]
    assert balance.given == pytest.approx(1)
    assert balance.received == pytest.approx(1)
    assert balance.meter == pytest.approx(0, abs=1e-9)


def test_the_half_life_setting_changes_the_meter(db):
    dana = add("Dana")
    put(dana, ago(730), "gave", 4)
    put(dana, TODAY, "received", 1)
    set_setting("half_life_days", "730")
    assert meter_sums.meters()[dana].meter == pytest.approx(100 / 3)


def test_meters_leave_out_contacts_without_exchanges_and_filter_by_id(db):
    dana, ben, cy = add("Dana"), add("Ben"), add("Cy")
    put(dana, TODAY, "gave", 2)
    put(ben, TODAY, "received", 3)
    assert set(meter_sums.meters()) == {dana, ben}
    assert set(meter_sums.meters([ben, cy])) == {ben}
    assert meter_sums.meters([ben])[ben].meter == -100


def test_a_future_exchange_counts_at_full_value(db):
    dana = add("Dana")
    put(dana, TODAY + dt.timedelta(days=40), "gave", 3)
    assert meter_sums.meters()[dana].given == pytest.approx(3)


def test_the_fast_path_equals_the_portable_path_on_a_random_ledger(db):
    # Python's SQLite has pow() and julianday(); PostgreSQL has power() and date - date.
    assert meter_sums.supports_fast_path()
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
            fast, fast_last = meter_sums.faded_sums(
                key, subset, today=TODAY, half_life=half_life, fast=True
            )
            slow, slow_last = meter_sums.faded_sums(
                key, subset, today=TODAY, half_life=half_life, fast=False
            )
            assert set(fast) == set(slow)
            assert fast_last == slow_last and set(fast_last) == set(fast)
            for group, balance in fast.items():
                assert balance.given == pytest.approx(slow[group].given, rel=1e-9)
                assert balance.received == pytest.approx(slow[group].received, rel=1e-9)
    # and by hand, for one contact
    mine = [r for r in rows if r["contact"] == ids[0]]
    expected = sum(
        r["value"] * 0.5 ** (max(0, (TODAY - r["date"]).days) / 365)
        for r in mine
        if r["direction"] == "gave"
    )
    assert meter_sums.meters([ids[0]], today=TODAY)[ids[0]].given == pytest.approx(expected)


def test_meters_chunk_long_id_lists(db):
    dana = add("Dana")
    put(dana, TODAY, "gave", 2)
    assert meter_sums.meters([*range(10_000, 11_200), dana])[dana].given == pytest.approx(2)


# --- entries -------------------------------------------------------------------------


def counts() -> int:
    return Exchange.select().count()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("lent", "knowledge", 3), "not a direction"),
        (("gave", "money", 3), "knowledge, information, introduction, access"),
        (("gave", "knowledge", 0), "1 to 5"),
        (("gave", "knowledge", 6), "1 to 5"),
        (("gave", "knowledge", True), "1 to 5"),
        (("gave", "knowledge", 2.5), "1 to 5"),
    ],
)
def test_refused_entries_write_nothing(db, arguments, message):
    dana = add("Dana")
    before = counts()
    with pytest.raises(ledger.LedgerError, match=message):
        ledger.log_exchange(dana, *arguments)
    assert counts() == before


def test_a_future_date_an_unknown_contact_or_link_is_refused(db):
    dana = add("Dana")
    before = counts()
    with pytest.raises(ledger.LedgerError, match="future"):
        ledger.log_exchange(dana, "gave", "knowledge", 3, on=TODAY + dt.timedelta(days=1))
    with pytest.raises(ledger.LedgerError, match="no contact"):
        ledger.log_exchange(dana + 99, "gave", "knowledge", 3)
    with pytest.raises(ledger.LedgerError, match="no meeting"):
        ledger.log_exchange(dana, "gave", "knowledge", 3, meeting_id=42)
    assert counts() == before


def test_log_update_delete_and_restore(db):
    dana = add("Dana")
    first = ledger.log_exchange(dana, "gave", "Knowledge", 3, note=" deck ", on=ago(3))
    second = ledger.log_exchange(dana, "received", "favour", 2)
    records = ledger.exchanges_for(dana)
    assert [r.id for r in records] == [second, first]  # newest first
    assert records[1].currency == "knowledge" and records[1].note == "deck"
    assert records[1].date == ago(3)
    assert ledger.exchanges_for(dana, limit=1)[0].id == second

    updated = ledger.update_exchange(first, value=5, currency="access")
    assert (updated.value, updated.currency, updated.direction) == (5, "access", "gave")
    with pytest.raises(ledger.LedgerError):
        ledger.update_exchange(first, value=9)
    assert ledger.get_exchange(first).value == 5

    record = ledger.delete_exchange(first)
    assert [r.id for r in ledger.exchanges_for(dana)] == [second]
    undo_latest()  # the delete was a step of its own: back from the trash, same id
    assert ledger.get_exchange(first) == record


def test_currency_breakdown(db):
    dana = add("Dana")
    ledger.log_exchange(dana, "gave", "favour", 2)
    ledger.log_exchange(dana, "received", "knowledge", 3)
    ledger.log_exchange(dana, "gave", "knowledge", 1)
    breakdown = ledger.currency_breakdown(dana)
    assert list(breakdown) == ["knowledge", "favour"]  # CURRENCIES order
    assert breakdown["knowledge"].given == pytest.approx(1)
    assert breakdown["knowledge"].received == pytest.approx(3)
    assert breakdown["favour"].meter == 100


def test_monthly_activity_covers_24_months_with_zeros(db):
    dana, ben = add("Dana"), add("Ben")
    today = dt.date(2025, 3, 15)
    put(dana, dt.date(2025, 3, 1), "gave", 2)
    put(dana, dt.date(2025, 3, 2), "gave", 2)
    put(ben, dt.date(2025, 3, 2), "received", 2)
    put(dana, dt.date(2023, 4, 30), "received", 1)  # first month of the window
    put(dana, dt.date(2023, 3, 31), "received", 1)  # just before it
    activity = ledger.monthly_activity(today=today)
    assert len(activity) == 24
    assert activity[0] == ("2023-04", 0, 1)
    assert activity[-1] == ("2025-03", 2, 1)
    assert activity[12] == ("2024-04", 0, 0)
    assert ledger.monthly_activity(contact_id=dana, today=today)[-1] == ("2025-03", 2, 0)
    assert ledger.monthly_activity(months=3, today=dt.date(2025, 1, 5))[0][0] == "2024-11"


# --- the meter table and its lists ----------------------------------------------------


def meet(contact_id: int, day: dt.date) -> None:
    Meeting.create(contact=contact_id, scheduled_at=dt.datetime.combine(day, dt.time(12)))


def added_days_ago(contact_id: int, days: int) -> None:
    when = dt.datetime.combine(ago(days), dt.time(9))
    Contact.update(created_at=when).where(Contact.id == contact_id).execute()


def test_meter_table_ranks_by_imbalance_and_skips_archived(db):
    owes, even, credit, _quiet, gone = (add(n) for n in ("Owes", "Even", "Credit", "Quiet", "Gone"))
    put(owes, TODAY, "received", 5)
    put(even, TODAY, "gave", 3)
    put(even, TODAY, "received", 3)
    put(credit, TODAY, "gave", 2)
    put(gone, TODAY, "gave", 5)
    set_archived(gone, True)
    rows = ledger.meter_table()
    assert [r.name for r in rows] == ["Owes", "Credit", "Even", "Quiet"]
    top = rows[0]
    assert (top.given, top.received, top.balance, top.meter) == (0, 5, -5, -100)
    assert top.last_exchange == TODAY and top.last_contact == TODAY
    assert rows[-1].last_exchange is None
    assert [r.name for r in ledger.give_back_first(rows=rows)] == ["Owes"]
    assert [r.name for r in ledger.investing()] == ["Credit"]


def test_dormant_uses_own_cadence_default_meetings_and_the_added_date(db):
    set_setting("default_cadence", "30")
    talked = add("Talked recently")
    put(talked, ago(10), "gave", 1)
    lapsed = add("Lapsed")
    put(lapsed, ago(40), "gave", 1)
    patient = add("Own cadence", cadence_days=60)
    put(patient, ago(40), "gave", 1)
    met = add("Met")
    put(met, ago(100), "gave", 1)
    meet(met, ago(5))
    future = add("Meeting ahead")
    put(future, ago(100), "gave", 1)
    meet(future, TODAY + dt.timedelta(days=3))  # not yet a contact
    never_new = add("Never, added last week")
    added_days_ago(never_new, 7)
    never_old = add("Never, added long ago")
    added_days_ago(never_old, 200)

    rows = {r.name: r for r in ledger.meter_table()}
    assert rows["Met"].last_contact == ago(5) and rows["Met"].last_exchange == ago(100)
    assert rows["Own cadence"].cadence_days == 60 and rows["Lapsed"].cadence_days == 30
    assert [r.name for r in ledger.dormant()] == [
        "Never, added long ago",
        "Meeting ahead",
        "Lapsed",
    ]
    assert rows["Never, added long ago"].days_since_contact == 200


def test_inside_outside_my_organisation(db):
    add("Colleague", organisation="Northwind  Labs")
    add("Outsider", organisation="Contoso")
    add("Nobody")
    inside, outside = ledger.inside_outside("northwind labs")
    assert [r.name for r in inside] == ["Colleague"]
    assert {r.name for r in outside} == {"Outsider", "Nobody"}
    set_setting("my_organisation", "Contoso")
    assert [r.name for r in ledger.inside_outside()[0]] == ["Outsider"]
    set_setting("my_organisation", "")
    assert ledger.inside_outside()[0] == []


def test_inside_my_organisation_ignores_case_accents_punctuation_legal_forms_and_units(db):
    same = ["Globex", "GLOBEX Inc.", "Globex, Inc", "Globex; Marketing", "Globex, Marketing",
            "globex corporation", "The Globex Co. Ltd"]  # fmt: skip
    for n, organisation in enumerate(same):
        add(f"Colleague {n}", organisation=organisation)
    add("Zurich colleague", organisation="Zürich Re AG")
    add("Elsewhere", organisation="Globex Bank")
    add("Other", organisation="Initech")
    inside, outside = ledger.inside_outside("Globex Inc.")
    assert sorted(r.name for r in inside) == sorted(f"Colleague {n}" for n in range(len(same)))
    assert {r.name for r in outside} == {"Zurich colleague", "Elsewhere", "Other"}
    assert [r.name for r in ledger.inside_outside("zurich re")[0]] == ["Zurich colleague"]


def test_second_degree_contacts_are_dormant_only_with_a_cadence_of_their_own(db):
    set_setting("default_cadence", "30")
    stranger = add("Known through someone", second_degree=True)
    put(stranger, ago(100), "gave", 1)
    tended = add("Tended stranger", second_degree=True, cadence_days=30)
    put(tended, ago(100), "gave", 1)
    rows = {r.name: r for r in ledger.meter_table()}
    assert not rows["Known through someone"].overdue
    assert rows["Tended stranger"].overdue
    assert [r.name for r in ledger.dormant()] == ["Tended stranger"]


def test_meter_table_on_a_given_day_counts_meetings_up_to_that_day(db):
    """Its ``today`` is the day for fading and for which meetings are past, whatever
    the clock says (the meetings were counted up to the clock's day before)."""
    met = add("Met")
    put(met, dt.date(2026, 1, 5), "gave", 1)
    meet(met, dt.date(2026, 6, 1))
    day_before_meeting, day_after = dt.date(2026, 5, 31), dt.date(2026, 6, 2)
    for clock_day in (day_before_meeting, day_after):
        with clock.pinned(clock_day):
            (after,) = ledger.meter_table(day_after)
            (before,) = ledger.meter_table(day_before_meeting)
        assert after.last_contact == dt.date(2026, 6, 1) and after.days_since_contact == 1
        assert before.last_contact == dt.date(2026, 1, 5) and before.days_since_contact == 146
