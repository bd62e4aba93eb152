"""``netui log`` and ``netui meter`` through the real entry point, on a real file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from netui.cli import main
from netui.db.connection import open_database
from tests.pinned_day import TODAY


@pytest.fixture
def run(db_path: Path, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def people(run) -> None:
    for argv in (("Dana Levi", "--org", "Northwind"), ("Dan Shaw",), ("Eve \x1b[31mRed",)):
        assert run("add", *argv)[0] == 0


def exchanges(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT c.name, e.direction, e.currency, e.value, e.note, e.date "
            "FROM exchange e JOIN contact c ON c.id = e.contact_id ORDER BY e.id"
        ).fetchall()


def test_log_writes_one_exchange_and_shows_the_meter(run, people, db_path):
    code, out, err = run(
        "log", "dana levi", "--gave", "--currency", "Knowledge", "--value", "3", "--note", "deck"
    )
    assert (code, err) == (0, "")
    assert f"Gave knowledge (3) to Dana Levi on {TODAY.isoformat()}." in out
    assert "Meter now +100" in out
    code, out, _ = run(
        "log", "Shaw", "--received", "--currency", "favour", "--value", "2",
        "--date", "2024-02-29",
    )  # fmt: skip
    assert code == 0 and "Received favour (2) from Dan Shaw on 2024-02-29." in out
    assert exchanges(db_path) == [
        ("Dana Levi", "gave", "knowledge", 3, "deck", TODAY.isoformat()),
        ("Dan Shaw", "received", "favour", 2, "", "2024-02-29"),
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("Dana Levi", "--gave", "--currency", "money", "--value", "3"),
         "knowledge, information, introduction, access, support, favour, other"),
        (("Dana Levi", "--gave", "--currency", "favour", "--value", "6"), "1 to 5"),
        (("Dana Levi", "--gave", "--currency", "favour", "--value", "0"), "1 to 5"),
        (("Dana Levi", "--gave", "--currency", "favour", "--value", "lots"), "1 to 5"),
        (("Dana Levi", "--gave", "--currency", "favour", "--value", "2", "--date", "2999-01-01"),
         "future"),
        (("Dana Levi", "--gave", "--currency", "favour", "--value", "2", "--date", "31/12/2024"),
         "YYYY-MM-DD"),
        (("Nobody", "--gave", "--currency", "favour", "--value", "2"), "No contact matches"),
        (("Dan", "--gave", "--currency", "favour", "--value", "2"), "matches 2 contacts"),
    ],
)  # fmt: skip
def test_refused_entries_exit_1_and_write_nothing(run, people, db_path, argv, message):
    code, out, err = run("log", *argv)
    assert code == 1 and out == ""
    assert message in err
    assert err.startswith("netui: ") and err.count("\n") == 1
    assert exchanges(db_path) == []


@pytest.mark.parametrize(
    "argv",
    [
        ("Dana Levi", "--currency", "favour", "--value", "2"),  # neither --gave nor --received
        ("Dana Levi", "--gave", "--received", "--currency", "favour", "--value", "2"),
        ("Dana Levi", "--gave", "--value", "2"),  # no currency
        ("Dana Levi", "--gave", "--currency", "favour"),  # no value
    ],
)
def test_usage_errors_exit_2(run, people, db_path, argv):
    code, _, err = run("log", *argv)
    assert code == 2 and "Try 'netui log --help'" in err
    assert exchanges(db_path) == []


def test_meter_table(run, people):
    run("log", "Dana Levi", "--gave", "--currency", "access", "--value", "4")
    run("log", "Dana Levi", "--received", "--currency", "favour", "--value", "1")
    run("log", "Eve", "--received", "--currency", "support", "--value", "5")
    code, out, err = run("meter")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [
        "ID", "NAME", "GIVEN", "RECEIVED", "BALANCE", "METER", "LAST", "EXCHANGE", "OVERDUE",
    ]  # fmt: skip
    assert [line.split()[:2] for line in lines[1:]] == [["#3", "Eve"], ["#1", "Dana"],
                                                         ["#2", "Dan"]]  # fmt: skip
    assert "Eve ␛[31mRed" in lines[1] and "\x1b" not in out  # shown literally, safely
    assert "-100  ████│────" in lines[1]
    assert "+60" in lines[2] and "4.00" in lines[2] and "+3.00" in lines[2]
    assert lines[3].split()[-1] == "never"
    # every line is as wide as its columns: the meter bars line up
    assert len({line.index("│") for line in lines[1:]}) == 1


def test_meter_json_shape(run, people):
    run("log", "Dana Levi", "--gave", "--currency", "access", "--value", "4")
    run("log", "Dana Levi", "--received", "--currency", "favour", "--value", "1")
    code, out, _ = run("meter", "--json")
    assert code == 0
    data = json.loads(out)
    assert [item["name"] for item in data] == ["Dana Levi", "Dan Shaw", "Eve \x1b[31mRed"]
    assert all(
        set(item) == {
            "id", "name", "given", "received", "balance", "meter", "last_exchange",
            "last_contact", "cadence_days", "overdue", "organisation",
        }
        for item in data
    )  # fmt: skip
    assert data[0] == {
        "id": 1,
        "name": "Dana Levi",
        "organisation": "Northwind",
        "given": 4.0,
        "received": 1.0,
        "balance": 3.0,
        "meter": 60.0,
        "last_exchange": TODAY.isoformat(),
        "last_contact": TODAY.isoformat(),
        "cadence_days": 90,
        "overdue": False,
    }
    assert data[1]["last_exchange"] is None and data[1]["meter"] == 0


def test_meter_on_an_empty_database(run, db_path):
    open_database(db_path).close()
    assert run("meter") == (0, "No contacts yet; add one with: netui add NAME\n", "")
    assert run("meter", "--json") == (0, "[]\n", "")


def test_meter_on_a_missing_database_creates_nothing(run, db_path):
    code, out, err = run("meter")
    assert (code, out) == (1, "")
    assert err == (
        f"netui: There is no netui database at {db_path}; check the path (--db or "
        "$NETUI_DB), or start one with: netui add NAME.\n"
    )
    assert list(db_path.parent.iterdir()) == []
