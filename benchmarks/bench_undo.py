"""What undo that lasts costs: the undo of a 30,000-row import, and watching the file.

    python -m benchmarks.bench_undo [--rows 30000] [--existing 30000] [--runs 3]

Each run fills a fresh database with ``--existing`` contacts (the first half the
same people as the file, so half the rows are updates), imports the generated
``Connections.csv`` of :mod:`benchmarks.bench_import` (one undo step: the added
contacts as an id range, each updated contact's changed columns), then takes the
import back with :func:`netui.db.history.undo_latest`. It prints the import, the
size of the step and the undo; the cost of one look at ``PRAGMA data_version``,
which each window takes twice a second to notice other windows; and how long a
window showing ``--network`` contacts takes to show a contact another process
added (the cached network of :mod:`benchmarks.bench`).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.bench_import import make_csv


def run_once(folder: Path, csv_path: Path, existing: int, run: int) -> tuple[float, float]:
    from netui.core.importers import ContactRecord, ParsedFile
    from netui.db.connection import close_database, open_database
    from netui.db.history import undo_latest
    from netui.db.importing import import_file, import_records
    from netui.db.journal import forget_old
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


def first_name(widget) -> str | None:
    row = widget.row_of(widget.contact_ids[0]) if widget.contact_ids else None
    return row.name if row is not None else None


async def notice_delay(db: Path, runs: int) -> list[float]:
    """Seconds from another process's commit (a contact added, sorting first) to the
    Contacts screen showing it, cursor kept, with no key pressed."""
    from benchmarks.bench import contact_list
    from netui.app import make_app
    from netui.db.connection import close_database
    from netui.screenshots import settle

    app = make_app(db, config_path=db.with_name("no-config.toml"))
    delays = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        kept = contact_list(app).highlighted_id
        for run in range(runs):
            name = f"Aaron {999 - run:03d}"  # each sorts before the one before
            conn = sqlite3.connect(db)
            with conn:
                conn.execute(
                    "INSERT INTO contact (name, organisation, role, email, phone, linkedin_url,"
                    " location, how_we_met, career_path, notes, second_degree,"
                    " archived, created_at, updated_at, sort_name, search_text, uid)"
                    " VALUES (?, '', '', '', '', '', '', '', '', '', 0, 0,"
                    " '2025-01-01 00:00:00', '2025-01-01 00:00:00', ?, ?, ?)",
                    (name, name.lower(), name.lower(), str(uuid.uuid4())),
                )
            conn.close()
            started = time.perf_counter()
            while first_name(contact_list(app)) != name:
                await pilot.pause(0.005)
            delays.append(time.perf_counter() - started)
            assert contact_list(app).highlighted_id == kept
    close_database()
    return delays


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_undo")
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--existing", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--network", type=int, default=30_000, help="contacts on screen")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netui-bench-undo-") as tmp:
        folder = Path(tmp)
        csv_path = folder / "Connections.csv"
        csv_path.write_bytes(make_csv(args.rows))
        print(f"undo of an import: {args.rows:,} rows into {args.existing:,} contacts, "
              f"Python {sys.version.split()[0]}")  # fmt: skip
        results = [run_once(folder, csv_path, args.existing, run) for run in range(args.runs)]
        poll = poll_cost(folder)
        from benchmarks.bench import CACHE, ensure_network, fresh_copy

        with fresh_copy(ensure_network(args.network, 1, CACHE)) as db:
            delays = asyncio.run(notice_delay(db, 5))
    print(f"median of {len(results)}: import {statistics.median(r[0] for r in results):.3f} s, "
          f"undo {statistics.median(r[1] for r in results):.3f} s")  # fmt: skip
    print(f"PRAGMA data_version: {poll:.1f} µs a look (each window looks twice a second)")
    print(f"another process adds a contact: shown on the Contacts screen of {args.network:,} "
          f"after {statistics.median(delays):.2f} s median, {max(delays):.2f} s at most "
          f"(the look every 0.5 s, then the list read again), cursor kept")  # fmt: skip
    print(f"rerun: python -m benchmarks.bench_undo --rows {args.rows} "
          f"--existing {args.existing} --runs {args.runs} --network {args.network}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
