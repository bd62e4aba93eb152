"""A team's network at scale, on PostgreSQL and in an SQLite file side by side.

    python -m benchmarks.bench_team_scale [--members 10] [--per-member 30000] [--runs 3]
                                          [--targets 100] [--no-paint] [--cache DIR]

The team (:mod:`benchmarks.team_network`): 10 members whose 30,000-contact networks
overlap by half, so 150,000 contacts, 1.5 million ties, 750,000 exchanges (each in
one member's ledger) and 300,000 relationships. The SQLite file and a ``pg_dump`` of
the server's copy are cached in ``--cache`` (default ``/tmp/teamscale-cache``);
every run starts a private PostgreSQL cluster (initdb into a temporary folder,
loopback port, as ``tests/postgres_server.py`` does), restores the dump and stops
the cluster at the end. The app connects as "Member 1"'s own login role, so the
server's row-level security applies as it does for a member.

Measured on each backend, as the user meets it:

- **search index built**: the first search after the app opens (or after anyone's
  change), :func:`netui.db.search.search_contacts` on a fresh engine;
- **one key → its result**: each query of :data:`benchmarks.bench.SCRIPT`,
  ``search_contacts`` then :func:`netui.db.contacts.contact_rows` of the first 40
  ids (the rows the list shows: name, organisation, role, last contact, meter);
- **team brokers**: ``netui brokers '#ID' --team --json``'s path in this process
  (:func:`netui.db.names.resolve_name`, :func:`netui.db.brokers.team_brokers_for`,
  the labels and the JSON), for ``--targets`` random contacts; goal 20 ms;
- **whole-network meter**: :func:`netui.db.meter_sums.meters` over the member's
  ledger, and :func:`netui.db.ledger.meter_table` (the Reciprocity screen and
  ``netui meter``);
- **launch → first screen** (unless ``--no-paint``): ``python -m netui`` in a real
  terminal through tmux (:mod:`benchmarks.bench_outside`'s way), until the first
  contact and the count are shown (or Today, where the app opens when something is
  due), on the server, on the team's SQLite file, and on the one-person SQLite
  network of 30,000 contacts (:mod:`benchmarks.bench`'s) as the yardstick; then,
  once the app is quiet, **1 → the list's first name**: Contacts opened from Today
  until its first name and count are shown.

Median and p95 (and max) of every figure, and the load average before and after.
Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.bench import (
    CACHE,
    SCRIPT,
    SEED,
    Figure,
    ensure_network,
    expected_after,
    fresh_copy,
    print_preamble,
    print_table,
    terminal_env,
)
from benchmarks.team_network import (
    TeamServer,
    ensure_team_file,
    ensure_team_server,
    member_name,
    role_of,
)

TEAM_CACHE = Path(tempfile.gettempdir()) / "teamscale-cache"
#: The rows the list reads for its first screen.
FIRST_SCREEN = 40
#: The member at the keyboard.
ME = 1


def load_average() -> str:
    if not hasattr(os, "getloadavg"):
        return "n/a"
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def timed(figure: Figure, call: Callable[[], object]) -> object:
    started = time.perf_counter()
    result = call()
    figure.samples.append(time.perf_counter() - started)
    return result


def typed_queries() -> list[str]:
    queries, value = [], ""
    for keys, _ in SCRIPT:
        for key in keys:
            value = expected_after(value, key)
            queries.append(value)
    return queries


def server_cpu(data: Path) -> Callable[[], float]:
    """The CPU seconds used so far by a cluster's processes (its postmaster's and
    every child's: the backends serving this process, and the server's own), read
    from /proc; on a loaded machine the steadier figure. 0 where /proc is missing."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def times(pid: str) -> tuple[int, float]:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks  # ppid, CPU

    def used() -> float:
        try:
            postmaster = (data / "postmaster.pid").read_text().split()[0]
        except OSError:
            return 0.0
        total = 0.0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                parent, cpu = times(entry.name)
            except (OSError, IndexError, ValueError):
                continue  # ended meanwhile
            if entry.name == postmaster or str(parent) == postmaster:
                total += cpu
        return total

    return used


