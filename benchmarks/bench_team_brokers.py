"""How fast "who among us can introduce us to X" is for a team on one database.

    python -m benchmarks.bench_team_brokers [--contacts 30000] [--members 10] [--targets 200]

The network comes from :mod:`benchmarks.generate` (ties 10x and exchanges 5x the
contacts, cached as :mod:`benchmarks.bench` caches it); on a fresh copy, ``--members``
- 1 more members join, each with a relationship with a random half of the contacts
(closeness 1-5) and as many ledger entries of their own as the generated member has
(on their half), so every contact is known to about half the team. For ``--targets``
random contacts (seeded) it times :func:`netui.db.brokers.team_brokers_for` (every
member's routes, unlimited), and the CPU time of this process alone.

Nothing here asserts on time; it only prints. The goal is 20 ms or less per target.
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def add_members(db_path: Path, members: int, seed: int) -> tuple[int, int]:
    """Add ``members`` - 1 members with relationships and ledgers; (relationships,
    exchanges) in the database afterwards."""
    import sqlite3

    rng = random.Random(seed)
    conn = sqlite3.connect(db_path)
    try:
        ids = [row[0] for row in conn.execute("SELECT id FROM contact ORDER BY id")]
        per_member = conn.execute("SELECT count(*) FROM exchange").fetchone()[0]
        today = dt.date(2025, 6, 1)
        with conn:
            for n in range(2, members + 1):
                member = conn.execute(
                    "INSERT INTO member (name, db_role, created_at) VALUES (?, '', ?)",
                    (f"Member {n}", "2025-01-01 09:00:00"),
                ).lastrowid
                half = rng.sample(ids, len(ids) // 2)
                conn.executemany(
                    "INSERT INTO relationship (member_id, contact_id, closeness, cadence_days,"
                    " shared) VALUES (?, ?, ?, NULL, 0)",
                    ((member, cid, rng.randint(1, 5)) for cid in half),
                )
                conn.executemany(
                    "INSERT INTO exchange (contact_id, date, direction, currency, value, note,"
                    " meeting_id, introduction_id, created_at, member_id, shared)"
                    " VALUES (?, ?, ?, 'knowledge', ?, '', NULL, NULL, ?, ?, 0)",
                    (
                        (
                            rng.choice(half),
                            (today - dt.timedelta(days=rng.randrange(1000))).isoformat(),
                            rng.choice(("gave", "received")),
                            rng.randint(1, 5),
                            "2025-01-01 09:00:00",
                            member,
                        )
                        for _ in range(per_member)
                    ),
                )
        conn.execute("ANALYZE")
        return (
            conn.execute("SELECT count(*) FROM relationship").fetchone()[0],
            conn.execute("SELECT count(*) FROM exchange").fetchone()[0],
        )
    finally:
        conn.close()


def measure(db_path: Path, count: int, seed: int) -> tuple[list[Figure], list[float]]:
    from netui.db.brokers import team_brokers_for
    from netui.db.connection import close_database, open_database
    from netui.db.members import choose_member
    from netui.db.models import Contact

    open_database(db_path)
    choose_member("Member 2")
    try:
        ids = [row[0] for row in Contact.select(Contact.id).where(~Contact.archived).tuples()]
        targets = random.Random(seed).sample(ids, min(count, len(ids)))
        for target in targets[:20]:  # warm up SQLite's page cache and Python
            team_brokers_for(target)
        gc.collect()
        wall: list[float] = []
        cpu: list[float] = []
        routes: list[float] = []
        for target in targets:
            started, cpu_started = time.perf_counter(), time.process_time()
            paths = team_brokers_for(target)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            routes.append(float(len(paths)))
    finally:
        choose_member(None)
        close_database()
    return [
        Figure(f"team_brokers_for, {len(targets)} random targets", wall),
        Figure("CPU time only: the same targets", cpu),
    ], routes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_team_brokers",
        description="Time netui.db.brokers.team_brokers_for on a synthetic team.",
    )
    parser.add_argument("--contacts", type=int, default=30_000, help="default 30000")
    parser.add_argument("--members", type=int, default=10, help="default 10")
    parser.add_argument("--targets", type=int, default=200, help="random targets (default 200)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE, help="where networks are kept")
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_team_brokers",
                          *(argv or sys.argv[1:])])  # fmt: skip

    network = ensure_network(args.contacts, args.seed, args.cache)
    print_preamble("netui team brokers benchmark", network)
    with fresh_copy(network) as path:
        relationships, exchanges = add_members(path, args.members, args.seed)
        figures, routes = measure(path, args.targets, args.seed)
    routes.sort()
    print(
        f"{args.members} members, {relationships:,} relationships, {exchanges:,} ledger "
        f"entries; routes per target: median {routes[len(routes) // 2]:.0f}, "
        f"max {routes[-1]:.0f}"
    )
    print_table(
        f"Who among us, at {args.contacts:,} contacts, {10 * args.contacts:,} ties and "
        f"{args.members} members (goal: 20 ms or less)",
        figures,
        ("n", "median", "p95", "max"),
    )
    print(f"\nRerun from the repository root with:\n  {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
