"""What the search index stored in the file saves: a new engine's ``index()`` built from
the contacts, against loaded from the snapshot (:mod:`netui.db.search_snapshots`).

    python -m benchmarks.bench_index_load [--sizes 30000,300000] [--runs 3]

Each network (:mod:`netui.db.search`'s cached one, :mod:`benchmarks.bench`) is copied
to a temporary folder and opened as the app opens it (migrated if older); then, in
this process: the index built by a new engine (no snapshot yet), the snapshot
stored (its bytes made and written in one transaction), and the index loaded by
a new engine, each ``--runs`` times. Also the snapshot's size and how much the file
grew (pages in use: a file that had one keeps its pages). Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import gc
import shlex
import sqlite3
import sys
import time
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


def file_size(path: Path) -> int:
    """The bytes of the file's pages in use (not free), once its WAL is checkpointed."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (pages,) = connection.execute("PRAGMA page_count").fetchone()
        (free,) = connection.execute("PRAGMA freelist_count").fetchone()
        (size,) = connection.execute("PRAGMA page_size").fetchone()
    finally:
        connection.close()
    return int((pages - free) * size)


def measure(path: Path, runs: int) -> tuple[list[Figure], dict[str, float]]:
    from netui.core.search_snapshot import dump
    from netui.db.connection import close_database, open_database
    from netui.db.search import SearchEngine
    from netui.db.search_snapshots import read_counter, write_snapshot

    started = time.perf_counter()
    open_database(path)  # migrated as the app would (the first open after an upgrade)
    opened = time.perf_counter() - started
    try:
        connection = sqlite3.connect(path)
        connection.execute("DELETE FROM search_snapshot")
        connection.commit()
        counter = read_counter(connection)
        connection.close()
        assert counter is not None
        before = file_size(path)

        built = Figure("new engine -> index(), built")
        index = None
        for _ in range(runs):
            del index
            gc.collect()
            engine = SearchEngine(str(path))
            engine.snapshot_from = sys.maxsize  # not stored here: timed below
            started = time.perf_counter()
            index = engine.index()
            built.samples.append(time.perf_counter() - started)
            assert engine.builds == 1
            engine.close()
        assert index is not None

        made = Figure("snapshot made (dump)")
        written = Figure("snapshot written (one transaction)")
        for _ in range(runs):
            started = time.perf_counter()
            data = dump(index)
            made.samples.append(time.perf_counter() - started)
            started = time.perf_counter()
            assert write_snapshot(str(path), counter, data)
            written.samples.append(time.perf_counter() - started)
        del index
        after = file_size(path)

        loaded = Figure("new engine -> index(), loaded")
        for _ in range(runs):
            gc.collect()
            engine = SearchEngine(str(path))
            started = time.perf_counter()
            engine.index()
            loaded.samples.append(time.perf_counter() - started)
            assert engine.loads == 1 and engine.builds == 0
            engine.close()
    finally:
        close_database()
    sizes = {"opened": opened, "snapshot": len(data), "before": before, "after": after}
    return [built, made, written, loaded], sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_index_load")
    parser.add_argument("--sizes", default="30000,300000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    command = shlex.join(["python", "-m", "benchmarks.bench_index_load", *(argv or sys.argv[1:])])
    print_preamble("The search index: built, or loaded from the file")
    print(f"  {command}")
    for size in (int(size) for size in args.sizes.split(",")):
        source = ensure_network(size, args.seed, args.cache)
        with fresh_copy(source) as path:
            figures, sizes = measure(path, args.runs)
        print_table(f"{size:,} contacts ({args.runs} runs each)", figures, ("n", "median", "max"))
        print(
            f"  snapshot {sizes['snapshot'] / 1e6:,.1f} MB; the file's pages in use grew from"
            f" {sizes['before'] / 1e6:,.1f} MB to {sizes['after'] / 1e6:,.1f} MB"
            f" (+{(sizes['after'] - sizes['before']) / 1e6:,.1f} MB);"
            f" open_database {sizes['opened']:.2f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
