"""A small fixed ledger for the Reciprocity screen's Pilot and snapshot tests.

Every date is fixed, and the tests pin netui's clock to :data:`TODAY`, so nothing
depends on the day they run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.ledger import log_exchange
from netui.db.models import Contact
from netui.db.settings import set_setting

TODAY = dt.date(2026, 6, 30)
CREATED = dt.datetime(2026, 1, 1, 9, 0)

HOSTILE_NAME = "[bold]Eve[/bold]"
HOSTILE_ORG = "Acme \x1b[31mRed\x1b]0;pwned\x07"
HOSTILE_NOTE = "[link=https://evil.example]click[/link] \x1b[2J"

PEOPLE = {
    "dana": ContactFields(name="Dana Levi", organisation="Globex", role="Head of Data"),
    "avi": ContactFields(name="Avi Cohen", organisation="Initech", role="CTO"),
    "eve": ContactFields(name=HOSTILE_NAME, organisation=HOSTILE_ORG, role="[/]"),
    "zoe": ContactFields(name="Zoë Chen 🚀", organisation="globex ", role="CFO"),
    "bruno": ContactFields(name="Bruno Díaz", role="Advisor", cadence_days=30),
    "olga": ContactFields(name="Olga Old-Friend", organisation="Umbrella"),
}

#: (who, day, direction, currency, value, note)
LEDGER = (
    ("dana", dt.date(2026, 6, 1), "gave", "knowledge", 4, "Reviewed her pricing model"),
    ("dana", dt.date(2026, 3, 10), "gave", "introduction", 3, "Introduced her to Avi"),
    ("dana", dt.date(2026, 5, 1), "received", "information", 1, "Tip about a Globex opening"),
    ("avi", dt.date(2026, 6, 20), "received", "access", 5, "Got me into the CTO dinner"),
    ("avi", dt.date(2026, 2, 14), "received", "favour", 3, "Covered my talk slot"),
    ("avi", dt.date(2025, 11, 2), "gave", "support", 1, ""),
    ("eve", dt.date(2026, 6, 15), "received", "knowledge", 2, HOSTILE_NOTE),
    ("zoe", dt.date(2026, 6, 25), "gave", "information", 2, "Market report"),
    ("zoe", dt.date(2026, 6, 25), "received", "information", 2, "Her market report"),
    ("olga", dt.date(2025, 12, 1), "gave", "favour", 2, "Helped her move"),
)

#: The ranked order the fixed ledger gives (most imbalanced first, then by name).
RANKED = [
    "Avi Cohen",
    "Dana Levi",
    HOSTILE_NAME,
    "Olga Old-Friend",
    "Bruno Díaz",
    "Zoë Chen 🚀",
]


def build_reciprocity_db(path: Path, *, my_organisation: str = "") -> dict[str, int]:
    """The fixed network and ledger in a new file; returns ``{key: contact id}``."""
    open_database(path)
    ids = {key: create_contact(fields) for key, fields in PEOPLE.items()}
    Contact.update(created_at=CREATED, updated_at=CREATED).execute()
    for who, day, direction, currency, value, note in LEDGER:
        log_exchange(ids[who], direction, currency, value, note=note, on=day)
    if my_organisation:
        set_setting("my_organisation", my_organisation)
    close_database()
    return ids