class CpuTally:
    """CPU time per call: this process's, plus the server's when there is one."""

    def __init__(self, server: Callable[[], float] | None) -> None:
        self.server = server
        self.per_call: list[tuple[str, float]] = []

    def now(self) -> float:
        return time.process_time() + (self.server() if self.server else 0.0)

    def add(self, label: str, started: float, calls: int) -> None:
        self.per_call.append((label, (self.now() - started) / max(calls, 1)))


def measure(
    location: str, label: str, runs: int, targets: int, seed: int, cpu: CpuTally
) -> list[Figure]:
    """Every in-process figure on one backend (``label`` prefixes them)."""
    from netui.commands.brokers import team_json
    from netui.db.brokers import team_brokers_for
    from netui.db.connection import close_database, open_database
    from netui.db.contacts import contact_rows
    from netui.db.ledger import meter_table
    from netui.db.members import choose_member
    from netui.db.meter_sums import meters
    from netui.db.models import Contact
    from netui.db.names import labels_for, resolve_name
    from netui.db.search import close_search, search_contacts

    open_database(location)
    choose_member(member_name(ME))
    figures: list[Figure] = []
    try:
        build = Figure(f"{label}: search index built (first search)")
        cpu_started = cpu.now()
        for _ in range(runs):
            close_search()
            gc.collect()
            timed(build, lambda: search_contacts(""))
        cpu.add(build.label, cpu_started, runs)
        keys = Figure(f"{label}: one key → its ids (search_contacts)")
        shown = Figure(f"{label}: one key → ids and the first {FIRST_SCREEN} rows")
        cpu_started = cpu.now()
        for _ in range(runs):
            for query in typed_queries():
                started = time.perf_counter()
                ids = search_contacts(query)
                keys.samples.append(time.perf_counter() - started)
                contact_rows(list(ids[:FIRST_SCREEN]))
                shown.samples.append(time.perf_counter() - started)
        cpu.add(shown.label, cpu_started, len(shown.samples))
        figures += [build, keys, shown]

        ids = [cid for (cid,) in Contact.select(Contact.id).where(~Contact.archived).tuples()]
        chosen = random.Random(seed).sample(ids, min(targets, len(ids)))

        def brokers_cli(target: int) -> object:
            target_id, _ = resolve_name(f"#{target}")
            paths = team_brokers_for(target_id)
            labels_for([target_id])
            return team_json(paths)

        for target in chosen[:10]:  # warm up the caches and Python
            brokers_cli(target)
        gc.collect()
        brokers = Figure(f"{label}: brokers '#ID' --team, {len(chosen)} targets")
        cpu_started = cpu.now()
        for target in chosen:
            timed(brokers, lambda target=target: brokers_cli(target))
        cpu.add(brokers.label, cpu_started, len(chosen))
        figures.append(brokers)

        sums = Figure(f"{label}: meters(), the member's whole network")
        table = Figure(f"{label}: meter_table() (the Reciprocity screen)")
        meters()
        cpu_started = cpu.now()
        for _ in range(runs):
            timed(sums, meters)
        cpu.add(sums.label, cpu_started, runs)
        cpu_started = cpu.now()
        for _ in range(runs):
            timed(table, meter_table)
        cpu.add(table.label, cpu_started, runs)
        figures += [sums, table]
    finally:
        choose_member(None)
        close_search()
        close_database()
    return figures


# --- first paint, from outside -------------------------------------------------------------


