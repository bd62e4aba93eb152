"""A team's network for the team-scale benchmark, as an SQLite file and on a private
PostgreSQL cluster, with the same rows in both.

``members`` members, each with ``per_member`` contacts of their own; the networks
overlap by half: contacts are laid on a ring, member *m* knows the ``per_member``
contacts from ``m * per_member / 2`` on, so each contact is known by exactly two
members and the team has ``members * per_member / 2`` contacts (10 members of 30,000:
150,000 contacts). Ties are 10x and exchanges 5x the contacts, as in every other
benchmark network (:mod:`benchmarks.generate`); each exchange belongs to one of the
two members who know its contact, as do meetings and touches. Every member has a
relationship (closeness 1-5) with each of their contacts.

The SQLite file is :func:`benchmarks.generate.generate`'s network, reshaped in one
transaction. The server's copy is loaded from that file with ``COPY`` in one
transaction (foreign-key triggers off, secondary indexes dropped and made again
after the load), each member given their login role as ``netui team add-member``
gives it, and ``ANALYZE``\\ d; then dumped with ``pg_dump``. Both are cached, keyed
by size, seed and generator version, so a rerun restores instead of generating.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import GENERATOR_VERSION, generate

#: Bump when the reshaping changes, so cached team networks are rebuilt.
TEAM_VERSION = 1

DATABASE = "netui_team"


def member_name(n: int) -> str:
    return f"Member {n}"


def team_path(cache: Path, members: int, per_member: int, seed: int) -> Path:
    total = members * per_member // 2
    return cache / (
        f"team-m{members}-p{per_member}-c{total}-s{seed}-v{GENERATOR_VERSION}.{TEAM_VERSION}.db"
    )


def ensure_team_file(cache: Path, members: int, per_member: int, seed: int) -> Path:
    """The cached SQLite team network, generated and reshaped on first use."""
    path = team_path(cache, members, per_member, seed)
    if path.exists():
        return path
    if per_member % 2 or members < 2:
        raise SystemExit("--per-member must be even and --members at least 2.")
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".{os.getpid()}.partial")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(partial) + suffix).unlink()
    total = members * per_member // 2
    started = time.perf_counter()
    generate(partial, total, 10 * total, 5 * total, seed=seed)
    generated = time.perf_counter()
    print(f"  generated {total:,} contacts in {generated - started:.1f} s", flush=True)
    reshape(partial, members, per_member, seed)
    partial.replace(path)
    print(f"  made the team of {members} in {time.perf_counter() - generated:.1f} s", flush=True)
    return path


def reshape(path: Path, members: int, per_member: int, seed: int) -> None:
    """Turn a one-member network into the team's (see the module's docstring)."""
    rng = random.Random(f"team-{seed}")
    half = per_member // 2
    total = members * half
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN")
        stamp = connection.execute("SELECT created_at FROM member WHERE id = 1").fetchone()[0]
        connection.execute("UPDATE member SET name = ? WHERE id = 1", (member_name(1),))
        connection.executemany(
            "INSERT INTO member (id, name, db_role, created_at) VALUES (?, ?, '', ?)",
            ((n, member_name(n), stamp) for n in range(2, members + 1)),
        )
        first = {
            cid: (closeness, cadence)
            for cid, closeness, cadence in connection.execute(
                "SELECT contact_id, closeness, cadence_days FROM relationship"
            )
        }
        connection.execute("DELETE FROM relationship")

        def relationships() -> Any:
            for m in range(members):
                for index in range(m * half, m * half + per_member):
                    cid = index % total + 1
                    if m == 0:
                        closeness, cadence = first[cid]
                    else:
                        closeness = rng.choices((1, 2, 3, 4, 5), weights=(10, 25, 35, 20, 10))[0]
                        cadence = rng.choice((30, 60, 90, 180, 365)) if rng.random() < 0.3 else None
                    yield (m + 1, cid, closeness, cadence)

        connection.executemany(
            "INSERT INTO relationship (member_id, contact_id, closeness, cadence_days,"
            " private_notes, shared) VALUES (?, ?, ?, ?, '', 0)",
            relationships(),
        )
        # Contact index i is known by members i // half and the one before it.
        owner = f"((((contact_id - 1) / {half}) - (id % 2) + {members}) % {members}) + 1"
        for table in ("exchange", "meeting", "touch"):
            connection.execute(f"UPDATE {table} SET member_id = {owner}")
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
        connection.execute("VACUUM")
    finally:
        connection.close()


# --- the server ------------------------------------------------------------------------


def _postgres_server_class() -> Any:
    root = str(Path(__file__).resolve().parents[1])
    if root not in sys.path:
        sys.path.insert(0, root)
    from tests.postgres_server import PostgresServer

    return PostgresServer


class TeamServer:
    """A private PostgreSQL cluster (as the tests start one) sized for a benchmark:
    ``shared_buffers`` of 256 MB rather than the tests' 32 MB; fsync off."""

    def __init__(self) -> None:
        self.server = _postgres_server_class()()

    def start(self) -> None:
        server = self.server
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            account = pwd.getpwnam("postgres")
            os.chown(server.folder, account.pw_uid, account.pw_gid)
        os.chmod(server.folder, 0o755)
        server._run(
            str(server.bin / "initdb"), "-D", str(server.data), "-U", "postgres", "-A",
            "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        options = " ".join([
            f"-p {server.port}", f"-c listen_addresses={server.host}",
            f"-c unix_socket_directories={server.folder}", "-c fsync=off",
            "-c synchronous_commit=off", "-c full_page_writes=off",
            "-c shared_buffers=256MB", "-c maintenance_work_mem=256MB",
            "-c max_wal_size=4GB", "-c checkpoint_timeout=30min",
        ])  # fmt: skip
        server._run(
            str(server.bin / "pg_ctl"), "-D", str(server.data), "-l",
            str(server.folder / "log"), "-o", options, "-w", "-t", "120", "start",
        )  # fmt: skip
        server.started = True

    def stop(self) -> None:
        self.server.stop()

    def url(self, user: str = "postgres") -> str:
        return self.server.url(DATABASE, user=user)

    def admin(self) -> Any:
        return self.server.admin()

    def tool(self, name: str, *args: str) -> None:
        """Run one of PostgreSQL's programs (pg_dump, pg_restore) as the superuser."""
        subprocess.run(
            [str(self.server.bin / name), "-h", self.server.host, "-p",
             str(self.server.port), "-U", "postgres", *args],
            check=True, stdin=subprocess.DEVNULL,
        )  # fmt: skip


