"""``netui meter --json`` writes its rows a batch at a time: the same text as the whole
list through ``json_text``, memory that does not grow with the rows, and a damaged
file still named before anything is printed."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import tracemalloc
from pathlib import Path

import pytest

from netui import clock
from netui.cli import main
from netui.commands.meter import as_json, write_json
from netui.core.text import json_text, write_json_objects
from netui.db.connection import close_database, reading
from netui.db.contacts import ContactFields, create_contact
from netui.db.ledger import log_exchange
from netui.db.meter_rows import meter_lines

HOSTILE = 'Ze\u2028ev \u05d3\u05d5\u05d3 [/] \x9b31m \u202eevil 🎉 Søren "q" \\ \x7f\x01'


@pytest.fixture
def pinned():
    with clock.pinned(dt.datetime(2025, 5, 1, 9, 30)):
        yield


def streamed(items) -> str:
    out = io.StringIO()
    write_json_objects(items, out.write, batch=3)
    return out.getvalue()


@pytest.mark.parametrize(
    "objects",
    [
        [],
        [{}],
        [{"a": 1}],
        [
            {"s": HOSTILE, "n": None, "t": True, "f": False, "i": -3, "x": 2.5, "z": 0.1 + 0.2},
            {"nested": {"k": [1, "\u2066two\u2069", {"deep": None}]}, "empty": [], "nan": math.nan},
            {"big": 10**30, "inf": -math.inf, "e": 1e-7, 5: "int key"},
        ],
    ],
    ids=["empty", "one-empty", "one", "hostile"],
)
def test_objects_stream_as_the_whole_list_prints(objects):
    assert streamed(objects) == json_text(objects)


def test_meter_rows_stream_as_the_whole_list_prints(db, pinned):
    people = [
        create_contact(ContactFields(name=name, organisation=org))
        for name, org in [(HOSTILE, "Acme \u202e"), ("Ana", ""), ("Émile", "[b]x[/b]"), ("Zoë", "")]
    ]
    today = clock.today()
    log_exchange(people[0], "gave", "knowledge", 3, on=today - dt.timedelta(days=40))
    log_exchange(people[1], "received", "access", 5, on=today - dt.timedelta(days=400))
    log_exchange(people[2], "received", "access", 1, on=today)
    lines = meter_lines()
    out = io.StringIO()
    write_json(lines, out.write, batch=3)
    assert out.getvalue() == json_text([as_json(line) for line in lines])
    assert json.loads(out.getvalue())[0]["name"] == HOSTILE


def test_meter_json_through_the_command_line(tmp_path: Path, capsys, pinned):
    db = str(tmp_path / "netui.db")
    assert main(["--db", db, "add", HOSTILE]) == 0
    assert main(["--db", db, "add", "Ana"]) == 0
    close_database()
    capsys.readouterr()
    assert main(["--db", db, "meter", "--json"]) == 0
    out = capsys.readouterr().out
    with reading(db):
        whole = json_text([as_json(line) for line in meter_lines()])
    assert out == whole + "\n"
    assert len(json.loads(out)) == 2


def _peak(count: int) -> int:
    objects = ({"id": n, "name": f"Person {n} 🎉", "meter": n / 7} for n in range(count))
    tracemalloc.start()
    try:
        write_json_objects(objects, lambda _text: None, batch=100)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_writing_does_not_hold_the_whole_text():
    """Shape, not speed: ten times the objects, about the same peak (one batch)."""
    small, large = _peak(1_000), _peak(10_000)
    assert large < 2 * small
