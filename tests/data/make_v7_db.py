"""Write ``netui-v7.db``: a real database file at schema version 7, with data.

Version 7 brings members (``netui.db.members``): the file's one member, whose
``relationship`` with each contact holds the closeness and cadence the contact row
used to, and who owns every ledger entry, meeting, goal, touch and snooze
(``member_id``; entries, meetings and goals are private unless ``shared``). Like
``make_v6_db.py`` this goes through netui's own code: the whole of the v6 file's
data, then what version 7 is about: private notes on a relationship, and a ledger
entry, a meeting and a goal marked shared. The committed file is frozen: once a
newer schema ships, keep it as it is and write a make_v8_db.py.

Run it from the repository root to regenerate the committed fixture:

    python tests/data/make_v7_db.py [OUTPUT]
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).with_name("netui-v7.db")
#: Schema version this file is written at (renumbered if another step lands first).
VERSION = 7


def load_maker(name: str):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def fill() -> dict[str, int]:
    from netui.db.models import Exchange, Goal, Meeting, Relationship

    people = load_maker("make_v6_db").fill()
    Relationship.update(private_notes="Owes me a call about the patent; ask in May.").where(
        Relationship.contact == people["Hedy Lamarr"]
    ).execute()
    first = Exchange.select(Exchange.id).order_by(Exchange.id).scalar()
    Exchange.update(shared=True).where(Exchange.id == first).execute()
    Meeting.update(shared=True).where(
        Meeting.id == Meeting.select(Meeting.id).order_by(Meeting.id).scalar()
    ).execute()
    Goal.update(shared=True).where(
        Goal.id == Goal.select(Goal.id).order_by(Goal.id).scalar()
    ).execute()
    return people


def write(path: Path) -> Path:
    from netui.db.migrations import LATEST

    if LATEST != VERSION:
        raise SystemExit(f"netui-v7.db is frozen at schema {VERSION}; write the next maker")
    os.environ["TZ"] = "Europe/Berlin"  # as make_v5_db.py: its calendar import
    time.tzset()
    return load_maker("make_v2_db").write_file(path, VERSION, fill)


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
