"""Undoing an import whose new contacts' ids are not one unbroken run: on PostgreSQL
the contact sequence hands ids to whoever asks, so another member importing at the
same moment takes some in between; and after an import, its contacts may be merged
away or taken out of the run by other changes. The undo takes back exactly the
import's contacts, keeps everyone else's, and counts only what it really kept. On
SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from netui.db.contacts import ContactFields, create_contact
from netui.db.history import steps, undo
from netui.db.importing import import_file, records
from netui.db.journal import undoable
from netui.db.ledger import log_exchange
from netui.db.members import add_member, choose_member
from netui.db.models import Contact

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def cards(path: Path, *names: str) -> Path:
    path.write_text(
        "".join(f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:{name}\r\nEND:VCARD\r\n" for name in names),
        encoding="utf-8",
    )
    return path


def names() -> list[str]:
    return sorted(c.name for c in Contact.select(Contact.name))


def test_an_import_with_ids_taken_in_between_by_someone_else(db, tmp_path, monkeypatch):
    """Bea's import gets every other id of a run; Ana's contacts (written at the same
    moment) take the ids in between. Undoing Bea's import removes hers alone."""
    add_member("Ana")
    add_member("Bea")
    choose_member("Ana")
    create_contact(ContactFields(name="Before Both"))
    real = records.new_contact_ids
    taken: list[int] = []

    def every_other(count: int) -> list[int]:
        run = real(2 * count)
        taken.extend(run[1::2])  # another member's, handed out at the same moment
        return run[0::2]

    monkeypatch.setattr(records, "new_contact_ids", every_other)
    choose_member("Bea")
    import_file("vcard", cards(tmp_path / "bea.vcf", "Bea One", "Bea Two", "Bea Three"))
    monkeypatch.setattr(records, "new_contact_ids", real)
    choose_member("Ana")
    for n, cid in enumerate(taken, start=1):  # Ana's, written by her own netui
        Contact.insert(id=cid, name=f"Ana {n}", sort_name=f"ana {n}").execute()
    bea_ids = sorted(c.id for c in Contact.select().where(Contact.name.startswith("Bea ")))
    assert bea_ids[-1] - bea_ids[0] + 1 > len(bea_ids)  # not one unbroken run
    choose_member("Bea")
    (import_step,) = [step for step in steps() if step.description.startswith("import")]
    outcome = undo(import_step.id)
    assert outcome.left == ()
    assert outcome.changed >= 3
    assert names() == ["Ana 1", "Ana 2", "Ana 3", "Before Both"]


def test_a_gapped_import_keeps_and_counts_only_its_own_contacts_with_records(
    db, tmp_path, monkeypatch
):
    """The same gapped import (the clock stands still in tests, so the contacts in the
    gaps were written at the very same moment as the import's): one of the import's
    contacts has a ledger entry since, and one in a gap too. The undo keeps and counts
    the import's one alone, and never touches the one in the gap."""
    real = records.new_contact_ids
    gaps: list[int] = []

    def every_other(count: int) -> list[int]:
        run = real(2 * count)
        gaps.extend(run[1::2])
        return run[0::2]

    monkeypatch.setattr(records, "new_contact_ids", every_other)
    import_file("vcard", cards(tmp_path / "people.vcf", "Avi Cohen", "Dana Levi", "Zoë Åberg"))
    monkeypatch.setattr(records, "new_contact_ids", real)
    for n, cid in enumerate(gaps, start=1):  # someone else's, in another process
        Contact.insert(id=cid, name=f"Gap {n}", sort_name=f"gap {n}").execute()
    zoe = Contact.get(Contact.name == "Zoë Åberg").id
    with undoable("log"):
        log_exchange(zoe, "gave", "knowledge", 2)
        log_exchange(gaps[0], "received", "access", 1)
    (import_step,) = [step for step in steps() if step.description.startswith("import")]
    outcome = undo(import_step.id)
    assert outcome.left == ("1 added contact (changed since, or with records of their own)",)
    assert names() == ["Gap 1", "Gap 2", "Gap 3", "Zoë Åberg"]
