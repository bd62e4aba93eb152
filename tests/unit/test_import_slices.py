"""An import reads, matches and writes its file a slice at a time inside one
transaction: everything it promises holds across slices (dedupe with rows already
written, all or nothing for a bad row far down, undo), and its memory does not
grow with the file's rows."""

from __future__ import annotations

import sqlite3
import tracemalloc
from pathlib import Path

import pytest

from benchmarks.bench_import import make_csv
from netui.core.importers import ContactRecord, ImportFileError, ParsedFile
from netui.db import history
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, search_text_for, sort_key_for
from netui.db.importing import import_file, import_records, records
from netui.db.importing.dedupe import Matcher
from netui.db.models import Contact, database
from tests.unit.test_import_linkedin import HEADER, tables, write


def rows(count: int, start: int = 0, org: str = "Org") -> str:
    return "".join(
        f"P{i},Q,https://www.linkedin.com/in/p{i},,{org},Role {i % 7},\n"
        for i in range(start, start + count)
    )


@pytest.fixture
def small_slices(monkeypatch):
    monkeypatch.setattr(records, "SLICE", 50)
    monkeypatch.setattr(records, "ASIDE_FROM", 100)


def test_a_bad_row_after_slices_were_written_changes_nothing(db, db_path, tmp_path, small_slices):
    create_contact(ContactFields(name="Someone", organisation="Here"))
    before = tables(db_path)
    indexes_before = index_sql(db_path)
    assert {"contact_uid", "contact_archived"} <= set(indexes_before)
    path = write(tmp_path, HEADER + rows(400) + 'Bad,"Row,x\n' + rows(10, 400))
    with pytest.raises(ImportFileError, match="Line 402 "):
        import_file("linkedin", path)
    assert tables(db_path) == before
    # The indexes set aside for the rows written came back with the rollback, each
    # as it was (whatever the schema's names).
    assert index_sql(db_path) == indexes_before


def index_sql(db_path) -> dict[str, str]:
    conn = sqlite3.connect(db_path)
    try:
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        return dict(conn.execute(query).fetchall())
    finally:
        conn.close()


def test_a_row_repeating_one_written_in_an_earlier_slice(db, tmp_path, small_slices):
    # p3 comes back 300 rows later (six slices on) with an email and a company.
    again = "P3,Q,https://linkedin.com/in/p3/,p3@example.com,Globex,CTO,\n"
    path = write(tmp_path, HEADER + rows(300) + again + rows(20, 300))
    report = import_file("linkedin", path)
    assert (report.added, report.updated, report.repeated) == (320, 0, 1)
    (p3,) = Contact.select().where(Contact.name == "P3 Q")
    assert (p3.email, p3.organisation, p3.role) == ("p3@example.com", "Globex", "CTO")
    assert "p3@example.com" in p3.search_text
    # The name-and-organisation key of a contact written earlier still tells two
    # profiles apart.
    someone_else = "P3,Q,https://linkedin.com/in/someone-else,,Globex,,\n"
    other = write(tmp_path, HEADER + someone_else, "o.csv")
    assert import_file("linkedin", other).added == 1
    history.undo_latest()
    history.undo_latest()
    assert Contact.select().count() == 0


def test_stored_contacts_updated_across_slices_with_one_backup(db, db_path, tmp_path, small_slices):
    old = create_contact(ContactFields(name="P250 Q", organisation="Org"))
    path = write(tmp_path, HEADER + rows(400))
    report = import_file("linkedin", path)
    assert (report.added, report.updated) == (399, 1)
    assert report.backup and Path(report.backup).exists()
    copy = sqlite3.connect(report.backup)
    assert copy.execute("SELECT count(*) FROM contact").fetchone() == (1,)  # as it was
    copy.close()
    assert Contact.get_by_id(old).role == "Role 5"
    outcome = history.undo_latest()
    assert outcome is not None
    assert [c.name for c in Contact.select()] == ["P250 Q"]
    assert Contact.get_by_id(old).role == ""


def test_ids_of_every_record_in_order_across_slices(db, small_slices):
    made = [ContactRecord(where=f"card {i}", name=f"N{i % 120}") for i in range(130)]
    ids: list[int] = []
    import_records("vcard", ParsedFile(records=tuple(made)), ids=ids)
    assert len(ids) == 130 and ids[120:] == ids[:10]
    assert Contact.select().count() == 120


