"""How often the Contacts screen is laid out again while it is used.

    python -m benchmarks.bench_layouts [--moves 20]

A layout of the screen (``Screen._refresh_layout``) arranges and repaints every
widget on it: 8 to 19 ms at 120x40. On the demo network (built as of the
screenshots' day), in-process through Pilot, at 120x40 and at 80x24, it counts the
layouts and the time spent in them while the cursor moves down ``--moves`` contacts
(each detail shown before the next move) and while a search is typed key by key and
erased. Counts, not speeds, are what to compare between two checkouts; the times
are there to say what the layouts cost on this machine. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.bench import print_preamble

SIZES = ((120, 40), (80, 24))
#: Typed one key at a time, then erased: results that cross one screen of rows.
SEARCH = "dana"


class Layouts:
    """The layouts of one screen, counted and timed since the last :meth:`take`."""

    def __init__(self, screen: Any) -> None:
        self.count = 0
        self.seconds = 0.0
        laid_out: Callable[..., Any] = screen._refresh_layout

        def counted(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return laid_out(*args, **kwargs)
            finally:
                self.count += 1
                self.seconds += time.perf_counter() - started

        screen._refresh_layout = counted

    def take(self) -> str:
        """The layouts since the last call, said; the count starts again."""
        said = f"{self.count:3} layouts, {self.seconds * 1000:5.0f} ms"
        self.count, self.seconds = 0, 0.0
        return said


async def measure(db: Path, size: tuple[int, int], moves: int) -> tuple[str, str]:
    """The layouts of ``moves`` cursor moves, and of :data:`SEARCH` typed and erased."""
    from netui.app import make_app
    from netui.screenshots import settle

    app = make_app(db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        layouts = Layouts(app.screen)
        for _ in range(moves):
            await pilot.press("down")
            await pilot.pause(0.1)  # the detail is read once the cursor rests
            await settle(pilot)
        cursor = layouts.take()
        await pilot.press("slash")
        await settle(pilot)
        layouts.take()  # the focus moving to the search box (the footer changes)
        for key in [*SEARCH, *["backspace"] * len(SEARCH)]:
            await pilot.press(key)
            await pilot.pause(0.1)
            await settle(pilot)
        return cursor, layouts.take()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_layouts")
    parser.add_argument("--moves", type=int, default=20)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_layouts", *(argv or sys.argv[1:])])

    from netui.db.connection import close_database
    from netui.screenshots import build_demo_db, frozen_today

    print_preamble("netui: layouts of the Contacts screen on the demo network")
    with tempfile.TemporaryDirectory(prefix="netui-bench-layouts-") as folder, frozen_today():
        db = build_demo_db(Path(folder) / "demo.db")
        for size in SIZES:
            cursor, searching = asyncio.run(measure(db, size, args.moves))
            close_database()
            width, height = size
            print(f"  {width}x{height}: {args.moves} cursor moves: {cursor}")
            print(f"  {width}x{height}: {SEARCH!r} typed and erased ({2 * len(SEARCH)} keys): "
                  f"{searching}")  # fmt: skip
    print(f"rerun: {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
