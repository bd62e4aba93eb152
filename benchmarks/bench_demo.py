"""The demo network: how long ``build_demo`` (what ``netui demo`` runs first) takes.

    python -m benchmarks.bench_demo [--runs 20]

Each run builds the demo into a new file in a temporary folder, as of a fixed day
(the screenshots' day) with the default seed. Wall time and CPU time
(``time.process_time``) are both printed: on a busy machine the CPU figure is the
steadier one. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import Figure, print_preamble, print_table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_demo")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_demo", *(argv or sys.argv[1:])])

    from netui.db.connection import close_database
    from netui.db.demo import build_demo
    from netui.screenshots import DEMO_TODAY

    print_preamble("netui demo network benchmark")
    wall, cpu = Figure("build_demo(), wall"), Figure("build_demo(), CPU")
    with tempfile.TemporaryDirectory(prefix="netui-bench-demo-") as folder:
        for run in range(args.runs + 1):
            path = Path(folder) / f"demo-{run}.db"
            started, started_cpu = time.perf_counter(), time.process_time()
            build_demo(path, today=DEMO_TODAY)
            elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - started_cpu
            close_database()
            if run:  # the first run warms the imports and the page cache
                wall.samples.append(elapsed)
                cpu.samples.append(elapsed_cpu)
    print_table(
        f"Building the demo network ({args.runs} runs, after one warm-up)",
        [wall, cpu],
        ("n", "median", "p95", "max"),
    )
    print(f"\nRerun from the repository root with:\n  {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
