"""Exports are written a record at a time: the same text as the whole document,
and memory that does not grow with the size of the network."""

from __future__ import annotations

import datetime as dt
import tracemalloc
import uuid
from pathlib import Path

import pytest

from netui import clock
from netui.cli import main
from netui.core.text import json_text
from netui.db import exporters
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, set_archived
from netui.db.exporters import export_document, json_chunks, vcard_chunks
from netui.db.models import Contact, Tie, database
from tests.unit.test_export import fill

HOSTILE = "Ze\u2028ev \u05d3\u05d5\u05d3 [/] \x9b31m \u202eevil 🎉 Søren"


@pytest.fixture
def pinned():
    with clock.pinned(dt.datetime(2025, 5, 1, 9, 30)):
        yield


def test_streamed_json_is_the_whole_document_as_json_text(db, pinned):
    fill()
    create_contact(ContactFields(name=HOSTILE, notes='a\nb\tc \\ "q"'))
    streamed = "".join(json_chunks())
    assert streamed == json_text(export_document(), indent=1) + "\n"


def test_streamed_json_of_an_empty_database(db, pinned):
    streamed = "".join(json_chunks())
    assert streamed == json_text(export_document(), indent=1) + "\n"
    assert '"contact": []' in streamed


def test_vcard_batches_keep_every_tie_and_leave_out_the_archived(db, monkeypatch):
    people = [create_contact(ContactFields(name=f"Person {n}")) for n in range(7)]
    for a, b in [(0, 6), (1, 2), (0, 5), (3, 4), (2, 6)]:
        Tie.create(a=people[a], b=people[b])
    set_archived(people[4], True)
    whole = "".join(vcard_chunks())
    monkeypatch.setattr(exporters, "_CARD_BATCH", 2)
    assert "".join(vcard_chunks()) == whole
    cards = whole.split("END:VCARD\r\n")[:-1]
    assert len(cards) == 6
    uid = {contact.id: contact.uid for contact in Contact.select()}
    first = cards[0]  # Person 0: tied to 6 and to 5
    assert "FN:Person 0" in first
    lines = first.replace("\r\n ", "").split("\r\n")  # unfolded
    related = "".join(line for line in lines if line.startswith("RELATED"))
    assert uid[people[5]] in related and uid[people[6]] in related
    assert uid[people[4]] not in whole  # archived: no card, no RELATED to it


def network(path: Path, contacts: int) -> Path:
    """``contacts`` contacts with long notes, each tied to the next two."""
    open_database(path)
    rows = [
        {
            "uid": str(uuid.uuid4()),
            "name": f"Person {n:06}",
            "organisation": "Globex",
            "notes": HOSTILE * 4,
            "sort_name": f"person {n:06}",
            "search_text": f"person {n:06} globex",
        }
        for n in range(contacts)
    ]
    with database.atomic():
        for start in range(0, contacts, 500):
            Contact.insert_many(rows[start : start + 500]).execute()
        ids = [c.id for c in Contact.select(Contact.id).order_by(Contact.id)]
        pairs = [
            *zip(ids, ids[1:] + ids[:1], strict=True),
            *zip(ids, ids[2:] + ids[:2], strict=True),
        ]
        ties = [{"a": min(pair), "b": max(pair)} for pair in pairs]
        for start in range(0, len(ties), 500):
            Tie.insert_many(ties[start : start + 500]).execute()
    close_database()
    return path


def export_peak(path: Path, kind: str, target: Path) -> int:
    """The most memory Python held while ``netui export`` wrote ``target``."""
    tracemalloc.start()
    try:
        assert main(["--db", str(path), "export", kind, str(target)]) == 0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        close_database()
    return peak


@pytest.mark.parametrize("kind", ["json", "vcard"])
def test_export_memory_does_not_grow_with_the_network(tmp_path, kind, capsys):
    small = network(tmp_path / "small.db", 400)
    large = network(tmp_path / "large.db", 4_000)
    small_peak = export_peak(small, kind, tmp_path / f"small.{kind}")
    large_peak = export_peak(large, kind, tmp_path / f"large.{kind}")
    small_size = (tmp_path / f"small.{kind}").stat().st_size
    large_size = (tmp_path / f"large.{kind}").stat().st_size
    assert large_size > 9 * small_size  # ten times the data written...
    # ...and the memory held grows by a small part of it (bounded caches warming up),
    # where holding the text whole would grow by all of it.
    assert large_peak - small_peak < (large_size - small_size) / 8
