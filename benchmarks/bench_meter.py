"""The reciprocity meter at scale: ``meters()``, ``meter_table()``, ``meter_lines()``,
``netui meter --json``'s rows read ready to format (``json_rows()``) and its text on a
big network.

    python -m benchmarks.bench_meter [--contacts 30000] [--runs 20] [--seed 1]

The network (ties 10x and exchanges 5x the contacts: 150,000 exchanges at 30,000
contacts) comes from :mod:`benchmarks.generate` and is cached in
``benchmarks/.cache/`` exactly as :mod:`benchmarks.bench` caches it; the runs work
on a fresh copy. Wall time and CPU time (``time.process_time``) are both printed:
on a busy machine the CPU figure is the steadier one. The schema's index on
``exchange(contact_id, direction, date, value)`` covers the aggregation, so it never
sorts the ledger. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import shlex
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
    call()  # warm the page cache and the fast-path probe
    wall, cpu = Figure(f"{label}, wall"), Figure(f"{label}, CPU")
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        wall.samples.append(time.perf_counter() - started)
        cpu.samples.append(time.process_time() - started_cpu)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_meter")
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_meter", *(argv or sys.argv[1:])])

    from netui.commands.meter import PLAIN, write_json, write_rows
    from netui.db import ledger, meter_rows, meter_sums
    from netui.db.connection import close_database, open_database
    from netui.db.meter_json import json_rows
    from netui.db.meter_plain import plain_json_rows
    from netui.db.models import Exchange

    source = ensure_network(args.contacts, args.seed, args.cache)
    print_preamble("netui reciprocity meter benchmark", source)
    with fresh_copy(source) as path:
        open_database(path)
        try:
            exchanges = Exchange.select().count()
            print(
                f"  {args.contacts:,} contacts, {exchanges:,} exchanges ({source.name}); "
                f"SQLite speed-up path: {'yes' if meter_sums.supports_fast_path() else 'no'}"
            )
            figures: list[Figure] = []
            lines = meter_rows.meter_lines()
            rows = json_rows(PLAIN)
            as_bytes = plain_json_rows(path, PLAIN, utf8=True)
            some = list(range(1, 101))
            for label, call in (
                ("meters() whole network", meter_sums.meters),
                ("meters() 100 visible contacts", lambda: meter_sums.meters(some)),
                ("meter_table()", ledger.meter_table),
                ("meter_lines() (netui meter's lines)", meter_rows.meter_lines),
                (
                    "netui meter --json's text, lines read",
                    lambda: write_json(lines, lambda _text: None),
                ),
                ("json_rows() (netui meter --json's rows)", lambda: json_rows(PLAIN)),
                (
                    "netui meter --json's text, rows read",
                    lambda: rows and write_rows(*rows, lambda _: None, write_utf8=lambda _: None),
                ),
                (
                    "plain_json_rows(utf8=True) (the rows of a file, as bytes)",
                    lambda: plain_json_rows(path, PLAIN, utf8=True),
                ),
                (
                    "netui meter --json's text, rows read as bytes",
                    lambda: as_bytes
                    and write_rows(*as_bytes, lambda _: None, write_utf8=lambda _: None),
                ),
                (
                    "portable path, whole network",
                    lambda: meter_sums.faded_sums(
                        Exchange.contact, None, today=None, with_last=False, fast=False
                    ),
                ),
            ):
                figures.extend(measure(label, call, args.runs))
        finally:
            close_database()
    print_table(
        f"The meter at {args.contacts:,} contacts ({args.runs} runs each, after one warm-up)",
        figures,
        ("n", "median", "p95", "max"),
    )
    print(f"\nRerun from the repository root with:\n  {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
