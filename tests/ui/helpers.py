"""Shared pieces for the Pilot and snapshot tests."""

from __future__ import annotations

import asyncio
import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot

from netui import clock
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.models import Exchange, Meeting
from netui.screenshots import settle

__all__ = [
    "PEOPLE",
    "build_contacts_db",
    "burst",
    "key_event",
    "keys_handled",
    "settle",
    "settle_until",
]

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


async def settle_until(pilot: Pilot, condition: Callable[[], bool], rounds: int = 50) -> None:
    """Settle (:func:`settle`) until ``condition()`` holds, at most ``rounds`` times.

    Waits on the app's progress, never on the clock; the caller asserts the condition.
    """
    for _ in range(rounds):
        if condition():
            return
        await settle(pilot)


def build_contacts_db(path: Path) -> Path:
    """A small fixed network whose dates stand where they do from today (netui's
    clock, which every test pins): an exchange 58 days ago, one 534 days ago, a
    meeting 86 days ago. On the snapshots' day (2026-11-28) they are 2026-10-01,
    2025-06-12 and 2026-09-03 09:30."""
    today = clock.today()
    open_database(path)
    ids = [create_contact(person) for person in PEOPLE]
    Exchange.create(
        contact=ids[0], date=today - dt.timedelta(days=58), direction="gave",
        currency="knowledge", value=3,
    )  # fmt: skip
    Exchange.create(
        contact=ids[1], date=today - dt.timedelta(days=534), direction="received",
        currency="access", value=2,
    )  # fmt: skip
    met = dt.datetime.combine(today - dt.timedelta(days=86), dt.time(9, 30))
    Meeting.create(contact=ids[3], scheduled_at=met, purpose="Coffee")
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


async def palette_titles(app: App, query: str = "") -> list[str]:
    """The commands the command palette offers on the current screen, as it gathers
    them: from every provider in the app's and the screen's ``COMMANDS``. With no
    ``query``, what it lists when opened; with one, what matches it."""
    screen = app.screen
    titles: list[str] = []
    for source in (*app.COMMANDS, *screen.COMMANDS):
        provider = (source if isinstance(source, type) else source())(screen)
        hits = provider.search(query) if query else provider.discover()
        async for hit in hits:
            assert hit.text is not None
            titles.append(hit.text)
    return titles
