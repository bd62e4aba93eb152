"""What routing keys one at a time costs: a burst of keys at 30,000 contacts, with the
key gate (netui/key_gate.py) and with Textual's own routing, which sends keys behind
a focus change to the wrong widget.

    python -m benchmarks.bench_keys [--contacts 30000] [--runs 5] [--keys 40] [--seed 1]

Each run opens the app on a fresh copy of the cached network (see
:mod:`benchmarks.bench`), queues the whole burst at once (as a terminal delivers
keys typed or pasted fast) and measures, per key, the time until the last key's
effect is shown (the cursor on the last row moved to, the search box holding the
whole word) and until everything it set off has finished (database reads
included). A key typed on its own is not delayed by the gate: it is routed at
once; only keys that arrive while an earlier one is still being handled wait.
Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
import time
from contextlib import suppress
from pathlib import Path

from benchmarks.bench import (
    CACHE,
    SEED,
    TERMINAL,
    Figure,
    ensure_network,
    fresh_copy,
    print_preamble,
    print_table,
)

WORD = "ashworth"


def _key(key: str):
    from textual import events

    return events.Key(key, key if len(key) == 1 else None)


async def _settled(app) -> None:
    from textual.worker import WorkerCancelled

    for _ in range(4):
        for worker in list(app.workers):
            with suppress(WorkerCancelled):
                await worker.wait()
        await asyncio.sleep(0)


async def one_run(path: Path, gated: bool, scenario: str, count: int) -> tuple[float, float]:
    from textual.app import App

    from netui.app import NetuiApp
    from netui.db.connection import open_database
    from netui.widgets.contact_list import ContactList

    class Ungated(NetuiApp):
        async def on_event(self, event) -> None:
            await App.on_event(self, event)

    open_database(path)
    app = (NetuiApp if gated else Ungated)(path, config_path=path.with_suffix(".toml"))
    async with app.run_test(size=TERMINAL) as pilot:
        await _settled(app)
        await pilot.pause()
        if scenario == "type":
            await pilot.press("slash")
            await _settled(app)
            word = (WORD * (count // len(WORD) + 1))[:count]
            keys = list(word)
            search = app.screen.query_one("#search")
            shown = lambda: search.value == word  # noqa: E731
        else:
            keys = ["down"] * count
            rows = app.screen.query_one(ContactList)
            shown = lambda: rows.cursor == count  # noqa: E731
        started = time.perf_counter()
        for key in keys:
            event = _key(key)
            event.set_sender(app)
            app.post_message(event)
        while not shown():
            await asyncio.sleep(0.0005)
        last_key = time.perf_counter() - started
        await _settled(app)
        everything = time.perf_counter() - started
    return last_key / count, everything / count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_keys")
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=40, help="keys per burst")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_keys", *(argv or sys.argv[1:])])

    source = ensure_network(args.contacts, args.seed, args.cache)
    print_preamble("netui key routing benchmark", source)
    figures: list[Figure] = []
    for scenario, what in (("down", "arrow keys down the list"), ("type", "letters typed in /")):
        for gated, routing in ((True, "key gate"), (False, "Textual alone")):
            shown = Figure(f"{what}, {routing}: shown")
            done = Figure(f"{what}, {routing}: all done")
            for _ in range(args.runs):
                with fresh_copy(source) as path:
                    per_key_shown, per_key_done = asyncio.run(
                        one_run(path, gated, scenario, args.keys)
                    )
                shown.samples.append(per_key_shown)
                done.samples.append(per_key_done)
            figures.extend((shown, done))
    print_table(
        f"A burst of {args.keys} keys at {args.contacts:,} contacts, time per key "
        f"({args.runs} runs each)",
        figures,
        ("n", "median", "p95", "max"),
    )
    print(f"\nRerun from the repository root with:\n  {command}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
