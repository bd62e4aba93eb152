"""Write ``netui-v2.db``: a real database file at schema version 2, with data.

Version 2 is the schema this session ships (``netui.db.migrations.LATEST == 2``).
Unlike ``make_v1_db.py`` this script goes through netui's own code, the functions
the app and the command line call, so the file is exactly what netui 2 writes:
``open_database`` creates the schema, then contacts, tags, ties, exchanges,
introductions, worksheets (one closed with its exchanges), goods, goals and
settings are written, with hostile text on purpose (markup, ANSI and OSC escapes,
C1 controls, bidi overrides, emoji and ZWJ sequences, zero-width characters, a
10,000-character note). The committed file is frozen: once a newer schema ships,
keep this file as it is and write a make_v3_db.py beside it.

Run it from the repository root to regenerate the committed fixture:

    python tests/data/make_v2_db.py [OUTPUT]
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).with_name("netui-v2.db")

#: Text that must come back exactly as it went in, and be shown literally.
HOSTILE = {
    "markup": "[bold]x[/] [link=https://evil.example]click[/link] [/]",
    "csi": "\x1b[31mred\x1b[0m",
    "osc": "\x1b]0;title\x07",
    "osc8": "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
    "c1": "\x9b31m\x9d0;t\x9c",
    "bidi": "abc\u202edcba\u202c עברית",
    "emoji": "👩\u200d👩\u200d👧\u200d👦 🏳️\u200d🌈 ✨",
    "zero-width": "a\u200bb\u200dc\ufeffd",
}
LONG = "L" * 10_000
EVERYTHING = " ".join(HOSTILE.values())


def write(path: Path) -> Path:
    from netui.db.migrations import LATEST

    if LATEST != 2:
        raise SystemExit("netui-v2.db is frozen at schema 2; write make_v3_db.py instead")
    return write_file(path, 2, fill)


def write_file(path: Path, version: int, fill_database) -> Path:
    """A new database at ``path`` filled by ``fill_database()``, then made one
    self-contained file; refused unless it is at schema ``version``."""
    from netui.db.connection import close_database, open_database

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    open_database(path)
    try:
        fill_database()
    finally:
        close_database()

    conn = sqlite3.connect(path)
    try:
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            raise SystemExit("foreign key check failed")
        if conn.execute("PRAGMA user_version").fetchone()[0] != version:
            raise SystemExit(f"not a schema {version} file")
        # One self-contained file (no -wal beside it), small pages, no free space.
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA page_size = 1024")
        conn.execute("VACUUM")
    finally:
        conn.close()
    return path


def fill() -> dict[str, int]:
    """Write the data through netui's own functions; the contacts' ids by key."""
    from netui.db.contacts import ContactFields, create_contact, set_archived
    from netui.db.introductions import record_introduction
    from netui.db.ledger import log_exchange
    from netui.db.meetings import ExchangeEntry, create_worksheet, mark_done, update_worksheet
    from netui.db.models import Goal, GoalContact, GoalTag, Good, GoodTag
    from netui.db.settings import set_setting
    from netui.db.tags import tag_ids
    from netui.db.ties import set_tie

    dana = create_contact(
        ContactFields(
            name="Dana Whitfield",
            organisation="Northwind Labs",
            role="VP Engineering",
            email="dana@northwind.example",
            phone="+44 20 7946 0018",
            linkedin_url="https://www.linkedin.com/in/danawhitfield",
            location="London",
            how_we_met="PyCon UK 2019",
            career_path="Consultant, then staff engineer, now VP",
            notes="Hiring a platform lead.",
            closeness=5,
            cadence_days=30,
            tags=("python", "hiring"),
            expertise=("platform engineering",),
            interests=("sailing",),
        )
    )
    people = {"dana": dana}
    for key, text in HOSTILE.items():
        people[key] = create_contact(
            ContactFields(
                name=f"{key}: {text}",
                organisation=text,
                role=text,
                location=text,
                how_we_met=text,
                career_path=text,
                notes=f"{text}\nsecond line {key}",
                closeness=3,
                second_degree=key in ("bidi", "c1"),
                tags=(text, key),
                expertise=(f"{key} expertise",),
                interests=(text,),
            )
        )
    people["long"] = create_contact(ContactFields(name="long: " + LONG, notes=LONG))
    archived = create_contact(ContactFields(name="Tom Archer", notes="Moved on."))
    set_archived(archived, True)

    set_tie(dana, people["markup"], 4, HOSTILE["markup"])
    set_tie(people["markup"], people["csi"], 5, HOSTILE["osc8"])
    set_tie(dana, people["emoji"], 2, HOSTILE["emoji"])
    set_tie(people["bidi"], people["c1"], 3, EVERYTHING)

    day = dt.date(2024, 3, 10)
    for n, (key, text) in enumerate(HOSTILE.items()):
        log_exchange(people[key], "gave", "knowledge", 1 + n % 5, note=text, on=day)
        log_exchange(people[key], "received", "access", 2, note=EVERYTHING, on=day)
    log_exchange(dana, "gave", "introduction", 5, note="Introduced to Élodie", on=day)
    log_exchange(people["long"], "received", "favour", 3, note=LONG, on=day)

    record_introduction(
        people["markup"], people["bidi"], HOSTILE["osc"], 4, HOSTILE["bidi"], 3, "made"
    )
    record_introduction(dana, people["emoji"], EVERYTHING, 2, LONG, 0, "idea")

    sheet = create_worksheet(
        people["csi"],
        introducer_id=dana,
        scheduled_at=dt.datetime(2024, 5, 14, 8, 30),
        place=HOSTILE["osc"],
        purpose=HOSTILE["markup"],
    )
    update_worksheet(
        sheet,
        {
            "who_they_are": EVERYTHING,
            "helps_them": HOSTILE["c1"],
            "give_first": f"- {HOSTILE['emoji']}",
            "questions": f"{HOSTILE['zero-width']}\n{HOSTILE['osc8']}",
            "ask": LONG,
        },
    )
    mark_done(
        sheet,
        outcome=HOSTILE["bidi"],
        follow_up=dt.date(2024, 6, 15),
        exchanges=[ExchangeEntry("received", "information", 4, HOSTILE["csi"])],
    )
    create_worksheet(dana, purpose=EVERYTHING)

    good = Good.create(title=HOSTILE["markup"], kind="knowledge", description=LONG)
    Good.create(title="Intro to Northwind's CTO", kind="connection", description=EVERYTHING)
    for tag_id in tag_ids(["hiring", HOSTILE["csi"]]).values():
        GoodTag.create(good=good, tag=tag_id)
    goal = Goal.create(
        title=HOSTILE["osc"],
        description=EVERYTHING,
        target_organisations=f"Northwind Labs\n{HOSTILE['bidi']}",
        target_roles=f"Head of Platform\n{HOSTILE['markup']}",
    )
    for tag_id in tag_ids(["platform engineering", HOSTILE["emoji"]]).values():
        GoalTag.create(goal=goal, tag=tag_id)
    GoalContact.create(goal=goal, contact=dana, note="Hiring now")
    GoalContact.create(goal=goal, contact=people["osc8"], note=HOSTILE["osc8"])

    set_setting("my_name", f"Sam {HOSTILE['markup']}")
    set_setting("my_organisation", "Freelance")
    set_setting("default_cadence", "90")
    set_setting("half_life_days", "365")
    return people


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
