"""Write ``netui-v8.db``: a real database file at schema version 8, with data.

Version 8 keeps what is a member's own theirs: private notes leave the relationship
(read by the whole team) for ``private_note`` rows only their member reads, and undo
steps and the trash carry their member. Like ``make_v7_db.py`` this goes through
netui's own code: the whole of the v6 file's data, the v7 file's shared entry,
meeting and goal, then what version 8 is about: a private note about a contact, and
an undo step whose delete left a row in the trash. The committed file is frozen:
once a newer schema ships, keep it as it is and write a make_v9_db.py.

Run it from the repository root to regenerate the committed fixture:

    python tests/data/make_v8_db.py [OUTPUT]
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).with_name("netui-v8.db")
#: Schema version this file is written at (renumbered if another step lands first).
VERSION = 8


def load_maker(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def fill() -> dict[str, int]:
    from netui.db.goals import GoalFields, create_goal, delete_goal
    from netui.db.journal import undoable
    from netui.db.models import Exchange, Goal, Meeting
    from netui.db.private_notes import write_private_notes

    people = load_maker("make_v6_db").fill()
    write_private_notes(people["Hedy Lamarr"], "Owes me a call about the patent; ask in May.")
    first = Exchange.select(Exchange.id).order_by(Exchange.id).scalar()
    Exchange.update(shared=True).where(Exchange.id == first).execute()
    Meeting.update(shared=True).where(
        Meeting.id == Meeting.select(Meeting.id).order_by(Meeting.id).scalar()
    ).execute()
    Goal.update(shared=True).where(
        Goal.id == Goal.select(Goal.id).order_by(Goal.id).scalar()
    ).execute()
    gone = create_goal(GoalFields(title="A goal given up", description="kept in the trash"))
    with undoable("remove A goal given up", screen="bank"):
        delete_goal(gone)
    return people


def write(path: Path) -> Path:
    from netui.db.migrations import LATEST

    if LATEST != VERSION:
        raise SystemExit(f"netui-v8.db is frozen at schema {VERSION}; write the next maker")
    os.environ["TZ"] = "Europe/Berlin"  # as make_v5_db.py: its calendar import
    time.tzset()
    return load_maker("make_v2_db").write_file(path, VERSION, fill)


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
