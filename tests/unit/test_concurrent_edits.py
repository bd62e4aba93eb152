"""Two members, two processes, one PostgreSQL database, the same contact: no field
is ever lost. Each process loads the contact form, then saves its change; the test
holds the contact's row until both are waiting on it, then lets them go one after
the other. The second save must see the first's change (netui.db.edits.plan): a
different field or a tag is kept, the same field is a conflict, never overwritten.
"""

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
from netui.db.contacts import ContactFields, create_contact, get_contact

pytestmark = pytest.mark.pg

ROOT = Path(__file__).resolve().parents[2]

# argv: URL CONTACT_ID CHANGES (JSON: field -> value; "add_tags" -> tags to add).
MEMBER = """
import json, sys
from dataclasses import asdict, replace
from netui.db.connection import open_database
from netui.db.contacts import edit_contact, get_contact

url, contact_id, changes = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
open_database(url)
loaded = get_contact(contact_id).fields
added = tuple(changes.pop("add_tags", ()))
wanted = replace(loaded, tags=loaded.tags + added, **changes)
outcome = edit_contact(contact_id, loaded, wanted)
print(json.dumps({"saved": outcome.saved,
                  "conflicts": [[c.field, c.theirs] for c in outcome.conflicts]}))
"""


def waiting_on_locks(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as watcher:
        (count,) = watcher.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        ).fetchone()
    return count


def start_member(url: str, contact_id: int, change: dict) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", MEMBER, url, str(contact_id), json.dumps(change)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def race(url: str, contact_id: int, *changes: dict) -> list[dict]:
    """Run one member process per change, all released at once; their outcomes."""
    holder = psycopg.connect(url)
    try:
        holder.execute("SELECT id FROM contact WHERE id = %s FOR UPDATE", (contact_id,))
        members = [start_member(url, contact_id, change) for change in changes]
        deadline = time.monotonic() + 300  # a bound for a stuck run, not a speed claim
        while waiting_on_locks(url) < len(members):
            failed = [m for m in members if m.poll() is not None]
            assert not failed, failed[0].communicate()[1]
            assert time.monotonic() < deadline, "the members never waited on the contact"
            time.sleep(0.05)
        holder.commit()  # both are waiting: let them go
    finally:
        holder.close()
    outcomes = []
    for member in members:
        out, err = member.communicate(timeout=300)
        assert member.returncode == 0, err
        outcomes.append(json.loads(out))
    return outcomes


@pytest.fixture
def dana(pg_url: str) -> int:
    open_database(pg_url)
    contact_id = create_contact(ContactFields(name="Dana Levi", role="Head of Data"))
    close_database()
    return contact_id


def stored(url: str, contact_id: int) -> ContactFields:
    open_database(url)
    try:
        return get_contact(contact_id).fields
    finally:
        close_database()


def test_two_members_changing_different_fields_and_tags_both_keep_theirs(pg_url, dana):
    outcomes = race(
        pg_url, dana,
        {"role": "CTO", "add_tags": ["fintech"]},
        {"email": "dana@globex.example", "add_tags": ["ai"]},
    )  # fmt: skip
    assert [o["saved"] for o in outcomes] == [True, True]
    after = stored(pg_url, dana)
    assert (after.role, after.email) == ("CTO", "dana@globex.example")
    assert sorted(after.tags) == ["ai", "fintech"]


def test_two_members_changing_the_same_field_is_a_conflict_not_a_lost_change(pg_url, dana):
    outcomes = race(pg_url, dana, {"role": "CTO"}, {"role": "VP Data"})
    assert sorted(o["saved"] for o in outcomes) == [False, True]
    winner = "CTO" if outcomes[0]["saved"] else "VP Data"
    (loser,) = [o for o in outcomes if not o["saved"]]
    assert loser["conflicts"] == [["role", winner]]  # shown what the other saved
    assert stored(pg_url, dana).role == winner
