"""Issue 12: never overwrite the wrong file, never leave half a file, never fail silently.

One test (or more) per numbered finding of the issue, each with its exact
reproduction, plus writes on a full disk (a tiny tmpfs when the tests may mount
one, else a file-size limit) that must leave the old file byte for byte.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netui.cli import main
from netui.db import migration_steps, migrations
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.meetings import create_worksheet, mark_done
from netui.db.names import resolve_name
from tests.hardening import child_env, netui
from tests.hardening.storage import (
    Stranger,
    count,
    digest,
    fill_up,
    integrity,
    run_limited,
    tiny_filesystem,
)
from tests.hardening.test_migrations_shipped import SHIPPED


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def people(db: Path, *names: str, notes: str = "") -> Path:
    open_database(db)
    for name in names:
        create_contact(ContactFields(name=name, notes=notes))
    close_database()
    return db


def cli(capsys, db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_sentence(err: str) -> str:
    assert err.startswith("netui: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "Something went wrong" not in err, err
    return err[len("netui: ") :].rstrip("\n")


@pytest.fixture
def stranger():
    user = Stranger()
    if not user.can_run():
        user.cleanup()
        pytest.skip("cannot run netui as another user here")
    yield user
    user.cleanup()


# --- 1. prep -o over the database; a FIFO as -o ------------------------------------------


def test_finding_1_prep_markdown_o_never_replaces_the_database(tmp_path, capsys):
    db = people(tmp_path / "my.db", "Dana Levi")
    before = digest(db)
    for extra in ((), ("--force",)):
        code, out, err = cli(capsys, db, "prep", "Dana", "--markdown", "-o", str(db), *extra)
        assert (code, out) == (1, "")
        assert one_sentence(err) == (
            f"{db} is the database itself; netui never writes over it. Choose another file."
        )
    assert digest(db) == before and count(db) == 1


def test_finding_1_a_fifo_as_o_is_refused_at_once(tmp_path):
    db = people(tmp_path / "my.db", "Dana Levi")
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    result = netui("--db", str(db), "prep", "Dana", "--markdown", "-o", str(fifo), "--force")
    assert result.returncode == 1
    assert result.stderr.decode() == (
        f"netui: {fifo} is a FIFO (named pipe); netui writes only files.\n"
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


# --- 2. backup over the live WAL; export over the database ---------------------------------


def test_finding_2_backup_never_truncates_the_live_wal(tmp_path):
    db = tmp_path / "w.db"
    open_database(db)
    live = open_database(db)
    live.pragma("wal_autocheckpoint", 0)  # the six contacts stay in the -wal
    for n in range(6):
        create_contact(ContactFields(name=f"Person {n}"))
    wal = Path(f"{db}-wal")
    assert wal.stat().st_size > 0
    wal_before, db_before = digest(wal), digest(db)
    try:
        for target in (wal, Path(f"{db}-shm"), Path(f"{db}-journal")):
            result = netui("--db", str(db), "backup", str(target), "--force")
            assert result.returncode == 1
            err = result.stderr.decode()
            assert err == (
                f"netui: {target} is the {target.name[4:]} file of the database {db}; "
                "netui never writes over it. Choose another file.\n"
            )
        assert digest(wal) == wal_before and digest(db) == db_before
        assert not Path(f"{db}-journal").exists()
    finally:
        close_database()
    assert count(db) == 6


def test_finding_2_export_never_replaces_the_database(tmp_path, capsys):
    db = people(tmp_path / "my.db", "Dana Levi", "Avi Cohen")
    before = digest(db)
    for kind in ("json", "vcard"):
        code, out, err = cli(capsys, db, "export", kind, str(db), "--force")
        assert (code, out) == (1, "")
        assert "is the database itself" in one_sentence(err)
    # nor a copy of it under another name, nor a backup of it
    copy = tmp_path / "backup.sqlite"
    shutil.copyfile(db, copy)
    code, _, err = cli(capsys, db, "export", "json", str(copy), "--force")
    assert code == 1 and one_sentence(err) == (
        f"{copy} is an SQLite database; netui never writes an export over one."
    )
    assert cli(capsys, db, "backup")[0] == 0
    (made,) = tmp_path.glob("my-backup-*.db")
    code, _, err = cli(capsys, db, "export", "json", str(made), "--force")
    assert code == 1 and "is a backup of the database" in one_sentence(err)
    assert digest(db) == before and count(db) == 2


# --- 3. partial files ------------------------------------------------------------------------


def big_database(path: Path, contacts: int = 20_000) -> Path:
    """A database of a few tens of MB, written fast (raw inserts after a netui open)."""
    people(path)
    conn = sqlite3.connect(path)
    note = "notes " * 100
    now = "2025-01-01 09:00:00"
    conn.executemany(
        "INSERT INTO contact (name, organisation, role, email, phone, linkedin_url, location,"
        " how_we_met, career_path, notes, second_degree, archived,"
        " created_at, updated_at, sort_name, search_text, uid)"
        " VALUES (?, '', '', '', '', '', '', '', '', ?, 0, 0, ?, ?, ?, '', ?)",
        ((f"Person {n}", note, now, now, f"person {n}", f"uid-{n}") for n in range(contacts)),
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def test_finding_3_a_backup_killed_midway_leaves_the_old_file_or_none(tmp_path):
    """SIGKILL while the copy is being written or checked: the target is the old backup
    (with --force) or absent, never a file that opens as an empty database."""
    db = big_database(tmp_path / "big.db")
    old = tmp_path / "old.db"
    assert netui("--db", str(db), "backup", str(old)).returncode == 0
    old_digest = digest(old)
    rng = random.Random(12)
    killed = 0
    for attempt in range(6):
        fresh = tmp_path / f"new-{attempt}.db"
        target, extra = (old, ["--force"]) if attempt % 2 else (fresh, [])
        child = subprocess.Popen(
            [sys.executable, "-m", "netui", "--db", str(db), "backup", str(target), *extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=child_env(),
        )
        prefix = f".{target.name}."
        deadline = time.monotonic() + 120
        while child.poll() is None and time.monotonic() < deadline:
            if any(p.name.startswith(prefix) for p in tmp_path.iterdir()):
                time.sleep(rng.uniform(0, 0.05))  # somewhere inside the copy or the check
                break
            time.sleep(0.001)
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            killed += 1
        child.wait()
        if target == old:
            assert digest(old) == old_digest or integrity(old) == "ok"
        else:
            assert not fresh.exists() or (integrity(fresh) == "ok" and count(fresh) == 20_000)
    assert killed >= 3, "the backups finished before they could be killed"
    assert digest(old) == old_digest or count(old) == 20_000
    # the temporaries of the killed writers are cleaned by the next write beside them
    assert netui("--db", str(db), "backup", str(old), "--force").returncode == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".old.db.")]


def export_db(path: Path) -> Path:
    return people(path, *(f"Person {n}" for n in range(400)), notes="a note " * 40)


def test_finding_3_export_on_a_full_disk_keeps_the_old_export(tmp_path, capsys):
    db = export_db(tmp_path / "net.db")
    with tiny_filesystem(tmp_path / "tiny") as tiny:
        if tiny is None:
            pytest.skip("cannot mount a tmpfs here (the file-size test covers this)")
        keep = tiny / "keep.json"
        keep.write_text('{"format": "netui", "the": "old export"}\n')
        keep.chmod(0o600)
        before = digest(keep)
        fill_up(tiny, leave=40_000)  # the export is about 140 KB
        code, out, err = cli(capsys, db, "export", "json", str(keep), "--force")
        assert (code, out) == (1, "")
        assert one_sentence(err) == (
            f"The disk is full: {keep} was not written; the old keep.json is unchanged."
        )
        assert digest(keep) == before
        for kind, name in (("json", "new.json"), ("vcard", "new.vcf")):
            code, _, err = cli(capsys, db, "export", kind, str(tiny / name))
            assert code == 1 and one_sentence(err).startswith("The disk is full")
        assert sorted(p.name for p in tiny.iterdir()) == ["filler", "keep.json"]


def test_finding_3_export_over_a_file_size_limit_keeps_the_old_export(tmp_path):
    db = export_db(tmp_path / "net.db")
    keep = tmp_path / "keep.json"
    keep.write_text('{"the": "old export"}\n')
    before = digest(keep)
    result = run_limited(
        ["--db", str(db), "export", "json", str(keep), "--force"], 64_000, tmp_path
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"netui: {keep} would be larger than this system allows a file to be; the old "
        "keep.json is unchanged.\n"
    )
    assert digest(keep) == before
    result = run_limited(["--db", str(db), "export", "vcard", str(tmp_path / "a.vcf")], 64_000,
                         tmp_path)  # fmt: skip
    assert result.returncode == 1 and not (tmp_path / "a.vcf").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_finding_3_backup_on_a_full_disk_keeps_the_old_backup(tmp_path, capsys):
    db = export_db(tmp_path / "net.db")
    with tiny_filesystem(tmp_path / "tiny", size="1m") as tiny:
        if tiny is None:
            pytest.skip("cannot mount a tmpfs here")
        old = tiny / "copy.db"
        assert cli(capsys, db, "backup", str(old))[0] == 0
        before = digest(old)
        fill_up(tiny, leave=60_000)
        code, out, err = cli(capsys, db, "backup", str(old), "--force")
        assert (code, out) == (1, "")
        assert one_sentence(err) == (
            f"The disk is full: {old} was not written; the old copy.db is unchanged."
        )
        assert digest(old) == before
        assert sorted(p.name for p in tiny.iterdir()) == ["copy.db", "filler"]


# --- 4. a full disk named as such, not as "cannot rollback" -----------------------------------


def test_finding_4_disk_full_is_named_and_the_data_stays(tmp_path, capsys):
    csv = tmp_path / "Connections.csv"
    rows = [f"Person,{n},https://www.linkedin.com/in/p{n},,Org {n},{'Role ' * 30},1 Jan 2024"
            for n in range(3000)]  # fmt: skip
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "\n".join(rows)
    )
    with tiny_filesystem(tmp_path / "tiny", size="1m") as tiny:
        if tiny is None:
            pytest.skip("cannot mount a tmpfs here")
        db = people(tiny / "netui.db", "Dana Levi")
        fill_up(tiny, leave=100_000)
        code, out, err = cli(capsys, db, "import", "linkedin", str(csv))
        assert (code, out) == (1, "")
        sentence = one_sentence(err)
        assert sentence == (
            f"The disk is full: netui could not write to {db}, and nothing was changed. "
            "Free some space and try again."
        )
        assert "rollback" not in sentence
        (tiny / "filler").unlink()
        assert integrity(db) == "ok" and count(db) == 1
        assert not list(tiny.glob("*before-import*"))


# --- 5. a damaged database ----------------------------------------------------------------------


def scramble_a_page(db: Path) -> None:
    """Overwrite one page in the middle of the contact table with random bytes."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = [row[0] for row in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'contact' AND pagetype = 'leaf'")]  # fmt: skip
    conn.close()
    page = pages[len(pages) // 2]
    with open(db, "r+b") as handle:
        handle.seek((page - 1) * page_size + 8)
        handle.write(random.Random(5).randbytes(page_size - 8))


def test_finding_5_a_damaged_file_is_named_with_the_latest_backup(tmp_path, capsys):
    db = people(tmp_path / "my.db", *(f"Person {n}" for n in range(300)), notes="x" * 200)
    assert cli(capsys, db, "backup")[0] == 0
    (backup,) = tmp_path.glob("my-backup-*.db")
    scramble_a_page(db)
    before = digest(db)
    out_file = tmp_path / "out.json"
    csv = tmp_path / "c.csv"
    csv.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nA,B,,,,,\n"
    )
    for argv in (
        ["meter"],
        ["export", "json", str(out_file)],
        ["backup", str(tmp_path / "b.db")],
        ["brokers", "Person 1"],
        ["prep", "Person 2", "--markdown"],
        ["import", "linkedin", str(csv)],
    ):
        code, out, err = cli(capsys, db, *argv)
        assert (code, out) == (1, ""), argv
        sentence = one_sentence(err)
        assert sentence.startswith(f"{db} is damaged: SQLite's check failed"), sentence
        assert sentence.endswith(
            f"; your newest backup is {backup}: move the damaged file aside and copy the "
            "backup in its place."
        ), sentence
    assert not out_file.exists() and not (tmp_path / "b.db").exists()
    assert digest(db) == before


