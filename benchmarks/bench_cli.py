"""Command-line start-up: whole ``netui`` processes against a bare ``python -c pass``.

    python -m benchmarks.bench_cli [--runs 30] [--contacts 30000] [--venv DIR]

Each figure is a whole process, started the way a user starts it (the ``netui``
console script of the virtualenv), from fork to exit: ``netui --version``, ``netui
--help``, ``netui add --help`` (a command's start-up: the parser and its module,
which brings the storage layer), ``netui add`` into a temporary database, ``netui
meter --json``, ``netui __names`` (what a TAB of the shell completion runs) and ``netui
query`` (mutt's query command) on the demo network and on a generated network of
``--contacts`` contacts (cached in ``benchmarks/.cache/`` as :mod:`benchmarks.bench` caches it).
The floor is the same interpreter doing nothing, ``python -c pass``. The cases are
run in turn, round after round, so a burst of load elsewhere spreads over all of
them; the wall time and the CPU time (user + system, from ``getrusage``) of each run
are kept, and the median, the p95 and the ratio of the medians to the floor's are
printed. On a busy machine the CPU figures are the steadier ones; the load average
is printed before and after.

``--venv DIR`` measures the ``netui`` and ``python`` of another virtualenv (an older
checkout, say) with this script. Nothing here asserts on time; the targets of the
issues are printed beside the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.bench import CACHE, SEED, ensure_network, fresh_copy, percentile, print_preamble


@dataclass
class Case:
    label: str
    argv: list[str]
    target: str = ""
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def median(self, which: str = "wall") -> float:
        return statistics.median(getattr(self, which))

    def p95(self, which: str = "wall") -> float:
        return percentile(getattr(self, which), 0.95)


def timed_run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``argv`` to the end; (wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{shlex.join(argv)} failed ({result.returncode}): {result.stderr!r}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def load_average() -> str:
    if not hasattr(os, "getloadavg"):
        return "unknown"
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def subcommand_names() -> list[str]:
    """Every subcommand ``netui --help`` lists (this checkout's table of them)."""
    from netui.commands import COMMANDS

    return [command.name for command in COMMANDS if command.help is not None]


def build_demo_file(python: str, path: Path, env: dict[str, str]) -> None:
    """The demo network, written by the measured virtualenv's own netui."""
    script = (
        "import sys, pathlib; from netui.db.demo import build_demo; "
        "build_demo(pathlib.Path(sys.argv[1]))"
    )
    subprocess.run([python, "-c", script, str(path)], env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_cli")
    parser.add_argument("--runs", type=int, default=30, help="runs of each case (default 30)")
    parser.add_argument("--contacts", type=int, default=30_000, help="0 skips the big network")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument(
        "--venv",
        type=Path,
        default=Path(sys.executable).parent.parent,
        help="the virtualenv whose python and netui are measured (default: this one)",
    )
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_cli", *(argv or sys.argv[1:])])

    python = str(args.venv / "bin" / "python")
    netui = str(args.venv / "bin" / "netui")
    if not Path(netui).exists():
        parser.error(f"{netui} does not exist: install netui into {args.venv} first")
    network = ensure_network(args.contacts, args.seed, args.cache) if args.contacts else None
    print_preamble("netui command-line start-up benchmark", network)
    print(f"  measuring {netui} (python: {python}), {args.runs} runs of each case")

    with (
        tempfile.TemporaryDirectory(prefix="netui-bench-cli-") as folder,
        fresh_copy(network) if network else contextlib.nullcontext() as big,
    ):
        home = Path(folder)
        env = {
            **os.environ,
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "NETUI_DB": str(home / "add.db"),
        }
        env.pop("NETUI_DEBUG", None)
        demo = home / "demo.db"
        build_demo_file(python, demo, env)
        subprocess.run([netui, "add", "Warm Up"], env=env, check=True, stdout=subprocess.DEVNULL)

        floor = Case("python -c pass (the floor)", [python, "-c", "pass"])
        cases = [
            floor,
            Case("netui --version", [netui, "--version"], "≤ 1.5× the floor"),
            Case("netui --help", [netui, "--help"], "≤ 2× the floor"),
            *(
                Case(f"netui {name} --help", [netui, name, "--help"], "≤ 2× the floor (issue 18)")
                for name in subcommand_names()
            ),
            Case("netui add NAME (temp db)", [netui, "add", "Dana Levi"], "< 0.3 s"),
            Case("netui meter --json (demo)", [netui, "--db", str(demo), "meter", "--json"]),
            Case(
                "netui __names da (demo: a TAB)",
                [netui, "--db", str(demo), "__names", "--shell", "bash", "da"],
                "a keystroke",
            ),
            Case("netui query dana (demo: mutt)", [netui, "--db", str(demo), "query", "dana"]),
        ]
        if big is not None:
            cases.append(
                Case(
                    f"netui meter --json ({args.contacts:,})",
                    [netui, "--db", str(big), "meter", "--json"],
                    "≤ 0.3 s (issue 18)",
                )
            )
            cases.append(
                Case(
                    f"netui __names da ({args.contacts:,})",
                    [netui, "--db", str(big), "__names", "--shell", "bash", "da"],
                    "a keystroke",
                )
            )
            cases.append(
                Case(
                    f"netui query dana ({args.contacts:,})",
                    [netui, "--db", str(big), "query", "dana"],
                )
            )
        for case in cases:  # warm the page cache and the bytecode
            timed_run(case.argv, env)
        for _ in range(args.runs):
            for case in cases:
                wall, cpu = timed_run(case.argv, env)
                case.wall.append(wall)
                case.cpu.append(cpu)

    width = max(len(case.label) for case in cases) + 2
    header = (
        f"  {'':{width}}{'median':>9}{'p95':>9}{'× floor':>9}{'CPU med':>9}{'× floor':>9}   target"
    )
    print(f"\nWhole processes, wall time and CPU time (user + system), {args.runs} runs each")
    print(header)
    print("  " + "-" * (len(header) - 2))
    for case in cases:
        print(
            f"  {case.label:{width}}"
            f"{case.median() * 1000:>7.0f}ms{case.p95() * 1000:>7.0f}ms"
            f"{case.median() / floor.median():>8.2f}×"
            f"{case.median('cpu') * 1000:>7.0f}ms"
            f"{case.median('cpu') / floor.median('cpu'):>8.2f}×"
            f"   {case.target}"
        )
    helps = [case for case in cases if len(case.argv) == 3 and case.argv[2] == "--help"]
    worst = max(helps, key=lambda case: case.median("cpu"))
    print(
        f"\n  subcommands' --help: the slowest, {worst.label}, {worst.median('cpu') * 1000:.0f} ms "
        f"of CPU ({worst.median('cpu') / floor.median('cpu'):.2f}× the floor); median of them "
        f"{statistics.median(case.median('cpu') for case in helps) * 1000:.0f} ms"
    )
    print(f"\n  load average after the run: {load_average()}")
    print(f"  rerun: {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
