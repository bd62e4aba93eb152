"""``netui list``, ``netui show`` and ``netui query`` through the real entry point, on a
real file: the tables, the documented JSON shapes, and mutt's query format read the
way mutt reads it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from netui.cli import main
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact, set_archived
from netui.db.goods import GoodFields, create_good
from netui.db.ledger import log_exchange
from netui.db.ties import set_tie
from tests.pinned_day import TODAY

LIST_KEYS = {
    "id", "name", "organisation", "role", "email", "phone", "linkedin_url", "location",
    "second_degree", "archived", "tags", "last_contact", "meter",
}  # fmt: skip
SHOW_KEYS = {
    "id", "name", "organisation", "role", "email", "phone", "linkedin_url", "location",
    "how_we_met", "career_path", "notes", "private_notes", "closeness", "cadence_days",
    "second_degree", "in_my_network", "archived", "tags", "expertise", "interests", "created_at",
    "updated_at", "meter", "ties", "exchange_count", "last_exchanges", "goods",
}  # fmt: skip


@pytest.fixture
def ids(db_path: Path) -> dict[str, int]:
    """A small network with accents, Hebrew, emoji, markup and a tab in a field."""
    open_database(db_path)
    found = {
        "dana": create_contact(
            ContactFields(
                "Dana Levi",
                organisation="Globex",
                role="Head of Data",
                email="dana@globex.example",
                phone="+972 50 000 0000",
                tags=("fintech",),
                interests=("hiring",),
                cadence_days=30,
                notes="Likes [bold]markup[/] literally.\nSecond line.",
            )
        ),
        "zoe": create_contact(
            ContactFields("Zoë Müller", organisation="Zürich Re", email="zoe@zurich.example")
        ),
        "hebrew": create_contact(
            ContactFields("דנה כהן", organisation="גלובקס", email="dana.cohen@globex.example")
        ),
        "emoji": create_contact(
            ContactFields("Sam 🚀 Lee", organisation="Tab\tCorp\nLtd", email="sam@rocket.example")
        ),
        "nomail": create_contact(
            ContactFields("Avi Cohen", organisation="Globex", second_degree=True)
        ),
        "gone": create_contact(
            ContactFields("Dana Old", organisation="Globex", email="old@globex.example")
        ),
        "loner": create_contact(ContactFields("Yael Stone", email="yael@stone.example")),
    }
    set_archived(found["gone"], True)
    set_tie(found["dana"], found["nomail"], 4, "worked together at Globex")
    set_tie(found["dana"], found["zoe"], 2)
    for days, direction, currency, value, note in (
        (40, "gave", "knowledge", 3, "the deck"),
        (20, "received", "introduction", 4, "to Avi"),
        (10, "gave", "information", 2, ""),
    ):
        log_exchange(
            found["dana"], direction, currency, value, note=note, on=TODAY - dt.timedelta(days)
        )
    create_good(GoodFields("Salary benchmarks", kind="information", tags=("hiring",)))
    close_database()
    return found


@pytest.fixture
def run(db_path: Path, capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        close_database()
        code = main(["--db", str(db_path), *argv])
        close_database()
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


# --- netui list ----------------------------------------------------------------------------


def test_list_prints_everyone_live_in_name_order(run, ids) -> None:
    code, out, err = run("list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "ORGANISATION", "ROLE", "EMAIL"]
    names = [line.split("  ")[1].strip() for line in lines[1:]]
    assert "Dana Old" not in out  # archived
    assert names[:2] == ["Avi Cohen", "Dana Levi"]
    assert "Tab Corp ⏎ Ltd" in out  # a tab and a newline never break the table
    assert f"#{ids['dana']}" in lines[2]


def test_list_query_is_the_apps_search(run, ids) -> None:
    code, out, _ = run("list", "zoe")  # accents ignored
    assert code == 0 and "Zoë Müller" in out and "Dana" not in out
    code, out, _ = run("list", "globex", "data")  # every word, in any field
    assert [line.split()[1] for line in out.splitlines()[1:]] == ["Dana"]
    code, out, _ = run("list", "nobody-at-all")
    assert (code, out) == (0, 'No contact matches "nobody-at-all".\n')
    code, out, _ = run("list", "--archived")
    assert "Dana Old" in out and "Dana Levi" not in out


def test_list_json_shape(run, ids) -> None:
    code, out, _ = run("list", "--json", "dana")
    assert code == 0
    items = json.loads(out)
    # Dana Old is archived; דנה כהן matches by her email, dana.cohen@….
    assert [item["name"] for item in items] == ["Dana Levi", "דנה כהן"]
    dana = items[0]
    assert set(dana) == LIST_KEYS
    assert dana["id"] == ids["dana"]
    assert dana["tags"] == ["fintech"]
    assert dana["last_contact"] == (TODAY - dt.timedelta(10)).isoformat()
    assert isinstance(dana["meter"], float) and -100 <= dana["meter"] <= 100
    assert dana["archived"] is False and dana["second_degree"] is False
    code, out, _ = run("list", "--json", "avi")
    assert json.loads(out)[0]["meter"] is None  # nothing exchanged
    assert json.loads(run("list", "--json", "nobody")[1]) == []


# --- netui show ----------------------------------------------------------------------------


def test_show_prints_fields_standing_ties_exchanges_goods_and_notes(run, ids) -> None:
    code, out, err = run("show", "dana levi")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Dana Levi  (#{ids['dana']})"
    assert lines[1] == "Head of Data · Globex"
    assert "Email          dana@globex.example" in lines
    assert "Keep in touch  every 30 days" in lines
    assert f"Last contact   {(TODAY - dt.timedelta(10)).isoformat()}" in lines
    assert "Knows (2)" in lines
    assert "  4/5 Avi Cohen 2° · worked together at Globex" in lines
    assert "Exchanges (last 3 of 3)" in lines
    newest = f"  {(TODAY - dt.timedelta(10)).isoformat()} → gave     information 2"
    assert lines[lines.index("Exchanges (last 3 of 3)") + 1] == newest
    assert any(line.startswith("  * Salary benchmarks · ") for line in lines)
    assert lines[-2:] == ["  Likes [bold]markup[/] literally.", "  Second line."]


def test_show_json_shape(run, ids) -> None:
    code, out, _ = run("show", "--json", f"#{ids['dana']}")
    assert code == 0
    dana = json.loads(out)
    assert set(dana) == SHOW_KEYS
    assert dana["notes"] == "Likes [bold]markup[/] literally.\nSecond line."
    assert set(dana["meter"]) == {
        "given", "received", "balance", "meter", "last_contact", "cadence_days", "overdue",
    }  # fmt: skip
    assert dana["meter"]["cadence_days"] == 30 and dana["meter"]["overdue"] is False
    assert [tie["name"] for tie in dana["ties"]] == ["Avi Cohen", "Zoë Müller"]  # strongest first
    assert set(dana["ties"][0]) == {
        "id", "name", "organisation", "strength", "context", "second_degree",
    }  # fmt: skip
    assert dana["exchange_count"] == 3
    assert [e["note"] for e in dana["last_exchanges"]] == ["", "to Avi", "the deck"]
    assert set(dana["last_exchanges"][0]) == {
        "id", "date", "direction", "currency", "value", "note",
    }  # fmt: skip
    assert [g["title"] for g in dana["goods"]] == ["Salary benchmarks"]
    assert set(dana["goods"][0]) == {"id", "title", "kind", "score", "why"}


def test_show_overdue_and_archived(run, ids) -> None:
    loner = json.loads(run("show", "--json", "yael")[1])
    assert loner["meter"]["last_contact"] is None
    assert loner["meter"]["cadence_days"] == 90  # the default
    assert loner["meter"]["overdue"] is False  # added today: not yet
    gone = json.loads(run("show", "--json", "dana old")[1])  # archived ones can be shown
    assert gone["archived"] is True and gone["meter"]["overdue"] is False
    assert "(archived)" in run("show", "dana old")[1].splitlines()[0]


def test_show_unknown_or_ambiguous_is_one_sentence(run, ids) -> None:
    code, out, err = run("show", "nobody")
    assert (code, out) == (1, "") and err == 'netui: No contact matches "nobody".\n'
    code, out, err = run("show", "dana")
    assert code == 1 and err.count("\n") == 1 and "matches 2 contacts" in err


# --- netui query: mutt's query_command ---------------------------------------------------


def mutt_reads(output: str) -> tuple[str, list[tuple[str, str | None, str | None]]]:
    """What mutt's ``run_query`` (query.c) makes of a query command's output: the first
    line is the message; every later line is cut at runs of tabs and newlines
    (``strtok(buf, "\\t\\n")``) into address, name and other information."""
    lines = output.split("\n")
    message, results = lines[0], []
    for line in lines[1:]:
        tokens = [token for token in line.replace("\n", "\t").split("\t") if token]
        if tokens:
            tokens += [None, None]
            results.append((tokens[0], tokens[1], tokens[2]))
    return message, results


def test_query_is_what_mutt_reads(run, ids) -> None:
    code, out, err = run("query", "dana")
    assert (code, err) == (0, "")
    message, results = mutt_reads(out)
    assert message == 'netui: 2 addresses for "dana".'
    # Dana Old is archived; דנה כהן matches by her email.
    assert results == [
        ("dana@globex.example", "Dana Levi", "Globex"),
        ("dana.cohen@globex.example", "דנה כהן", "גלובקס"),
    ]
    _, results = mutt_reads(run("query", "globex")[1])  # Avi Cohen has no email
    assert [email for email, _, _ in results] == [
        "dana@globex.example",
        "dana.cohen@globex.example",
    ]


def test_query_fields_never_carry_a_tab_or_a_newline(run, ids) -> None:
    out = run("query", "rocket")[1]
    assert out.count("\n") == 2
    _, results = mutt_reads(out)
    assert results == [("sam@rocket.example", "Sam 🚀 Lee", "Tab Corp ⏎ Ltd")]
    _, results = mutt_reads(run("query", "yael")[1])
    assert results == [("yael@stone.example", "Yael Stone", None)]  # no organisation


def test_query_folds_accents_and_finding_nobody_is_said(run, ids) -> None:
    assert mutt_reads(run("query", "muller")[1])[1][0][1] == "Zoë Müller"
    code, out, _ = run("query", "nobody")
    assert (code, out) == (0, 'netui: no contact with an email matches "nobody".\n')


def test_query_for_aerc_has_no_first_line(run, ids) -> None:
    code, out, _ = run("query", "--no-first-line", "zoe")
    assert (code, out) == (0, "zoe@zurich.example\tZoë Müller\tZürich Re\n")
    assert run("query", "--no-first-line", "nobody")[1] == ""


def test_query_in_a_real_process_imports_no_ui(db_path: Path, ids, tmp_path: Path) -> None:
    code = (
        "import sys\nfrom netui.cli import main\ncode = main(sys.argv[1:])\n"
        "print('UI', [m for m in sys.modules if m.split('.')[0] in ('textual', 'vobject')],"
        " file=sys.stderr)\nsys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "--db", str(db_path), "query", "zoe"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.splitlines()[1] == "zoe@zurich.example\tZoë Müller\tZürich Re"
    assert "UI []" in result.stderr


def test_show_says_my_private_notes_as_the_app_does(run, ids, db_path) -> None:
    """The detail pane shows them under "My private notes"; netui show said nothing."""
    from netui.db.connection import close_database
    from netui.db.private_notes import write_private_notes

    open_database(db_path)
    write_private_notes(ids["dana"], "Ask about [bold]Lisbon[/]\nbefore the 5th")
    close_database()
    code, out, _ = run("show", "dana levi")
    assert code == 0
    lines = out.splitlines()
    assert lines[-3:] == ["My private notes", "  Ask about [bold]Lisbon[/]", "  before the 5th"]
    code, out, _ = run("show", "--json", "dana levi")
    assert json.loads(out)["private_notes"] == "Ask about [bold]Lisbon[/]\nbefore the 5th"
