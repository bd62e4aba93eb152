"""A calendar applied to the network (netui.db.calendar): meetings ahead with their
worksheets, contact in the past, cancellations, idempotent re-imports, unknown
attendees. Real SQLite files in tmp_path; the clock pinned to Monday 9 March 2026,
08:00, in Europe/Berlin."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from netui import clock
from netui.core.calendar_import import CalendarFileError
from netui.db.calendar import import_calendar
from netui.db.contacts import ContactFields, create_contact, get_contact, set_archived
from netui.db.ledger import meter_table
from netui.db.meetings import get_worksheet, list_meetings, update_worksheet
from netui.db.models import Contact, Meeting, Touch
from netui.db.settings import save_user_setting
from tests.zones import BERLIN, local_zone

DATA = Path(__file__).parent.parent / "data" / "calendar"
NOW = dt.datetime(2026, 3, 9, 8, 0)
PEOPLE = {
    "Dana Levi": "dana.levi@helix.example",
    "Tom Ng": "Tom.Ng@Globex.example",
    "Rita Álvarez": "rita@initech.example",
    "Sam Park": "sam.park@northwind.example",
    "Zoë Hartmann": "zoe@dataconf.example",
}


@pytest.fixture
def network(db) -> Iterator[dict[str, int]]:
    with local_zone(BERLIN), clock.pinned(NOW):
        ids = {
            name: create_contact(
                ContactFields(name=name, email=email, career_path=f"{name}'s path")
            )
            for name, email in PEOPLE.items()
        }
        save_user_setting("my-email", "me@example.com, ME@work.example")
        yield ids


def copy(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "calendars"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copyfile(DATA / name, folder / name)
    return folder


def rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in ("contact", "meeting", "touch", "exchange")
        }
    finally:
        conn.close()


def meetings_by_title() -> dict[str, list[Meeting]]:
    found: dict[str, list[Meeting]] = {}
    for meeting in Meeting.select().order_by(Meeting.scheduled_at):
        found.setdefault(meeting.title, []).append(meeting)
    return found


def test_future_events_with_a_known_contact_become_prefilled_meetings(network):
    report = import_calendar(DATA / "google.ics")
    assert (report.added, report.updated, report.cancelled) == (1, 0, 0)
    (coffee,) = meetings_by_title()["Coffee with Dana ☕"]
    assert coffee.contact_id == network["Dana Levi"]  # DANA.LEVI@Helix.example, any case
    assert coffee.scheduled_at == dt.datetime(2026, 3, 10, 9, 30)  # local time
    assert coffee.place == "Café Einstein, Unter den Linden 42"
    assert coffee.purpose == "Agenda Learn how Helix plans to build its data team Join"
    sheet = get_worksheet(coffee.id)
    assert sheet.text("who_they_are").startswith("Dana Levi")  # pre-filled from her
    assert sheet.text("career_path") == "Dana Levi's path"


def test_my_own_addresses_are_neither_contacts_nor_unknown(network):
    me = create_contact(ContactFields(name="Me Myself", email="ME@example.com"))
    report = import_calendar(DATA / "google.ics")
    assert report.unknown == ("jo@talent.example",)
    assert not Meeting.select().where(Meeting.contact == me).exists()
    assert not Touch.select().where(Touch.contact == me).exists()


def test_a_past_event_is_contact_and_a_first_contact_day(network):
    sam = network["Sam Park"]
    before = {row.contact_id: row for row in meter_table(NOW.date())}
    assert before[sam].last_contact is None
    report = import_calendar(DATA / "google.ics")
    assert report.past_contacts == 1
    assert get_contact(sam).last_contact == dt.date(2026, 2, 16)
    assert Contact.get_by_id(sam).first_contact == dt.date(2026, 2, 16)
    after = {row.contact_id: row for row in meter_table(NOW.date())}
    assert after[sam].last_contact == dt.date(2026, 2, 16) and not after[sam].overdue
    assert not Meeting.select().where(Meeting.contact == sam).exists()  # no meeting made


def test_cancelled_all_day_and_unknown_events_make_nothing(network):
    report = import_calendar(DATA / "google.ics")
    titles = meetings_by_title()
    assert "Lunch with Rita" not in titles and "Holiday" not in titles
    assert "Intro call" not in titles
    assert not Touch.select().where(Touch.contact == network["Rita Álvarez"]).exists()
    assert report.unknown == ("jo@talent.example",)
    assert report.summary() == (
        "1 meeting added, 0 updated, 0 cancelled, 1 past contact, 1 unknown attendee "
        "(jo@talent.example)."
    )


def test_add_unknown_adds_them_as_contacts(network):
    report = import_calendar(DATA / "google.ics", add_unknown=True)
    assert report.contacts_added == 1 and report.added == 2
    jo = Contact.get(Contact.email == "jo@talent.example")
    assert jo.name == "Jo Recruiter" and jo.how_we_met == "Calendar"
    assert meetings_by_title()["Intro call"][0].contact_id == jo.id


def test_importing_again_changes_nothing_and_says_so(network, db_path, tmp_path):
    folder = copy(tmp_path, "google.ics", "outlook.ics", "apple.ics")
    first = import_calendar(folder)
    assert first.added == 1 + 9 + 1 and first.past_contacts == 1 + 8
    before = rows(db_path)
    again = import_calendar(folder)
    assert (again.added, again.updated, again.cancelled, again.past_contacts) == (0, 0, 0, 0)
    assert again.summary().endswith("; nothing changed.")
    assert rows(db_path) == before


def test_weekly_series_exdate_and_moved_occurrence(network):
    import_calendar(DATA / "outlook.ics")
    tom = network["Tom Ng"]
    upcoming = [m.scheduled_at for m in Meeting.select().where(Meeting.contact == tom)]
    assert upcoming[0] == dt.datetime(2026, 3, 12, 10, 0)
    assert all(when.weekday() == 3 and when.hour == 10 for when in upcoming)
    past = sorted(day for (day,) in Touch.select(Touch.day).where(Touch.contact == tom).tuples())
    assert dt.date(2026, 2, 5) not in past  # EXDATE
    assert dt.date(2026, 2, 20) in past and dt.date(2026, 2, 19) not in past  # moved
    assert get_contact(tom).last_contact == dt.date(2026, 3, 5)


def test_a_cancellation_in_a_later_export_cancels_the_meeting(network, tmp_path):
    import_calendar(DATA / "google.ics")
    (coffee,) = meetings_by_title()["Coffee with Dana ☕"]
    text = (DATA / "google.ics").read_bytes().replace(b"STATUS:CONFIRMED", b"STATUS:CANCELLED", 1)
    changed = tmp_path / "google.ics"
    changed.write_bytes(text)
    report = import_calendar(changed)
    assert report.cancelled == 1 and report.added == 0
    assert Meeting.get_by_id(coffee.id).cancelled
    assert coffee.id not in [row.id for row in list_meetings() if row.upcoming]
    assert not Touch.select().where(Touch.contact == network["Dana Levi"]).exists()
    assert import_calendar(changed).summary().endswith("nothing changed.")
    # Back on: the same meeting again, not a new one.
    report = import_calendar(DATA / "google.ics")
    assert (report.added, report.updated) == (0, 1)
    assert not Meeting.get_by_id(coffee.id).cancelled


def test_an_exdate_added_later_cancels_that_occurrence(network, tmp_path):
    import_calendar(DATA / "outlook.ics")
    text = (
        (DATA / "outlook.ics")
        .read_bytes()
        .replace(
            b"EXDATE;TZID=W. Europe Standard Time:20260205T100000",
            b"EXDATE;TZID=W. Europe Standard Time:20260205T100000,20260319T100000",
        )
    )
    changed = tmp_path / "outlook.ics"
    changed.write_bytes(text)
    report = import_calendar(changed)
    assert report.cancelled == 1
    cancelled = [m.scheduled_at for m in Meeting.select().where(Meeting.cancelled)]
    assert cancelled == [dt.datetime(2026, 3, 19, 10, 0)]


def test_a_changed_time_updates_but_an_edited_purpose_survives(network, tmp_path):
    import_calendar(DATA / "google.ics")
    (coffee,) = meetings_by_title()["Coffee with Dana ☕"]
    update_worksheet(coffee.id, {"purpose": "Ask about the data team"})
    assert import_calendar(DATA / "google.ics").updated == 0
    assert get_worksheet(coffee.id).purpose == "Ask about the data team"
    moved = tmp_path / "google.ics"
    text = (DATA / "google.ics").read_bytes()
    text = text.replace(b"Berlin:20260310T093000", b"Berlin:20260310T110000")
    moved.write_bytes(text.replace(b"Berlin:20260310T101500", b"Berlin:20260310T114500"))
    report = import_calendar(moved)
    assert report.updated == 1
    sheet = get_worksheet(coffee.id)
    assert sheet.scheduled_at == dt.datetime(2026, 3, 10, 11, 0)
    assert sheet.purpose == "Ask about the data team"  # the calendar did not change it


def test_archived_contacts_are_left_out(network):
    set_archived(network["Dana Levi"], True)
    report = import_calendar(DATA / "google.ics")
    assert report.added == 0 and report.unknown == ("jo@talent.example",)


def test_a_bad_file_in_a_folder_changes_nothing(network, db_path, tmp_path):
    folder = copy(tmp_path, "google.ics", "outlook.ics")
    (folder / "zz-broken.ics").write_bytes(b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n")
    before = rows(db_path)
    with pytest.raises(CalendarFileError):
        import_calendar(folder)
    assert rows(db_path) == before


def test_an_import_is_one_undo_step_that_takes_it_all_back(network, db_path, tmp_path):
    from netui.db.history import steps, undo_latest

    before = rows(db_path)
    with local_zone(BERLIN), clock.pinned(NOW):
        report = import_calendar(copy(tmp_path, "google.ics", "outlook.ics", "apple.ics"))
    assert report.added and report.past_contacts
    assert [step.description for step in steps()] == ["calendar import of calendars"]
    assert rows(db_path) != before
    outcome = undo_latest()
    assert outcome.left == ()
    assert rows(db_path) == before  # meetings, touches and first-contact days gone
