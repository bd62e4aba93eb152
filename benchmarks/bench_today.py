"""``netui today`` as a shell prompt runs it: whole processes on a big network.

    python -m benchmarks.bench_today [--runs 20] [--contacts 30000] [--meetings 5000]

The network is generated once (:mod:`benchmarks.generate`: ``--contacts`` contacts,
ten ties and five exchanges each, ``--meetings`` meetings, a third of them from a
calendar with their invitees touched) and cached in ``benchmarks/.cache/``; every
run works on a fresh copy. Each figure is a whole ``netui`` process from fork to
exit, the console script of this virtualenv, beside the floor (``python -c pass``):
``netui today --json`` (the default day ahead), ``--days 7``, and the text output
(which also matches the bank of goods to the people about to be met). The cases run
in turn, round after round; wall and CPU time (user + system) medians and p95 are
printed. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import CACHE, SEED, fresh_copy, print_preamble
from benchmarks.bench_cli import Case, load_average, timed_run
from benchmarks.generate import GENERATOR_VERSION, generate


def ensure_network(contacts: int, meetings: int, seed: int, cache: Path) -> Path:
    """The cached network with ``meetings`` meetings, generated on first use."""
    path = cache / (
        f"today-c{contacts}-t{10 * contacts}-e{5 * contacts}-m{meetings}-s{seed}"
        f"-v{GENERATOR_VERSION}.db"
    )
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".{os.getpid()}.partial")
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(partial) + suffix).unlink()
    started = time.perf_counter()
    ties = min(10 * contacts, contacts * (contacts - 1) // 2)
    generate(partial, contacts, ties, 5 * contacts, seed=seed, meetings=meetings)
    partial.replace(path)
    print(f"  generated {path.name} in {time.perf_counter() - started:.1f} s")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_today")
    parser.add_argument("--runs", type=int, default=20, help="runs of each case (default 20)")
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--meetings", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_today", *(argv or sys.argv[1:])])

    venv = Path(sys.executable).parent.parent
    python, netui = str(venv / "bin" / "python"), str(venv / "bin" / "netui")
    if not Path(netui).exists():
        parser.error(f"{netui} does not exist: install netui into {venv} first")
    network = ensure_network(args.contacts, args.meetings, args.seed, args.cache)
    print_preamble("netui today benchmark (whole processes)", network)
    print(f"  {args.contacts:,} contacts, {args.meetings:,} meetings; {args.runs} runs of each")

    with (
        tempfile.TemporaryDirectory(prefix="netui-bench-today-") as folder,
        fresh_copy(network) as big,
    ):
        home = Path(folder)
        env = {
            **os.environ,
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "NETUI_DB": str(big),
        }
        env.pop("NETUI_DEBUG", None)
        floor = Case("python -c pass (the floor)", [python, "-c", "pass"])
        cases = [
            floor,
            Case("netui today --json", [netui, "today", "--json"], "fast enough for a prompt"),
            Case("netui today --json --days 7", [netui, "today", "--json", "--days", "7"]),
            Case("netui today (text, with goods)", [netui, "today"]),
        ]
        for case in cases:  # warm the page cache and the bytecode
            timed_run(case.argv, env)
        for _ in range(args.runs):
            for case in cases:
                wall, cpu = timed_run(case.argv, env)
                case.wall.append(wall)
                case.cpu.append(cpu)
        out = subprocess.run(
            [netui, "today", "--json"], env=env, capture_output=True, text=True, check=True
        ).stdout

    width = max(len(case.label) for case in cases) + 2
    header = f"  {'':{width}}{'median':>9}{'p95':>9}{'CPU med':>9}{'× floor':>9}   note"
    print(f"\nWhole processes, wall time and CPU time (user + system), {args.runs} runs each")
    print(header)
    print("  " + "-" * (len(header) - 2))
    for case in cases:
        print(
            f"  {case.label:{width}}"
            f"{case.median() * 1000:>7.0f}ms{case.p95() * 1000:>7.0f}ms"
            f"{case.median('cpu') * 1000:>7.0f}ms"
            f"{case.median('cpu') / floor.median('cpu'):>8.2f}×"
            f"   {case.target}"
        )
    print(f"\n  netui today --json printed {len(out):,} characters")
    print(f"  load average after the run: {load_average()}")
    print(f"  rerun: {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
