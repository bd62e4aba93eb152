"""``netui tie`` and ``netui brokers`` through the real entry point, on a real file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from netui.cli import main


@pytest.fixture
def run(db_path: Path, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def people(run) -> None:
    for argv in (
        ("Dana Levi", "--closeness", "5"),
        ("Avi Cohen",),
        ("Bo Ek", "--closeness", "2"),
        ("Dan Shaw",),
        ("Eve \x1b[31mRed",),
    ):
        assert run("add", *argv)[0] == 0


def ties(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT a_id, b_id, strength, context FROM tie ORDER BY id").fetchall()


def test_tie_then_update(run, people, db_path):
    assert run("tie", "dana levi", "avi", "--strength", "4") == (
        0,
        "Dana Levi knows Avi Cohen (strength 4).\n",
        "",
    )
    code, out, _ = run("tie", "Avi Cohen", "Dana Levi", "--context", "worked at  Helix")
    assert (code, out) == (0, "Updated: Avi Cohen knows Dana Levi (strength 4; worked at Helix).\n")
    code, out, _ = run("tie", "avi", "dana levi", "--strength", "2")
    assert out == "Updated: Avi Cohen knows Dana Levi (strength 2, was 4; worked at Helix).\n"
    assert ties(db_path) == [(1, 2, 2, "worked at Helix")]


def test_a_new_tie_has_strength_3(run, people, db_path):
    assert run("tie", "bo", "avi")[1] == "Bo Ek knows Avi Cohen (strength 3).\n"
    assert ties(db_path) == [(2, 3, 3, "")]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("avi", "Avi Cohen"),
            "netui: A contact cannot be tied to itself (both names are Avi Cohen).\n",
        ),
        (("avi", "nobody"), 'netui: No contact matches "nobody".\n'),
        (
            ("dan", "avi"),
            'netui: "dan" matches 2 contacts: Dan Shaw (#4), Dana Levi (#1); pick one by its '
            '#ID, e.g. "#4".\n',
        ),
        (("avi", "bo", "--strength", "6"), "netui: A tie strength is between 1 and 5.\n"),
        (
            ("avi", "bo", "--strength", "strong"),
            "netui: 'strong' is not a tie strength (a whole number from 1 to 5).\n",
        ),
    ],
)
def test_tie_errors_are_one_sentence_and_write_nothing(run, people, db_path, argv, message):
    run("tie", "dana levi", "bo", "--strength", "5", "--context", "school")
    before = ties(db_path)
    code, out, err = run("tie", *argv)
    assert (code, out, err) == (1, "", message)
    assert ties(db_path) == before


def test_a_bad_strength_is_refused_before_the_database_is_created(run, db_path):
    assert run("tie", "a", "b", "--strength", "0")[0] == 1
    assert not db_path.exists()


def test_tie_usage_error(run, people):
    code, _, err = run("tie", "avi")
    assert code == 2
    assert "the following arguments are required" in err


def test_brokers_table(run, people):
    run("tie", "dana levi", "avi", "--strength", "4")
    run("tie", "bo", "avi", "--strength", "2")
    run("tie", "eve", "bo", "--strength", "5")
    code, out, err = run("brokers", "avi")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Who can introduce you to Avi Cohen, best first:",
        "#  id  broker        score  path                              why",
        "1  #1  Dana Levi     20.00  Dana Levi → Avi Cohen             "
        "closeness 5/5, tie 4/5, credit 0",
        "2  #3  Bo Ek          4.00  Bo Ek → Avi Cohen                 "
        "closeness 2/5, tie 2/5, credit 0",
        "3  #5  Eve ␛[31mRed   6.00  Eve ␛[31mRed → Bo Ek → Avi Cohen  "
        "closeness 3/5, ties 5/5 and 2/5, credit 0",
    ]
    assert "\x1b" not in out


def test_brokers_json(run, people):
    run("tie", "dana levi", "avi", "--strength", "4")
    run("tie", "eve", "bo", "--strength", "5")
    run("tie", "bo", "avi", "--strength", "1")
    code, out, _ = run("brokers", "avi", "--json")
    assert code == 0
    items = json.loads(out)
    assert items == [
        {"name": "Dana Levi", "id": 1, "score": 20.0, "path": ["Dana Levi", "Avi Cohen"],
         "ids": [1, 2], "kind": "direct"},
        {"name": "Bo Ek", "id": 3, "score": 2.0, "path": ["Bo Ek", "Avi Cohen"], "ids": [3, 2],
         "kind": "direct"},
        {
            "name": "Eve \x1b[31mRed",
            "id": 5,
            "score": 3.0,
            "path": ["Eve \x1b[31mRed", "Bo Ek", "Avi Cohen"],
            "ids": [5, 3, 2],
            "kind": "chain",
        },
    ]  # fmt: skip
    assert "\x1b" not in out  # escaped by JSON


def test_brokers_json_scores_have_two_decimals(run, people, db_path):
    run("tie", "dana levi", "avi", "--strength", "4")
    with sqlite3.connect(db_path) as conn:  # meter 100 * (5 - 2) / 7 = 42.857...
        for direction, value in (("gave", 5), ("received", 2)):
            conn.execute(
                "INSERT INTO exchange (contact_id, date, direction, currency, value, note, "
                "created_at, member_id) VALUES (1, date('now'), ?, 'knowledge', ?, '',"
                " datetime('now'), 1)",
                (direction, value),
            )
    items = json.loads(run("brokers", "avi", "--json")[1])
    assert items[0]["score"] == round(20 * (1 + 300 / 7 / 200), 2) == 24.29


def test_brokers_when_nobody_can_introduce_you(run, people):
    code, out, err = run("brokers", "avi")
    assert (code, err) == (0, "")
    assert out.startswith("Nobody in your network can introduce you to Avi Cohen yet")
    assert run("brokers", "avi", "--json")[:2] == (0, "[]\n")


def test_brokers_of_an_unknown_or_ambiguous_name(run, people):
    assert run("brokers", "zed") == (1, "", 'netui: No contact matches "zed".\n')
    assert run("brokers", "dan")[0] == 1


def test_the_brokers_table_lines_up_wide_names(tmp_path, capsys):
    from netui.cli import main
    from netui.core.text import cell_width

    db = str(tmp_path / "wide.db")
    for name, closeness in (("田中 太郎", "5"), ("Ann Lee", "4"), ("Target", "3")):
        assert main(["--db", db, "add", name, "--closeness", closeness]) == 0
    assert main(["--db", db, "tie", "田中 太郎", "Target", "--strength", "5"]) == 0
    assert main(["--db", db, "tie", "Ann Lee", "Target", "--strength", "4"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "brokers", "Target"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if " → " in line]
    score_ends = {
        cell_width(line[: line.index(score) + len(score)])
        for line, score in zip(lines, ("25.00", "16.00"), strict=True)
    }
    assert len(score_ends) == 1, lines
