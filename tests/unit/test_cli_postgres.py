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


# --- a role that logs in with a password (SCRAM in the cluster's pg_hba.conf) -----------

PASSWORD = "s3cr3t Pä$$/w@rd:"


@pytest.fixture
def password_url(postgres_server, pg_url):
    """(the URL with the password, the URL without it) of a database its role owns."""
    import os
    from urllib.parse import quote

    name = pg_url.rsplit("/", 1)[1]
    role = f"pw_{os.getpid()}_{name}"
    postgres_server.password_role(role, PASSWORD, owns=name)
    where = f"127.0.0.1:{postgres_server.port}/{name}"
    return f"postgresql://{role}:{quote(PASSWORD, safe='')}@{where}", f"postgresql://{role}@{where}"


def secret_in(*texts: str) -> bool:
    from urllib.parse import quote

    return any(s in text for text in texts for s in (PASSWORD, quote(PASSWORD, safe=""), "s3cr3t"))


def test_a_role_that_logs_in_with_a_password(run, password_url):
    url, without = password_url
    code, out, err = run("--db", url, "add", "Dana Lévi")
    assert code == 0, err
    code, out, err = run("--db", url, "list")
    assert code == 0 and "Dana Lévi" in out and not secret_in(out, err)
    # Without it, or with a wrong one: one sentence, and never the password.
    code, out, err = run("--db", without, "list")
    assert code == 1 and len(err.strip().splitlines()) == 1
    wrong = url.replace("s3cr3t", "wrong")
    code, out, err = run("--db", wrong, "list")
    assert code == 1 and "refused the password" in err and not secret_in(out, err)
    assert "wrong" not in err


def test_the_password_may_come_from_pgpassword_or_a_password_file(
    run, password_url, tmp_path, monkeypatch
):
    """The safe ways, which never put the password on a command line: libpq reads
    ``PGPASSWORD`` and the password file (``~/.pgpass``, or ``PGPASSFILE``) itself
    when the URL has none."""
    from urllib.parse import urlsplit

    _, without = password_url
    monkeypatch.delenv("PGPASSFILE", raising=False)
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    code, out, err = run("--db", without, "add", "Dana Lévi")
    assert code == 0, err
    monkeypatch.delenv("PGPASSWORD")
    parts = urlsplit(without)
    database = parts.path.lstrip("/")
    secret = PASSWORD.replace("\\", "\\\\").replace(":", "\\:")  # the file's escapes
    passfile = tmp_path / "pgpass"
    passfile.write_text(
        f"{parts.hostname}:{parts.port}:{database}:{parts.username}:{secret}\n", encoding="utf-8"
    )
    passfile.chmod(0o600)  # libpq ignores a password file others can read
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    code, out, err = run("--db", without, "list")
    assert code == 0 and "Dana Lévi" in out and not secret_in(out, err)


def test_netui_serve_shows_the_password_in_no_command_line_and_no_output(password_url, tmp_path):
    """``ps`` shows every process's command line: neither netui serve's (started with
    ``--db URL``, password and all) nor a browser tab's netui may show the password."""
    import asyncio
    import os
    import socket
    import subprocess
    import sys
    import time

    pytest.importorskip("textual_serve")
    import aiohttp

    url, _ = password_url
    run_cli_once = subprocess.run(  # the schema first, so the server starts at once
        [sys.executable, "-m", "netui", "--db", url, "add", "Dana Lévi"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run_cli_once.returncode == 0, run_cli_once.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "NETUI_CONFIG": str(tmp_path / "config.toml"),
                   "NETUI_LOG_DIR": str(tmp_path)}  # fmt: skip
    environment.pop("NETUI_DB", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "netui", "--db", url, "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment,
    )  # fmt: skip

    def command_lines() -> list[str]:
        lines = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/cmdline", "rb") as file:
                        lines.append(file.read().replace(b"\0", b" ").decode(errors="replace"))
                except OSError:
                    continue
        return lines

    async def open_a_tab() -> list[str]:
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24") as tab,
        ):
            deadline = time.monotonic() + 120  # a bound for a stuck run, not a speed claim
            while not any("netui.web_app" in line for line in command_lines()):
                assert time.monotonic() < deadline, "no tab process started"
                await asyncio.sleep(0.1)
            seen = command_lines()
            await tab.close()
            return seen

    try:
        deadline = time.monotonic() + 120
        while True:  # listening?
            assert server.poll() is None, server.communicate()[0]
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert time.monotonic() < deadline, "netui serve never listened"
            time.sleep(0.1)
        seen = asyncio.run(open_a_tab())
        mine = [line for line in seen if "netui" in line]
        assert any("netui.web_app" in line for line in mine)
        assert any(" serve --port " in line for line in mine)
        assert not secret_in(*seen), [line for line in seen if secret_in(line)]
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0]
    assert not secret_in(output), output
    logs = [p.read_text(errors="replace") for p in tmp_path.rglob("*.log*")]
    assert not secret_in(*logs)


def test_a_missing_column_named_like_a_role_is_not_a_missing_user(run, pg_url):
    """A database another program changed under netui fails, as the owner opens it
    (migrations, policies), on a statement whose words hold "role" and "does not
    exist" (column db_role): the server's own reason is said, not "has no user
    postgres", which sent people looking at their login."""
    import psycopg

    assert run("--db", pg_url, "add", "Dana Levi")[0] == 0
    close_database()
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("ALTER TABLE member RENAME COLUMN db_role TO login")
        # The owner's next open installs the policies again, and fails on db_role.
        admin.execute("DROP FUNCTION netui_keepers(bigint[])")
    code, out, err = run("--db", pg_url, "add", "Eve Adams")
    assert code == 1 and out == ""
    assert "has no user" not in err
    assert "db_role does not exist" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_missing_role_other_than_the_urls_user_is_named(pg_url):
    import psycopg

    from netui.db.backends import server_sentence
    from netui.locations import ServerURL

    with psycopg.connect(pg_url, autocommit=True) as admin, pytest.raises(psycopg.Error) as raised:
        admin.execute("GRANT SELECT ON pg_class TO netui_nobody_here")
    said = server_sentence(raised.value, ServerURL(pg_url))
    assert said is not None and said.startswith("The PostgreSQL server at 127.0.0.1:")
    assert "has no role netui_nobody_here" in said and "has no user" not in said
