"""How long ``netui import vcard`` takes on one card with a big folded PHOTO.

    python -m benchmarks.bench_vcard_photo [--sizes 1,4,50] [--runs 3] [--vobject 1,4]

Each file is one vCard 3.0 whose PHOTO holds SIZE MB of base64, folded at 75
octets as phones and Google Contacts write it. Each run imports it end to end
through ``netui.cli.main`` into a fresh database (reading, unfolding, parsing, the
transaction). ``--vobject`` also times vobject's own unfolding
(``getLogicalLines``), which netui used before: it copies the whole line after
every physical line, so its time grows with the square of the size (keep those
sizes small: 4 MB takes seconds, 50 MB did not finish in 20 minutes). Prints the
median of the runs.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from netui.cli import main as netui_main


def photo_card(megabytes: float) -> bytes:
    """One card with a PHOTO of ``megabytes`` of base64, folded at 75 octets (CRLF)."""
    raw = bytes(range(256)) * int(megabytes * 1024 * 1024 * 3 / 4 / 256 + 1)
    line = "PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(raw).decode("ascii")
    folded = "\r\n ".join(line[start : start + 74] for start in range(0, len(line), 74))
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Levi\r\nORG:Globex\r\n{folded}\r\n"
        "EMAIL:dana@example.com\r\nEND:VCARD\r\n"
    ).encode()


def import_once(folder: Path, card: Path, run: int) -> tuple[float, float]:
    db = folder / f"run{run}.db"
    out = io.StringIO()
    started, cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(out):
        code = netui_main(["--db", str(db), "import", "vcard", str(card)])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if code != 0:
        raise SystemExit(f"netui import failed with exit code {code}")
    return elapsed, cpu


def vobject_unfold(data: bytes) -> float:
    from vobject.base import getLogicalLines

    started = time.process_time()
    for _ in getLogicalLines(io.StringIO(data.decode("utf-8")), allowQP=True):
        pass
    return time.process_time() - started


def sizes(text: str) -> list[float]:
    return [float(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_vcard_photo")
    parser.add_argument("--sizes", default="1,4,50", help="photo sizes in MB")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--vobject", default="", help="sizes to time vobject's unfolding on")
    args = parser.parse_args(argv)
    print(f"netui import vcard of one card with a folded PHOTO, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="netui-bench-vcard-") as tmp:
        folder = Path(tmp)
        for size in sizes(args.sizes):
            card = folder / f"photo-{size:g}.vcf"
            card.write_bytes(photo_card(size))
            mb = card.stat().st_size / 1024 / 1024
            runs = [import_once(folder, card, run) for run in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(f"  {mb:6.1f} MB file: {wall:.3f} s wall, {cpu:.3f} s CPU (median)")
            for path in folder.glob("run*.db*"):
                path.unlink()
        for size in sizes(args.vobject):
            seconds = vobject_unfold(photo_card(size))
            print(f"  vobject's getLogicalLines alone, {size:g} MB photo: {seconds:.2f} s CPU")
    rerun = f"python -m benchmarks.bench_vcard_photo --sizes {args.sizes} --runs {args.runs}"
    if args.vobject:
        rerun += f" --vobject {args.vobject}"
    print(f"rerun: {rerun}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
