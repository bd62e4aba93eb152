"""Write ``netui-v10.db``: a real database file at schema version 10, with data.

Version 10 keeps the search index in the file (:mod:`netui.db.search_snapshots`): a
counter of the contacts' searchable data raised by triggers on ``contact``, and a
snapshot of the index built at a value of it. This file holds the whole of the v9
file's data, through netui's own code, and a snapshot of its index (netui stores one
only for big networks; it is stored here so that a shipped snapshot is read by every
later netui, or refused and built again). The committed file is frozen: once a newer
schema ships, keep it as it is and write a make_v11_db.py.

Run it from the repository root to regenerate the committed fixture:

    python tests/data/make_v10_db.py [OUTPUT]
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).with_name("netui-v10.db")
#: Schema version this file is written at (renumbered if another step lands first).
VERSION = 10


def load_maker(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def fill() -> dict[str, int]:
    from netui.db.search import close_search, search_engine

    made = load_maker("make_v8_db").fill()
    engine = search_engine()
    engine.snapshot_from = 0  # stored whatever the size
    engine.index()
    engine.wait_for_snapshot()
    close_search()
    return made


def write(path: Path) -> Path:
    from netui.db.migrations import LATEST

    if LATEST != VERSION:
        raise SystemExit(f"netui-v10.db is frozen at schema {VERSION}; write the next maker")
    os.environ["TZ"] = "Europe/Berlin"  # as make_v5_db.py: its calendar import
    time.tzset()
    return load_maker("make_v2_db").write_file(path, VERSION, fill)


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
