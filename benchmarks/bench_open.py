"""What checking the file costs: opening, SQLite's quick_check and integrity_check,
a checked backup and an export, on a big network.

    python -m benchmarks.bench_open [--contacts 30000] [--runs 5] [--seed 1]

The network (ties 10x and exchanges 5x the contacts) comes from
:mod:`benchmarks.generate`, cached as :mod:`benchmarks.bench` caches it; the runs
work on a fresh copy. These figures decided where the checks run (see
:mod:`netui.db.connection`): ``quick_check`` reads every page, so the app runs it in
a worker after its first paint and the command line on the commands that only read;
the full ``integrity_check`` also checks every index against its table, so it runs
only before a backup or an export reports success. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import shlex
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.bench import (
    CACHE,
    SEED,
    Figure,
    ensure_network,
    fresh_copy,
    print_preamble,
    print_table,
)


def measure(label: str, call: Callable[[], object], runs: int) -> tuple[Figure, Figure]:
    call()  # warm the page cache
    wall, cpu = Figure(f"{label}, wall"), Figure(f"{label}, CPU")
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        wall.samples.append(time.perf_counter() - started)
        cpu.samples.append(time.process_time() - started_cpu)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_open")
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_open", *(argv or sys.argv[1:])])

    from netui.db.backup import backup_to
    from netui.db.connection import close_database, open_database
    from netui.db.exporters import export_json

    source = ensure_network(args.contacts, args.seed, args.cache)
    print_preamble("netui open and check benchmark", source)
    figures: list[Figure] = []
    with fresh_copy(source) as path:
        size = path.stat().st_size
        print(f"  {args.contacts:,} contacts, {size / 1024 / 1024:.0f} MB ({source.name})")

        def pragma(name: str) -> Callable[[], object]:
            def run() -> object:
                conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                try:
                    return conn.execute(f"PRAGMA {name}").fetchall()
                finally:
                    conn.close()

            return run

        def opened(**options: object) -> Callable[[], None]:
            def run() -> None:
                open_database(path, **options)
                close_database()

            return run

        backups = path.parent / "backups"
        backups.mkdir()
        counter = iter(range(1_000_000))

        def backup() -> None:
            open_database(path, readonly=True)
            try:
                backup_to(backups / f"copy-{next(counter)}.db")
            finally:
                close_database()

        def export() -> None:
            open_database(path, readonly=True)
            try:
                export_json()
            finally:
                close_database()

        for label, call in (
            ("open to write (no check)", opened()),
            ("open read-only (no check)", opened(readonly=True)),
            ("PRAGMA quick_check", pragma("quick_check")),
            ("open read-only + quick_check", opened(readonly=True, check="quick")),
            ("PRAGMA integrity_check", pragma("integrity_check")),
            ("backup, copy checked in full", backup),
            ("export_json (text only)", export),
        ):
            figures.extend(measure(label, call, args.runs))
    print_table(
        f"Opening and checking at {args.contacts:,} contacts ({args.runs} runs, after a warm-up)",
        figures,
        ("n", "median", "p95", "max"),
    )
    print(f"\nRerun from the repository root with:\n  {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
