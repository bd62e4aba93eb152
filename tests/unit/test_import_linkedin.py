"""LinkedIn's Connections.csv: every quirk of the file, dedupe, all or nothing, the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import sqlite3
from pathlib import Path

import pytest

from netui.cli import main
from netui.core.importers import ContactRecord, ImportFileError, linkedin
from netui.core.importers.linkedin import connected_on, parse_linkedin
from netui.db.connection import close_database, open_database
from netui.db.contacts import (
    ContactFields,
    create_contact,
    get_contact,
    search_text_for,
    sort_key_for,
)
from netui.db.importing import ImportCancelled, import_file, url_key
from netui.db.models import MODELS, Contact

DATA = Path(__file__).resolve().parent.parent / "data" / "import"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def tables(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, straight from the file."""
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


def write(tmp_path: Path, text: str, name: str = "c.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --- parsing -------------------------------------------------------------------------


def test_bom_crlf_preamble_and_quoted_fields():
    parsed = parse_linkedin((DATA / "linkedin_bom_crlf.csv").read_bytes())
    names = [r.name for r in parsed.records]
    assert names == ["Dana Whitfield", 'Ben O"Brien', "Søren Kierkegaard", "Amira Haddad"]
    dana, ben, soren, amira = parsed.records
    assert dana.organisation == "Northwind Labs, Inc."
    assert dana.role == "VP Engineering"
    assert dana.linkedin_url == "https://www.linkedin.com/in/danawhitfield"
    assert dana.emails == ()
    assert dana.how_we_met == "LinkedIn, connected 12 Mar 2021"
    assert ben.role == 'Head of "Growth"'
    assert ben.email == "ben@obrien.example"
    assert ben.how_we_met == "LinkedIn, connected 3 Feb 2019"
    assert soren.role == "Philosopher, Author"  # a newline inside quotes
    assert amira.how_we_met == "LinkedIn"
    # The row with no name is skipped and counted, named by its line.
    assert parsed.skipped == ("line 9",)
    assert soren.where == "line 7" and amira.where == "line 10"


def test_records_are_made_with_their_fields_in_order():
    # The reader makes each ContactRecord by position, for speed: in this order.
    assert tuple(f.name for f in dataclasses.fields(ContactRecord)) == linkedin._FIELDS
    text = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    text += "Jane,Doe,linkedin.com/in/jd,j@d.example,Acme,CTO,12 Mar 2021\n"
    (record,) = parse_linkedin(text.encode()).records
    assert record == ContactRecord(
        where="line 2",
        name="Jane Doe",
        organisation="Acme",
        role="CTO",
        emails=("j@d.example",),
        linkedin_url="https://linkedin.com/in/jd",
        how_we_met="LinkedIn, connected 12 Mar 2021",
        first_contact=dt.date(2021, 3, 12),
    )


def test_lf_without_bom_and_one_line_preamble():
    parsed = parse_linkedin((DATA / "linkedin_lf_nobom.csv").read_bytes())
    assert [r.name for r in parsed.records] == ["Priya Raman", "Wei Zhang"]
    assert parsed.records[1].linkedin_url == "https://linkedin.com/in/weizhang"


def test_header_without_preamble_and_columns_in_any_order():
    text = "Company,Last Name,First Name\nAcme,Doe,Jane\n"
    (record,) = parse_linkedin(text.encode()).records
    assert (record.name, record.organisation) == ("Jane Doe", "Acme")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Mar 2021", "12 Mar 2021"),
        ("03 Feb 2019", "3 Feb 2019"),
        ("2021-03-12", "12 Mar 2021"),
        ("sometime", "sometime"),
        ("", ""),
    ],
)
def test_connected_on(text, expected):
    assert connected_on(text) == expected


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("linkedin_bad_quote.csv", "Line 6 of the LinkedIn file is not valid CSV"),
        ("linkedin_no_header.csv", "No line of the file is LinkedIn's header"),
        ("linkedin_latin1.csv", "Line 3 of the LinkedIn file is not UTF-8 text"),
    ],
)
def test_bad_files_name_the_line(name, message):
    with pytest.raises(ImportFileError, match=message):
        parse_linkedin((DATA / name).read_bytes())


