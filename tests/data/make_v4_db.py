"""Write ``netui-v4.db``: a real database file at schema version 4, with data.

Version 4 keeps the undo history in the file (``undo_step``) and what deletes took
out (``trash``). Like ``make_v3_db.py`` this goes through netui's own code: the
whole of the v3 file's data, then three steps that can still be undone after the
file is reopened: an edit of a contact, a tie removed, a good deleted with its
tags. The committed file is frozen: once a newer schema ships, keep it as it is
and write a make_v5_db.py.

Run it from the repository root to regenerate the committed fixture:

    python tests/data/make_v4_db.py [OUTPUT]
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).with_name("netui-v4.db")


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def fill() -> dict[str, int]:
    from dataclasses import replace

    from netui.db.contacts import edit_contact, get_contact
    from netui.db.goods import all_goods, delete_good
    from netui.db.journal import undoable
    from netui.db.ties import remove_tie, ties_of

    people = load("make_v3_db").fill()
    zoe = people["Zoë Hartmann"]
    loaded = get_contact(zoe).fields
    with undoable("edit Zoë Hartmann", screen="contacts", origin="make_v4_db"):
        wanted = replace(loaded, role="Programme lead", tags=(*loaded.tags, "Speaker"))
        edit_contact(zoe, loaded, wanted)
    other = ties_of(zoe)[0]
    with undoable(f"untie Zoë Hartmann and {other.name}", screen="contacts", origin="make_v4_db"):
        remove_tie(zoe, other.other_id)
    good = next(good for good in all_goods() if good.title == "SaaS pricing teardown")
    with undoable("remove the good SaaS pricing teardown", screen="bank", origin="make_v4_db"):
        delete_good(good.id)
    return people


def write(path: Path) -> Path:
    from netui.db.migrations import LATEST

    if LATEST != 4:
        raise SystemExit("netui-v4.db is frozen at schema 4; write make_v5_db.py instead")
    return load("make_v2_db").write_file(path, 4, fill)


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
