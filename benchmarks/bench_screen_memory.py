"""netui's memory as a user goes round its screens, through tmux at 120x40.

    python -m benchmarks.bench_screen_memory [--sizes 30000,300000] [--runs 2]
        [--python VENV/bin/python]

:mod:`benchmarks.bench_outside` reads the memory after the first paint and after
typing in Contacts, and leaves Today the moment it shows. A user who stays on Today
while it reads every exchange, then searches, then opens the Reciprocity screen
(which ranks the whole network) and the others, and comes back, asks more of it: at
300,000 contacts the Reciprocity screen alone once took the app from 170 to 400 MiB,
and each visit left more behind. This goes that way, on a fresh copy of the cached
network each run, and prints the resident memory after each step and the peak
(``VmHWM``) so far, the largest of the runs. The targets are issue 18's: 120 MiB at
30,000 contacts, 200 MiB at 300,000. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import (
    CACHE,
    SEED,
    ensure_network,
    fresh_copy,
    print_preamble,
    terminal_env,
)
from benchmarks.bench_outside import Expected, compile_netui, on_today, shows_result
from benchmarks.tmux_driver import Terminal

#: The tour: (what is pressed, what it is, seconds to stay). Today is left to finish
#: its read of every exchange (2 s of CPU at 300,000 contacts); each screen to read
#: what it shows.
TOUR = (
    ("", "Today, its whole read done", 4.0),
    ("1", "Contacts, a search typed and cleared", 0.0),
    ("3", "Reciprocity", 6.0),
    ("4", "Bank", 2.0),
    ("2", "Prep", 2.0),
    ("0", "Today again", 4.0),
    ("3", "Reciprocity again", 6.0),
)
TARGETS = {30_000: 120, 300_000: 200}


def tour(
    python: str, network: Path, expected: Expected, env: dict[str, str]
) -> list[tuple[float, float]]:
    """``(resident, peak so far)`` in MiB after each step of :data:`TOUR`."""
    found = []
    with fresh_copy(network) as path:
        terminal = Terminal(
            [python, "-m", "netui", "--db", str(path)],
            size=(120, 40),
            env=env,
            cwd=Path(env["HOME"]),
        )
        try:
            terminal.start()
            terminal.wait_for(on_today, "Today", timeout=120)
            for key, _, stay in TOUR:
                if key == "1":
                    terminal.send(key)
                    terminal.wait_for(
                        lambda s: shows_result(s, expected, ""), "Contacts", timeout=120
                    )
                    terminal.send("/")
                    terminal.send("a")
                    terminal.wait_for(
                        lambda s: shows_result(s, expected, "a"), "a search", timeout=120
                    )
                    terminal.send("C-u")
                    terminal.wait_for(lambda s: shows_result(s, expected, ""), "a cleared search")
                    terminal.send("Escape")
                    terminal.settle(quiet=0.5)
                elif key:
                    terminal.send(key)
                time.sleep(stay)
                found.append(terminal.memory())
        finally:
            terminal.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="30000,300000", help="contact counts")
    parser.add_argument("--runs", type=int, default=2, help="tours per size")
    parser.add_argument("--python", default=sys.executable, help="the interpreter of netui")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    networks = {size: ensure_network(size, args.seed, args.cache) for size in sizes}
    print_preamble("netui's memory round its screens (tmux, 120x40)")
    print(f"  netui: {args.python}")
    compile_netui(args.python)
    with tempfile.TemporaryDirectory(prefix="netui-memory-") as home:
        env = terminal_env(home)
        for size in sizes:
            expected = Expected(networks[size])
            for query in ("", "a"):
                expected.result(query)
            runs = [tour(args.python, networks[size], expected, env) for _ in range(args.runs)]
            print(f"\n{size:,} contacts ({args.runs} tours; the largest of them, MiB)")
            print(f"  {'step':<40}{'resident':>10}{'peak so far':>13}")
            for step, (_, what, _) in enumerate(TOUR):
                resident = max(run[step][0] for run in runs)
                peak = max(run[step][1] for run in runs)
                print(f"  {what:<40}{resident:>10.0f}{peak:>13.0f}")
            target = TARGETS.get(size)
            if target is not None:
                print(f"  target: peak ≤ {target} MiB")
    print("\nrerun: python -m benchmarks.bench_screen_memory " + shlex.join(sys.argv[1:] or []))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
