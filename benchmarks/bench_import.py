"""How long ``netui import linkedin`` takes on a 30,000-row Connections.csv.

    python -m benchmarks.bench_import [--rows 30000] [--runs 3] [--existing 0]

The CSV is generated on the fly (a Notes preamble, CRLF, a BOM, quoted fields
with commas and newlines, emails on a fifth of the rows, a few rows without a
name). Each run imports it end to end in-process, through ``netui.cli.main``
(parsing the arguments, opening the database, reading and parsing the file, the
dedupe pass, the one transaction), into a fresh database file; ``--existing N``
first fills that file with N contacts, the first half of them the same people as
the file, so that half the rows are updates. Prints the median of the runs.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from netui.cli import main as netui_main

FIRST = ("Anna", "David", "Maria", "Søren", "Łukasz", "Priya", "Wei", "Amira", "José", "Chloé")
LAST = ("Smith", "Müller", "García", 'O"Brien', "Novak", "Shah", "Zhang", "Haddad", "Dubois")
ORGS = ("Northwind Labs, Inc.", "Acme", "Redwood University", "Blue Fin", "", "Solar Co")
ROLES = ("CTO", "Engineer", "Head of\nGrowth", "Professor", "", "VP, Sales")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _quote(value: str) -> str:
    if any(ch in value for ch in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def make_csv(rows: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    lines = [
        "Notes:",
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."',
        "",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    ]
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if i % 997 == 0:
            first = last = ""
        email = f"p{i}@example.com" if rng.random() < 0.2 else ""
        day = f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2008, 2025)}"
        cells = (first, last, f"https://www.linkedin.com/in/p-{i}", email,
                 rng.choice(ORGS), rng.choice(ROLES), day)  # fmt: skip
        lines.append(",".join(_quote(cell) for cell in cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def run_once(
    folder: Path,
    csv_path: Path,
    existing: int,
    run: int,
    *,
    gc_off: bool = False,
    again: bool = False,
) -> float:
    db = folder / f"run{run}{'-gc-off' if gc_off else ''}.db"
    if again:  # the database holds every row of the file already (imported untimed)
        with contextlib.redirect_stdout(io.StringIO()):
            netui_main(["--db", str(db), "import", "linkedin", str(csv_path)])
    if existing:
        from netui.core.importers import ContactRecord, ParsedFile
        from netui.db.connection import close_database, open_database
        from netui.db.importing import import_records

        open_database(db)
        records = tuple(
            ContactRecord(
                where=f"seed {i}",
                name=f"Seed {i}",
                linkedin_url=f"https://www.linkedin.com/in/p-{i}" if i < existing // 2 else "",
            )
            for i in range(existing)
        )
        import_records("linkedin", ParsedFile(records))
        close_database()
    out = io.StringIO()
    gc.collect()
    if gc_off:
        gc.disable()
    started, cpu = time.perf_counter(), time.process_time()
    try:
        with contextlib.redirect_stdout(out):
            code = netui_main(["--db", str(db), "import", "linkedin", str(csv_path)])
    finally:
        gc.enable()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if code != 0:
        raise SystemExit(f"netui import failed with exit code {code}")
    label = " (cyclic GC off)" if gc_off else ""
    summary = out.getvalue().strip()
    print(f"  run {run + 1}{label}: {elapsed:.3f} s wall, {cpu:.3f} s CPU  ({summary})")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_import")
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--existing", type=int, default=0)
    parser.add_argument(
        "--again",
        action="store_true",
        help="import the file into a database that already holds every one of its rows",
    )
    parser.add_argument(
        "--compare-gc",
        action="store_true",
        help="alternate each run with one with the cyclic GC off (what netui's import "
        "did until issue 17): what leaving it on costs",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="netui-bench-import-") as tmp:
        folder = Path(tmp)
        csv_path = folder / "Connections.csv"
        csv_path.write_bytes(make_csv(args.rows))
        size = csv_path.stat().st_size
        python = sys.version.split()[0]
        print(f"netui import linkedin: {args.rows:,} rows ({size / 1e6:.1f} MB), "
              f"{args.existing:,} contacts already there, Python {python}")  # fmt: skip
        times, off = [], []
        for run in range(args.runs):
            times.append(run_once(folder, csv_path, args.existing, run, again=args.again))
            if args.compare_gc:
                off.append(
                    run_once(folder, csv_path, args.existing, run, gc_off=True, again=args.again)
                )
    print(f"median of {len(times)}: {statistics.median(times):.3f} s (budget 2 s)")
    if off:
        print(f"median with the cyclic GC off: {statistics.median(off):.3f} s")
    rerun = f"python -m benchmarks.bench_import --rows {args.rows} --runs {args.runs}"
    if args.existing:
        rerun += f" --existing {args.existing}"
    if args.again:
        rerun += " --again"
    if args.compare_gc:
        rerun += " --compare-gc"
    print(f"rerun: {rerun}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