def test_finding_5_backup_and_export_check_what_quick_check_does_not(tmp_path, capsys):
    """An index that no longer matches its table: quick_check (reading commands) does
    not look, integrity_check does, so no backup or export reports success."""
    db = people(tmp_path / "my.db", *(f"Person {n}" for n in range(50)))
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        'UPDATE sqlite_master SET sql = \'CREATE INDEX "contact_archived" ON "contact"'
        " (\"closeness\")' WHERE name = 'contact_archived'"
    )
    conn.commit()
    conn.close()
    assert integrity(db) != "ok"
    assert cli(capsys, db, "meter")[0] == 0
    for argv in (["backup", str(tmp_path / "b.db")], ["export", "json", str(tmp_path / "o.json")]):
        code, out, err = cli(capsys, db, *argv)
        assert (code, out) == (1, "")
        assert one_sentence(err).startswith(f"{db} is damaged: SQLite's check failed")
    assert not (tmp_path / "b.db").exists() and not (tmp_path / "o.json").exists()


async def test_finding_5_the_app_names_a_damaged_file_after_its_first_paint(tmp_path):
    from netui.app import make_app
    from tests.ui.helpers import settle

    db = people(tmp_path / "my.db", *(f"Person {n}" for n in range(300)), notes="x" * 200)
    scramble_a_page(db)
    app = make_app(db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        for _ in range(100):
            messages = [n.message for n in app._notifications]
            if any("is damaged" in m for m in messages):
                break
            await pilot.pause(0.05)
        damaged = [m for m in messages if "is damaged" in m]
        assert damaged and damaged[0].startswith(f"{db} is damaged: SQLite's check failed")
        assert "no backup beside it" in damaged[0]


# --- 6. a read command never creates a database ----------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "json", "OUT"],
        ["export", "vcard", "-"],
        ["meter"],
        ["brokers", "Dana"],
        ["backup"],
        ["prep", "Dana", "--markdown", "-o", "OUT"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_finding_6_a_typo_in_db_creates_nothing(tmp_path, capsys, argv):
    db = tmp_path / "typo" / "nets.db"
    out_file = tmp_path / "out.json"
    argv = [str(out_file) if part == "OUT" else part for part in argv]
    code, out, err = cli(capsys, db, *argv)
    assert (code, out) == (1, "")
    assert one_sentence(err) == (
        f"There is no netui database at {db}; check the path (--db or $NETUI_DB), "
        "or start one with: netui add NAME."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- 7. prep --markdown reads only; a done meeting still prints ------------------------------


def test_finding_7_prep_markdown_prints_the_done_worksheet_without_writing(tmp_path, capsys):
    db = people(tmp_path / "my.db", "Dana Levi")
    open_database(db)
    dana, _ = resolve_name("Dana")
    meeting = create_worksheet(dana, purpose="Pricing")
    mark_done(meeting, outcome="She will intro me to Avi.", follow_up=None, exchanges=[])
    close_database()
    before = digest(db)
    code, out, err = cli(capsys, db, "prep", "Dana", "--markdown")
    assert (code, err) == (0, "")
    assert "- **Purpose:** Pricing" in out
    assert "- **Done:** yes" in out and "She will intro me to Avi." in out
    assert digest(db) == before and count(db, "meeting") == 1


def test_finding_7_prep_markdown_works_on_a_read_only_database(tmp_path, stranger):
    """A read-only file in a read-only folder, as a user who is not root."""
    data = stranger.home / "ro"
    data.mkdir()
    db = people(data / "my.db", "Dana Levi")
    stranger.own(data)
    db.chmod(0o444)
    data.chmod(0o555)
    before = digest(db)
    for argv in (["prep", "Dana", "--markdown"], ["meter"], ["export", "json", "-"]):
        result = stranger.run("--db", str(db), *argv)
        assert result.returncode == 0, result.stderr
        assert "Dana Levi" in result.stdout
    assert digest(db) == before
    assert sorted(p.name for p in data.iterdir()) == ["my.db"]


# --- 8. a sentence, never "Something went wrong" -------------------------------------------


def json_export(**contact) -> str:
    record = {"id": 1, "name": "Dana", "organisation": "", "role": "", "email": "",
              "phone": "", "linkedin_url": "", "location": "", "how_we_met": "",
              "career_path": "", "notes": "", "closeness": 3, "cadence_days": None,
              "second_degree": False, "archived": False,
              "created_at": "2025-01-01T09:00:00", "updated_at": "2025-01-01T09:00:00"}  # fmt: skip
    record.update(contact)
    return json.dumps({"format": "netui", "version": 1, "schema": 2, "contact": [record]})


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            json_export(id=2**64),
            'Record 1 of the "contact" list in the JSON file: "id" is too large a number '
            "(SQLite keeps whole numbers in 64 bits).",
        ),
        (
            json_export(name="Da\\ud800na").replace("\\\\ud800", "\\ud800"),
            'Record 1 of the "contact" list in the JSON file: "name" holds \\ud800, half of a '
            "character (a lone surrogate), which is not text.",
        ),
    ],
    ids=["id 2^64", "lone surrogate"],
)
def test_finding_8_bad_json_values_are_named(tmp_path, capsys, document, expected):
    path = tmp_path / "export.json"
    path.write_text(document, encoding="ascii")
    db = tmp_path / "new.db"
    code, out, err = cli(capsys, db, "import", "json", str(path))
    assert (code, out) == (1, "")
    assert one_sentence(err) == expected
    assert not db.exists()  # nothing imported, and the new file a failed import made is gone


