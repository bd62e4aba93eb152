"""The last contact with each person (netui.db.last_contact.last_contacts): the latest of
my exchanges, past meetings and touches, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.db.contacts import ContactFields, create_contact
from netui.db.last_contact import last_contacts
from netui.db.members import add_member, choose_member
from netui.db.models import Exchange, Meeting, Touch
from tests.pinned_day import TODAY

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def exchange(contact_id: int, day: dt.date) -> None:
    Exchange.create(contact=contact_id, date=day, direction="gave", currency="knowledge", value=3)


def meet(contact_id: int, day: dt.date, *, hour: int = 12, cancelled: bool = False) -> None:
    when = dt.datetime.combine(day, dt.time(hour))
    Meeting.create(contact=contact_id, scheduled_at=when, cancelled=cancelled)


def touch(contact_id: int, day: dt.date) -> None:
    Touch.create(contact=contact_id, day=day, source="today")


def test_the_latest_of_exchanges_meetings_and_touches(db):
    add = lambda name: create_contact(ContactFields(name=name))  # noqa: E731
    by_exchange, by_meeting, by_touch = add("By exchange"), add("By meeting"), add("By touch")
    exchange(by_exchange, days_ago(3))
    meet(by_exchange, days_ago(9))
    touch(by_exchange, days_ago(12))
    exchange(by_meeting, days_ago(20))
    meet(by_meeting, TODAY, hour=23)  # later today: still today
    meet(by_meeting, days_ago(-2))  # the day after tomorrow: not yet
    exchange(by_touch, days_ago(40))
    meet(by_touch, days_ago(1), cancelled=True)  # cancelled: never happened
    touch(by_touch, days_ago(8))
    touch(by_touch, days_ago(-1))  # tomorrow: not yet
    future, never = add("Only future"), add("Never met")
    meet(future, days_ago(-7))
    exchange(future, days_ago(-1))  # a future-dated exchange counts, as it always did
    everyone = [by_exchange, by_meeting, by_touch, future, never]
    assert last_contacts(everyone, TODAY) == {
        by_exchange: days_ago(3),
        by_meeting: TODAY,
        by_touch: days_ago(8),
        future: days_ago(-1),
    }
    assert last_contacts([], TODAY) == {}
    assert last_contacts([by_touch, 10_000], TODAY) == {by_touch: days_ago(8)}


def test_only_my_own_rows_count(db):
    dana = create_contact(ContactFields(name="Dana"))
    exchange(dana, days_ago(30))
    add_member("Bob")
    choose_member("Bob")
    exchange(dana, days_ago(2))
    meet(dana, days_ago(1))
    touch(dana, TODAY)
    assert last_contacts([dana], TODAY) == {dana: TODAY}
    choose_member("me")
    assert last_contacts([dana], TODAY) == {dana: days_ago(30)}
