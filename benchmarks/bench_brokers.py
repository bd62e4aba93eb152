"""How fast "who can introduce me to X" is at 30,000 contacts and 300,000 ties.

    python -m benchmarks.bench_brokers [--contacts 30000] [--targets 200] [--seed 1]

The network comes from :mod:`benchmarks.generate` (ties 10x and exchanges 5x the
contacts), cached in ``benchmarks/.cache/`` exactly as :mod:`benchmarks.bench` does,
and every run works on a fresh copy. For ``--targets`` random contacts (seeded) it
times :func:`netui.db.brokers.brokers_for` (default limit 20):

- **cold**: the remembered meters are dropped before every call, as after any write
  (a tie, an exchange, another process committing): ties, contacts and meters all
  read from SQLite;
- **warm**: the same targets again, meters already remembered for the brokers seen;
- the **hubs**: the ten contacts with the most ties, cold;
- the targets whose answer includes **chains** (fewer than 3 direct brokers), cold;
- the CPU time of this process alone for the cold cases, which a busy machine does
  not inflate the way it inflates wall-clock time.

Nothing here asserts on time; it only prints. The goal is 10 ms or less per target.
"""

from __future__ import annotations

import argparse
import gc
import random
import shlex
import sys
import time
from collections.abc import Sequence
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


def timed(targets: Sequence[int], *, cold: bool, cpu: list[float] | None = None) -> list[float]:
    """Wall-clock seconds per target; CPU seconds of this process appended to ``cpu``."""
    from netui.db.brokers import brokers_for, forget_meters

    samples: list[float] = []
    for target in targets:
        if cold:
            forget_meters()
        started, cpu_started = time.perf_counter(), time.process_time()
        brokers_for(target)
        samples.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.process_time() - cpu_started)
    return samples


def chain_targets(ids: Sequence[int], wanted: int, seed: int) -> list[int]:
    """Up to ``wanted`` random contacts whose answer includes a chain."""
    from netui.db.brokers import brokers_for

    found: list[int] = []
    shuffled = list(ids)
    random.Random(seed + 1).shuffle(shuffled)
    for target in shuffled[: 50 * wanted]:
        if any(path.kind == "chain" for path in brokers_for(target)):
            found.append(target)
            if len(found) == wanted:
                break
    return found


def measure(db_path: Path, count: int, seed: int) -> list[Figure]:
    from netui.db.connection import close_database, open_database
    from netui.db.models import Contact, database

    open_database(db_path)
    try:
        ids = [row[0] for row in Contact.select(Contact.id).where(~Contact.archived).tuples()]
        targets = random.Random(seed).sample(ids, min(count, len(ids)))
        hubs = [
            row[0]
            for row in database.execute_sql(
                "SELECT id, (SELECT COUNT(*) FROM tie WHERE a_id = contact.id)"
                " + (SELECT COUNT(*) FROM tie WHERE b_id = contact.id) AS degree"
                " FROM contact WHERE NOT archived ORDER BY degree DESC, id LIMIT 10"
            ).fetchall()
        ]
        chains = chain_targets(ids, 20, seed)
        timed(targets[:20], cold=True)  # warm up SQLite's page cache and Python
        gc.collect()
        cold_cpu: list[float] = []
        hub_cpu: list[float] = []
        cold = timed(targets, cold=True, cpu=cold_cpu)
        warm = timed(targets, cold=False)
        hub_samples = timed(hubs, cold=True, cpu=hub_cpu)
        chain_samples = timed(chains, cold=True)
    finally:
        close_database()
    return [
        Figure(f"brokers_for, {len(targets)} random targets, cold", cold),
        Figure("  the same targets again, warm", warm),
        Figure("brokers_for, the 10 most-tied contacts, cold", hub_samples),
        Figure(f"brokers_for, {len(chains)} targets with chains, cold", chain_samples),
        Figure("CPU time only: the random targets, cold", cold_cpu),
        Figure("CPU time only: the 10 most-tied contacts, cold", hub_cpu),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_brokers",
        description="Time netui.db.brokers.brokers_for on a synthetic network.",
    )
    parser.add_argument("--contacts", type=int, default=30_000, help="default 30000")
    parser.add_argument("--targets", type=int, default=200, help="random targets (default 200)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE, help="where networks are kept")
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_brokers", *(argv or sys.argv[1:])])

    network = ensure_network(args.contacts, args.seed, args.cache)
    print_preamble("netui brokers benchmark", network)
    with fresh_copy(network) as path:
        figures = measure(path, args.targets, args.seed)
    print_table(
        f"Who can introduce me, at {args.contacts:,} contacts and {10 * args.contacts:,} ties "
        "(goal: 10 ms or less)",
        figures,
        ("n", "median", "p95", "max"),
    )
    print(f"\nRerun from the repository root with:\n  {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
