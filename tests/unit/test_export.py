"""JSON and vCard export, JSON restore into an empty database, and the CLI files."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat

import pytest

from netui.cli import main
from netui.core.importers import ImportFileError
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, get_contact
from netui.db.exporters import export_document, export_json, export_vcard, fold
from netui.db.importing import import_file
from netui.db.models import (
    Exchange,
    Goal,
    GoalContact,
    GoalTag,
    Good,
    GoodTag,
    Introduction,
    Meeting,
    Setting,
    Tag,
    Tie,
)
from tests.unit.test_import_linkedin import tables


def fill() -> None:
    """One record of every model, with dates, nulls and non-ASCII text."""
    dana = create_contact(
        ContactFields(name="Dana Whitfield", organisation="Northwind", tags=("fintech",),
                      expertise=("hiring",), interests=("sailing",), cadence_days=30)
    )  # fmt: skip
    ben = create_contact(ContactFields(name='Ben O\'Brien; "Jr"', notes="line 1\nline 2"))
    Tie.create(a=dana, b=ben, strength=4, context="worked together, at Acme")
    intro = Introduction.create(a=dana, b=ben, a_gains="x", a_value=2, asked_on=dt.date(2024, 5, 1))
    meeting = Meeting.create(contact=dana, introducer=ben, scheduled_at=dt.datetime(2024, 6, 1, 9))
    Exchange.create(contact=dana, date=dt.date(2024, 6, 1), direction="gave",
                    currency="knowledge", value=3, meeting=meeting, introduction=intro)  # fmt: skip
    good = Good.create(title="Notes on hiring", kind="knowledge")
    tag = Tag.get(Tag.name == "fintech")
    GoodTag.create(good=good, tag=tag)
    goal = Goal.create(title="Next role", target_organisations="Acme\nNorthwind")
    GoalTag.create(goal=goal, tag=tag)
    GoalContact.create(goal=goal, contact=dana, note="knows the CTO")
    Setting.create(key="my_name", value="Sam Søren")


def test_json_document_shape(db):
    fill()
    document = export_document()
    assert document["format"] == "netui" and document["version"] == 1
    assert [len(document[k]) for k in ("contact", "tie", "good_tag", "setting")] == [2, 1, 1, 1]
    contact = document["contact"][0]
    assert contact["id"] == 1 and "sort_name" not in contact and "search_text" not in contact
    assert document["tie"][0]["a_id"] == 1
    assert document["introduction"][0]["asked_on"] == "2024-05-01"
    assert document["meeting"][0]["scheduled_at"] == "2024-06-01T09:00:00"
    json.dumps(document)  # plain JSON values only


def test_json_round_trip_into_an_empty_database(db, tmp_path):
    fill()
    first = json.loads(export_json())
    path = tmp_path / "export.json"
    path.write_text(json.dumps(first), encoding="utf-8")
    close_database()
    open_database(tmp_path / "restored.db")
    report = import_file("json", path)
    assert report.restored["contact"] == 2
    second = json.loads(export_json())
    for key in first:
        if key != "exported_at":
            assert first[key] == second[key], key
    assert tables(tmp_path / "restored.db")["contact"] == tables(tmp_path / "netui.db")["contact"]


def test_json_tags_keep_their_spelling_and_older_exports_merge_folded_twins(db, tmp_path):
    fill()
    document = json.loads(export_json())
    assert document["tag"][0] == {"id": 1, "name": "fintech"}  # the key is derived
    # A schema-2 export could hold tags that fold alike now: they become one.
    document["schema"] = 2
    document["tag"] += [{"id": 10, "name": "zoë"}, {"id": 11, "name": "Zoe"}]
    document["contact_tag"] += [
        {"id": 20, "contact_id": 1, "tag_id": 10, "kind": "tag"},
        {"id": 21, "contact_id": 1, "tag_id": 11, "kind": "tag"},
        {"id": 22, "contact_id": 2, "tag_id": 11, "kind": "interest"},
    ]
    document["good_tag"] += [{"good_id": 1, "tag_id": 10}, {"good_id": 1, "tag_id": 11}]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    close_database()
    open_database(tmp_path / "restored.db")
    import_file("json", path)
    assert get_contact(1).fields.tags == ("fintech", "zoë")
    assert get_contact(2).fields.interests == ("zoë",)
    assert {t.name: t.key for t in Tag.select()} == {
        "fintech": "fintech", "hiring": "hiring", "sailing": "sailing", "zoë": "zoe"
    }  # fmt: skip
    assert GoodTag.select().count() == 2


def test_json_restore_refuses_a_database_with_data(db, tmp_path):
    fill()
    path = tmp_path / "export.json"
    path.write_text(export_json(), encoding="utf-8")
    before = tables(tmp_path / "netui.db")
    with pytest.raises(ImportFileError, match="only into an empty database"):
        import_file("json", path)
    assert tables(tmp_path / "netui.db") == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="other"), "not a netui export"),
        (lambda d: d.update(version=99), "version 99"),
        (lambda d: d.update(extra=[]), "unknown list"),
        (lambda d: d["contact"][1].update(name=5), 'Record 2 of the "contact".*"name" is not text'),
        (lambda d: d["contact"][0].pop("email"), 'Record 1 of the "contact" list.*no "email"'),
        (lambda d: d["tie"][0].update(b_id=99), 'Record 1 of the "tie" list.*no such id'),
        (lambda d: d["tie"][0].update(a_id=2, b_id=1), 'Record 1 of the "tie".*cannot be stored'),
        (lambda d: d["exchange"][0].update(currency="gold"), 'not one of knowledge'),
        (lambda d: d["contact"][1].update(id=1), "repeats the key"),
        (lambda d: d["relationship"][0].update(closeness=9),
         'Record 1 of the "relationship" list.*cannot'),
        (lambda d: d["meeting"][0].update(scheduled_at="soon"), '"scheduled_at" is not valid'),
    ],
)  # fmt: skip
def test_bad_json_names_the_record_and_changes_nothing(db, tmp_path, change, message):
    fill()
    document = json.loads(export_json())
    change(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    close_database()
    empty = tmp_path / "empty.db"
    open_database(empty)
    before = tables(empty)
    with pytest.raises(ImportFileError, match=message):
        import_file("json", path)
    assert tables(empty) == before


def test_broken_json_names_the_line(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n"format": "netui",\n"version": 1,,\n}', encoding="utf-8")
    with pytest.raises(ImportFileError, match="Line 3 of the JSON file is not valid JSON"):
        import_file("json", path)


def test_vcard_export_content(db):
    fill()
    text = export_vcard()
    assert text.count("BEGIN:VCARD") == 2 and "\r\n" in text
    assert "VERSION:4.0\r\n" in text
    assert "CATEGORIES:fintech\r\n" in text
    assert "EXPERTISE:hiring\r\n" in text and "INTEREST:sailing\r\n" in text
    assert "RELATED;TYPE=contact;X-NETUI-STRENGTH=4;X-NETUI-CONTEXT=" in text
    assert 'FN:Ben O\'Brien\\; "Jr"\r\n' in text
    assert "NOTE:line 1\\nline 2\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_fold_never_splits_a_character():
    line = "NOTE:" + "ü" * 100
    folded = fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_cli_export_writes_0600_and_refuses_existing_and_symlinks(db_path, tmp_path, capsys):
    open_database(db_path)
    fill()
    close_database()
    out = tmp_path / "out.json"
    assert main(["--db", str(db_path), "export", "json", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["format"] == "netui"
    assert main(["--db", str(db_path), "export", "json", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    out.chmod(0o644)
    assert main(["--db", str(db_path), "export", "vcard", str(out), "--force"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    target = tmp_path / "target"
    link = tmp_path / "link.vcf"
    os.symlink(target, link)
    for extra in ([], ["--force"]):
        assert main(["--db", str(db_path), "export", "vcard", str(link), *extra]) == 1
        assert "symbolic link" in capsys.readouterr().err
    assert not target.exists()


def test_an_export_from_before_schema_5_restores_with_the_new_columns_defaulted(tmp_path):
    open_database(tmp_path / "netui.db")
    fill()
    document = export_document()
    close_database()
    document["schema"] = 3
    for key in ("first_contact", "helps_them"):
        for record in document["contact"]:
            del record[key]
    for key in ("title", "calendar_uid", "calendar_key", "calendar_said", "cancelled"):
        for record in document["meeting"]:
            del record[key]
    for table in ("touch", "snooze"):
        del document[table]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document), encoding="utf-8")
    open_database(tmp_path / "restored.db")
    try:
        import_file("json", old)
        meeting = Meeting.get()
        assert (meeting.title, meeting.cancelled) == ("", False)
        document["schema"] = 5  # a schema 5 export must have them
        old.write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(ImportFileError, match='has no "first_contact"'):
            import_file("json", old)
    finally:
        close_database()
