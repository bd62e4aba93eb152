"""Issue 13 on the command line: names found without their accents, same-named
contacts picked by NAME@ORG or #ID, and tables lined up whatever the names hold."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from rich.cells import cell_len

from netui.cli import main


@pytest.fixture
def run(db_path: Path, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), *argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def ids(db_path: Path) -> dict[tuple[str, str], int]:
    with sqlite3.connect(db_path) as conn:
        return {(n, o): i for i, n, o in conn.execute("SELECT id, name, organisation FROM contact")}


def logged(db_path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT contact_id, direction FROM exchange ORDER BY id").fetchall()


@pytest.fixture
def accented(run) -> None:
    for argv in (
        ("Dana Levi", "--closeness", "5"),
        ("Diego Álvarez", "--org", "Meridian"),
        ("Zoë Hartmann",),
        ("Jürgen Müller",),
        ("Łukasz Nowak",),
    ):
        assert run("add", *argv)[0] == 0
    assert run("tie", "Dana Levi", "Diego Álvarez", "--strength", "4")[0] == 0
    assert run("tie", "Dana Levi", "Łukasz Nowak", "--strength", "3")[0] == 0


def test_brokers_alvarez_finds_alvarez_with_an_accent(run, accented):
    code, out, err = run("brokers", "Alvarez")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Who can introduce you to Diego Álvarez, best first:"
    assert "Dana Levi → Diego Álvarez" in out
    code, out, _ = run("brokers", "lukasz", "--json")
    assert code == 0 and json.loads(out)[0]["path"] == ["Dana Levi", "Łukasz Nowak"]


@pytest.mark.parametrize(
    ("typed", "name"),
    [("zoe", "Zoë Hartmann"), ("muller", "Jürgen Müller"), ("lukasz", "Łukasz Nowak"),
     ("ZOË HARTMANN", "Zoë Hartmann"), ("diego alvarez", "Diego Álvarez")],
)  # fmt: skip
def test_log_finds_accented_names_typed_without_accents(run, accented, typed, name):
    code, out, err = run("log", typed, "--gave", "--currency", "knowledge", "--value", "2")
    assert (code, err) == (0, "")
    assert out.startswith(f"Gave knowledge (2) to {name} on ")


@pytest.fixture
def namesakes(run, db_path) -> dict[str, int]:
    for argv in (
        ("Dana Levi", "--closeness", "5"),
        ("Rita Alvarez", "--org", "Globex Inc."),
        ("Rita Álvarez", "--org", "Initech"),
        ("Rita Alvarez",),
    ):
        assert run("add", *argv)[0] == 0
    found = ids(db_path)
    return {
        "globex": found[("Rita Alvarez", "Globex Inc.")],
        "initech": found[("Rita Álvarez", "Initech")],
        "none": found[("Rita Alvarez", "")],
        "dana": found[("Dana Levi", "")],
    }


def test_an_ambiguous_name_lists_each_candidate_with_what_to_type(run, namesakes, db_path):
    code, out, err = run("log", "Rita Alvarez", "--gave", "--currency", "favour", "--value", "1")
    g, i, n = namesakes["globex"], namesakes["initech"], namesakes["none"]
    assert (code, out) == (1, "")
    assert err == (
        f'netui: "Rita Alvarez" matches 3 contacts: Rita Alvarez @ Globex Inc. (#{g}), '
        f"Rita Álvarez @ Initech (#{i}), Rita Alvarez (#{n}); pick one as NAME@ORG or #ID, "
        f'e.g. "Rita Alvarez@Globex Inc." or "#{g}".\n'
    )
    assert logged(db_path) == []


def test_name_at_org_and_hash_id_pick_one(run, namesakes, db_path):
    g, i, n = namesakes["globex"], namesakes["initech"], namesakes["none"]
    for typed in ("Rita Alvarez@Globex", "rita@GLOBEX INC."):
        code, out, _ = run("log", typed, "--gave", "--currency", "favour", "--value", "1")
        assert code == 0 and "to Rita Alvarez on" in out
    code, out, _ = run("log", "alvarez@initech", "--received", "--currency", "access",
                       "--value", "2")  # fmt: skip
    assert code == 0 and "from Rita Álvarez on" in out
    assert run("log", f"#{n}", "--gave", "--currency", "support", "--value", "3")[0] == 0
    assert logged(db_path) == [(g, "gave"), (g, "gave"), (i, "received"), (n, "gave")]
    assert run("tie", "Dana Levi", f"#{i}")[0] == 0
    assert run("log", "#9999", "--gave", "--currency", "support", "--value", "3") == (
        1, "", "netui: There is no contact with id #9999.\n"
    )  # fmt: skip


def test_meter_and_brokers_carry_the_ids(run, namesakes):
    g, i, dana = namesakes["globex"], namesakes["initech"], namesakes["dana"]
    run("tie", "Dana Levi", f"#{g}", "--strength", "4")
    run("tie", "Dana Levi", f"#{i}", "--strength", "2")
    meter = json.loads(run("meter", "--json")[1])
    assert {(row["id"], row["name"]) for row in meter} == {
        (g, "Rita Alvarez"), (i, "Rita Álvarez"), (namesakes["none"], "Rita Alvarez"),
        (dana, "Dana Levi"),
    }  # fmt: skip
    text = run("meter")[1].splitlines()
    assert sorted(line.split()[0] for line in text[1:]) == sorted(f"#{row['id']}" for row in meter)

    direct, chain = json.loads(run("brokers", f"#{g}", "--json")[1])
    assert (direct["id"], direct["ids"]) == (dana, [dana, g])
    assert direct["path"] == ["Dana Levi", "Rita Alvarez"]  # as stored
    assert (chain["id"], chain["ids"]) == (i, [i, dana, g])
    code, out, _ = run("brokers", "Rita Alvarez@Globex")
    assert code == 0
    # Names others share are followed by the organisation; the broker's id is shown.
    assert out.splitlines()[0] == "Who can introduce you to Rita Alvarez @ Globex Inc., best first:"
    assert f"#{dana}  Dana Levi" in out and "Dana Levi → Rita Alvarez @ Globex Inc." in out


WIDE_NAMES = (
    "Sam 👩🏽‍💻 Dev",  # a ZWJ sequence with a skin tone
    "Family 👨‍👩‍👧‍👦",  # a four-person ZWJ sequence
    "Thumbs 👍🏽",  # a skin tone
    "Zero\u200bWidth",  # a zero-width space
    "김민준",  # Hangul
    "王芳",  # CJK
    "Plain Name",
)


def columns_line_up(lines: list[str], marker: str) -> set[int]:
    """The terminal column (as Rich counts cells) at which ``marker`` starts, per line."""
    return {cell_len(line[: line.index(marker)]) for line in lines if marker in line}


def test_the_meter_table_lines_up_emoji_zero_width_and_hangul(run):
    for name in WIDE_NAMES:
        assert run("add", name)[0] == 0
        assert run("log", name, "--gave", "--currency", "knowledge", "--value", "3")[0] == 0
    code, out, _ = run("meter")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 1 + len(WIDE_NAMES)
    assert len(columns_line_up(lines[1:], "│")) == 1, out  # the meter bars' centres
    assert len(columns_line_up(lines[1:], "3.00")) == 1, out  # the given column
    assert len({cell_len(line.split("  never")[0].rstrip()) for line in lines[1:]}) == 1, out


def test_the_brokers_table_lines_up_emoji_zero_width_and_hangul(run):
    assert run("add", "Target")[0] == 0
    for n, name in enumerate(WIDE_NAMES):
        assert run("add", name, "--closeness", "4")[0] == 0
        assert run("tie", name, "Target", "--strength", str(1 + n % 2))[0] == 0
    code, out, _ = run("brokers", "Target")
    lines = [line for line in out.splitlines() if " → " in line]
    assert code == 0 and len(lines) == len(WIDE_NAMES)
    assert len(columns_line_up(lines, ".00  ")) == 1, out  # the end of the score column
    assert len(columns_line_up(lines, "closeness")) == 1, out  # the why column
