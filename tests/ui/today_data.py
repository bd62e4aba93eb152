"""A small network with something of every kind due on Monday 9 March 2026 (08:00):
meetings today and tomorrow (one from a calendar, with two people invited), people
overdue, a follow-up, someone to give back to, and a good worth offering."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from netui import clock
from netui.db.connection import close_database, open_database

NOW = dt.datetime(2026, 3, 9, 8, 0)
DAY = NOW.date()


def build_today_db(path: Path) -> dict[str, int]:
    from netui.db.contacts import ContactFields, create_contact
    from netui.db.goods import GoodFields, create_good
    from netui.db.ledger import log_exchange
    from netui.db.meetings import create_worksheet, mark_done, update_worksheet
    from netui.db.models import Meeting, Touch

    open_database(path)
    ids: dict[str, int] = {}
    try:
        with clock.pinned(dt.datetime(2025, 9, 1, 9, 0)):
            for name, closeness, interests in (
                ("Dana Levi", 4, ("data teams",)),
                ("Avi Cohen", 5, ()),
                ("[bold]Eve[/bold] 🚀", 2, ()),
                ("Zoë Chen", 3, ()),
                ("דנה לוי", 3, ()),
            ):
                ids[name] = create_contact(
                    ContactFields(name=name, closeness=closeness, interests=interests)
                )
        with clock.pinned(NOW):
            create_good(GoodFields("Hiring scorecard", "knowledge", "", ("data teams",)))
            coffee = create_worksheet(
                ids["Dana Levi"],
                scheduled_at=dt.datetime(2026, 3, 10, 9, 30),
                place="Café Einstein [Mitte]",
            )
            Meeting.update(
                title="Coffee with Dana ☕", calendar_uid="coffee@example", calendar_key=""
            ).where(Meeting.id == coffee).execute()
            for name in ("Dana Levi", "Zoë Chen"):
                Touch.create(
                    contact=ids[name],
                    day=dt.date(2026, 3, 10),
                    calendar_uid="coffee@example",
                    calendar_key="",
                )
            lunch = create_worksheet(
                ids["Avi Cohen"],
                scheduled_at=dt.datetime(2026, 3, 9, 12, 30),
                purpose="Compare notes on ML platforms",
            )
            update_worksheet(lunch, {"give_first": "- the hiring scorecard"})
            past = create_worksheet(
                ids["דנה לוי"], scheduled_at=dt.datetime(2026, 3, 2, 10, 0), purpose="Kick-off"
            )
            mark_done(past, outcome="Send her the deck", follow_up=dt.date(2026, 3, 9))
            log_exchange(ids["Zoë Chen"], "received", "introduction", 4, on=dt.date(2026, 3, 1))
            ids.update(coffee=coffee, lunch=lunch, past=past)
    finally:
        close_database()
    return ids


def build_quiet_db(path: Path) -> None:
    """Nothing due: one contact, in touch yesterday."""
    from netui.db.contacts import ContactFields, create_contact
    from netui.db.ledger import log_exchange

    open_database(path)
    try:
        with clock.pinned(NOW):
            dana = create_contact(ContactFields(name="Dana Levi"))
            log_exchange(dana, "gave", "knowledge", 3, on=DAY - dt.timedelta(days=1))
    finally:
        close_database()