def test_finding_8_a_name_that_is_not_utf8(tmp_path):
    db = people(tmp_path / "my.db")
    before = count(db)
    result = subprocess.run(
        [sys.executable, "-m", "netui", "--db", str(db), "add", b"Bad\xffName"],
        capture_output=True,
        env=child_env(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.decode() == (
        'netui: "Bad\\xffName" is not valid UTF-8 text (it holds bytes netui cannot read '
        "as characters); type it again or convert it to UTF-8.\n"
    )
    assert count(db) == before


def test_finding_8_a_data_folder_of_mode_000(stranger):
    data = stranger.home / "data"
    data.mkdir()
    people(data / "netui.db", "Dana Levi")
    stranger.own(data)
    data.chmod(0o000)
    for argv in (["add", "Avi"], ["meter"], ["export", "json", "-"]):
        result = stranger.run("--db", str(data / "netui.db"), *argv)
        assert result.returncode == 1, result.stderr
        assert result.stdout == ""
        assert result.stderr == f"netui: Cannot open the folder {data}: permission denied.\n"


def test_finding_8_import_of_a_device_or_an_endless_file(tmp_path, capsys):
    db = people(tmp_path / "my.db", "Dana Levi")
    code, out, err = cli(capsys, db, "import", "linkedin", "/dev/zero")
    assert (code, out) == (1, "")
    assert one_sentence(err) == "/dev/zero is a device, not a file."
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as handle:
        handle.truncate(101 * 1024 * 1024)  # sparse: takes no room
    code, _, err = cli(capsys, db, "import", "linkedin", str(huge))
    assert code == 1 and one_sentence(err) == (
        f"{huge} is too large to import (101 MB; netui imports files up to 100 MB)."
    )
    assert count(db) == 1


# --- 9. vCard photos: tests/unit/test_vcard_unfold.py; cancelling in the app -----------------


async def test_finding_9_cancel_in_the_import_dialog_stops_at_once(tmp_path):
    from textual.widgets import Input, Static

    from netui.app import make_app
    from netui.modals.import_dialog import ImportDialog
    from tests.ui.helpers import settle
    from tests.unit.test_vcard_unfold import photo_card

    db = people(tmp_path / "my.db", "Dana Levi")
    card = tmp_path / "photos.vcf"
    card.write_bytes(photo_card(8, name="Photo Person") * 3)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#path", Input).value = str(card)
        dialog.action_start()
        dialog.action_cancel()  # Escape, while the file is still being read
        for _ in range(200):
            await pilot.pause(0.05)
            if not dialog.running:
                break
        status = dialog.query_one("#import-status", Static)
        assert str(status.render()) == "Cancelled: nothing was imported."
    assert count(db) == 1


# --- 10. nothing injected downstream -----------------------------------------------------------


def test_finding_10_markdown_carries_no_html_or_links_from_the_data(tmp_path, capsys):
    from markdown_it import MarkdownIt

    hostile = (
        "<script>alert(1)</script> [click](javascript:alert(1)) <javascript:alert(2)> "
        '![x](http://evil.example/t.png) <img src=x onerror="alert(3)"> &lt;b&gt; [r]: javascript:1'
    )
    db = people(tmp_path / "my.db", "<b>Dana</b> [x](javascript:0)", notes=hostile)
    open_database(db)
    dana, _ = resolve_name("Dana")
    create_worksheet(dana, purpose=hostile)
    close_database()
    code, out, _ = cli(capsys, db, "prep", "Dana", "--markdown")
    assert code == 0
    html = MarkdownIt("commonmark", {"html": True}).render(out)
    # only the structure netui writes: headings, paragraphs, lists, bold, italics
    assert set(re.findall(r"<(\w+)", html)) <= {"h1", "h2", "p", "ul", "li", "strong", "em"}
    assert not re.search(r"<[^>]*\b(href|src|on\w+)=", html)  # no attribute at all
    # and the text shows exactly as typed
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [click](javascript:alert(1))" in html
    assert "&amp;lt;b&amp;gt;" in html


async def test_finding_10_the_intro_request_on_the_clipboard_has_no_escapes(tmp_path):
    from netui.app import make_app
    from tests.ui.helpers import settle

    osc52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
    paste_end = "\x1b[201~"
    db = people(tmp_path / "my.db", f"Dana {osc52}Levi", f"Avi {paste_end}Cohen\u202e")
    open_database(db)
    dana, _ = resolve_name("Dana")
    avi, _ = resolve_name("Avi")
    meeting = create_worksheet(dana, introducer_id=avi, purpose=f"pricing{paste_end}\u2066")
    close_database()
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        app.open_meeting(meeting)
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        copied = app.clipboard
    assert copied.startswith("Hi Avi,\n")
    assert "Dana ]52;c;ZWNobyBwd25lZA==Levi" in copied and "pricing[201~" in copied
    assert not [ch for ch in copied if ord(ch) < 32 and ch != "\n"]
    assert not [ch for ch in copied if 0x7F <= ord(ch) <= 0x9F or ch in "\u202e\u2066"]


def test_finding_10_json_escapes_bidi_controls(tmp_path, capsys):
    name = "Dana \u202eLevi\u2066x\u2069"
    db = people(tmp_path / "my.db", name)
    for argv in (["export", "json", "-"], ["meter", "--json"]):
        code, out, _ = cli(capsys, db, *argv)
        assert code == 0
        assert not set(out) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        assert "\\u202e" in out and "\\u2066" in out
        data = json.loads(out)
        names = (
            [c["name"] for c in data["contact"]]
            if isinstance(data, dict)
            else [row["name"] for row in data]
        )
        assert names == [name]


# --- 11. permissions, a symlinked config, a read-only folder, migrations --------------------------


def test_finding_11_an_open_database_is_tightened_with_its_files(tmp_path, capsys):
    db = people(tmp_path / "my.db", "Dana Levi")
    assert cli(capsys, db, "backup")[0] == 0
    (backup,) = tmp_path.glob("my-backup-*.db")
    for path in (db, backup):
        path.chmod(0o644)
    assert cli(capsys, db, "meter")[0] == 0  # a command that only reads
    assert (mode(db), mode(backup)) == (0o600, 0o600)
    db.chmod(0o644)
    open_database(db)  # the app opening it
    try:
        create_contact(ContactFields(name="Avi"))
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), backup):
            assert mode(path) == 0o600, path
    finally:
        close_database()