def test_row_with_too_many_fields():
    text = HEADER + "Dana,W,,,Acme,CTO,12 Mar 2021\nBen,O,,,Acme, Inc,CEO,1 Jan 2020\n"
    with pytest.raises(ImportFileError, match=r"Line 3 .* 8 fields but the header has 7"):
        parse_linkedin(text.encode())


def test_unterminated_quote_names_the_line_it_starts_on():
    text = HEADER + 'Dana,W,,,Acme,CTO,12 Mar 2021\nBen,"O,,,Acme,CEO,1 Jan 2020\n'
    with pytest.raises(ImportFileError, match="Line 3 "):
        parse_linkedin(text.encode())


def test_url_key_ignores_scheme_www_case_and_slash():
    assert url_key("https://www.linkedin.com/in/Dana/") == url_key("linkedin.com/in/dana")
    assert url_key("http://linkedin.com/in/dana?trk=x") == url_key("linkedin.com/in/dana")


# --- importing -----------------------------------------------------------------------


def test_import_adds_contacts_with_search_index(db, tmp_path):
    report = import_file("linkedin", DATA / "linkedin_bom_crlf.csv")
    assert (report.added, report.updated, report.skipped) == (4, 0, 1)
    assert report.summary().startswith("4 added, 0 updated, 1 skipped")
    for contact in Contact.select():
        fields = get_contact(contact.id).fields
        assert contact.sort_name == sort_key_for(contact.name)
        assert contact.search_text == search_text_for(fields)
    dana = Contact.get(Contact.name == "Dana Whitfield")
    assert dana.organisation == "Northwind Labs, Inc."
    assert dana.how_we_met == "LinkedIn, connected 12 Mar 2021"


def test_importing_again_adds_nobody(db, db_path):
    import_file("linkedin", DATA / "linkedin_bom_crlf.csv")
    before = tables(db_path)
    report = import_file("linkedin", DATA / "linkedin_bom_crlf.csv")
    assert (report.added, report.updated, report.unchanged, report.skipped) == (0, 0, 4, 1)
    assert tables(db_path) == before


def test_dedupe_by_url_email_and_name_with_organisation(db, tmp_path):
    by_url = create_contact(
        ContactFields(name="Dana W.", linkedin_url="http://linkedin.com/in/DanaWhitfield/")
    )
    by_email = create_contact(ContactFields(name="Benjamin", email="BEN@obrien.example"))
    by_name = create_contact(
        ContactFields(name="søren  kierkegaard", organisation="Københavns Universitet")
    )
    report = import_file("linkedin", DATA / "linkedin_bom_crlf.csv")
    assert (report.added, report.updated) == (1, 3)
    assert Contact.select().count() == 4
    dana = Contact.get_by_id(by_url)
    assert dana.name == "Dana W."  # the name is kept
    assert dana.organisation == "Northwind Labs, Inc."  # the rest comes in
    assert Contact.get_by_id(by_email).linkedin_url.endswith("/benobrien")
    assert Contact.get_by_id(by_email).email == "BEN@obrien.example"
    assert Contact.get_by_id(by_name).role == "Philosopher, Author"
    assert "kierkegaard" in Contact.get_by_id(by_name).search_text


def test_same_name_and_organisation_but_another_profile_is_another_person(db, tmp_path):
    create_contact(
        ContactFields(name="Jane Doe", organisation="Acme", linkedin_url="linkedin.com/in/jane1")
    )
    path = write(tmp_path, HEADER + "Jane,Doe,https://www.linkedin.com/in/jane2,,Acme,CEO,\n")
    assert import_file("linkedin", path).added == 1


