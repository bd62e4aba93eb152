"""How fast goods and goals are matched against a network of 30,000 contacts.

    python -m benchmarks.bench_matching [--contacts 30000] [--goods 40] [--goals 40] [--seed 1]

The network comes from :mod:`benchmarks.generate` (ties 10x and exchanges 5x the
contacts), cached in ``benchmarks/.cache/`` exactly as :mod:`benchmarks.bench` does,
and every run works on a fresh copy. On it the benchmark writes ``--goods`` goods and
``--goals`` goals (seeded): tags drawn from the generator's vocabulary with its
popularity, so the popular tags (``python`` is on about 12,000 contacts) come up
often; titles and descriptions that mention more tags; target organisations and
roles picked from the network (and one that exists nowhere, so there is a gap).
Then, each on its own new connection, as the app's thread workers run them:

- :func:`netui.db.goods.contacts_for_good`: one good against every contact (the
  50 best, with reasons, and the total);
- the **worst good**: the one with the most popular tags;
- :func:`netui.db.goods.goods_for_contact`: every good against one contact (random
  contacts);
- :func:`netui.db.goal_suggestions.suggest_contacts`: one goal against every contact;
- :func:`netui.db.goal_suggestions.coverage` without brokers (the counts and the gaps), and
  :func:`netui.db.goal_suggestions.goal_overview` with three brokers per gap, cold meters
  (everything the screen shows for one goal);
- the CPU time of this process alone for the matching of one good and one goal,
  which a busy machine does not inflate the way it inflates wall-clock time.

Nothing here asserts on time; it only prints. The goal is 50 ms or less to match
one good or one goal.
"""

from __future__ import annotations

import argparse
import gc
import random
import shlex
import sys
import time
from collections.abc import Callable, Sequence
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
from benchmarks.generate import TAGS

WORDS = ("playbook", "notes", "guide", "intro", "review", "benchmarks", "lessons", "checklist")


def popular_tags(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct tags, the popular ones (early in TAGS) far more often."""
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(TAGS))]
    chosen: dict[str, None] = {}
    while len(chosen) < count:
        chosen.setdefault(rng.choices(TAGS, weights)[0], None)
    return list(chosen)


def write_bank(goods: int, goals: int, seed: int) -> tuple[list[int], list[int], int]:
    """Goods and goals on the open database; their ids and the id of the worst good."""
    from netui.db.goals import GoalFields, create_goal
    from netui.db.goods import GoodFields, create_good
    from netui.db.models import GOOD_KINDS, Contact

    rng = random.Random(seed)
    organisations = [
        row[0]
        for row in Contact.select(Contact.organisation)
        .where(Contact.organisation != "")
        .distinct()
        .tuples()
    ]
    roles = [
        row[0] for row in Contact.select(Contact.role).where(Contact.role != "").distinct().tuples()
    ]
    good_ids = []
    for n in range(goods):
        tags = popular_tags(rng, rng.randint(1, 4))
        mentioned = popular_tags(rng, 2)
        good_ids.append(
            create_good(
                GoodFields(
                    title=f"{rng.choice(WORDS).title()} on {mentioned[0]} #{n}",
                    kind=rng.choice(GOOD_KINDS),
                    description=f"What I learnt about {mentioned[1]} and {tags[0]}, "
                    f"for people at {rng.choice(organisations)}.",
                    tags=tuple(tags),
                )
            )
        )
    worst = create_good(GoodFields("The most popular good", "knowledge", "", tuple(TAGS[:4])))
    goal_ids = []
    for n in range(goals):
        goal_ids.append(
            create_goal(
                GoalFields(
                    title=f"Goal #{n}",
                    organisations=(*rng.sample(organisations, 2), f"Nowhere {n} Ltd"),
                    roles=tuple(rng.sample(roles, 2)),
                    tags=tuple(popular_tags(rng, rng.randint(1, 3))),
                )
            )
        )
    return good_ids, goal_ids, worst


def timed(
    work: Callable[[int], object], ids: Sequence[int], cpu: list[float] | None = None
) -> list[float]:
    """Wall-clock seconds per id, each call on its own new connection."""
    from netui.db.brokers import forget_meters
    from netui.db.models import database

    samples: list[float] = []
    for item in ids:
        forget_meters()
        with database.connection_context():
            started, cpu_started = time.perf_counter(), time.process_time()
            work(item)
            samples.append(time.perf_counter() - started)
            if cpu is not None:
                cpu.append(time.process_time() - cpu_started)
    return samples


def measure(db_path: Path, goods: int, goals: int, seed: int) -> list[Figure]:
    from netui.db.connection import close_database, open_database
    from netui.db.goal_suggestions import coverage, goal_overview, suggest_contacts
    from netui.db.goods import contacts_for_good, goods_for_contact
    from netui.db.models import Contact

    open_database(db_path)
    try:
        good_ids, goal_ids, worst = write_bank(goods, goals, seed)
        contacts = [row[0] for row in Contact.select(Contact.id).where(~Contact.archived).tuples()]
        some = random.Random(seed).sample(contacts, min(200, len(contacts)))
    finally:
        close_database()
    timed(contacts_for_good, good_ids[:5])  # warm up Python and the OS file cache
    timed(suggest_contacts, goal_ids[:5])
    gc.collect()
    good_cpu: list[float] = []
    worst_cpu: list[float] = []
    goal_cpu: list[float] = []
    figures = [
        Figure(
            f"contacts_for_good, {len(good_ids)} goods",
            timed(contacts_for_good, good_ids, good_cpu),
        ),
        Figure(
            "  the worst good (the 4 most popular tags)",
            timed(contacts_for_good, [worst] * 10, worst_cpu),
        ),
        Figure(
            f"goods_for_contact, {len(some)} contacts ({len(good_ids) + 1} goods)",
            timed(goods_for_contact, some),
        ),
        Figure(
            f"suggest_contacts, {len(goal_ids)} goals", timed(suggest_contacts, goal_ids, goal_cpu)
        ),
        Figure("coverage without brokers", timed(lambda g: coverage(g, brokers=0), goal_ids)),
        Figure("goal_overview (3 brokers per gap, cold)", timed(goal_overview, goal_ids)),
        Figure("CPU time only: contacts_for_good", good_cpu),
        Figure("CPU time only: the worst good", worst_cpu),
        Figure("CPU time only: suggest_contacts", goal_cpu),
    ]
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_matching",
        description="Time matching goods and goals against a synthetic network.",
    )
    parser.add_argument("--contacts", type=int, default=30_000, help="default 30000")
    parser.add_argument("--goods", type=int, default=40, help="goods to match (default 40)")
    parser.add_argument("--goals", type=int, default=40, help="goals to match (default 40)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE, help="where networks are kept")
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_matching", *(argv or sys.argv[1:])])

    network = ensure_network(args.contacts, args.seed, args.cache)
    print_preamble("netui matching benchmark", network)
    with fresh_copy(network) as path:
        figures = measure(path, args.goods, args.goals, args.seed)
    print_table(
        f"Matching goods and goals at {args.contacts:,} contacts (goal: 50 ms or less)",
        figures,
        ("n", "median", "p95", "max"),
    )
    print(f"\nRerun from the repository root with:\n  {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