def test_finding_11_a_read_only_folder_is_blamed_not_the_file(stranger):
    data = stranger.home / "data"
    data.mkdir()
    db = people(data / "netui.db", "Dana Levi")
    stranger.own(data)
    data.chmod(0o555)  # the file itself stays writable
    before = digest(db)
    result = stranger.run("--db", str(db), "add", "Avi")
    assert result.returncode == 1
    assert result.stderr == (
        f"netui: netui cannot create files in the folder {data} (permission denied); "
        "SQLite keeps its journal beside the database, so the folder must be writable.\n"
    )
    assert "readonly database" not in result.stderr
    assert digest(db) == before


def test_finding_11_a_read_only_file_is_blamed_not_the_folder(stranger):
    data = stranger.home / "data"
    data.mkdir()
    db = people(data / "netui.db", "Dana Levi")
    stranger.own(data)
    db.chmod(0o444)  # the folder stays writable
    before = digest(db)
    result = stranger.run("--db", str(db), "add", "Avi")
    assert result.returncode == 1
    assert result.stderr == f"netui: {db} is read-only; netui cannot save changes to it.\n"
    assert digest(db) == before


def test_a_database_of_someone_else_is_named_as_unreadable(stranger):
    data = stranger.home / "data"
    data.mkdir()
    db = people(data / "netui.db", "Dana Levi")
    stranger.own(data)
    if stranger.root:
        os.chown(db, 0, 0)  # root's, mode 0600
    else:
        db.chmod(0o000)
    for argv in (["meter"], ["add", "Avi"]):
        result = stranger.run("--db", str(db), *argv)
        assert result.returncode == 1
        assert result.stderr == f"netui: Cannot read {db}: permission denied.\n"


