"""Write ``netui-v5.db``: a real database file at schema version 5, with data.

Version 5 (the Today screen, calendars, continuity) adds a contact's first-contact
day and what would help them, a meeting's title and calendar identity (UID,
occurrence, what the calendar said, cancelled), touches (contact outside the ledger)
and snoozes. Like ``make_v3_db.py`` this goes through netui's own code: the whole of
the v3 file's data, then a LinkedIn import with "Connected On" days, a calendar
imported (meetings ahead, past contact, a cancelled lunch), a meeting marked done
whose worksheet taught its contact, a "kept in touch", a snooze and a follow-up done.
The committed file is frozen: once a newer schema ships, keep it as it is and write a
make_v6_db.py.

    python tests/data/make_v5_db.py [OUTPUT]
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
DEFAULT_OUTPUT = HERE / "netui-v5.db"
NOW = dt.datetime(2026, 3, 9, 8, 0)
LINKEDIN = (
    "Notes:\nExported by LinkedIn.\n\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ana,Old,https://www.linkedin.com/in/ana-old,,Helix,Analyst,02 Jan 2020\n"
    "Ben,Recent,,,,,20 Feb 2026\n"
)
PEOPLE = (
    ("Dana Levi", "dana.levi@helix.example"),
    ("Tom Ng", "tom.ng@globex.example"),
    ("Rita Álvarez", "rita@initech.example"),
    ("Sam Park", "sam.park@northwind.example"),
)


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def fill() -> dict[str, int]:
    from netui import clock
    from netui.db.calendar import import_calendar
    from netui.db.contacts import ContactFields, create_contact
    from netui.db.continuity import apply_write_back, write_back_preview
    from netui.db.importing import import_file
    from netui.db.meetings import mark_done, update_worksheet
    from netui.db.models import Meeting
    from netui.db.settings import save_user_setting
    from netui.db.snoozes import done_for_good, snooze
    from netui.db.touches import keep_in_touch

    people = load("make_v3_db").fill()
    with clock.pinned(NOW):
        for name, email in PEOPLE:
            people[name] = create_contact(ContactFields(name=name, email=email))
        save_user_setting("my-email", "me@example.com")
        save_user_setting("my-name", "Sam Example")
        with tempfile.TemporaryDirectory() as folder:
            csv = Path(folder) / "Connections.csv"
            csv.write_text(LINKEDIN, encoding="utf-8")
            import_file("linkedin", csv)
        import_calendar(HERE / "calendar" / "calendar.ics")
        coffee = Meeting.get(Meeting.title == "Coffee with Dana ☕").id
        update_worksheet(coffee, {"helps_them": "wants the pricing numbers"})
        preview = write_back_preview(coffee)
        mark_done(coffee, outcome="Send the deck", follow_up=dt.date(2026, 3, 13))
        apply_write_back(preview)
        keep_in_touch(people["Tom Ng"])
        snooze("overdue", people["Rita Álvarez"], dt.date(2026, 3, 16))
        done_for_good("follow_up", coffee)
    return people


def write(path: Path) -> Path:
    from netui.db.migrations import LATEST

    if LATEST != 5:
        raise SystemExit("netui-v5.db is frozen at schema 5; write make_v6_db.py instead")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    return load("make_v2_db").write_file(path, 5, fill)


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