def test_repeated_rows_in_one_file_make_one_contact(db, tmp_path):
    row = "Jane,Doe,https://www.linkedin.com/in/jane,,Acme,CEO,1 Jan 2020\n"
    path = write(tmp_path, HEADER + row + row.replace("CEO", "Chair"))
    report = import_file("linkedin", path)
    assert (report.added, report.repeated) == (1, 1)
    assert Contact.get().role == "Chair"


def test_archived_contacts_lose_to_live_ones(db, tmp_path):
    old = create_contact(ContactFields(name="Jane Doe", email="jane@example.com"))
    Contact.update(archived=True).where(Contact.id == old).execute()
    live = create_contact(ContactFields(name="Jane Doe", email="jane@example.com"))
    path = write(tmp_path, HEADER + "Jane,Doe,,jane@example.com,Acme,CEO,\n")
    import_file("linkedin", path)
    assert Contact.get_by_id(live).organisation == "Acme"
    assert Contact.get_by_id(old).organisation == ""


def test_bad_file_changes_nothing(db, db_path):
    import_file("linkedin", DATA / "linkedin_lf_nobom.csv")
    before = tables(db_path)
    with pytest.raises(ImportFileError):
        import_file("linkedin", DATA / "linkedin_bad_quote.csv")
    assert tables(db_path) == before


def test_progress_and_cancel(db, db_path, tmp_path):
    # More rows than one slice of the import (records.SLICE): read, matched and written
    # a slice at a time, with progress between.
    rows = "".join(f"P{i},Q,https://www.linkedin.com/in/p{i},,Org,,\n" for i in range(5000))
    path = write(tmp_path, HEADER + rows)
    seen: list[tuple[int, int]] = []
    import_file("linkedin", path, on_progress=lambda done, total: seen.append((done, total)))
    size = path.stat().st_size  # the file is read as it goes: its bytes are the measure
    assert seen[0] == (0, size) and seen[-1] == (size, size)
    assert len(seen) > 2 and {total for _, total in seen} == {size}
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))

    before = tables(db_path)
    calls = iter(range(100))
    other = write(tmp_path, HEADER + rows.replace("/p", "/x"), "other.csv")
    with pytest.raises(ImportCancelled):
        import_file("linkedin", other, cancelled=lambda: next(calls) >= 2)
    assert tables(db_path) == before


# --- the command line ----------------------------------------------------------------


def test_cli_import(db_path, capsys):
    code = main(["--db", str(db_path), "import", "linkedin", str(DATA / "linkedin_bom_crlf.csv")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("4 added, 0 updated, 1 skipped")


def test_cli_bad_file_one_sentence_exit_1_nothing_changed(db_path, capsys):
    open_database(db_path)
    create_contact(ContactFields(name="Someone"))
    close_database()
    before = tables(db_path)
    code = main(["--db", str(db_path), "import", "linkedin", str(DATA / "linkedin_bad_quote.csv")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("netui: Line 6 of the LinkedIn file") and err.count("\n") == 1
    assert "Traceback" not in err
    assert tables(db_path) == before


def test_cli_missing_file(db_path, tmp_path, capsys):
    code = main(["--db", str(db_path), "import", "linkedin", str(tmp_path / "nope.csv")])
    assert code == 1
    assert "does not exist" in capsys.readouterr().err


def test_a_field_longer_than_the_limit_names_its_line():
    long = "x" * 200_000
    data = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f'Dana,Levi,,,Globex,CTO,\nAvi,Cohen,,,"{long}",CTO,\n'
    ).encode()
    with pytest.raises(ImportFileError) as error:
        parse_linkedin(data)
    assert str(error.value) == (
        "Line 3 of the LinkedIn file has a field longer than 131,072 characters; "
        "netui imports fields up to that."
    )


def test_cancelling_is_polled_while_the_rows_are_read():
    rows = "".join(f"P{n},Q,,,,,\n" for n in range(2_000))
    data = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows
    ).encode()
    calls = []
    parse_linkedin(data, lambda: calls.append(1) or False)
    assert len(calls) >= 2_000 // 256
    with pytest.raises(ImportCancelled):
        parse_linkedin(data, lambda: True)
