"""vCard 2.1, 3.0 (Apple) and 4.0 files: mapping, quirks, ties from RELATED, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from netui.core.importers import ImportFileError
from netui.core.importers.vcard import parse_vcard, split_value, unescape
from netui.db import ledger
from netui.db.contacts import ContactFields, create_contact, get_contact, search_text_for
from netui.db.exporters import export_vcard
from netui.db.importing import import_file
from netui.db.models import Contact, Tie
from tests.unit.test_import_linkedin import tables

DATA = Path(__file__).resolve().parent.parent / "data" / "import"


def parse(name: str):
    return parse_vcard((DATA / name).read_bytes())


def test_vcard_21_quoted_printable_utf8():
    parsed = parse("vcard21_qp.vcf")
    (jurgen,) = parsed.records
    assert jurgen.name == "Jürgen Müller"
    assert jurgen.organisation == "Bäckerei Schmidt"
    assert jurgen.role == "Baker"
    assert jurgen.phone == "+49 30 1234567"  # the PREF one
    assert jurgen.email == "juergen@baeckerei.example"
    assert jurgen.notes.startswith("Met at the market, sells the best Brötchen.\nAsk about")
    assert "Other phones: +49 30 7654321" in jurgen.notes
    assert parsed.skipped == ("card 2 (line 13)",)  # no name at all


def test_vcard_30_apple_groups_folding_and_big_photo():
    priya, wei = parse("vcard30_apple.vcf").records
    assert priya.name == "Dr. Priya Shah"
    assert priya.organisation == "Redwood University"  # ORG's unit goes with the role
    assert priya.role == "Professor of Machine Learning (Computer Science)"
    assert priya.emails == ("priya@redwood.example", "priya.shah@gmail.example")
    assert priya.linkedin_url == "https://www.linkedin.com/in/priyashah"  # item3 labelled
    assert "Web: https://priya.example" in priya.notes
    assert priya.location == "Palo Alto, USA"
    assert priya.notes.startswith("Advises on ML hiring, loves climbing.\nPrefers email")
    assert "It continues on a folded line." in priya.notes  # folded
    assert priya.tags == ("machine learning", "academia")
    assert priya.related[0].value == "Wei Zhang" and priya.related[0].kind == "friend"
    assert "BINARY" not in priya.notes and len(priya.notes) < 500  # the photo is ignored
    assert wei.where == "card 2 (line 564)"


def test_vcard_40_expertise_interest_related():
    ana, luis = parse("vcard40.vcf").records
    assert ana.role == "Founder"
    assert ana.phone == "+34-600-000-000"
    assert ana.linkedin_url == "https://www.linkedin.com/in/anagarcia"
    assert ana.tags == ("energy", "climate")
    assert ana.expertise == ("solar panels", "fundraising")
    assert ana.interests == ("sailing", "chess")
    assert [r.kind for r in ana.related] == ["colleague", "friend", "friend"]
    assert luis.uid == "urn:uuid:a5b33a34-51b2-4a2b-8d5c-1b1d7c6b3f2a"


def test_unescaped_commas_are_kept():
    data = b"BEGIN:VCARD\nVERSION:3.0\nFN:Smith\\, Dana\nNOTE:hello, world\nEND:VCARD\n"
    (dana,) = parse_vcard(data).records
    assert (dana.name, dana.notes) == ("Smith, Dana", "hello, world")


def test_value_helpers():
    assert unescape(r"a\,b\;c\nd\\e") == "a,b;c\nd\\e"
    assert split_value(r"a,b\,c,,d", ",") == ["a", "b,c", "", "d"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("vcard_unclosed.vcf", "The vCard that begins at line 5 .* never ends"),
        ("vcard_bad_line.vcf", "Line 4 of the vCard file is not a vCard line"),
        ("vcard_bad_qp.vcf", "Line 4 of the vCard file cannot be decoded"),
    ],
)
def test_bad_files_name_the_line(name, message):
    with pytest.raises(ImportFileError, match=message):
        parse(name)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "holds no vCard"),
        (b"BEGIN:VCALENDAR\nEND:VCALENDAR\n", "Line 1 .* not a vCard"),
        (b"FN:Dana\n", "Line 1 .* outside any vCard"),
        (b"BEGIN:VCARD\nFN:x\nEND:VCARD\nEND:VCARD\n", "Line 4 .* never begun"),
    ],
)
def test_more_bad_files(data, message):
    with pytest.raises(ImportFileError, match=message):
        parse_vcard(data)


def test_org_units_go_with_the_role_and_the_organisation_stays_inside_mine(db, tmp_path):
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rita Alvarez\r\nORG:Globex;Marketing;EMEA\r\n"
        "TITLE:Head of Sales\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Ortiz\r\nORG:Globex Inc.;Finance\r\n"
        "END:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lee Park\r\nORG:;Research\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "units.vcf"
    path.write_text(card, encoding="utf-8", newline="")
    assert import_file("vcard", path).added == 3
    stored = {c.name: (c.organisation, c.role) for c in Contact.select()}
    assert stored == {
        "Rita Alvarez": ("Globex", "Head of Sales (Marketing, EMEA)"),
        "Sam Ortiz": ("Globex Inc.", "Finance"),
        "Lee Park": ("", "Research"),
    }
    inside, _ = ledger.inside_outside("globex")
    assert sorted(row.name for row in inside) == ["Rita Alvarez", "Sam Ortiz"]
    assert import_file("vcard", path).added == 0  # found again, not added twice


def test_import_makes_ties_from_related(db):
    dana = create_contact(ContactFields(name="Dana Whitfield"))
    report = import_file("vcard", DATA / "vcard40.vcf")
    assert (report.added, report.ties_added, report.related_unknown) == (2, 2, 1)
    ana = Contact.get(Contact.name == "Ana García")
    luis = Contact.get(Contact.name == "Luis Ortega")
    pairs = {(t.a_id, t.b_id, t.context) for t in Tie.select()}
    assert pairs == {
        (min(ana.id, luis.id), max(ana.id, luis.id), "colleague"),
        (min(ana.id, dana), max(ana.id, dana), "friend"),
    }
    detail = get_contact(ana.id).fields
    assert detail.expertise == ("solar panels", "fundraising")
    assert ana.search_text == search_text_for(detail)
    assert import_file("vcard", DATA / "vcard40.vcf").ties_added == 0  # not twice


def test_apple_related_name_becomes_a_tie(db):
    report = import_file("vcard", DATA / "vcard30_apple.vcf")
    assert (report.added, report.ties_added) == (2, 1)


def test_bad_vcard_changes_nothing(db, db_path):
    import_file("vcard", DATA / "vcard21_qp.vcf")
    before = tables(db_path)
    with pytest.raises(ImportFileError):
        import_file("vcard", DATA / "vcard_unclosed.vcf")
    assert tables(db_path) == before


def test_export_then_import_gives_the_same_contacts(db, tmp_path):
    import_file("vcard", DATA / "vcard40.vcf")
    import_file("vcard", DATA / "vcard30_apple.vcf")
    text = export_vcard()
    path = tmp_path / "out.vcf"
    path.write_text(text, encoding="utf-8", newline="")
    before = tables(tmp_path.parent / tmp_path.name / "netui.db")
    report = import_file("vcard", path)
    assert report.added == 0 and report.updated == 0  # every card found itself
    assert tables(tmp_path / "netui.db") == before


def test_cards_of_different_uids_are_different_people_even_with_one_name_and_organisation(
    db, tmp_path
):
    """Three Anna Smiths at Acme (two emails and none) exported and imported into a new
    database: three contacts with their own emails, not one that kept the last email.
    A card of a UID already stored is still that contact, and a file without UIDs (a
    LinkedIn or Google export) still matches by name and organisation."""
    from netui.db.connection import close_database, open_database

    ids = [
        create_contact(ContactFields(name="Anna Smith", organisation="Acme", email=email))
        for email in ("anna1@acme.example", "anna2@acme.example", "")
    ]
    path = tmp_path / "out.vcf"
    path.write_text(export_vcard(), encoding="utf-8", newline="")
    uids = {c.uid for c in Contact.select()}
    close_database()
    open_database(tmp_path / "new.db")
    report = import_file("vcard", path)
    assert (report.added, report.updated, report.repeated) == (3, 0, 0)
    assert sorted(c.email for c in Contact.select()) == [
        "", "anna1@acme.example", "anna2@acme.example",
    ]  # fmt: skip
    assert {c.uid for c in Contact.select()} == uids
    again = import_file("vcard", path)  # each card finds itself
    assert (again.added, again.updated) == (0, 0)
    card = path.read_text(encoding="utf-8").split("END:VCARD")[0] + "END:VCARD\r\n"
    no_uid = tmp_path / "no-uid.vcf"
    no_uid.write_text(
        "\r\n".join(line for line in card.splitlines() if not line.startswith("UID")) + "\r\n",
        encoding="utf-8",
        newline="",
    )
    assert import_file("vcard", no_uid).added == 0  # no UID: by name and organisation
    assert len(ids) == Contact.select().count()
