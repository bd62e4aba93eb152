"""``netui meter --json`` from rows SQLite makes ready to format (``netui.db.meter_json``):
the same bytes as the lines formatted one by one, on SQLite and on PostgreSQL (which
formats the lines), whatever the names hold and however the output is written."""

from __future__ import annotations

import datetime as dt
import io
import json
import sqlite3
from json.encoder import encode_basestring

import pytest

from netui import clock
from netui.cli import main
from netui.commands import meter as command
from netui.core.text import json_text
from netui.db.connection import close_database, reading
from netui.db.contacts import ContactFields, create_contact
from netui.db.ledger import log_exchange
from netui.db.meter_json import json_rows
from netui.db.meter_rows import meter_lines
from netui.db.models import Contact
from netui.db.touches import keep_in_touch

NOW = dt.datetime(2026, 3, 9, 8, 0)
DAY = NOW.date()

#: Names and organisations JSON must escape, or show as they are: quotes,
#: backslashes, C0 and C1 controls, DEL, escape sequences, line and paragraph
#: separators, bidi controls, markup, Hebrew, emoji, a zero-width joiner.
AWKWARD = [
    ('Dana "Dee" O\\Neil', 'Acme\\Corp "Ltd"'),
    ("Ze\u2028ev \u05d3\u05d5\u05d3 [/]", "[b]bold[/b] \u202eevil"),
    ("\x1b[31mRed\x1b[0m \x9b31m", "tab\there\nnewline\r\x0bvt"),
    ("Søren 🎉 👩\u200d💻", "\x7fdel \x01 \x1f \u2066iso\u2069"),
    ("Émile Zola", ""),
    ("Plain Name", "Plain Org"),
]


@pytest.fixture
def network(db_location, db):
    """Awkward names, exchanges whose faded sums land on a cent's half (0.625, 1.125:
    Python rounds those to even, SQLite's printf would not), a contact kept in touch
    with after their last exchange, one never contacted."""
    with clock.pinned(NOW):
        ids = [create_contact(ContactFields(name=name, organisation=org)) for name, org in AWKWARD]
        three_half_lives = DAY - dt.timedelta(days=3 * 365)
        log_exchange(ids[0], "gave", "knowledge", 5, on=three_half_lives)  # 0.625
        log_exchange(ids[1], "received", "access", 1, on=DAY)
        log_exchange(ids[1], "received", "access", 1, on=three_half_lives)  # 1.125
        log_exchange(ids[2], "gave", "favour", 3, on=DAY - dt.timedelta(days=40))
        log_exchange(ids[2], "received", "favour", 5, on=DAY - dt.timedelta(days=10))
        log_exchange(ids[3], "received", "knowledge", 2, on=DAY - dt.timedelta(days=200))
        keep_in_touch(ids[3], DAY - dt.timedelta(days=2))
    close_database()
    return db_location


def reference(location) -> str:
    """What the command printed before: ``json_text`` of each line's object."""
    with clock.pinned(NOW), reading(location):
        return json_text([command.as_json(line) for line in meter_lines()]) + "\n"


@pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)
def test_the_command_prints_the_lines_objects(network, capsys):
    capsys.readouterr()
    with clock.pinned(NOW):
        assert main(["--db", str(network), "meter", "--json"]) == 0
    out = capsys.readouterr().out
    assert out == reference(network)
    names = {(item["name"], item["organisation"]) for item in json.loads(out)}
    assert names == set(AWKWARD)
    assert not any(c in out for c in "\x1b\x9b\x7f\u2028\u202e\u2066\x0b")


@pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)
def test_through_a_text_stream_as_through_bytes(network, capsys):
    """A stream without bytes beneath (or not UTF-8) gets the same text."""
    out = io.StringIO()
    with clock.pinned(NOW), reading(network):
        rows = json_rows(command.PLAIN)
        if rows is None:  # PostgreSQL: the lines, formatted by write_json
            command.write_json(meter_lines(), out.write, batch=2)
            assert out.getvalue() + "\n" == reference(network)
            return
        command.write_rows(*rows, out.write, batch=2)
        pieces: list[str] = []  # both ways into one stream, in order
        command.write_rows(
            *rows,
            pieces.append,
            batch=2,
            write_utf8=lambda data: pieces.append(data.decode("utf-8")),
        )
    assert out.getvalue() + "\n" == reference(network)
    assert "".join(pieces) == out.getvalue()


@pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)
def test_sqlite_reads_the_rows_and_postgresql_the_lines(network, backend):
    with clock.pinned(NOW), reading(network):
        rows = json_rows(command.PLAIN)
        if backend == "postgresql":
            assert rows is None
            return
        assert rows is not None
        made, lines = rows
        # Made again in Python: the contact kept in touch with after their exchange.
        assert [row[0] for row in made if row[1] is None] == list(lines)
        assert len(lines) == 1
        assert lines[next(iter(lines))][1] == AWKWARD[3][0]


def test_a_contact_without_a_sort_key_leaves_the_rows_to_python(network):
    with sqlite3.connect(network) as raw:
        raw.execute("UPDATE contact SET sort_name = '' WHERE name = 'Plain Name'")
    raw.close()
    with clock.pinned(NOW), reading(network):
        assert json_rows(command.PLAIN) is None
        assert Contact.select().count() == len(AWKWARD)


def test_a_day_neither_sqlite_nor_python_reads_prints_nothing(network, capsys):
    """A first contact written by hand that SQLite's julianday() refuses goes to
    Python, which refuses it too: one line naming it, nothing on stdout."""
    with sqlite3.connect(network) as raw:
        raw.execute("UPDATE contact SET first_contact = 'soon' WHERE name = 'Plain Name'")
    raw.close()
    capsys.readouterr()
    with clock.pinned(NOW):
        code = main(["--db", str(network), "meter", "--json"])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert captured.err.count("\n") == 1 and "'soon'" in captured.err


def test_json_quote_escapes_as_json_dumps():
    """SQLite's json_quote() writes every character as json.dumps(ensure_ascii=False)."""
    raw = sqlite3.connect(":memory:")
    try:
        points = [*range(0x3000), 0xFEFF, 0xFFFD, 0x1F389, 0x10FFFF]
        texts = [f'a{chr(p)}b"\\/' for p in points if not 0xD800 <= p < 0xE000]
        quoted = [raw.execute("SELECT json_quote(?)", [text]).fetchone()[0] for text in texts]
    finally:
        raw.close()
    assert quoted == [encode_basestring(text) for text in texts]


def test_an_empty_network_prints_an_empty_list(db_location, db, capsys):
    close_database()
    capsys.readouterr()
    assert main(["--db", str(db_location), "meter", "--json"]) == 0
    assert capsys.readouterr().out == "[]\n"


def test_a_row_without_its_line_is_left_out():
    """A contact deleted between the query and the making of their line."""
    rows = [
        (1, '"Ana"', '""', 1.0, 0.0, 1.0, 100.0, "null", "null", 30, "false"),
        (2, None, '""', 1.0, 0.0, 1.0, 100.0, "null", "null", 30, "false"),
        (3, None, '""', 0.5, 0.0, 0.5, 100.0, "null", "null", 30, "true"),
    ]
    line = (3, "Cleo", "", 0.5, 0.0, 0.5, 100.0, None, None, 30, 1, 40, 0.5)
    out = io.StringIO()
    command.write_rows(rows, {3: line}, out.write, batch=1)
    assert [item["id"] for item in json.loads(out.getvalue())] == [1, 3]
    assert out.getvalue() == json_text(
        [
            command.as_json((1, "Ana", "", 1.0, 0.0, 1.0, 100.0, None, None, 30, 0, 0, 1.0)),
            command.as_json(line),
        ]
    )
    out = io.StringIO()
    command.write_rows(rows[1:2], {}, out.write)
    assert out.getvalue() == "[]"


def test_bytes_and_text_reach_a_utf8_stream_in_order(network):
    """Text written before goes out first, and the final text after the bytes."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
    stream.write("before ")
    with clock.pinned(NOW), reading(network):
        rows = json_rows(command.PLAIN)
    assert rows is not None
    writer = command._utf8_writer(stream)
    assert set(writer) == {"write_utf8", "errors"}
    command.write_rows(*rows, stream.write, batch=2, **writer)
    stream.write("\n")
    stream.flush()
    assert raw.getvalue().decode("utf-8") == "before " + reference(network)


def test_a_stream_in_another_encoding_gets_text():
    assert command._utf8_writer(io.TextIOWrapper(io.BytesIO(), encoding="latin-1")) == {}
    assert command._utf8_writer(io.StringIO()) == {}
