"""A big import's UIDs come from one read of the system's randomness."""

from __future__ import annotations

import uuid

from netui.cli import main
from netui.core.uids import new_uid, new_uids
from netui.db.connection import close_database, open_database
from netui.db.models import Contact


def test_new_uids_are_version_4_uuids_as_new_uid_makes_them():
    made = new_uids(2_000)
    assert len(made) == len(set(made)) == 2_000
    for uid in made:
        parsed = uuid.UUID(uid)
        assert str(parsed) == uid  # bare, lower case, as stored
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
    assert len(new_uid()) == len(made[0])
    assert new_uids(0) == []


def test_an_imported_contact_without_a_uid_gets_a_new_one(tmp_path):
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "Ana,Lima,,,Globex,CTO,01 Jan 2024\nBo,Ek,,,Initech,CEO,02 Jan 2024\n",
                   encoding="utf-8")  # fmt: skip
    assert main(["--db", str(tmp_path / "netui.db"), "import", "linkedin", str(csv)]) == 0
    open_database(tmp_path / "netui.db")
    try:
        uids = [c.uid for c in Contact.select()]
    finally:
        close_database()
    assert len(uids) == 2 and len(set(uids)) == 2
    assert all(uuid.UUID(uid).version == 4 for uid in uids)