def role_of(n: int) -> str:
    from netui.db.roles import role_name_for

    return role_name_for(member_name(n), n)


def ensure_team_server(server: TeamServer, source: Path, members: int) -> None:
    """The team database on ``server``: restored from the cached dump next to
    ``source``, else loaded from ``source`` and dumped there."""
    dump = source.with_suffix(".pgdump")
    with server.admin() as admin:
        for n in range(1, members + 1):  # roles live in the cluster, not in a dump
            admin.execute(f'CREATE ROLE "{role_of(n)}" LOGIN')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    started = time.perf_counter()
    if dump.exists():
        server.tool("pg_restore", "-d", DATABASE, "-j", "2", str(dump))
        with _connect(server.url()) as connection:
            connection.execute("ANALYZE")
        print(f"  restored {dump.name} in {time.perf_counter() - started:.1f} s", flush=True)
        _upgrade_as_owner(server)
        return
    load(server, source, members)
    loaded = time.perf_counter()
    print(f"  loaded the team into PostgreSQL in {loaded - started:.1f} s", flush=True)
    partial = dump.with_name(dump.name + f".{os.getpid()}.partial")
    server.tool("pg_dump", "-Fc", "-Z", "1", "-f", str(partial), DATABASE)
    partial.replace(dump)
    print(f"  dumped it to {dump.name} in {time.perf_counter() - loaded:.1f} s", flush=True)


def _upgrade_as_owner(server: TeamServer) -> None:
    """Open the restored database once as the tables' owner: a dump cached by an older
    netui is migrated and its policies installed (a member's role may do neither)."""
    from netui.db.connection import close_database, open_database
    from netui.locations import ServerURL

    open_database(ServerURL(server.url()))
    close_database()


def _connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


def load(server: TeamServer, source: Path, members: int) -> None:
    """Create netui's schema on the server as netui does, then copy every row of
    ``source`` in, in one transaction, and give each member their role."""
    from netui.db.connection import close_database, open_database
    from netui.db.roles import create_member_role

    open_database(server.url())  # the schema, its version and policies, as netui makes them
    close_database()
    lite = sqlite3.connect(source)
    try:
        with _connect(server.url()) as connection:
            server_tables = {
                t for (t,) in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
            }  # fmt: skip
            file_tables = [
                t for (t,) in lite.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]  # fmt: skip
            tables = [t for t in file_tables if t in server_tables]
            indexes = connection.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
                " AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            ).fetchall()
            with connection.transaction():
                connection.execute("SET session_replication_role = replica")  # no FK triggers
                for name, _ in indexes:
                    connection.execute(f'DROP INDEX "{name}"')
                listed = ", ".join(f'"{t}"' for t in tables)
                connection.execute(f"TRUNCATE {listed} RESTART IDENTITY CASCADE")
                for table in tables:
                    columns = {
                        c for (c,) in connection.execute(
                            "SELECT column_name FROM information_schema.columns"
                            " WHERE table_schema = 'public' AND table_name = %s", (table,)
                        )
                    }  # fmt: skip
                    shared = [
                        row[1] for row in lite.execute(f'PRAGMA table_info("{table}")')
                        if row[1] in columns
                    ]  # fmt: skip
                    names = ", ".join(f'"{c}"' for c in shared)
                    rows = lite.execute(f'SELECT {names} FROM "{table}"')
                    with (
                        connection.cursor() as cursor,
                        cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
                    ):
                        while batch := rows.fetchmany(50_000):
                            for row in batch:
                                copy.write_row(row)
                    if "id" in shared:
                        connection.execute(
                            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                            f' coalesce((SELECT max(id) FROM "{table}"), 0) + 1, false)'
                        )
                for _, definition in indexes:
                    connection.execute(definition)
                connection.execute("SET session_replication_role = origin")
            connection.execute("ANALYZE")
    finally:
        lite.close()
    db = open_database(server.url())
    try:
        for n in range(1, members + 1):
            create_member_role(db, n, member_name(n), role=role_of(n))
    finally:
        close_database()


def remove_cache(cache: Path) -> None:
    shutil.rmtree(cache, ignore_errors=True)
