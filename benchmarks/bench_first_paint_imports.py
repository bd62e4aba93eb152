"""What netui imports before its first paint, and the CPU it costs, beside Textual's.

    python -m benchmarks.bench_first_paint_imports [--runs 21] [--python PATH]

Each run is a fresh interpreter (``PATH -c ...``, no bytecode written) that imports
what the floor of :mod:`benchmarks.bench_outside` imports (Textual's app and its
widgets), then what netui's launch imports before its first paint: the command line,
the app and the screen it opens on (Today when something is due, Contacts when
nothing is). It prints the CPU time (``time.process_time``) of each part and how many
of netui's modules were loaded, as the median and the minimum of the runs: CPU
rather than wall time, so that another process on the machine moves it less.
``--python`` measures another checkout's virtualenv with the same script (before and
after figures). Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

#: Imported in the child: the floor's part, then netui's (one screen at a time).
CHILD = """
import json, sys, time
start = time.process_time()
import textual.app, textual.widgets, textual.containers
floor = time.process_time()
import netui.cli, netui.commands, netui.app
import {screen}
netui_done = time.process_time()
print(json.dumps({{
    "floor": floor - start,
    "netui": netui_done - floor,
    "modules": sum(name.startswith("netui") for name in sys.modules),
}}))
"""

SCREENS = {
    "Today": "netui.screens.today, netui.db.today",
    "Contacts": "netui.screens.contacts, netui.screens.contacts_reads",
}


def measure(python: str, screen: str, runs: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {"floor": [], "netui": [], "modules": []}
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for _ in range(runs):
        done = subprocess.run(
            [python, "-c", CHILD.format(screen=screen)],
            capture_output=True, text=True, check=True, env=env,
            cwd="/",  # not a checkout's folder: its netui would come first on the path
        )  # fmt: skip
        for key, value in json.loads(done.stdout).items():
            found[key].append(value)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--python", default=sys.executable, help="the interpreter of netui")
    args = parser.parse_args(argv)
    print(f"Imports before the first paint ({args.runs} fresh interpreters each)")
    print(f"  python: {args.python}")
    print(f"  load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, screen in SCREENS.items():
        found = measure(args.python, screen, args.runs)
        floor, netui = found["floor"], found["netui"]
        print(
            f"  opens on {name:8}  Textual (the floor's) {1000 * statistics.median(floor):5.1f} ms"
            f" (min {1000 * min(floor):5.1f}),  netui's {1000 * statistics.median(netui):5.1f} ms"
            f" (min {1000 * min(netui):5.1f}) CPU,  {int(found['modules'][0])} netui modules"
        )
    print(f"  load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"rerun: python -m benchmarks.bench_first_paint_imports --runs {args.runs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
