"""``netui sync vdir``: both ways, field by field, conflicts, prune, twice is a no-op."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from netui.cli import main
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, get_contact, update_contact
from netui.db.models import Contact
from netui.db.names import resolve_name
from netui.db.ties import get_tie, set_tie


@pytest.fixture
def setup(tmp_path: Path):
    db = tmp_path / "netui.db"
    folder = tmp_path / "contacts"
    open_database(db)
    try:
        dana = create_contact(ContactFields("Dana Levi", organisation="Acme", closeness=4))
        zoe = create_contact(ContactFields("Zoë Hartmann", second_degree=True))
        create_contact(ContactFields("נועה כהן", email="noa@example.org", tags=("[/]",)))
        set_tie(dana, zoe, 5, "Worked together")
    finally:
        close_database()
    assert main(["--db", str(db), "export", "vcard", f"{folder}/"]) == 0
    return db, folder


def sync(db: Path, folder: Path, *extra: str) -> int:
    return main(["--db", str(db), "sync", "vdir", str(folder), *extra])


def snapshot(db: Path, folder: Path) -> tuple[dict[str, str], bytes]:
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    return files, dump(db)


def dump(db: Path) -> bytes:
    conn = sqlite3.connect(db)
    try:
        return repr(
            [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
             for t in ("contact", "tie", "contact_tag", "vdir_card")]
        ).encode()  # fmt: skip
    finally:
        conn.close()


def card_of(folder: Path, name: str) -> Path:
    (found,) = [p for p in folder.iterdir() if f"FN:{name}" in p.read_bytes().decode()]
    return found


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_bytes().decode()
    assert old in text
    path.write_bytes(text.replace(old, new).encode())


def fields(db: Path, name: str) -> ContactFields:
    open_database(db)
    try:
        return get_contact(resolve_name(name)[0]).fields
    finally:
        close_database()


def test_twice_in_a_row_changes_nothing_the_second_time(setup, capsys):
    db, folder = setup
    assert sync(db, folder) == 0
    assert capsys.readouterr().out == "Synced: 0 added and 0 updated in netui, 0 cards written.\n"
    # a change on each side, then twice
    edit(card_of(folder, "Dana Levi"), "ORG:Acme", "ORG:Acme Ltd")
    open_database(db)
    try:
        zoe = resolve_name("Zoë")[0]
        update_contact(zoe, ContactFields("Zoë Hartmann", second_degree=True, role="CTO"))
        create_contact(ContactFields("Ama Owusu", phone="+233 1"))
    finally:
        close_database()
    assert sync(db, folder) == 0
    first = capsys.readouterr().out
    assert first == "Synced: 0 added and 1 updated in netui, 2 cards written.\n"
    before = snapshot(db, folder)
    assert sync(db, folder) == 0
    assert capsys.readouterr().out == "Synced: 0 added and 0 updated in netui, 0 cards written.\n"
    assert snapshot(db, folder) == before
    assert fields(db, "Dana").organisation == "Acme Ltd"
    assert "TITLE:CTO" in card_of(folder, "Zoë Hartmann").read_bytes().decode()
    assert len(list(folder.glob("*.vcf"))) == 4


def test_a_new_folder_of_foreign_cards_comes_in_and_keeps_their_other_lines(tmp_path, capsys):
    db = tmp_path / "netui.db"
    folder = tmp_path / "contacts"
    folder.mkdir()
    (folder / "x.vcf").write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x-1@khard\r\nFN:Ama Owusu\r\nORG:Kente\r\n"
        b"BDAY:1990-01-02\r\nX-CUSTOM:kept\r\nEND:VCARD\r\n"
    )
    assert sync(db, folder) == 0
    assert capsys.readouterr().out.startswith("Synced: 1 added")
    open_database(db)
    try:
        assert Contact.get(Contact.name == "Ama Owusu").uid == "x-1@khard"
        update_contact(Contact.get(Contact.name == "Ama Owusu").id,
                       ContactFields("Ama Owusu", organisation="Kente", role="Weaver"))  # fmt: skip
    finally:
        close_database()
    assert sync(db, folder) == 0
    text = (folder / "x.vcf").read_bytes().decode()
    assert "TITLE:Weaver\r\n" in text and "BDAY:1990-01-02\r\n" in text
    assert "X-CUSTOM:kept\r\n" in text and "UID:x-1@khard\r\n" in text
    assert sorted(p.name for p in folder.iterdir()) == ["x.vcf"]
    capsys.readouterr()
    assert sync(db, folder) == 0
    assert capsys.readouterr().out == "Synced: 0 added and 0 updated in netui, 0 cards written.\n"


def test_a_new_card_of_someone_known_is_merged_not_added(setup, capsys):
    db, folder = setup
    assert sync(db, folder) == 0
    (folder / "other.vcf").write_bytes(
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nUID:phone-7\r\nFN:Noa Cohen\r\n"
        b"EMAIL:NOA@example.org\r\nTEL:+972 5\r\nEND:VCARD\r\n"
    )
    capsys.readouterr()
    assert sync(db, folder) == 0
    assert capsys.readouterr().out.startswith("Synced: 0 added and 1 updated")
    assert fields(db, "נועה").phone == "+972 5"
    # the contact's own card is not written twice: the new card stands for it
    assert len(list(folder.glob("*.vcf"))) == 4
    assert sync(db, folder) == 0
    assert capsys.readouterr().out.endswith("0 cards written.\n")


def test_ties_and_strengths_come_in_and_go_out(setup, capsys):
    db, folder = setup
    assert sync(db, folder) == 0
    edit(card_of(folder, "Dana Levi"), "X-NETUI-STRENGTH=5", "X-NETUI-STRENGTH=2")
    assert sync(db, folder) == 0
    open_database(db)
    try:
        dana, zoe = resolve_name("Dana")[0], resolve_name("Zoë")[0]
        assert get_tie(dana, zoe).strength == 2
    finally:
        close_database()
    # Zoë's card says the same now
    assert "X-NETUI-STRENGTH=2" in card_of(folder, "Zoë Hartmann").read_bytes().decode()
    capsys.readouterr()
    assert sync(db, folder) == 0
    assert capsys.readouterr().out.endswith("0 cards written.\n")


def test_a_conflict_is_reported_left_alone_then_settled_by_prefer(setup, capsys):
    db, folder = setup
    assert sync(db, folder) == 0
    edit(card_of(folder, "Dana Levi"), "ORG:Acme", "ORG:From the folder")
    open_database(db)
    try:
        dana = resolve_name("Dana")[0]
        update_contact(dana, ContactFields("Dana Levi", organisation="From netui", closeness=4))
    finally:
        close_database()
    before = snapshot(db, folder)
    capsys.readouterr()
    for _ in range(2):
        assert sync(db, folder) == 1
        captured = capsys.readouterr()
        assert "conflict: Dana Levi: organisation changed on both sides" in captured.err
        assert captured.err.splitlines()[-1].startswith("netui: 1 field changed both")
        assert fields(db, "Dana").organisation == "From netui"
        assert "ORG:From the folder" in card_of(folder, "Dana Levi").read_bytes().decode()
    assert snapshot(db, folder)[0] == before[0]

    assert sync(db, folder, "--prefer", "vdir", "--dry-run") == 0
    assert fields(db, "Dana").organisation == "From netui"
    assert sync(db, folder, "--prefer", "vdir") == 0
    assert fields(db, "Dana").organisation == "From the folder"
    capsys.readouterr()
    assert sync(db, folder) == 0
    assert capsys.readouterr().out.endswith("0 cards written.\n")


def test_prefer_netui_writes_netui_s_side(setup):
    db, folder = setup
    assert sync(db, folder) == 0
    edit(card_of(folder, "Dana Levi"), "ORG:Acme", "ORG:From the folder")
    open_database(db)
    try:
        dana = resolve_name("Dana")[0]
        update_contact(dana, ContactFields("Dana Levi", organisation="From netui", closeness=4))
    finally:
        close_database()
    assert sync(db, folder, "--prefer", "netui") == 0
    assert "ORG:From netui" in card_of(folder, "Dana Levi").read_bytes().decode()
    assert fields(db, "Dana").organisation == "From netui"


def test_nothing_is_removed_without_prune(setup, capsys):
    db, folder = setup
    assert sync(db, folder) == 0
    card_of(folder, "Dana Levi").unlink()
    open_database(db)
    try:
        Contact.update(archived=True).where(Contact.name == "Zoë Hartmann").execute()
    finally:
        close_database()
    capsys.readouterr()
    assert sync(db, folder) == 0
    out = capsys.readouterr().out
    assert "1 cards removed from the folder, contacts kept (--prune archives them)" in out
    assert "1 contacts removed or archived in netui, cards kept (--prune removes them)" in out
    assert card_of(folder, "Zoë Hartmann").exists()
    open_database(db)
    try:
        assert not Contact.get(Contact.name == "Dana Levi").archived
    finally:
        close_database()

    assert sync(db, folder, "--prune") == 0
    assert "1 contacts archived" in capsys.readouterr().out
    open_database(db)
    try:
        assert Contact.get(Contact.name == "Dana Levi").archived
    finally:
        close_database()
    assert [p for p in folder.iterdir() if "Zoë" in p.read_bytes().decode()] == []
    capsys.readouterr()
    assert sync(db, folder, "--prune") == 0
    assert capsys.readouterr().out == "Synced: 0 added and 0 updated in netui, 0 cards written.\n"


def test_a_missing_folder_is_one_sentence(tmp_path, capsys):
    assert sync(tmp_path / "netui.db", tmp_path / "nowhere") == 1
    err = capsys.readouterr().err
    assert err == f"netui: The folder {tmp_path / 'nowhere'} does not exist.\n"
