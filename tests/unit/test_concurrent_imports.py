"""Two members importing at the same moment into one PostgreSQL database, each in a
process of its own: nothing is lost. The test holds the contact table (SHARE) until
both imports are waiting to write their new contacts, having chosen their ids, then
lets them go; both imports' people are then there, each once, with their tags (one
tag in both files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from netui.db.connection import close_database, open_database
from netui.db.members import add_member, choose_member, reset
from netui.db.models import Contact, ContactTag, Tag

pytestmark = pytest.mark.pg

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 40

# argv: URL MEMBER FILE
IMPORT = """
import json, sys
from netui.db.connection import open_database
from netui.db.importing import import_file
from netui.db.members import choose_member

url, member, path = sys.argv[1:4]
open_database(url)
choose_member(member)
report = import_file("vcard", path)
print(json.dumps({"added": report.added}))
"""


def cards(who: str) -> str:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:{who} Person {n}\r\n"
        f"EMAIL:{who.lower()}{n}@example.org\r\nCATEGORIES:shared tag,{who} tag\r\n"
        "END:VCARD\r\n"
        for n in range(1, PEOPLE + 1)
    )


def start_import(url: str, who: str, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", IMPORT, url, who, str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NETUI_MEMBER": who},
    )  # fmt: skip


def waiting_on_locks(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as watcher:
        (count,) = watcher.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
    return count


def test_two_members_importing_at_once_lose_nothing(pg_netui_url, tmp_path):
    open_database(pg_netui_url)
    try:
        add_member("Avi")
        add_member("Bea")
        before = Contact.select().count()
    finally:
        close_database()
        reset()
    files = {}
    for who in ("Avi", "Bea"):
        files[who] = tmp_path / f"{who}.vcf"
        files[who].write_text(cards(who), encoding="utf-8")
    holder = psycopg.connect(pg_netui_url)
    try:
        holder.execute("LOCK TABLE contact IN SHARE MODE")  # reads go on, writes wait
        imports = [start_import(pg_netui_url, who, files[who]) for who in files]
        deadline = time.monotonic() + 300  # a bound for a stuck run, not a speed claim
        while waiting_on_locks(pg_netui_url) < len(imports):
            failed = [p for p in imports if p.poll() is not None]
            assert not failed, failed[0].communicate()[1]
            assert time.monotonic() < deadline, "the imports never waited on the table"
            time.sleep(0.05)
        holder.commit()  # both have chosen their ids and wait to write: let them go
    finally:
        holder.close()
    for process in imports:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert json.loads(out) == {"added": PEOPLE}
    open_database(pg_netui_url)
    try:
        names = [c.name for c in Contact.select(Contact.name)]
        assert len(names) == before + 2 * PEOPLE
        for who in files:
            assert sum(name.startswith(f"{who} Person ") for name in names) == PEOPLE
        shared = Tag.get(Tag.name == "shared tag")
        assert ContactTag.select().where(ContactTag.tag == shared).count() == 2 * PEOPLE
        # New contacts after the import get ids of their own.
        from netui.db.contacts import ContactFields, create_contact

        # Avi's undo takes back his import, never Bea's.
        from netui.db.history import undo_latest

        choose_member("Avi")
        undo_latest()
        names = [c.name for c in Contact.select(Contact.name)]
        assert sum(name.startswith("Avi Person ") for name in names) == 0
        assert sum(name.startswith("Bea Person ") for name in names) == PEOPLE
        assert create_contact(ContactFields(name="After Both")) > 0
    finally:
        close_database()
        reset()