def test_an_export_into_a_read_only_folder_blames_the_folder(stranger):
    db = people(stranger.home / "my.db", "Dana Levi")
    stranger.own(db)
    locked = stranger.home / "locked"
    locked.mkdir()
    stranger.own(locked)
    locked.chmod(0o555)
    result = stranger.run("--db", str(db), "export", "json", str(locked / "out.json"))
    assert result.returncode == 1
    assert result.stderr == (
        f"netui: Cannot create files in the folder {locked}: permission denied.\n"
    )
    assert list(locked.iterdir()) == []


def failing_v1(path: Path) -> Path:
    """A v1 file whose migration fails: an index already has the name step 2 gives one."""
    shutil.copyfile(SHIPPED[1], path)
    conn = sqlite3.connect(path)
    conn.execute('CREATE INDEX "contact_archived_sort_name" ON "contact" ("name")')
    conn.commit()
    conn.close()
    return path


def test_finding_11_a_failed_migration_leaves_no_backup_however_often_it_is_tried(tmp_path, capsys):
    db = failing_v1(tmp_path / "old.db")
    before = digest(db)
    for _ in range(3):
        code, out, err = cli(capsys, db, "add", "Someone")
        assert (code, out) == (1, "")
        assert "contact_archived_sort_name already exists" in one_sentence(err)
        assert list(tmp_path.glob("*.bak")) == []
    assert digest(db) == before


