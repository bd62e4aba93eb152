"""``netui meter --json`` on an SQLite file reads through plain ``sqlite3``
(:mod:`netui.db.meter_plain`): the same rows as through Peewee on a generated network,
without importing Peewee; anything else is left to the Peewee path."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from netui import clock
from netui.cli import main
from netui.commands import meter as command
from netui.db import meter_plain
from netui.db.connection import PRAGMAS, close_database, open_database, reading
from netui.db.members import add_member
from netui.db.meter_json import json_rows
from netui.db.migrations import LATEST
from netui.db.settings import DEFAULTS
from netui.db.touches import keep_in_touch
from tests.unit.test_cli_startup import heavy, imported_modules

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 3, 9, 8, 0)
DAY = NOW.date()
DAYS = [DAY, DAY + dt.timedelta(days=40), DAY + dt.timedelta(days=400)]


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated network with what makes a line Python's: contacts met (60 meetings
    around today, past and to come) and kept in touch with (before and after their
    last exchange), an exchange in the future,
    archived and second-degree contacts, own cadences of 0, a first contact, names
    that fold alike, and settings of their own."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    path = tmp_path_factory.mktemp("plain") / "network.db"
    generate(path, 400, 2_000, 1_500, seed=5, meetings=60, today=DAY)
    open_database(path)
    try:
        with clock.pinned(NOW):
            keep_in_touch(5)
            keep_in_touch(6, DAY - dt.timedelta(days=900))  # before their exchanges
    finally:
        close_database()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE contact SET archived = 1 WHERE id % 37 = 0")
        raw.execute("UPDATE exchange SET date = '2026-04-08' WHERE id % 97 = 0")
        raw.execute("UPDATE contact SET second_degree = 1 WHERE id % 11 = 0")
        raw.execute("UPDATE relationship SET cadence_days = 0 WHERE contact_id % 13 = 0")
        raw.execute("UPDATE contact SET first_contact = '2025-01-02' WHERE id % 17 = 0")
        raw.execute(
            "UPDATE contact SET name = 'Émile Zola', sort_name = 'emile zola' WHERE id IN (20, 21)"
        )
        raw.execute(
            "INSERT INTO setting (key, value) VALUES ('half_life_days', '200'),"
            " ('default_cadence', 'soon')"  # not a number: the default
        )
    raw.close()
    return path


def through_peewee(path: Path, day: dt.date):
    with reading(path, check=None):
        return json_rows(command.PLAIN, day)


@pytest.mark.parametrize("day", DAYS, ids=["today", "40-days-on", "400-days-on"])
def test_plain_sqlite_reads_what_peewee_reads(network, day):
    plain = meter_plain.plain_json_rows(network, command.PLAIN, day)
    assert plain is not None
    rows, lines = plain
    assert len(rows) > 300
    order = [row[0] for row in rows]
    assert [row[0] for row in rows if row[1] is None] == sorted(lines, key=order.index)
    assert len(lines) >= 2  # the contacts touched since their last exchange
    assert plain == through_peewee(network, day)


def test_the_command_prints_the_same_bytes_either_way(network, capsys, monkeypatch):
    assert command._utf8_writer(sys.stdout)  # (the rows read as bytes)
    with clock.pinned(NOW):
        capsys.readouterr()
        assert main(["--db", str(network), "meter", "--json"]) == 0
        plain = capsys.readouterr().out
        monkeypatch.setattr(meter_plain, "plain_json_rows", lambda *args, **kwargs: None)
        assert main(["--db", str(network), "meter", "--json"]) == 0
        assert capsys.readouterr().out == plain


def test_what_it_knows_of_the_schema_and_settings_is_the_storage_layers():
    assert meter_plain.SCHEMA == LATEST
    assert meter_plain.DEFAULTS.items() <= DEFAULTS.items()
    assert f"PRAGMA cache_size = {PRAGMAS['cache_size']}" == meter_plain._CACHE_SIZE
    assert PRAGMAS["busy_timeout"] == meter_plain._TIMEOUT * 1000


def test_anything_else_is_left_to_peewee(network, tmp_path, monkeypatch):
    assert meter_plain.plain_json_rows(tmp_path / "missing.db", command.PLAIN, DAY) is None
    assert meter_plain.plain_json_rows(tmp_path, command.PLAIN, DAY) is None  # a folder
    text = tmp_path / "text.db"
    text.write_text("not a database")
    assert meter_plain.plain_json_rows(text, command.PLAIN, DAY) is None
    copy = tmp_path / "copy.db"
    shutil.copy(network, copy)
    monkeypatch.setenv("NETUI_MEMBER", "me")  # a member named: looked up by Peewee
    assert meter_plain.plain_json_rows(copy, command.PLAIN, DAY) is None
    monkeypatch.delenv("NETUI_MEMBER")
    with sqlite3.connect(copy) as raw:  # a day SQLite cannot read, of a contact never met
        raw.execute(
            "UPDATE contact SET first_contact = 'soon' WHERE id = (SELECT min(id) FROM contact"
            " WHERE NOT archived AND id NOT IN (SELECT contact_id FROM exchange))"
        )
    raw.close()
    assert meter_plain.plain_json_rows(copy, command.PLAIN, DAY) is None
    assert meter_plain.plain_json_rows(copy, command.PLAIN, DAY, utf8=True) is None
    with sqlite3.connect(copy) as raw:
        raw.execute("UPDATE contact SET first_contact = NULL WHERE first_contact = 'soon'")
        raw.execute("UPDATE contact SET sort_name = '' WHERE id = 4")  # no sort key
    raw.close()
    assert meter_plain.plain_json_rows(copy, command.PLAIN, DAY) is None
    with sqlite3.connect(copy) as raw:
        raw.execute("UPDATE contact SET sort_name = 'x' WHERE id = 4")
        raw.execute("PRAGMA user_version = 9")  # an older schema: refused through Peewee
    raw.close()
    assert meter_plain.plain_json_rows(copy, command.PLAIN, DAY) is None


def test_a_team_file_is_left_to_peewee(network, tmp_path):
    copy = tmp_path / "team.db"
    shutil.copy(network, copy)
    open_database(copy)
    try:
        add_member("Avi")
    finally:
        close_database()
    assert meter_plain.plain_json_rows(copy, command.PLAIN, DAY) is None


def test_meter_json_on_a_file_imports_no_storage_layer(network, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(network, copy)
    result, modules = imported_modules(tmp_path, "--db", str(copy), "meter", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("[\n  {")
    assert {"netui.commands.meter", "netui.db.meter_plain", "sqlite3"} <= modules
    assert heavy(modules) == []
    storage = ("netui.db.migrations", "netui.db.members", "netui.db.connection")
    assert heavy(modules, storage) == []


def as_text(rows):
    """Rows read as bytes, their strings decoded."""
    return [
        tuple(value.decode() if isinstance(value, bytes) else value for value in row)
        for row in rows
    ]


def test_rows_read_as_bytes_are_the_rows_read_as_text(network):
    text = meter_plain.plain_json_rows(network, command.PLAIN, DAY)
    data = meter_plain.plain_json_rows(network, command.PLAIN, DAY, utf8=True)
    assert text is not None and data is not None
    assert all(isinstance(row[2], bytes) for row in data[0])
    assert any(not row[1].isascii() for row in data[0] if row[1] is not None)
    assert (as_text(data[0]), data[1]) == text
    written: list[bytes] = []
    command.write_rows(*text, written.append, batch=7, write_utf8=written.append)
    as_bytes: list[bytes] = []
    command.write_rows(*data, as_bytes.append, batch=7, write_utf8=as_bytes.append)
    assert as_bytes == written
    with pytest.raises(ValueError):
        command.write_rows(*data, print)


@pytest.mark.parametrize(
    ("name", "organisation"),
    [("Ze\u2028ev", "Acme"), ("Ana \x85", "Acme"), ("Ana", "\u202eevil"), ("Ana\x7f", "")],
    ids=["line-separator", "c1", "bidi", "del"],
)
def test_strings_to_escape_are_read_as_text(
    network, tmp_path, capsys, monkeypatch, name, organisation
):
    """A name or organisation holding what JSON escapes here: the rows come as text,
    and the command prints what the Peewee path prints."""
    copy = tmp_path / "copy.db"
    shutil.copy(network, copy)
    with sqlite3.connect(copy) as raw:
        raw.execute(
            "UPDATE contact SET name = ?, organisation = ? WHERE id = 3", [name, organisation]
        )
    raw.close()
    found = meter_plain.plain_json_rows(copy, command.PLAIN, DAY, utf8=True)
    assert found is not None
    assert found == meter_plain.plain_json_rows(copy, command.PLAIN, DAY)
    with clock.pinned(NOW):
        capsys.readouterr()
        assert main(["--db", str(copy), "meter", "--json"]) == 0
        plain = capsys.readouterr().out
        monkeypatch.setattr(meter_plain, "plain_json_rows", lambda *args, **kwargs: None)
        assert main(["--db", str(copy), "meter", "--json"]) == 0
        assert capsys.readouterr().out == plain
    assert not any(c in plain for c in "\u2028\x85\u202e\x7f")
    assert any(f"\\u{c:04x}" in plain for c in (0x2028, 0x85, 0x202E, 0x7F))


def test_a_name_that_is_not_utf8_is_said_as_before(network, tmp_path, capsys, monkeypatch):
    copy = tmp_path / "copy.db"
    shutil.copy(network, copy)
    with sqlite3.connect(copy) as raw:
        raw.execute("UPDATE contact SET name = CAST(X'41FF42' AS TEXT) WHERE id = 3")
    raw.close()
    assert meter_plain.plain_json_rows(copy, command.PLAIN, DAY, utf8=True) is None
    with clock.pinned(NOW):
        capsys.readouterr()
        assert main(["--db", str(copy), "meter", "--json"]) == 1
        plain = capsys.readouterr()
        monkeypatch.setattr(meter_plain, "plain_json_rows", lambda *args, **kwargs: None)
        assert main(["--db", str(copy), "meter", "--json"]) == 1
        assert capsys.readouterr() == plain
    assert plain.out == "" and "UTF-8" in plain.err and plain.err.count("\n") == 1
