"""Google Contacts and Outlook CSV files: their fields, the format told by the header,
and a refusal (never a wrong guess) when the header is another format or none."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netui.cli import main
from netui.core.importers import ImportFileError
from netui.core.importers.csv_formats import detect_csv, format_of_header
from netui.core.importers.google import parse_google
from netui.core.importers.outlook import parse_outlook
from netui.core.personal_names import name_parts
from netui.db.connection import close_database, open_database
from netui.db.contacts import get_contact
from netui.db.exporters import export_vcard
from netui.db.importing import import_file
from netui.db.models import MODELS
from netui.db.names import resolve_name

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
GOOGLE = DATA / "google_contacts.csv"
OUTLOOK = DATA / "outlook_contacts.csv"
LINKEDIN = DATA / "linkedin_lf_nobom.csv"

OLD_GOOGLE_HEADER = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name "
    "Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,"
    "Birthday,Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,"
    "Sensitivity,Priority,Subject,Notes,Language,Photo,Group Membership,E-mail 1 - Type,"
    "E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Type,Organization 1 - "
    "Name,Organization 1 - Yomi Name,Organization 1 - Title,Organization 1 - Department,"
    "Website 1 - Type,Website 1 - Value"
)
DESKTOP_OUTLOOK_HEADER = (
    '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department",'
    '"Job Title","Business Street","Business City","Business State","Business Postal Code",'
    '"Business Country/Region","Business Phone","Mobile Phone","Categories",'
    '"E-mail Address","E-mail Type","E-mail Display Name","Notes","Web Page"'
)


def tables(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            m._meta.table_name: conn.execute(
                f'SELECT * FROM "{m._meta.table_name}" ORDER BY rowid'
            ).fetchall()
            for m in MODELS
        }
    finally:
        conn.close()


def contact(name: str):
    return get_contact(resolve_name(name)[0]).fields


# --- telling the formats apart -----------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (GOOGLE.read_text(encoding="utf-8").splitlines()[0], "google"),
        (OLD_GOOGLE_HEADER, "google"),
        (OUTLOOK.read_text(encoding="utf-8-sig").splitlines()[0], "outlook"),
        (DESKTOP_OUTLOOK_HEADER, "outlook"),
        ("First Name,Last Name,URL,Email Address,Company,Position,Connected On", "linkedin"),
        ("First Name,Last Name,E-mail Address,Company,Job Title", "outlook"),
        ("Name,Company", None),
        ("First Name,Last Name,Email", None),
        ("Phone 1 - Value,E-mail 1 - Value", None),  # numbered columns but no name
    ],
)
def test_each_format_is_told_by_its_header(header: str, kind: str | None) -> None:
    import csv

    cells = next(csv.reader([header]))
    assert format_of_header(cells) == kind


def test_linkedins_preamble_does_not_hide_its_header() -> None:
    assert detect_csv(LINKEDIN.read_bytes()) == "linkedin"
    assert detect_csv(GOOGLE.read_bytes()) == "google"
    assert detect_csv(OUTLOOK.read_bytes()) == "outlook"


def test_an_unknown_header_is_refused_naming_the_formats_known() -> None:
    with pytest.raises(ImportFileError) as error:
        detect_csv(b"Name,Company\nDana,Globex\n")
    message = str(error.value)
    assert message.endswith(".") and ". " not in message  # one sentence
    for name in ("LinkedIn's Connections.csv", "Google Contacts CSV", "Outlook CSV"):
        assert name in message


# --- Google ------------------------------------------------------------------------------


def test_google_fields() -> None:
    parsed = parse_google(GOOGLE.read_bytes())
    names = [record.name for record in parsed.records]
    assert names == [
        "Kofi Mensah, PhD",
        "Zoë Müller-Łukasz",
        "דנה לוי",
        "Ana María García Márquez",  # the prefix "Dr." is left out
        "sam.lee@example.com",
    ]
    assert parsed.skipped == ("line 9",)  # the plumber: an organisation, no person
    kofi, zoe, dana, ana, _ = parsed.records
    assert kofi.organisation == "Accra Analytics"
    assert kofi.role == "Chief Data Officer (Research)"
    assert kofi.emails == (
        "kofi@accra-analytics.example",
        "kofi.mensah@mail.example",
        "kofi@old.example",
    )
    assert kofi.phone == "+233 20 123 4567"
    assert kofi.linkedin_url == "https://www.linkedin.com/in/kofimensah/"
    assert kofi.location == "Accra, Ghana"
    assert kofi.notes.startswith("Met at PyCon Africa.\nLikes long walks, and commas.")
    assert "Other emails: kofi.mensah@mail.example, kofi@old.example" in kofi.notes
    assert "Other phones: +233 30 765 4321" in kofi.notes
    assert "Web: https://kofi.example/blog" in kofi.notes
    assert kofi.tags == ("Clients", "starred")  # no "myContacts"
    assert kofi.how_we_met == ""  # Google does not know how you met
    assert zoe.tags == () and zoe.location == "Zürich, Switzerland"
    assert dana.tags == ("Family [/] friends",)
    assert ana.emails[0] == "ani@casa.example"  # the label marked * is the primary


def test_the_old_google_export_is_read_too() -> None:
    import csv
    import io

    header = next(csv.reader([OLD_GOOGLE_HEADER]))
    row = dict.fromkeys(header, "")
    row.update(
        {
            "Name": "Kofi Mensah",
            "Given Name": "Kofi",
            "Family Name": "Mensah",
            "Group Membership": "* My Contacts ::: Ghana",
            "E-mail 1 - Type": "* Work",
            "E-mail 1 - Value": "kofi@accra.example",
            "Organization 1 - Name": "Accra Analytics",
            "Organization 1 - Title": "CDO",
            "Location": "Accra",
        }
    )
    out = io.StringIO()
    csv.writer(out).writerows([header, [row[h] for h in header]])
    (kofi,) = parse_google(out.getvalue().encode()).records
    assert (kofi.name, kofi.organisation, kofi.role) == ("Kofi Mensah", "Accra Analytics", "CDO")
    assert kofi.emails == ("kofi@accra.example",)
    assert kofi.location == "Accra"
    assert kofi.tags == ("My Contacts", "Ghana")


def test_google_import_stores_every_field(db, tmp_path: Path) -> None:
    report = import_file("google", GOOGLE)
    assert (report.added, report.updated, report.skipped) == (5, 0, 1)
    kofi = contact("Kofi Mensah")
    assert kofi.email == "kofi@accra-analytics.example"
    assert kofi.phone == "+233 20 123 4567"
    assert kofi.organisation == "Accra Analytics"
    assert kofi.role == "Chief Data Officer (Research)"
    assert kofi.how_we_met == ""
    assert set(kofi.tags) == {"Clients", "starred"}
    assert "kofi@old.example" in kofi.notes


def test_google_then_linkedin_is_one_person_and_linkedin_says_how_we_met(
    db, tmp_path: Path
) -> None:
    import_file("google", GOOGLE)
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text(
        "Notes:\n\"...\"\n\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Kofi,\"Mensah, PhD\",https://www.linkedin.com/in/kofimensah,,Accra Analytics,"
        "CDO,12 Mar 2021\n",
        encoding="utf-8",
    )
    report = import_file("linkedin", linkedin)
    assert (report.added, report.updated) == (0, 1)
    kofi = contact("Kofi Mensah")
    assert kofi.how_we_met == "LinkedIn, connected 12 Mar 2021"
    assert kofi.email == "kofi@accra-analytics.example"


# --- Outlook -----------------------------------------------------------------------------


def test_outlook_fields() -> None:
    parsed = parse_outlook(OUTLOOK.read_bytes())
    priya, picard = parsed.records
    assert parsed.skipped == ("line 4",)
    assert priya.name == "Priya Raman"  # the Title column, "Prof.", left out
    assert priya.organisation == "Redwood University"
    assert priya.role == "Professor of Economics (School of Business)"
    assert priya.emails == ("priya.raman@redwood.example", "priya@home.example")
    assert priya.phone == "+1 415 555 0199"  # mobile before business; faxes left out
    assert "Other phones: +1 415 555 0101" in priya.notes
    assert "555 0102" not in priya.notes
    assert priya.linkedin_url == "https://linkedin.com/in/priyaraman"
    assert priya.location == "Palo Alto, United States"
    assert priya.interests == ("sailing", "chess")
    assert priya.notes.startswith('Wants introductions to fintech founders, "seriously".')
    assert picard.name == "Jean-Luc Picard, Jr."
    assert picard.emails == ("jl@enterprise.example",)  # the Exchange address is left out
    assert picard.location == "La Barre, France"
    assert picard.how_we_met == ""


def test_outlook_categories_are_tags() -> None:
    text = (
        "First Name,Last Name,E-mail Address,Categories\n"
        "Jane,Doe,jane@example.com,myContacts;starred;Board\n"
    )
    (jane,) = parse_outlook(text.encode()).records
    assert jane.tags == ("starred", "Board")


# --- the dispatch: csv, and a named format that is not the file's ------------------------


@pytest.mark.parametrize(
    ("path", "kind", "name"),
    [
        (GOOGLE, "google", "a Google Contacts CSV"),
        (OUTLOOK, "outlook", "an Outlook CSV"),
        (LINKEDIN, "linkedin", "LinkedIn's Connections.csv"),
    ],
)
def test_csv_reads_whichever_format_the_header_shows(db, path: Path, kind: str, name: str):
    report = import_file("csv", path)
    assert report.kind == kind
    assert report.added >= 2
    assert f"(read as {name}" in report.summary()


@pytest.mark.parametrize(
    ("path", "asked", "found"),
    [
        (GOOGLE, "linkedin", "google"),
        (OUTLOOK, "linkedin", "outlook"),
        (OUTLOOK, "google", "outlook"),
        (GOOGLE, "outlook", "google"),
        (LINKEDIN, "google", "linkedin"),
    ],
)
def test_a_named_format_that_is_not_the_files_is_refused_and_changes_nothing(
    db_path: Path, path: Path, asked: str, found: str
) -> None:
    open_database(db_path)
    before = tables(db_path)
    with pytest.raises(ImportFileError) as error:
        import_file(asked, path)
    message = str(error.value)
    assert f"'netui import {found} FILE'" in message
    assert "not " in message
    assert tables(db_path) == before


def test_a_linkedin_file_named_as_linkedin_is_not_told_by_header(db) -> None:
    report = import_file("linkedin", LINKEDIN)
    assert "read as" not in report.summary()


def test_a_google_row_cut_short_names_its_line(db_path: Path, tmp_path: Path) -> None:
    lines = GOOGLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "cut.csv"
    path.write_text("\n".join([lines[0], "Dana,,Levi,,", *lines[1:]]) + "\n", encoding="utf-8")
    open_database(db_path)
    before = tables(db_path)
    with pytest.raises(ImportFileError, match="Line 2 of the Google Contacts file has 5 fields"):
        import_file("csv", path)
    assert tables(db_path) == before


# --- the command line --------------------------------------------------------------------


def test_cli_import_csv_and_refusals(db_path: Path, tmp_path: Path, capsys) -> None:
    args = ["--db", str(db_path), "import"]
    assert main([*args, "linkedin", str(GOOGLE)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "netui: This file is a Google Contacts CSV, not LinkedIn's Connections.csv; import it "
        "with 'netui import google FILE' (or 'netui import csv FILE', which tells the formats "
        "apart).\n"
    )
    unknown = tmp_path / "people.csv"
    unknown.write_text("Name,Company\nDana,Globex\n", encoding="utf-8")
    assert main([*args, "csv", str(unknown)]) == 1
    assert "matches none of the CSV formats netui knows" in capsys.readouterr().err
    assert main([*args, "csv", str(GOOGLE)]) == 0
    assert capsys.readouterr().out == (
        "5 added, 0 updated, 1 skipped (read as a Google Contacts CSV; "
        "skipped for having no name: line 9).\n"
    )
    assert main([*args, "outlook", str(OUTLOOK)]) == 0
    assert capsys.readouterr().out.startswith("2 added, 0 updated, 1 skipped")
    close_database()


# --- vCard N: the name's parts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Kofi Mensah, PhD", ("Mensah", "Kofi", "", "", "PhD")),
        ("Dr. Kofi Mensah", ("Mensah", "Kofi", "", "Dr.", "")),
        ("Mensah, Kofi", ("Mensah", "Kofi", "", "", "")),
        ("Zoë van der Berg", ("van der Berg", "Zoë", "", "", "")),
        ("Jean-Luc Picard Jr.", ("Picard", "Jean-Luc", "", "", "Jr.")),
        ("Cher", ("", "Cher", "", "", "")),
        ("", ("", "", "", "", "")),
    ],
)
def test_name_parts(name: str, parts: tuple[str, ...]) -> None:
    assert tuple(name_parts(name)) == parts


def test_vcard_n_has_the_family_name_not_the_suffix(db) -> None:
    import_file("google", GOOGLE)
    text = export_vcard()
    assert "FN:Kofi Mensah\\, PhD\r\n" in text
    assert "N:Mensah;Kofi;;;PhD\r\n" in text


# --- fuzzed: never a traceback ----------------------------------------------------------

_CELLS = st.text(alphabet=st.sampled_from('ab ,"\n\r\x00é;:\\=@.*'), max_size=12)
_HEADERS = st.sampled_from(
    [
        GOOGLE.read_text(encoding="utf-8").splitlines()[0],
        OLD_GOOGLE_HEADER,
        OUTLOOK.read_text(encoding="utf-8-sig").splitlines()[0],
        DESKTOP_OUTLOOK_HEADER,
        "First Name,Last Name,E-mail 1 - Value,Labels",
        "First Name,E-mail Address,Categories",
    ]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=_HEADERS, rows=st.lists(st.lists(_CELLS, max_size=45), max_size=5))
def test_a_mangled_google_or_outlook_file_is_a_sentence_or_records(header, rows) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(row)
    data = (header + "\n" + out.getvalue()).encode("utf-8")
    for parse in (parse_google, parse_outlook):
        try:
            parsed = parse(data)
        except ImportFileError as error:
            assert str(error).endswith((".", "?"))
            continue
        for record in parsed.records:
            assert record.name and "\n" not in record.name
            assert all(email and "\n" not in email for email in record.emails)
