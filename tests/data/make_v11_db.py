"""Write ``netui-v11.db``: a real database file at schema version 11, with data.

Version 11 keeps the pairs of the search index in the file too
(:mod:`netui.db.search_snapshots`, :mod:`netui.core.search_pairs_snapshot`): where
punctuation meets a word in every contact's text, built at a value of the contacts'
counter. This file holds the whole of the v10 file's data, through netui's own code,
a snapshot of its index and its pairs (netui stores them only for big networks;
they are stored here so that shipped ones are read by every later netui, or refused
and built again). The committed file is frozen: once a newer schema ships, keep it
as it is and write a make_v12_db.py.

Run it from the repository root to regenerate the committed fixture:

    python tests/data/make_v11_db.py [OUTPUT]
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import sys
import time
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).with_name("netui-v11.db")
#: Schema version this file is written at (renumbered if another step lands first).
VERSION = 11


def load_maker(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def stored_pairs(path: str) -> bool:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM search_pairs").fetchone()[0] == 1
    finally:
        connection.close()


def fill() -> dict[str, int]:
    from netui.db.search import close_search, search_engine

    made = load_maker("make_v8_db").fill()
    engine = search_engine()
    engine.snapshot_from = 0  # stored whatever the size
    index = engine.index()
    engine.wait_for_snapshot()
    index.build_pairs_soon()  # stored by the engine once built
    deadline = time.monotonic() + 60
    while not stored_pairs(engine.path):
        if time.monotonic() > deadline:
            raise SystemExit("the pairs were not stored")
        time.sleep(0.05)
    close_search()
    return made


def write(path: Path) -> Path:
    from netui.db.migrations import LATEST

    if LATEST != VERSION:
        raise SystemExit(f"netui-v11.db is frozen at schema {VERSION}; write the next maker")
    os.environ["TZ"] = "Europe/Berlin"  # as make_v5_db.py: its calendar import
    time.tzset()
    return load_maker("make_v2_db").write_file(path, VERSION, fill)


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