@pytest.mark.parametrize(
    "name", ["Søren Ø", "a\u00a8b", "\u0301\u0301", "דוד [/] 🎉", "Ｆｕｌｌ  Width", "Łukasz"]
)
def test_search_text_and_sort_key_are_the_contacts_own(name):
    record = ContactRecord(
        where="x", name=name, organisation="Ÿ Corp", role="CTO", emails=("A@B.example",),
        notes="Line\nTwo", tags=("Ml", "ai"), expertise=("Rust",), interests=("Jazz",),
    )  # fmt: skip
    person = Matcher.new_person(record)
    assert records.search_text(person) == search_text_for(person.fields())
    keys = Matcher.keys(record)
    person.folded_name = keys.folded_name  # as the import sets it
    assert records.search_text(person) == search_text_for(person.fields())
    assert keys.name_org.split("\x00")[0] == sort_key_for(name)


def _peak(tmp_path: Path, count: int) -> int:
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / f"c{count}.csv"
    path.write_bytes(make_csv(count))
    db = tmp_path / f"n{count}.db"
    open_database(db)
    try:
        tracemalloc.start()
        report = import_file("linkedin", path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        close_database()
    assert report.added > count * 0.99
    return peak - path.stat().st_size  # the file's bytes are read whole (up to 100 MB)


def test_import_memory_does_not_grow_with_the_rows(tmp_path, small_slices):
    """The shape, not seconds: what an import keeps of each row written is its dedupe
    keys (here a LinkedIn URL and an id, about 150 bytes), not its record and contact
    (about 2 KB a row before the import was made a slice at a time). The caches of
    dates and folded texts, bounded, are filled first."""
    _peak(tmp_path / "warm", 10_000)  # fills the bounded caches (dates, folded texts)
    small, large = _peak(tmp_path, 1_000), _peak(tmp_path, 10_000)
    assert (large - small) / 9_000 < 250, (small, large)


def test_a_file_of_contacts_all_stored_changes_nothing(db, db_path, tmp_path, small_slices):
    path = write(tmp_path, HEADER + rows(300))
    assert import_file("linkedin", path).added == 300
    before = tables(db_path)
    report = import_file("linkedin", path)
    assert (report.added, report.updated, report.unchanged, report.repeated) == (0, 0, 300, 0)
    assert "300 already up to date" in report.summary()
    assert not report.backup
    assert tables(db_path) == before


def test_a_stored_contact_left_as_it_was_then_changed_slices_later(db, tmp_path, small_slices):
    """A stored contact the first slice matched and left as it was is forgotten with
    its slice; a row six slices on that changes it reads it again: one update, and
    its undo brings back the contact as it was before the import."""
    url = "https://www.linkedin.com/in/p3"
    fields = ContactFields(name="P3 Q", organisation="Org", role="Role 3", linkedin_url=url,
                           how_we_met="LinkedIn", notes="Kept")  # fmt: skip
    create_contact(fields)  # as the file's row 3 has it
    again = "P3,Q,https://linkedin.com/in/p3/,p3@example.com,Globex,CTO,\n"
    path = write(tmp_path, HEADER + rows(300) + again + rows(20, 300))
    report = import_file("linkedin", path)
    assert (report.added, report.updated, report.unchanged, report.repeated) == (319, 1, 0, 0)
    assert report.backup
    (p3,) = Contact.select().where(Contact.name == "P3 Q")
    changed = (p3.email, p3.organisation, p3.role, p3.linkedin_url, p3.notes)
    assert changed == ("p3@example.com", "Globex", "CTO", "https://linkedin.com/in/p3/", "Kept")
    history.undo_latest()
    (p3,) = Contact.select()
    assert (p3.email, p3.organisation, p3.role, p3.linkedin_url) == ("", "Org", "Role 3", url)


def _reimport_peak(tmp_path: Path, count: int) -> int:
    """tracemalloc's peak while a file of ``count`` rows is imported into the
    database already holding every one of them (less the file's bytes)."""
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / f"c{count}.csv"
    path.write_bytes(make_csv(count))
    open_database(tmp_path / f"n{count}.db")
    try:
        import_file("linkedin", path)
        tracemalloc.start()
        report = import_file("linkedin", path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        close_database()
    assert report.added == 0 and report.unchanged > count * 0.99
    return peak - path.stat().st_size


def test_reimport_memory_is_the_stored_keys_only(tmp_path, small_slices):
    """The shape, not seconds: importing a file whose every row is already stored
    keeps of each stored contact its dedupe keys (UID, LinkedIn URL, name and
    organisation: about 280 bytes a row here), not its row and a Person for it (2.3 KB
    a row before)."""
    _reimport_peak(tmp_path / "warm", 10_000)  # fills the bounded caches
    small, large = _reimport_peak(tmp_path, 1_000), _reimport_peak(tmp_path, 10_000)
    assert (large - small) / 9_000 < 500, (small, large)


def _contact_indexes_seen(path: Path) -> list[bool]:
    """Whether the contact table's UID index was there at each progress report of
    an import of ``path`` (asked inside the import's transaction)."""
    seen: list[bool] = []

    def progress(done: int, total: int) -> None:
        query = "SELECT count(*) FROM sqlite_master WHERE name = 'contact_uid'"
        seen.append(bool(database.execute_sql(query).fetchone()[0]))

    import_file("linkedin", path, on_progress=progress)
    return seen


def test_indexes_are_set_aside_only_when_more_are_added_than_were_stored(
    db, db_path, tmp_path, small_slices, monkeypatch
):
    monkeypatch.setattr(records, "PROGRESS_EVERY", 10)
    org = "Org " + "x" * 500  # rows long enough for the reading's position to tell
    import_file("linkedin", write(tmp_path, HEADER + rows(300, org=org)))
    fewer = _contact_indexes_seen(write(tmp_path, HEADER + rows(200, 1000, org), "fewer.csv"))
    assert len(fewer) > 15 and all(fewer)  # 200 added to 300 stored: kept up to date
    more = _contact_indexes_seen(write(tmp_path, HEADER + rows(700, 2000, org), "more.csv"))
    assert not all(more) and more[0]  # 700 added to 500: set aside from the 500th
    assert "contact_uid" in index_sql(db_path)  # made again before the commit


def test_values_every_row_of_a_slice_shares_are_stored_as_bound_ones(db, db_path, tmp_path,
                                                                     small_slices):  # fmt: skip
    # A slice's values shared by all its rows go in the SQL, not bound: the first slice
    # of 50 has no email and no day (shared), the second an email each and some days.
    second = "".join(
        f"R{i},Q,https://www.linkedin.com/in/r{i},r{i}@x.example,O'Neil & Co,,"
        f"{'12 Mar 2021' if i % 2 else ''}\n"
        for i in range(50)
    )
    import_file("linkedin", write(tmp_path, HEADER + rows(50) + second))
    conn = sqlite3.connect(db_path)
    try:
        got = conn.execute(
            "SELECT name, typeof(email), email, typeof(phone), phone, typeof(first_contact),"
            " first_contact, typeof(second_degree), second_degree, typeof(archived), archived,"
            " typeof(created_at), created_at = updated_at, organisation FROM contact ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    assert got[0] == ("P0 Q", "text", "", "text", "", "null", None, "integer", 0,
                      "integer", 0, "text", 1, "Org")  # fmt: skip
    assert got[50][:7] == ("R0 Q", "text", "r0@x.example", "text", "", "null", None)
    assert got[51] == ("R1 Q", "text", "r1@x.example", "text", "", "text", "2021-03-12",
                       "integer", 0, "integer", 0, "text", 1, "O'Neil & Co")  # fmt: skip


def test_sql_literal_is_what_binding_would_store():
    from netui.db.importing.bulk import sql_literal

    assert [sql_literal(v) for v in (None, False, True, 7, "", "O'Neil")] == [
        "NULL", "0", "1", "7", "''", "'O''Neil'"
    ]  # fmt: skip
    conn = sqlite3.connect(":memory:")
    for value in ("it's", "", None, 0, "2026-11-30 21:00:00.123456"):
        literal = conn.execute(f"SELECT {sql_literal(value)}, typeof({sql_literal(value)})")
        assert literal.fetchone() == conn.execute("SELECT ?, typeof(?)", (value, value)).fetchone()
    conn.close()
    with pytest.raises(TypeError):
        sql_literal(1.5)