def test_finding_11_a_migration_on_a_full_disk_leaves_no_empty_backup(tmp_path, capsys):
    with tiny_filesystem(tmp_path / "tiny", size="256k") as tiny:
        if tiny is None:
            pytest.skip("cannot mount a tmpfs here")
        db = tiny / "old.db"
        shutil.copyfile(SHIPPED[1], db)
        before = digest(db)
        fill_up(tiny, leave=8_000)
        code, _, err = cli(capsys, db, "add", "Someone")
        assert code == 1 and one_sentence(err).startswith("The disk is full"), err
        assert list(tiny.glob("*.bak")) == [] and not list(tiny.glob(".*.tmp"))
        assert digest(db) == before


def v1_with_contacts(path: Path, extra: int) -> Path:
    shutil.copyfile(SHIPPED[1], path)
    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO contact (name, organisation, role, email, phone, linkedin_url, location,"
        " how_we_met, career_path, notes, closeness, cadence_days, second_degree, archived,"
        " created_at, updated_at) VALUES (?, 'Org', '', '', '', '', '', '', '', '', 3, NULL,"
        " 0, 0, '2024-03-01 09:00:00', '2024-03-01 09:00:00')",
        ((f"Extra {n}",) for n in range(extra)),
    )
    conn.commit()
    conn.close()
    return path


