"""What the outside-in benchmark's terminal adds to a write of each size: the instrument's
own latency, with no app in it.

    python -m benchmarks.bench_terminal_pipe [--writes 40] [--sizes 700,3000,6000,10000]

A program of a dozen lines (this module, run with ``--serve``) waits in a tmux pane,
raw, and at each key writes a screenful of styled lines of the given size, then a mark
on the last line; :mod:`benchmarks.tmux_driver` sends the key and waits for the mark,
as :mod:`benchmarks.bench_outside` waits for an echo or a search's result. What it
prints is key → shown for writes as big as an echo (700 bytes) and as a search's new
rows (6 KB): the part of every figure of ``bench_outside`` that is the terminal's and
the driver's, not the app's.

The driver once read tmux's notifications one byte per system call (an unbuffered
pipe): a 6 KB write then showed 8 ms after it was made, a 10 KB one 12 ms, against
1.3 and 2.2 ms read buffered. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import termios
import tty
from collections.abc import Sequence

from benchmarks.bench import percentile, print_preamble
from benchmarks.tmux_driver import Terminal

SIZE = (120, 40)


def payload(size: int) -> str:
    """About ``size`` bytes of full-width lines, as a list repaint writes them: a move,
    a true-colour style, names with letters beyond ASCII, a reset."""
    lines, y = [], 1
    while sum(len(line.encode()) for line in lines) < size:
        text = f"Søren Kjær · Zoë Chen · Row {y:03}".ljust(70, " ")
        lines.append(f"\x1b[{y % 38 + 1};1H\x1b[38;2;224;224;224;48;2;30;30;30m{text}\x1b[0m")
        y += 1
    return "".join(lines)


def serve(sizes: Sequence[int]) -> None:
    """The program in the pane: key ``n`` writes the n-th size's payload and a mark."""
    payloads = {str(n): payload(size) for n, size in enumerate(sizes)}
    descriptor = sys.stdin.fileno()
    before = termios.tcgetattr(descriptor)
    tty.setraw(descriptor)
    out = sys.stdout
    out.write("\x1b[?1049h\x1b[2J\x1b[40;1Hready")
    out.flush()
    count = 0
    try:
        while (key := os.read(descriptor, 1).decode()) != "q":
            if key in payloads:
                count += 1
                out.write(payloads[key] + f"\x1b[40;1Hmark {count:05}")
                out.flush()
    finally:
        termios.tcsetattr(descriptor, termios.TCSADRAIN, before)
        out.write("\x1b[?1049l")
        out.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=40, help="writes of each size")
    parser.add_argument("--sizes", default="700,3000,6000,10000", help="bytes per write")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.serve:
        serve(sizes)
        return 0
    print_preamble("The terminal's part: a write of each size, key → shown (tmux, 120x40)")
    argv_pane = [sys.executable, "-m", "benchmarks.bench_terminal_pipe", "--serve"]
    argv_pane += ["--sizes", args.sizes]
    shown: dict[int, list[float]] = {size: [] for size in sizes}
    terminal = Terminal(argv_pane, size=SIZE, cwd=None, env={"PYTHONPATH": os.getcwd()})
    try:
        terminal.start()
        terminal.wait_for(lambda screen: "ready" in screen[-1], "the program")
        count = 0
        for _ in range(args.writes):
            for n, size in enumerate(sizes):  # the sizes alternate: no drift between them
                count += 1
                sent = terminal.send(str(n))
                moment, _ = terminal.wait_for(
                    lambda screen, count=count: f"mark {count:05}" in screen[-1], "the mark"
                )
                shown[size].append(moment - sent)
                terminal.settle(quiet=0.05)
        terminal.send("q")
    finally:
        terminal.close()
    print(f"\n  {'bytes written':>14}  {'median':>8}  {'p95':>8}")
    for size, values in shown.items():
        median, p95 = statistics.median(values), percentile(values, 0.95)
        written = len(payload(size).encode())
        print(f"  {written:>14,}  {median * 1000:>5.1f} ms  {p95 * 1000:>5.1f} ms")
    print("\nrerun: python -m benchmarks.bench_terminal_pipe " + " ".join(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
