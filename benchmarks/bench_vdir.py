"""How long ``netui export vcard DIR/`` and ``netui sync vdir DIR`` take at 30,000
contacts (300,000 ties): the vdir that khard and vdirsyncer read.

    python -m benchmarks.bench_vdir [--contacts 30000] [--edits 100] [--seed 7]

On a fresh copy of the cached synthetic network (``benchmarks.bench``), in-process
through ``netui.cli.main``, one run each of:

1. ``export vcard DIR/``: 30,000 ``UID.vcf`` files, each written whole (temporary
   file, fsync, rename);
2. the first ``sync vdir DIR``: every card read, parsed and matched by UID;
3. the second ``sync vdir DIR``: nothing changed, every file recognised by its hash;
4. ``--edits`` cards changed in the folder and as many contacts changed in netui,
   then a sync that brings them in and writes them out;
5. one more sync (nothing to do).

Prints wall-clock seconds; no test asserts on them. Run it on an idle machine.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import ensure_network, fresh_copy, print_preamble
from netui.cli import main as netui_main


def timed(argv: list[str]) -> tuple[float, str]:
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = netui_main(argv)
    elapsed = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"netui {' '.join(argv)} failed: {err.getvalue().strip()}")
    return elapsed, (out.getvalue() + err.getvalue()).strip()


def edit_both_sides(db: Path, folder: Path, edits: int, seed: int) -> None:
    from netui.db.connection import close_database, open_database
    from netui.db.models import Contact

    rng = random.Random(seed)
    cards = sorted(folder.glob("*.vcf"))
    for path in rng.sample(cards, edits):
        text = path.read_bytes().decode("utf-8")
        path.write_bytes(text.replace("VERSION:4.0\r\n", "VERSION:4.0\r\nTITLE:Edited\r\n", 1)
                         .encode("utf-8") if "TITLE:" not in text else
                         text.replace("TITLE:", "TITLE:Edited ", 1).encode("utf-8"))  # fmt: skip
    open_database(db)
    try:
        ids = [cid for (cid,) in Contact.select(Contact.id).where(~Contact.archived).tuples()]
        for cid in rng.sample(ids, edits):
            Contact.update(notes=Contact.notes + " (edited in netui)").where(
                Contact.id == cid
            ).execute()
    finally:
        close_database()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path("benchmarks/.cache"))
    args = parser.parse_args(argv)
    network = ensure_network(args.contacts, args.seed, args.cache)
    print_preamble("netui vdir export and sync", network)
    with fresh_copy(network) as db, tempfile.TemporaryDirectory(prefix="netui-vdir-") as tmp:
        folder = Path(tmp) / "contacts"
        base = ["--db", str(db)]
        steps = []
        seconds, said = timed([*base, "export", "vcard", f"{folder}/"])
        steps.append(("export vcard DIR/", seconds, said))
        seconds, said = timed([*base, "sync", "vdir", str(folder)])
        steps.append(("first sync (every card read)", seconds, said))
        seconds, said = timed([*base, "sync", "vdir", str(folder)])
        steps.append(("second sync (nothing changed)", seconds, said))
        edit_both_sides(db, folder, args.edits, args.seed)
        seconds, said = timed([*base, "sync", "vdir", str(folder)])
        steps.append((f"sync after {args.edits} edits on each side", seconds, said))
        seconds, said = timed([*base, "sync", "vdir", str(folder)])
        steps.append(("sync again (nothing changed)", seconds, said))
        cards = len(list(folder.glob("*.vcf")))
    print(f"  cards in the folder: {cards:,}")
    for label, seconds, said in steps:
        print(f"  {label:<38} {seconds:7.2f} s   {said.splitlines()[0] if said else ''}")
    print(f"rerun: {sys.executable} -m benchmarks.bench_vdir --contacts {args.contacts} "
          f"--edits {args.edits} --seed {args.seed}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
