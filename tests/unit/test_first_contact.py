"""The first-contact day: LinkedIn's "Connected On", a vCard's earliest date (REV,
X-ABDATE), a calendar's earliest event. Someone never contacted counts from it, so an
imported network fades into Dormant gradually, not all on one day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from netui import clock
from netui.core.importers.vcard import parse_vcard
from netui.db.contacts import ContactFields, create_contact
from netui.db.importing import import_file
from netui.db.ledger import meter_table
from netui.db.models import Contact

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
IMPORTED_ON = dt.datetime(2026, 3, 9, 8, 0)


def linkedin(tmp_path: Path) -> Path:
    rows = [
        "Ana,Old,,,,,02 Jan 2020",
        "Ben,Recent,,,,,20 Feb 2026",
        "Cleo,Autumn,,,,,15 Nov 2025",
        "Dan,Unknown,,,,,",
    ]
    path = tmp_path / "Connections.csv"
    path.write_text("Notes:\n\n" + HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_connected_on_is_the_first_contact_day(db, tmp_path: Path):
    with clock.pinned(IMPORTED_ON):
        import_file("linkedin", linkedin(tmp_path))
    first = {c.name: c.first_contact for c in Contact.select()}
    assert first == {
        "Ana Old": dt.date(2020, 1, 2),
        "Ben Recent": dt.date(2026, 2, 20),
        "Cleo Autumn": dt.date(2025, 11, 15),
        "Dan Unknown": None,
    }


def test_an_imported_network_fades_gradually(db, tmp_path: Path):
    with clock.pinned(IMPORTED_ON):
        import_file("linkedin", linkedin(tmp_path))

    def overdue_on(day: dt.date) -> set[str]:
        return {row.name for row in meter_table(day) if row.overdue}

    # Ana connected six years ago and was never in touch: overdue at once. The others
    # become overdue 90 days after they connected; Dan, with no date, 90 days after
    # the import. Never all on the same day.
    assert overdue_on(dt.date(2026, 3, 9)) == {"Ana Old", "Cleo Autumn"}
    assert overdue_on(dt.date(2026, 5, 21)) == {"Ana Old", "Cleo Autumn"}
    assert overdue_on(dt.date(2026, 5, 22)) == {"Ana Old", "Cleo Autumn", "Ben Recent"}
    assert overdue_on(dt.date(2026, 6, 7)) == {"Ana Old", "Cleo Autumn", "Ben Recent"}
    everyone = {"Ana Old", "Cleo Autumn", "Ben Recent", "Dan Unknown"}
    assert overdue_on(dt.date(2026, 6, 8)) == everyone
    days = {row.name: row.days_since_contact for row in meter_table(dt.date(2026, 3, 9))}
    assert days["Cleo Autumn"] == (dt.date(2026, 3, 9) - dt.date(2025, 11, 15)).days


def test_importing_again_keeps_the_earliest_day(db, tmp_path: Path):
    with clock.pinned(IMPORTED_ON):
        import_file("linkedin", linkedin(tmp_path))
        later = tmp_path / "later.csv"
        later.write_text(HEADER + "Ana,Old,,,,,01 Mar 2026\n", encoding="utf-8")
        report = import_file("linkedin", later)
    assert report.unchanged == 1
    assert Contact.get(Contact.name == "Ana Old").first_contact == dt.date(2020, 1, 2)


def test_a_vcard_first_contact_is_its_earliest_known_date():
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Hartmann\r\nBDAY:1980-01-01\r\n"
        "REV:2024-05-06T10:15:00Z\r\nitem1.X-ABDATE:2019-09-30\r\n"
        "item1.X-ABLABEL:_$!<Anniversary>!$_\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana\r\nREV:20230102T030405Z\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Nobody Dated\r\nREV:garbage\r\nEND:VCARD\r\n"
    ).encode()
    zoe, ana, nobody = parse_vcard(card).records
    assert zoe.first_contact == dt.date(2019, 9, 30)  # never the birthday
    assert ana.first_contact == dt.date(2023, 1, 2)
    assert nobody.first_contact is None


def test_a_contact_added_by_hand_still_counts_from_the_day_it_was_added(db):
    with clock.pinned(dt.datetime(2026, 1, 1, 9, 0)):
        create_contact(ContactFields(name="Hand Made"))
    (row,) = meter_table(dt.date(2026, 4, 1))
    assert row.days_since_contact == 90 and not row.overdue


def test_the_first_contact_day_goes_out_in_a_vcard_and_comes_back(db, tmp_path: Path):
    from netui.db.exporters import export_vcard

    with clock.pinned(IMPORTED_ON):
        import_file("linkedin", linkedin(tmp_path))
    text = export_vcard()
    assert "X-NETUI-FIRST-CONTACT:2020-01-02" in text
    records = {r.name: r.first_contact for r in parse_vcard(text.encode()).records}
    assert records["Ana Old"] == dt.date(2020, 1, 2) and records["Dan Unknown"] is None
