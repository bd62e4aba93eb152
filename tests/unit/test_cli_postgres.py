"""The command line on a PostgreSQL database: ``--db postgresql://…`` and
``$NETUI_DB`` open a team database on a server, and every way it can fail is one
sentence and a non-zero exit, never a traceback."""

from __future__ import annotations

import json

import pytest

from netui.cli import main
from netui.db.connection import close_database

pytestmark = pytest.mark.pg


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NETUI_DEBUG", raising=False)

    def run(*argv: str) -> tuple[int, str, str]:
        close_database()
        code = main(list(argv))
        close_database()
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_commands_work_on_a_server_named_by_db(run, pg_url):
    assert run("--db", pg_url, "add", "Dana Lévi")[0] == 0
    assert run("--db", pg_url, "add", "Tal Target")[0] == 0
    assert run("--db", pg_url, "add", "אבי כהן 🎉 [/]")[0] == 0
    assert run("--db", pg_url, "tie", "Dana Lévi", "Tal Target", "--strength", "4")[0] == 0
    code, out, _ = run("--db", pg_url, "list")
    assert code == 0
    assert ["Dana Lévi" in out, "Tal Target" in out, "אבי כהן 🎉 [/]" in out] == [True] * 3
    code, out, _ = run("--db", pg_url, "brokers", "Tal Target", "--json")
    assert code == 0
    assert [route["name"] for route in json.loads(out)] == ["Dana Lévi"]


def test_netui_db_may_be_a_server_url(run, pg_url, monkeypatch):
    monkeypatch.setenv("NETUI_DB", pg_url)
    assert run("add", "Dana Levi")[0] == 0
    code, out, _ = run("list")
    assert code == 0 and "Dana Levi" in out


def test_backup_of_a_server_says_to_use_pg_dump(run, pg_url):
    run("--db", pg_url, "add", "Dana Levi")
    code, out, err = run("--db", pg_url, "backup")
    assert code == 1 and out == ""
    assert "is a PostgreSQL database, not a file" in err and "pg_dump" in err
    assert len(err.strip().splitlines()) == 1


def test_reading_an_empty_server_database_points_to_netui_add(run, pg_url):
    code, _, err = run("--db", pg_url, "list")
    assert code == 1
    assert "There is no netui database in" in err and "netui add NAME" in err


def test_a_database_of_another_program_is_refused(run, pg_url):
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as other:
        other.execute("CREATE TABLE invoices (id integer)")
    code, _, err = run("--db", pg_url, "add", "Dana Levi")
    assert code == 1
    assert "is a PostgreSQL database, but not a netui database" in err


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://postgres@127.0.0.1:{port}", "names no database"),
        ("postgresql://postgres@127.0.0.1:port/x", "is not a valid PostgreSQL URL"),
        ("postgresql://nobody@127.0.0.1:{port}/postgres", "has no user nobody"),
        ("postgresql://postgres@127.0.0.1:{port}/no_such_db", "has no database no_such_db"),
        ("postgresql://postgres@127.0.0.1:{closed}/x", "(connection refused): is it running?"),
    ],
)
def test_a_bad_url_or_server_is_one_sentence(run, postgres_server, url, expected):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    code, out, err = run("--db", url.format(port=postgres_server.port, closed=closed), "list")
    assert code == 1 and out == ""
    assert expected in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_password_in_the_url_is_never_shown(run, postgres_server):
    url = f"postgresql://postgres:s3cret@127.0.0.1:{postgres_server.port}/no_such_db"
    code, _, err = run("--db", url, "list")
    assert code == 1 and "s3cret" not in err
