"""``netui export ics FILE``: upcoming meetings for any calendar app, read back with
``icalendar`` the way a calendar app reads them; 0600, never through a symlink."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import icalendar
import pytest

from netui import clock
from netui.cli import main
from netui.core.calendar_export import ExportMeeting, description_of, to_ics
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.meetings import create_worksheet, mark_done, update_worksheet
from tests.zones import BERLIN, local_zone

NOW = dt.datetime(2026, 3, 9, 8, 0)


@pytest.fixture
def network(tmp_path: Path):
    path = tmp_path / "netui.db"
    with local_zone(BERLIN), clock.pinned(NOW):
        open_database(path)
        dana = create_contact(ContactFields(name="Dana [b]Levi[/]"))
        tom = create_contact(ContactFields(name="Tom Ng"))
        coffee = create_worksheet(
            dana,
            introducer_id=tom,
            scheduled_at=dt.datetime(2026, 3, 10, 9, 30),
            place="Café Einstein, Berlin",
            purpose="Learn how Helix plans; see https://helix.example/plan",
        )
        update_worksheet(coffee, {"give_first": "- the pricing benchmark", "ask": "An intro"})
        old = create_worksheet(tom, scheduled_at=dt.datetime(2026, 3, 1, 9, 0), purpose="Past")
        done = create_worksheet(tom, scheduled_at=dt.datetime(2026, 3, 11, 9, 0), purpose="Done")
        mark_done(done)
        create_worksheet(tom, purpose="Some day")  # not scheduled
        close_database()
        yield path, coffee, old


def read_back(text: str) -> list:
    return icalendar.Calendar.from_ical(text).walk("VEVENT")


def test_export_ics_writes_upcoming_meetings_a_calendar_app_reads(network, tmp_path, capsys):
    path, coffee, _ = network
    out = tmp_path / "meetings.ics"
    with local_zone(BERLIN), clock.pinned(NOW):
        assert main(["--db", str(path), "export", "ics", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF
    (event,) = read_back(raw.decode())  # neither past, done nor unscheduled ones
    assert str(event["UID"]) == f"netui-meeting-{coffee}@netui"
    assert event["DTSTART"].dt == dt.datetime(2026, 3, 10, 8, 30, tzinfo=dt.UTC)  # UTC
    assert event["DURATION"].dt == dt.timedelta(hours=1)
    assert str(event["SUMMARY"]) == "Meeting with Dana [b]Levi[/]"
    assert str(event["LOCATION"]) == "Café Einstein, Berlin"
    description = str(event["DESCRIPTION"])
    assert "Purpose: Learn how Helix plans; see (link left out)" in description
    assert "introduced by Tom Ng" in description and "the pricing benchmark" in description
    assert "https://" not in description
    assert "ATTENDEE" not in raw.decode()  # nobody is invited


def test_export_refuses_to_replace_a_file_or_follow_a_link(network, tmp_path, capsys):
    path, _, _ = network
    target = tmp_path / "exists.ics"
    target.write_text("mine")
    link = tmp_path / "link.ics"
    os.symlink(tmp_path / "elsewhere.ics", link)
    with local_zone(BERLIN), clock.pinned(NOW):
        assert main(["--db", str(path), "export", "ics", str(target)]) == 1
        assert main(["--db", str(path), "export", "ics", str(link)]) == 1
    assert target.read_text() == "mine" and not (tmp_path / "elsewhere.ics").exists()
    err = capsys.readouterr().err
    assert "already exists" in err and "symbolic link" in err


def test_to_ics_on_plain_values():
    meeting = ExportMeeting(
        id=7,
        start=dt.datetime(2026, 7, 1, 12, 0),
        contact_name="Zoë — 😀",
        title="Dîner",
        purpose="Voir www.example.org",
        filled=3,
        total=11,
    )
    with local_zone(BERLIN):
        (event,) = read_back(to_ics([meeting], NOW))
    assert event["DTSTART"].dt == dt.datetime(2026, 7, 1, 10, 0, tzinfo=dt.UTC)  # summer
    assert str(event["SUMMARY"]) == "Dîner"
    assert description_of(meeting) == (
        "Purpose: Voir (link left out)\nWith: Zoë — 😀\nWorksheet: 3/11 sections filled (netui)"
    )
