"""What undo that lasts costs: the undo of a 30,000-row import, and watching the file.

    python -m benchmarks.bench_undo [--rows 30000] [--existing 30000] [--runs 3]

Each run fills a fresh database with ``--existing`` contacts (the first half the
same people as the file, so half the rows are updates), imports the generated
``Connections.csv`` of :mod:`benchmarks.bench_import` (one undo step: the added
contacts as an id range, each updated contact's changed columns), then takes the
import back with :func:`netui.db.history.undo_latest`. It prints the import, the
size of the step and the undo; and the cost of one look at ``PRAGMA
data_version``, which each window takes twice a second to notice other windows.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_import import make_csv


def run_once(folder: Path, csv_path: Path, existing: int, run: int) -> tuple[float, float]:
    from netui.core.importers import ContactRecord, ParsedFile
    from netui.db.connection import close_database, open_database
    from netui.db.history import forget_old, undo_latest
    from netui.db.importing import import_file, import_records
    from netui.db.models import Contact, UndoStep

    db = folder / f"run{run}.db"
    open_database(db)
    try:
        if existing:
            records = tuple(
                ContactRecord(
                    where=f"seed {i}",
                    name=f"Seed {i}",
                    linkedin_url=f"https://www.linkedin.com/in/p-{i}" if i < existing // 2 else "",
                )
                for i in range(existing)
            )
            import_records("linkedin", ParsedFile(records))
            forget_old(keep=0)
        before = Contact.select().count()
        started = time.perf_counter()
        report = import_file("linkedin", csv_path)
        imported = time.perf_counter() - started
        size = len(UndoStep.get().revert)
        started = time.perf_counter()
        outcome = undo_latest()
        undone = time.perf_counter() - started
        after = Contact.select().count()
    finally:
        close_database()
    print(f"  run {run + 1}: import {imported:.3f} s ({report.added:,} added, "
          f"{report.updated:,} updated; step {size / 1e6:.1f} MB of JSON), undo "
          f"{undone:.3f} s ({outcome.changed:,} rows, {after:,} contacts again)")  # fmt: skip
    assert after == before and not outcome.left
    return imported, undone


def poll_cost(folder: Path, polls: int = 20_000) -> float:
    """Microseconds per ``PRAGMA data_version`` on an open connection."""
    from netui.db.connection import close_database, open_database

    db = folder / "poll.db"
    open_database(db)
    close_database()
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        started = time.perf_counter()
        for _ in range(polls):
            conn.execute("PRAGMA data_version").fetchone()
        return (time.perf_counter() - started) / polls * 1e6
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_undo")
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--existing", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netui-bench-undo-") as tmp:
        folder = Path(tmp)
        csv_path = folder / "Connections.csv"
        csv_path.write_bytes(make_csv(args.rows))
        print(f"undo of an import: {args.rows:,} rows into {args.existing:,} contacts, "
              f"Python {sys.version.split()[0]}")  # fmt: skip
        results = [run_once(folder, csv_path, args.existing, run) for run in range(args.runs)]
        poll = poll_cost(folder)
    print(f"median of {len(results)}: import {statistics.median(r[0] for r in results):.3f} s, "
          f"undo {statistics.median(r[1] for r in results):.3f} s")  # fmt: skip
    print(f"PRAGMA data_version: {poll:.1f} µs a look (each window looks twice a second)")
    print(f"rerun: python -m benchmarks.bench_undo --rows {args.rows} "
          f"--existing {args.existing} --runs {args.runs}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
