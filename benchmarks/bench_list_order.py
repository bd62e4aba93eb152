"""The contact list's order on a team's PostgreSQL database of 150,000 contacts:
with schema 9's index on (archived, sort_name, id), and with the (archived,
sort_name) index it replaced.

    python -m benchmarks.bench_list_order [--runs 10] [--members 10]
                                          [--per-member 30000] [--cache DIR]

The team is :mod:`benchmarks.bench_team_scale`'s (the same cache, default
``/tmp/teamscale-cache``; a private PostgreSQL cluster started and stopped here).
For each index: :func:`netui.db.contact_order.ordered_contact_ids` (every live
contact by name, what the list reads first) timed ``--runs`` times, and the
server's plan for its query (``EXPLAIN (ANALYZE, BUFFERS)``) with the sort method,
so that a sort spilling to disk shows. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.bench import SEED, Figure, print_preamble, print_table
from benchmarks.bench_team_scale import TEAM_CACHE
from benchmarks.team_network import TeamServer, ensure_team_file, ensure_team_server

NEW = 'CREATE INDEX "contact_archived_sort_name_id" ON "contact" ("archived", "sort_name", "id")'
OLD = 'CREATE INDEX "contact_archived_sort_name" ON "contact" ("archived", "sort_name")'


def measure(label: str, runs: int) -> tuple[Figure, list[str]]:
    from netui.db.contact_order import ordered_contact_ids
    from netui.db.contacts import in_scope
    from netui.db.models import Contact, database

    database.execute_sql("VACUUM ANALYZE contact")
    figure = Figure(label)
    for _ in range(runs):
        started = time.perf_counter()
        ordered_contact_ids()
        figure.samples.append(time.perf_counter() - started)
    query = Contact.select(Contact.id).where(in_scope()).order_by(Contact.sort_name, Contact.id)
    sql, params = query.sql()
    plan = [row[0] for row in database.execute_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)]
    return figure, plan


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_list_order",
        description="The contact list's order on a team's PostgreSQL database, by index.",
    )
    parser.add_argument("--members", type=int, default=10, help="default 10")
    parser.add_argument("--per-member", type=int, default=30_000, help="default 30000")
    parser.add_argument("--runs", type=int, default=10, help="repetitions (default 10)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=TEAM_CACHE)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_list_order", *(argv or sys.argv[1:])])

    from netui.db.connection import close_database, open_database
    from netui.db.models import database
    from netui.locations import ServerURL

    team_file = ensure_team_file(args.cache, args.members, args.per_member, args.seed)
    print_preamble("netui list-order benchmark (PostgreSQL)", team_file)
    server = TeamServer()
    server.start()
    figures: list[Figure] = []
    plans: list[tuple[str, list[str]]] = []
    try:
        ensure_team_server(server, team_file, args.members)
        open_database(ServerURL(server.url()))  # the owner: the indexes may change
        for label, drop, create in (
            ("(archived, sort_name, id): schema 9", None, None),
            ("(archived, sort_name): before", "contact_archived_sort_name_id", OLD),
        ):
            if drop is not None:
                database.execute_sql(f'DROP INDEX "{drop}"')
                database.execute_sql(create)
            figure, plan = measure(label, args.runs)
            figures.append(figure)
            plans.append((label, plan))
        database.execute_sql('DROP INDEX "contact_archived_sort_name"')
        database.execute_sql(NEW)
        close_database()
    finally:
        server.stop()
    print_table(
        f"ordered_contact_ids(), every live contact by name ({args.runs} runs)",
        figures,
        ("n", "median", "p95", "max"),
    )
    for label, plan in plans:
        print(f"\nThe server's plan, index {label}:")
        for line in plan:
            if not line.lstrip().startswith(("Planning", "Buffers: shared hit")):
                print(f"  {line}")
    print(f"\nRerun from the repository root with:\n  {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