def first_paints(
    runs: int, launches: list[tuple[str, Callable[[], list[str]], Path]]
) -> list[Figure]:
    """Launch → first name (or Today) in tmux for each (label, argv maker, file whose
    rows the list shows); launches alternate between the apps."""
    from benchmarks.bench_outside import Expected, compile_netui, launch, on_today, shows_result

    compile_netui(sys.executable)
    expected = {label: Expected(rows) for label, _, rows in launches}
    figures = {label: Figure(f"launch → first screen: {label}") for label, _, _ in launches}
    lists = {label: Figure(f"1 → the list's first name: {label}") for label, _, _ in launches}
    with tempfile.TemporaryDirectory(prefix="teamscale-home-") as home:
        env = terminal_env(home)
        if os.environ.get("PYTHONPATH"):  # another checkout's netui (before/after figures)
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        for _ in range(runs):
            for label, argv_for, _ in launches:
                want = expected[label]
                with launch(argv_for(), env) as terminal:
                    started = terminal.start()
                    shown, screen = terminal.wait_for(
                        lambda s, want=want: on_today(s) or shows_result(s, want, ""),
                        f"the first name (or Today) of {label}",
                        timeout=180,
                    )
                    figures[label].samples.append(shown - started)
                    if not shows_result(screen, want, ""):  # Today: 1 opens Contacts
                        terminal.settle(quiet=0.5, timeout=30)
                        sent = terminal.send("1")
                        shown, _ = terminal.wait_for(
                            lambda s, want=want: shows_result(s, want, ""),
                            f"the list of {label}",
                            timeout=180,
                        )
                        lists[label].samples.append(shown - sent)
    return [*figures.values(), *(figure for figure in lists.values() if figure.samples)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_team_scale",
        description="Search, team brokers, the meter and first paint of a team's network "
        "on PostgreSQL and SQLite.",
    )
    parser.add_argument("--members", type=int, default=10, help="default 10")
    parser.add_argument(
        "--per-member", type=int, default=30_000, help="contacts per member (default 30000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--targets", type=int, default=100, help="brokers targets (default 100)")
    parser.add_argument("--no-paint", action="store_true", help="skip the tmux launches")
    parser.add_argument(
        "--paint-only", action="store_true", help="only the tmux launches (no in-process figures)"
    )
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="one backend only")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=TEAM_CACHE)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_team_scale", *(argv or sys.argv[1:])])

    team_file = ensure_team_file(args.cache, args.members, args.per_member, args.seed)
    print_preamble("netui team-scale benchmark", team_file)
    total = args.members * args.per_member // 2
    print(
        f"  {args.members} members of {args.per_member:,} contacts overlapping by half: "
        f"{total:,} contacts, {10 * total:,} ties, {5 * total:,} exchanges"
    )
    server = TeamServer()
    server.start()
    figures: list[Figure] = []
    try:
        ensure_team_server(server, team_file, args.members)
        url = server.url(role_of(ME))
        print(f"  load average before measuring: {load_average()}", flush=True)
        with fresh_copy(team_file) as path:
            lite, served = CpuTally(None), CpuTally(server_cpu(server.server.data))
            if args.only != "postgresql" and not args.paint_only:
                figures += measure(str(path), "SQLite", args.runs, args.targets, args.seed, lite)
            if args.only != "sqlite" and not args.paint_only:
                figures += measure(url, "PostgreSQL", args.runs, args.targets, args.seed, served)
            if figures:
                print_table(
                    f"Team of {args.members}, {total:,} contacts: in this process "
                    f"({args.runs} runs; brokers goal ≤ 20 ms, a key's result within a frame)",
                    figures,
                    ("n", "median", "p95", "max"),
                )
                print("\nCPU time per call (mean; on PostgreSQL this process's and the server's)")
                for name, seconds in [*lite.per_call, *served.per_call]:
                    print(f"  {name:<62}{seconds * 1000:>12,.1f} ms")
            if not args.no_paint:
                python = sys.executable
                member = ["--member", member_name(ME)]
                with fresh_copy(ensure_network(30_000, args.seed, CACHE)) as single:
                    launches = [
                        ("SQLite, one person, 30,000",
                         lambda: [python, "-m", "netui", "--db", str(single)], single),
                        (f"SQLite, team, {total:,}",
                         lambda: [python, "-m", "netui", "--db", str(path), *member], path),
                        (f"PostgreSQL, team, {total:,}",
                         lambda: [python, "-m", "netui", "--db", url, *member], path),
                    ]  # fmt: skip
                    paints = first_paints(args.runs, launches)
                print_table(
                    f"First paint in tmux at 120x40 ({args.runs} launches each)",
                    paints,
                    ("n", "median", "p95", "max"),
                )
    finally:
        server.stop()
    print(f"\n  load average after: {load_average()}")
    print(f"\nRerun from the repository root with:\n  {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