def test_finding_11_a_long_migration_says_how_far_it_is(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(migration_steps, "PROGRESS_FROM", 100)
    monkeypatch.setattr(migration_steps, "CHUNK", 50)
    db = v1_with_contacts(tmp_path / "old.db", 494)  # 500 with the six of the file
    code, out, err = cli(capsys, db, "add", "Someone")
    assert (code, out) == (0, "Added Someone.\n")
    (backup,) = tmp_path.glob("old.db.v1-*.bak")
    assert err.splitlines() == [
        f"netui: upgrading {db} (500 contacts); a backup is in {backup}",
        *(f"netui: building the search index: {n:,} of 500 contacts" for n in range(50, 501, 50)),
        *(
            f"netui: folding accents in the search index: {n:,} of 500 contacts"
            for n in range(50, 501, 50)
        ),
        f"netui: upgraded {db} to schema {migrations.LATEST}",
    ]
    assert count(db) == 501


# --- a backup before an import that updates contacts -------------------------------------------


CSV_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def test_an_import_that_updates_contacts_takes_a_backup_first(tmp_path, capsys):
    db = tmp_path / "my.db"
    adds = tmp_path / "adds.csv"
    adds.write_text(CSV_HEADER + "Dana,Levi,https://www.linkedin.com/in/dana,,Globex,CTO,\n")
    code, out, _ = cli(capsys, db, "import", "linkedin", str(adds))
    assert (code, out) == (0, "1 added, 0 updated, 0 skipped.\n")  # nothing to back up
    assert not list(tmp_path.glob("*before-import*"))
    before = digest(db)

    updates = tmp_path / "updates.csv"
    updates.write_text(CSV_HEADER + "Dana,Levi,https://www.linkedin.com/in/dana,,Initech,CEO,\n")
    code, out, _ = cli(capsys, db, "import", "linkedin", str(updates))
    (backup,) = tmp_path.glob("my-before-import-*.db")
    assert (code, out) == (
        0,
        f"0 added, 1 updated, 0 skipped. The database as it was before is in {backup}.\n",
    )
    assert mode(backup) == 0o600 and integrity(backup) == "ok"
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT organisation FROM contact").fetchall() == [("Globex",)]
    conn.close()
    assert digest(db) != before


def test_a_failed_import_leaves_no_backup(tmp_path, capsys):
    db = people(tmp_path / "my.db", "Dana Levi")
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV_HEADER + 'Dana,Levi,,,Initech,CEO,\nBroken,"row,,,,,\n')
    code, _, err = cli(capsys, db, "import", "linkedin", str(bad))
    assert code == 1 and one_sentence(err)
    assert not list(tmp_path.glob("*before-import*"))
