"""PLACEHOLDER FOR THE LEAD TO DROP: ``netui-v4.db`` belongs to the ``undo`` branch.

The ``today`` branch registers a no-op schema version 4 (see
``netui.db.migrations._v4_placeholder``) so that its own version 5 has a place; this
writes the matching placeholder file, the v3 fixture marked version 4. When undo's
real version 4 and its ``netui-v4.db`` are merged, delete this script and its file.

    python tests/data/make_v4_placeholder_db.py
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

HERE = Path(__file__).parent

if __name__ == "__main__":
    out = HERE / "netui-v4.db"
    shutil.copyfile(HERE / "netui-v3.db", out)
    conn = sqlite3.connect(out)
    conn.execute("PRAGMA user_version = 4")
    conn.close()
    print(f"wrote {out}")
