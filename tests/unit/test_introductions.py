"""Introductions I broker, their balance check and what "made" logs (netui.db.introductions)."""

from __future__ import annotations

import pytest

from netui import clock
from netui.db.contacts import ContactFields, create_contact
from netui.db.introductions import (
    IntroductionError,
    introductions,
    record_introduction,
    set_status,
    update_introduction,
)
from netui.db.meter_sums import meters
from netui.db.models import Exchange, Introduction

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def add(name: str) -> int:
    return create_contact(ContactFields(name=name))


def rows() -> tuple[int, int]:
    return Introduction.select().count(), Exchange.select().count()


@pytest.fixture
def pair(db) -> tuple[int, int]:
    return add("Ana"), add("Ben")


def test_record_and_list(pair):
    ana, ben = pair
    intro = record_introduction(ana, ben, " a hire ", 3, "a mentor", 2)
    [record] = introductions()
    assert (record.id, record.a_name, record.b_name, record.status) == (intro, "Ana", "Ben", "idea")
    assert record.a_gains == "a hire" and record.balanced and record.warning is None
    assert introductions(ben)[0].id == intro
    assert introductions(add("Cy")) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((3, 6), "0 to 5"),
        ((-1, 2), "0 to 5"),
        ((2, 2, "done"), "idea, asked, made, declined"),
    ],
)
def test_refused_introductions_write_nothing(pair, args, message):
    ana, ben = pair
    a_value, b_value, *status = args
    before = rows()
    with pytest.raises(IntroductionError, match=message):
        record_introduction(ana, ben, "", a_value, "", b_value, *status)
    assert rows() == before


def test_an_introduction_needs_two_existing_people(pair):
    ana, _ = pair
    before = rows()
    with pytest.raises(IntroductionError, match="two different"):
        record_introduction(ana, ana, "", 2, "", 2)
    with pytest.raises(IntroductionError, match="no contact"):
        record_introduction(ana, 999, "", 2, "", 2)
    assert rows() == before


@pytest.mark.parametrize(
    ("a_value", "b_value", "warning"),
    [(3, 0, "Ben gains nothing"), (5, 2, "Ana gains far more than Ben"), (3, 2, None)],
)
def test_the_balance_check_before_made(pair, a_value, b_value, warning):
    ana, ben = pair
    intro = record_introduction(ana, ben, "", a_value, "", b_value, "asked")
    before = rows()
    result = set_status(intro, "made")
    if warning is None:
        assert result is None
        assert Introduction.get_by_id(intro).status == "made"
    else:
        assert warning in result
        assert rows() == before  # nothing changed
        assert Introduction.get_by_id(intro).status == "asked"
        assert introductions()[0].warning == result and not introductions()[0].balanced


def test_made_logs_an_introduction_given_to_both_sides(pair):
    ana, ben = pair
    intro = record_introduction(ana, ben, "", 0, "", 4)
    assert set_status(intro, "made", force=True) is None
    logged = list(Exchange.select().where(Exchange.introduction == intro).order_by(Exchange.id))
    assert [(e.contact_id, e.direction, e.currency, e.value) for e in logged] == [
        (ana, "gave", "introduction", 1),  # at least 1 even when that side gains nothing
        (ben, "gave", "introduction", 4),
    ]
    assert all(e.date == clock.today() for e in logged)
    assert Introduction.get_by_id(intro).made_on == clock.today()
    assert set(meters()) == {ana, ben}
    assert set_status(intro, "made") is None  # already made: nothing doubles
    assert Exchange.select().count() == 2

    update_introduction(intro, b_value=2)
    assert Exchange.get(Exchange.contact == ben).value == 2
    with pytest.raises(IntroductionError, match="cannot change"):
        update_introduction(intro, a_id=add("Cy"))

    set_status(intro, "declined")  # undoing "made" takes its entries back out
    assert Exchange.select().count() == 0
    assert Introduction.get_by_id(intro).made_on is None


@pytest.mark.sqlite_only("a TEMP TRIGGER in SQLite's syntax")
def test_made_is_atomic(db, pair):
    ana, ben = pair
    intro = record_introduction(ana, ben, "", 3, "", 3)
    # Ben's entry fails half-way through: neither entry nor the new status may stay.
    db.execute_sql(
        "CREATE TEMP TRIGGER refuse_ben BEFORE INSERT ON exchange "
        f"WHEN NEW.contact_id = {ben} BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    with pytest.raises(Exception, match="refused"):
        set_status(intro, "made")
    assert Exchange.select().count() == 0
    stored = Introduction.get_by_id(intro)
    assert (stored.status, stored.made_on) == ("idea", None)


def test_asked_sets_the_date_and_updates_validate(pair):
    ana, ben = pair
    intro = record_introduction(ana, ben, "", 2, "", 2)
    set_status(intro, "asked")
    assert Introduction.get_by_id(intro).asked_on == clock.today()
    with pytest.raises(IntroductionError):
        set_status(intro, "finished")
    with pytest.raises(IntroductionError):
        update_introduction(intro, a_value=8)
    update_introduction(intro, a_gains="a co-founder", b_id=add("Cy"))
    [record] = introductions()
    assert (record.a_gains, record.b_name) == ("a co-founder", "Cy")
