"""Shared pieces for the Pilot and snapshot tests."""

from __future__ import annotations

import asyncio
import datetime as dt
import unicodedata
from pathlib import Path

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.models import Exchange, Meeting
from netui.screenshots import settle

__all__ = ["PEOPLE", "build_contacts_db", "burst", "key_event", "keys_handled", "settle"]

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




def key_event(key: str) -> events.Key:
    """The event a terminal delivers for ``key`` (named as for ``pilot.press``)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    return event


async def keys_handled(pilot: Pilot) -> None:
    """Wait until every key sent so far has been routed and handled (a condition, not
    a delay: ``pilot.pause()`` waits for the CPU to go idle, slow on a busy machine)."""
    reached = asyncio.Event()
    pilot.app.call_later(reached.set)  # queued behind the keys: each is taken in by then
    await reached.wait()
    while not pilot.app.keys_settled:  # type: ignore[attr-defined]
        await asyncio.sleep(0.001)


def burst(app: App, *keys: str) -> None:
    """Queue ``keys`` in one go, as a terminal delivers a fast burst: every one is in
    the app's queue before the first is handled (``pilot.press`` waits between keys)."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)
