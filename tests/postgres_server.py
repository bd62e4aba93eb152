"""A private PostgreSQL cluster for the tests: started once per test process, one
database per test, stopped at the end.

The cluster lives in a temporary folder: ``initdb`` (run as the ``postgres`` user
when the tests run as root, since PostgreSQL refuses to run as root), then
``pg_ctl start`` listening on a Unix socket in that folder and on a free loopback
port, with no fsync (nothing here has to survive a crash). Tests that need it are
marked ``pg`` and skip, with the reason, only when PostgreSQL's programs are absent.

PostgreSQL's programs are found in ``$NETUI_PG_BIN``, else the newest
``/usr/lib/postgresql/*/bin`` (Debian's packages), else on ``PATH``.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

BIN_ENV = "NETUI_PG_BIN"
#: The OS user that runs the server when the tests run as root.
SERVER_USER = "postgres"
#: The cluster's superuser (a role, not an OS user).
SUPERUSER = "postgres"
#: Roles in this group log in with a password (SCRAM), as on a real server; every
#: other role is trusted on the private cluster.
PASSWORD_GROUP = "netui_password_login"


def find_bin() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or ``None``."""
    wanted = os.environ.get(BIN_ENV)
    candidates = [wanted] if wanted else []
    found = glob.glob("/usr/lib/postgresql/*/bin")
    found.sort(key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    candidates += reversed(found)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(str(Path(initdb).parent))
    for candidate in candidates:
        folder = Path(candidate)
        if all((folder / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


def missing_reason() -> str | None:
    """Why the cluster cannot start here (one line), or ``None`` when it can."""
    if find_bin() is None:
        return (
            "PostgreSQL is not installed (no initdb/pg_ctl in $NETUI_PG_BIN or "
            "/usr/lib/postgresql/*/bin): apt-get install postgresql"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no '{SERVER_USER}' user to run PostgreSQL as"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install -e '.[test]'"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One private cluster. :meth:`start`, :meth:`create_database`, :meth:`stop`."""

    def __init__(self) -> None:
        bin_folder = find_bin()
        if bin_folder is None:
            raise RuntimeError(missing_reason() or "PostgreSQL is not installed")
        self.bin = bin_folder
        self.folder = Path(tempfile.mkdtemp(prefix="netui-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.host = "127.0.0.1"
        self._names = itertools.count(1)
        self._netui: tuple[str, dict[str, tuple[list[str], list[tuple]]]] | None = None
        self.started = False

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        prefix: list[str] = []
        if os.geteuid() == 0:
            prefix = ["runuser", "-u", SERVER_USER, "--"]
        return subprocess.run(
            [*prefix, *command], check=True, capture_output=True, text=True, cwd=self.folder,
            stdin=subprocess.DEVNULL, timeout=120,
        )  # fmt: skip

    def start(self) -> None:
        if os.geteuid() == 0:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        os.chmod(self.folder, 0o755)
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        hba = self.data / "pg_hba.conf"
        rules = (
            f"local all +{PASSWORD_GROUP} scram-sha-256\n"
            f"host all +{PASSWORD_GROUP} {self.host}/32 scram-sha-256\n"
        )
        with open(hba, "r+", encoding="utf-8") as file:  # first match wins: on top
            rest = file.read()
            file.seek(0)
            file.write(rules + rest)
        options = " ".join([
            f"-p {self.port}", f"-c listen_addresses={self.host}",
            f"-c unix_socket_directories={self.folder}", "-c fsync=off",
            "-c synchronous_commit=off", "-c full_page_writes=off",
            "-c max_connections=200", "-c shared_buffers=32MB",
        ])  # fmt: skip
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
            "-o", options, "-w", "-t", "120", "start",
        )  # fmt: skip
        self.started = True
        with self.admin() as connection:
            connection.execute(f'CREATE ROLE "{PASSWORD_GROUP}" NOLOGIN')

    def password_role(self, role: str, password: str, owns: str) -> None:
        """A login role that must give ``password`` (SCRAM), owning database ``owns``."""
        from psycopg import sql

        with self.admin() as connection:
            connection.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                    sql.Identifier(role), sql.Literal(password), sql.Identifier(PASSWORD_GROUP)
                )
            )
            connection.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                    sql.Identifier(owns), sql.Identifier(role)
                )
            )

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(subprocess.SubprocessError, OSError):
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                          "-w", "stop")  # fmt: skip
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{database}"

    def admin(self):
        """A psycopg connection as the superuser to the ``postgres`` database."""
        import psycopg

        return psycopg.connect(self.url(), autocommit=True)

    def create_database(self, prefix: str = "netui", template: str | None = None) -> str:
        """A new database, empty or a copy of ``template``; its name."""
        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with self.admin() as connection:
            connection.execute(f'CREATE DATABASE "{name}"{copy}')
        return name

    def netui_database(self) -> str:
        """A netui database as netui makes it (its schema, its first rows), for one
        test: made once per test process, then emptied back to how it was made for
        each test (``TRUNCATE`` and the first rows again: a ``CREATE DATABASE`` per
        test took most of a second). Tests that need a database made from nothing, or
        change the schema, use :meth:`create_database`."""
        import psycopg

        if self._netui is None:
            from netui.db.connection import close_database, open_database

            name = self.create_database("netui_tests")
            open_database(self.url(name))
            close_database()
            with psycopg.connect(self.url(name), autocommit=True) as connection:
                tables = [t for (t,) in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    " ORDER BY tablename"
                )]  # fmt: skip
                first = {}
                for table in tables:
                    cursor = connection.execute(f'SELECT * FROM "{table}"')
                    rows = cursor.fetchall()
                    if rows:
                        first[table] = ([d.name for d in cursor.description], rows)
            self._netui = (name, first)
            return name
        name, first = self._netui
        with psycopg.connect(self.url(name), autocommit=True) as connection:
            tables = [t for (t,) in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )]  # fmt: skip
            with connection.transaction():
                listed = ", ".join(f'"{t}"' for t in tables)
                connection.execute(f"TRUNCATE {listed} RESTART IDENTITY CASCADE")
                for table in sorted(first, key=lambda t: t != "member"):  # members first
                    columns, rows = first[table]
                    marks = ", ".join(["%s"] * len(columns))
                    with connection.cursor() as cursor:
                        cursor.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
                    if "id" in columns:
                        connection.execute(
                            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                            f' (SELECT max(id) FROM "{table}"))'
                        )
        return name

    def drop_database(self, name: str) -> None:
        with contextlib.suppress(Exception), self.admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def raw_connect(location: str | Path):
    """A DB-API connection of its own to a test's database, outside netui (another
    window, psql): sqlite3 for a file, psycopg (autocommit) for a URL. Each statement
    commits on its own; the caller closes it."""
    if isinstance(location, str) and location.startswith("postgresql://"):
        import psycopg

        return psycopg.connect(location, autocommit=True)
    import sqlite3

    return sqlite3.connect(location, isolation_level=None)
