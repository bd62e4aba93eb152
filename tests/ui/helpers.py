"""Shared pieces for the Pilot and snapshot tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.models import Exchange, Meeting
from netui.screenshots import settle

__all__ = ["PEOPLE", "build_contacts_db", "settle"]

PEOPLE = (
    ContactFields(
        name="Dana Levi",
        organisation="Globex",
        role="Head of Data",
        email="dana@globex.example",
        tags=("fintech", "mentor"),
        expertise=("pricing",),
        interests=("climbing",),
        closeness=4,
        notes="Met at PyCon; wants to hire a data engineer.",
    ),
    ContactFields(name="Avi Cohen", organisation="Initech", role="CTO", closeness=5),
    ContactFields(
        name="[bold]Eve[/bold]",
        organisation="Acme \x1b[31mRed\x1b]0;pwned\x07",
        role="[/]",
        notes="[link=https://evil.example]click[/link]",
    ),
    ContactFields(name="Zoë Chen 🚀", organisation="Globex", role="CFO", tags=("finance",)),
    ContactFields(name="דנה לוי", organisation="Umbrella", role="מהנדסת", second_degree=True),
    ContactFields(name="Bruno Díaz", organisation="", role="Advisor", email="bruno@example.org"),
)


def build_contacts_db(path: Path) -> Path:
    """A small fixed network with dates that do not move."""
    open_database(path)
    ids = [create_contact(person) for person in PEOPLE]
    Exchange.create(
        contact=ids[0], date=dt.date(2026, 10, 1), direction="gave", currency="knowledge", value=3
    )
    Exchange.create(
        contact=ids[1], date=dt.date(2025, 6, 12), direction="received", currency="access", value=2
    )
    Meeting.create(contact=ids[3], scheduled_at=dt.datetime(2026, 9, 3, 9, 30), purpose="Coffee")
    close_database()
    return path


