"""How long opening a version-1 database with many contacts takes (backup + migration).

    python -m benchmarks.bench_migrate [--contacts 200000] [--tags 2]

Writes a file in the exact shape netui's schema version 1 wrote
(``tests/data/make_v1_db.py``'s frozen DDL): ``--contacts`` contacts, each with
``--tags`` tags, in one transaction. Then times :func:`netui.db.connection.open_database`
on it, which copies it beside itself (``.v1-<time>.bak``, checked with
``quick_check``) and migrates it to the current schema, printing its progress on
stderr as a user sees it. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import importlib.util
import shlex
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import print_preamble

V1_MAKER = Path(__file__).parent.parent / "tests" / "data" / "make_v1_db.py"
STAMP = "2024-03-01 09:00:00"


def schema_v1() -> str:
    spec = importlib.util.spec_from_file_location("make_v1_db", V1_MAKER)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.SCHEMA_V1


def write_v1(path: Path, contacts: int, tags: int) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.executescript(schema_v1())
        conn.execute("PRAGMA user_version = 1")
        with conn:
            conn.executemany(
                "INSERT INTO contact (id, name, organisation, role, email, phone,"
                " linkedin_url, location, how_we_met, career_path, notes, closeness,"
                " cadence_days, second_degree, archived, created_at, updated_at)"
                " VALUES (?, ?, ?, 'Engineer', ?, '', '', 'Berlin', '', '', ?, 3, NULL, 0, 0,"
                " ?, ?)",
                (
                    (n, f"Person {n} Müller", f"Org {n % 500}", f"p{n}@example.com",
                     "notes " * (n % 20), STAMP, STAMP)
                    for n in range(1, contacts + 1)
                ),
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO tag (id, name) VALUES (?, ?)",
                ((n, f"tag{n}") for n in range(1, 151)),
            )
            conn.executemany(
                "INSERT INTO contact_tag (contact_id, tag_id, kind) VALUES (?, ?, 'tag')",
                (
                    (n, 1 + (n * 7 + k * 31) % 150)
                    for n in range(1, contacts + 1)
                    for k in range(tags)
                ),
            )
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_migrate")
    parser.add_argument("--contacts", type=int, default=200_000)
    parser.add_argument("--tags", type=int, default=2)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_migrate", *(argv or sys.argv[1:])])

    from netui.db.connection import close_database, open_database
    from netui.db.migrations import LATEST

    print_preamble("netui migration benchmark")
    with tempfile.TemporaryDirectory(prefix="netui-bench-migrate-") as folder:
        path = Path(folder) / "netui.db"
        started = time.perf_counter()
        write_v1(path, args.contacts, args.tags)
        size = path.stat().st_size / 1024 / 1024
        took = time.perf_counter() - started
        print(f"  wrote a v1 file of {args.contacts:,} contacts ({size:.0f} MB) in {took:.1f} s")
        print("  opening it (the progress lines are netui's own, on stderr):")
        sys.stdout.flush()
        started, started_cpu = time.perf_counter(), time.process_time()
        open_database(path)
        close_database()
        wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        backups = sorted(p.name for p in Path(folder).glob("*.bak"))
    print(
        f"  migrated to schema {LATEST} in {wall:.1f} s wall, {cpu:.1f} s CPU; backups: {backups}"
    )
    print(f"\nRerun from the repository root with:\n  {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
