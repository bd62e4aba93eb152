"""Reading calendars (netui.core.calendar_import) on the files Google, Outlook and Apple
write: time zones, UTC and floating times, all-day dates, repetitions with EXDATE and a
moved occurrence, folded lines, non-ASCII text and markup. No database here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netui.core.calendar_import import (
    CalendarFileError,
    Occurrence,
    parse_calendars,
    plain_text,
    read_sources,
)
from tests.zones import BERLIN, NEW_YORK, local_zone

DATA = Path(__file__).parent.parent / "data" / "calendar"
#: The tests' "now": Monday 9 March 2026, 08:00 local time.
NOW = dt.datetime(2026, 3, 9, 8, 0)
ONE_TO_ONE = (
    "040000008200E00074C5B7101A82E00800000000D0D3A5E1B3F1DB01000000000000000010000000C5E6A1F3"
)


def parse(name: str, zone: str = BERLIN, now: dt.datetime = NOW) -> list[Occurrence]:
    with local_zone(zone):
        return list(parse_calendars(read_sources(DATA / name), now).occurrences)


def by_uid(occurrences: list[Occurrence], uid: str) -> list[Occurrence]:
    return [o for o in occurrences if o.uid == uid]


def test_google_tzid_time_is_converted_to_local_time():
    coffee = by_uid(parse("google.ics"), "coffee-dana-20260310@google.com")
    assert [o.start for o in coffee] == [dt.datetime(2026, 3, 10, 9, 30)]
    # The same file read in New York: the same moment, New York's wall clock.
    (ny,) = by_uid(parse("google.ics", NEW_YORK), "coffee-dana-20260310@google.com")
    assert ny.start == dt.datetime(2026, 3, 10, 4, 30)
    assert ny.key == coffee[0].key == ""  # a single event: its UID is its identity


def test_utc_z_time_is_converted_to_local_time():
    (sam,) = by_uid(parse("google.ics"), "catch-up-sam@google.com")
    assert sam.start == dt.datetime(2026, 2, 16, 18, 0)  # 17:00Z is 18:00 in Berlin (CET)
    assert not sam.all_day


def test_floating_time_is_the_same_wall_clock_time_anywhere():
    for zone in (BERLIN, NEW_YORK):
        (dinner,) = by_uid(parse("apple.ics", zone), "5A1C1B9E-8C3F-4F5A-9D1B-2E4F6A8B0C1D")
        assert dinner.start == dt.datetime(2026, 3, 9, 18, 30)
        assert dinner.key == ""


def test_all_day_dates_start_at_midnight():
    (yael,) = by_uid(parse("apple.ics"), "9F2B7C4D-1E3A-4B5C-8D6E-7F8091A2B3C4")
    assert yael.all_day and yael.start == dt.datetime(2026, 1, 5)
    (holiday,) = by_uid(parse("google.ics"), "holiday@google.com")
    assert holiday.all_day and holiday.people == ()


def test_windows_zone_rrule_exdate_and_a_moved_occurrence():
    weekly = by_uid(parse("outlook.ics"), ONE_TO_ONE)
    days = [o.start.date() for o in weekly]
    assert dt.date(2026, 2, 5) not in days  # EXDATE
    assert dt.date(2026, 2, 19) not in days  # moved ...
    (moved,) = [o for o in weekly if o.key == "20260219T090000Z"]
    assert moved.start == dt.datetime(2026, 2, 20, 15, 0)  # ... to the Friday afternoon
    assert moved.summary == "1:1 Tom / me (moved)"
    assert all(o.start.time() == dt.time(10, 0) for o in weekly if o is not moved)
    # The window: a year back (from 8 January), 60 days ahead (to 7 May); Thursdays.
    assert days[0] == dt.date(2026, 1, 8) and days[-1] == dt.date(2026, 5, 7)
    assert len(weekly) == 18 - 1  # 18 Thursdays, one taken out by EXDATE
    # A series' occurrences are known by their original start, in UTC whatever TZ is:
    # after daylight saving (29 March) still 10:00 local, one hour earlier in UTC.
    keys = {o.start.date(): o.key for o in weekly}
    assert keys[dt.date(2026, 3, 26)] == "20260326T090000Z"
    assert keys[dt.date(2026, 4, 2)] == "20260402T080000Z"


def test_folded_crlf_lines_are_read_whole():
    raw = (DATA / "google.ics").read_bytes()
    assert b"\r\n " in raw and raw.count(b"\r\n") == raw.count(b"\n")
    (coffee,) = by_uid(parse("google.ics"), "coffee-dana-20260310@google.com")
    assert [(p.email, p.name) for p in coffee.people] == [
        ("me@example.com", "Me"),
        ("DANA.LEVI@Helix.example", "Dana Levi"),  # a folded line, case kept as written
    ]
    assert coffee.location == "Café Einstein, Unter den Linden 42"  # escaped comma


def test_non_ascii_summaries_and_markup_are_kept_literally():
    apple = parse("apple.ics")
    assert {o.summary for o in apple} == {"Dîner avec Zoë — 😀 [/]", "שיחה עם יעל"}
    (first, *_) = by_uid(parse("outlook.ics"), ONE_TO_ONE)
    assert first.description == "Weekly one-to-one\nAgenda in [bold]the doc[/bold] [/]"


def test_html_descriptions_become_plain_lines():
    (coffee,) = by_uid(parse("google.ics"), "coffee-dana-20260310@google.com")
    assert coffee.description == "Agenda\nLearn how Helix plans to build its data team\nJoin"
    assert plain_text("a &lt;b&gt; [b]x[/b]") == "a &lt;b&gt; [b]x[/b]"  # not HTML: as is
    assert plain_text("<p>one</p><ul><li>two</li></ul>&nbsp;[/]") == "one\n\n- two\n [/]"


def test_cancelled_events_and_occurrences_are_marked():
    (lunch,) = by_uid(parse("google.ics"), "lunch-rita@google.com")
    assert lunch.cancelled
    assert not any(o.cancelled for o in parse("outlook.ics"))


def test_events_outside_the_window_are_left_out():
    later = NOW + dt.timedelta(days=400)
    assert parse("google.ics", now=later) == []


def test_a_folder_is_every_ics_file_in_it(tmp_path: Path):
    for name in ("google.ics", "apple.ics"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    (tmp_path / "notes.txt").write_text("not a calendar")
    names = [name for name, _ in read_sources(tmp_path)]
    assert names == [str(tmp_path / "apple.ics"), str(tmp_path / "google.ics")]


def test_standard_input():
    assert read_sources("-", b"BEGIN:VCALENDAR") == [("standard input", b"BEGIN:VCALENDAR")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello", "is not a calendar"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:a\r\nEND:VEVENT\r\nEND:VCALENDAR",
            "has no start",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026XX\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR",
            "not a date or a time",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260301T100000Z\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR",
            "has no UID",
        ),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260301T100000Z\r\n"
            b"RRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR",
            "cannot be read",
        ),
        (b"BEGIN:VCALENDAR\r\nSUMMARY:\xff\xfe\r\nEND:VCALENDAR", "not UTF-8"),
    ],
    ids=["not-ical", "no-start", "bad-start", "no-uid", "bad-rule", "not-utf8"],
)
def test_a_bad_file_is_one_sentence_naming_it(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.ics"
    path.write_bytes(content)
    with pytest.raises(CalendarFileError, match=message) as caught:
        parse_calendars(read_sources(path), NOW)
    assert "\n" not in str(caught.value)


def test_missing_file_and_empty_folder(tmp_path: Path):
    with pytest.raises(CalendarFileError, match="does not exist"):
        read_sources(tmp_path / "nope.ics")
    with pytest.raises(CalendarFileError, match=r"holds no \.ics files"):
        read_sources(tmp_path)
