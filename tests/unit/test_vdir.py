"""Stable UIDs, lossless vCards and the vdir layout: export to a folder (khard reads
it), import from a folder or standard input, ``prep -o -``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from netui.cli import main
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, get_contact
from netui.db.exporters import export_vcard
from netui.db.models import Contact
from netui.db.names import resolve_name
from netui.db.ties import get_tie, set_tie

NAMES = (
    "Dana Levi",
    "Zoë Hartmann",
    "נועה כהן",
    "Ben 🎸 O'Brien",
    "Mark [/] Up",
    "Kofi Mensah, PhD",
)


def fill(path: Path) -> dict[str, int]:
    open_database(path)
    try:
        ids = {
            "Dana Levi": create_contact(
                ContactFields("Dana Levi", organisation="Acme", closeness=5, cadence_days=30,
                              tags=("fintech",), expertise=("hiring",),
                              career_path="Analyst → CTO")
            ),
            "Zoë Hartmann": create_contact(ContactFields("Zoë Hartmann", second_degree=True,
                                                         closeness=2)),
            "נועה כהן": create_contact(ContactFields("נועה כהן", email="noa@example.org")),
            "Ben 🎸 O'Brien": create_contact(ContactFields("Ben 🎸 O'Brien", notes="a\nb; c")),
            "Mark [/] Up": create_contact(ContactFields("Mark [/] Up", role="[b]x[/b]")),
            "Kofi Mensah, PhD": create_contact(ContactFields("Kofi Mensah, PhD")),
        }  # fmt: skip
        set_tie(ids["Dana Levi"], ids["Zoë Hartmann"], 5, 'Worked together at "Acme"; twice')
        set_tie(ids["Dana Levi"], ids["Kofi Mensah, PhD"], 1, "")
        set_tie(ids["נועה כהן"], ids["Zoë Hartmann"], 4, "line\nbreak ^ caret")
    finally:
        close_database()
    return ids


def uids(path: Path) -> set[str]:
    open_database(path)
    try:
        return {uid for (uid,) in Contact.select(Contact.uid).tuples()}
    finally:
        close_database()


def test_two_databases_never_share_a_uid(tmp_path):
    fill(tmp_path / "a.db")
    fill(tmp_path / "b.db")
    a, b = uids(tmp_path / "a.db"), uids(tmp_path / "b.db")
    assert len(a) == len(b) == len(NAMES)
    assert a.isdisjoint(b)


def test_export_to_a_folder_writes_one_uid_vcf_per_contact_and_khard_lists_them(tmp_path, capsys):
    db = tmp_path / "netui.db"
    fill(db)
    out = tmp_path / "out"
    assert main(["--db", str(db), "export", "vcard", f"{out}/"]) == 0
    assert "Wrote 6 cards" in capsys.readouterr().err
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(f"{uid}.vcf" for uid in uids(db))
    assert all((out / name).stat().st_mode & 0o777 == 0o600 for name in files)
    for name in files:
        text = (out / name).read_bytes().decode("utf-8")
        assert text.count("BEGIN:VCARD") == 1
        assert f"UID:urn:uuid:{name.removesuffix('.vcf')}\r\n" in text

    config = tmp_path / "khard.conf"
    config.write_text(
        f"[addressbooks]\n[[netui]]\npath = {out}\n\n[general]\ndefault_action = list\n"
        "editor = true\nmerge_editor = true\n\n[contact table]\ndisplay = formatted_name\n",
        encoding="utf-8",
    )
    listed = subprocess.run(
        [sys.executable, "-m", "khard", "-c", str(config), "list", "--parsable"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert sorted(row[1] for row in rows) == sorted(NAMES)
    assert sorted(row[0] for row in rows) == sorted(f"urn:uuid:{uid}" for uid in uids(db))

    # again: the files exist, so --force is needed, and the same names are kept
    assert main(["--db", str(db), "export", "vcard", str(out)]) == 1
    assert "already exists; pass --force" in capsys.readouterr().err
    assert main(["--db", str(db), "export", "vcard", str(out), "--force"]) == 0
    assert sorted(p.name for p in out.iterdir()) == files


def test_export_json_to_a_folder_is_refused(tmp_path, capsys):
    db = tmp_path / "netui.db"
    fill(db)
    assert main(["--db", str(db), "export", "json", f"{tmp_path}/"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "only vcard exports to a folder" in err


def test_a_vcard_round_trip_keeps_ties_strengths_degree_and_netui_data(tmp_path, capsys):
    db, copy = tmp_path / "netui.db", tmp_path / "copy.db"
    ids = fill(db)
    assert main(["--db", str(db), "export", "vcard", str(tmp_path / "all.vcf")]) == 0
    assert main(["--db", str(copy), "import", "vcard", str(tmp_path / "all.vcf")]) == 0
    assert "6 added" in capsys.readouterr().out
    assert uids(copy) == uids(db)
    open_database(db)
    before = {n: get_contact(i).fields for n, i in ids.items()}
    close_database()
    open_database(copy)
    try:
        for name, fields in before.items():
            got = get_contact(resolve_name(name)[0]).fields
            assert got == fields, name
        dana, zoe = resolve_name("Dana Levi")[0], resolve_name("Zoë")[0]
        kofi, noa = resolve_name("Kofi")[0], resolve_name("נועה")[0]
        tie = get_tie(dana, zoe)
        assert (tie.strength, tie.context) == (5, 'Worked together at "Acme"; twice')
        assert (get_tie(dana, kofi).strength, get_tie(dana, kofi).context) == (1, "")
        tie = get_tie(noa, zoe)
        assert (tie.strength, tie.context) == (4, "line break ^ caret")  # one line
    finally:
        close_database()
    # and imported again: every card is known by its UID, nothing added
    assert main(["--db", str(copy), "import", "vcard", str(tmp_path / "all.vcf")]) == 0
    assert capsys.readouterr().out.startswith("0 added, 0 updated")


def test_other_clients_see_standard_fields(tmp_path):
    fill(tmp_path / "netui.db")
    open_database(tmp_path / "netui.db")
    try:
        text = export_vcard()
    finally:
        close_database()
    assert "ORG:Acme\r\n" in text and "CATEGORIES:fintech\r\n" in text
    assert "N:Mensah;Kofi;;;PhD\r\n" in text
    assert "X-NETUI-CLOSENESS:5\r\n" in text and "X-NETUI-DEGREE:2\r\n" in text
    assert "X-NETUI-CADENCE:30\r\n" in text
    assert "RELATED;TYPE=contact;X-NETUI-STRENGTH=1:urn:uuid:" in text


def test_import_a_folder_and_stdin(tmp_path, capsys, monkeypatch):
    db = tmp_path / "netui.db"
    fill(db)
    out = tmp_path / "out"
    assert main(["--db", str(db), "export", "vcard", f"{out}/"]) == 0
    (out / "notes.txt").write_text("not a card", encoding="utf-8")
    assert main(["--db", str(tmp_path / "a.db"), "import", "vcard", str(out)]) == 0
    assert capsys.readouterr().out.startswith("6 added, 0 updated, 0 skipped (3 ties added")

    one = next(out.glob("*.vcf")).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(one)))
    assert main(["--db", str(tmp_path / "b.db"), "import", "vcard", "-"]) == 0
    assert capsys.readouterr().out.startswith("1 added")

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["--db", str(tmp_path / "b.db"), "import", "vcard", "-"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holds no vCard" in err
    assert not (tmp_path / "-").exists()


def test_a_bad_card_in_a_folder_is_named_and_nothing_is_imported(tmp_path, capsys):
    folder = tmp_path / "cards"
    folder.mkdir()
    (folder / "a.vcf").write_text("BEGIN:VCARD\r\nFN:Good\r\nEND:VCARD\r\n", encoding="utf-8")
    (folder / "b.vcf").write_text("BEGIN:VCARD\r\nFN:Cut short\r\n", encoding="utf-8")
    db = tmp_path / "netui.db"
    assert main(["--db", str(db), "import", "vcard", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("netui: b.vcf: The vCard that begins at line 1") and err.count("\n") == 1
    assert uids(db) == set()


def test_export_json_carries_the_uid_and_restore_keeps_it(tmp_path, capsys):
    db = tmp_path / "netui.db"
    fill(db)
    assert main(["--db", str(db), "export", "json", str(tmp_path / "all.json")]) == 0
    document = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert {row["uid"] for row in document["contact"]} == uids(db)
    new = tmp_path / "new.db"
    assert main(["--db", str(new), "import", "json", str(tmp_path / "all.json")]) == 0
    assert uids(new) == uids(db)

    # a document from before schema 6 (no UIDs) is restored with new ones
    document["schema"] = 5
    for row in document["contact"]:
        del row["uid"]
    (tmp_path / "v1.json").write_text(json.dumps(document), encoding="utf-8")
    old = tmp_path / "v1.db"
    assert main(["--db", str(old), "import", "json", str(tmp_path / "v1.json")]) == 0
    restored = uids(old)
    assert len(restored) == len(NAMES) and restored.isdisjoint(uids(db))


def test_prep_output_dash_prints(tmp_path, capsys):
    db = tmp_path / "netui.db"
    fill(db)
    assert main(["--db", str(db), "prep", "Dana", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("# Meeting with Dana Levi")
    assert not (Path.cwd() / "-").exists()


@pytest.mark.parametrize(
    "uid", ["abc123@google.com", "urn:uuid:0F8C2A4E-5B1D-4C2E-9A7F-3D6E1B2C4A5F"]
)
def test_a_foreign_uid_is_kept_and_matched(tmp_path, capsys, uid):
    card = f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:Ama Owusu\r\nEND:VCARD\r\n"
    (tmp_path / "a.vcf").write_text(card, encoding="utf-8")
    db = tmp_path / "netui.db"
    assert main(["--db", str(db), "import", "vcard", str(tmp_path / "a.vcf")]) == 0
    stored = uids(db)
    assert stored == {uid if "@" in uid else uid.removeprefix("urn:uuid:").lower()}
    renamed = card.replace("Ama Owusu", "Ama Owusu-Boateng")
    (tmp_path / "b.vcf").write_text(renamed, encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", str(db), "import", "vcard", str(tmp_path / "b.vcf")]) == 0
    assert capsys.readouterr().out.startswith("0 added")  # the same person, by UID
