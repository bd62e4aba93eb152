"""Write ``netui-v9.db``: a real database file at schema version 9, with data.

Version 9 lets a member of a team take a contact out of their network
(``relationship.dropped``) and gives the list's order an index of its own. This
file is one person's, as every shipped file is (opened without ``--member``), where
archiving is the way and nothing is ever dropped: it holds the whole of the v8
file's data, through netui's own code, with the new column (false everywhere) and
the new index. The committed file is frozen: once a newer schema ships, keep it as
it is and write a make_v10_db.py.

Run it from the repository root to regenerate the committed fixture:

    python tests/data/make_v9_db.py [OUTPUT]
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).with_name("netui-v9.db")
#: Schema version this file is written at (renumbered if another step lands first).
VERSION = 9


def load_maker(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def fill() -> dict[str, int]:
    return load_maker("make_v8_db").fill()


def write(path: Path) -> Path:
    from netui.db.migrations import LATEST

    if LATEST != VERSION:
        raise SystemExit(f"netui-v9.db is frozen at schema {VERSION}; write the next maker")
    os.environ["TZ"] = "Europe/Berlin"  # as make_v5_db.py: its calendar import
    time.tzset()
    return load_maker("make_v2_db").write_file(path, VERSION, fill)


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
