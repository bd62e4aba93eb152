"""``netui today [--json] [--days N] [--limit N]``: what today asks.

Meetings ahead (today and the next N days, 1 by default) with their worksheet's
completeness, people overdue for their keep-in-touch cadence (most overdue × closest
first), follow-ups due and the people to give back to first; snoozed and done items
(on the Today screen) are left out.

``--json`` prints one object with exactly these keys (documented in the README):

``date``        string ``YYYY-MM-DD``, today
``meetings``    list, soonest first, of ``{"start": "YYYY-MM-DDTHH:MM", "contacts":
                [names, the worksheet's contact first], "title": string, "place": string,
                "worksheet": {"filled": integer, "total": integer}}``
``overdue``     list, most overdue × closest first, of ``{"name", "last_contact":
                "YYYY-MM-DD" or null, "cadence_days": integer, "days_overdue": integer}``
``follow_ups``  list, earliest first (late ones too), of ``{"name", "due": "YYYY-MM-DD",
                "note": string}``
``give_back``   list, most negative meter first, of ``{"name", "meter": number}`` (2 decimals)
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from netui.commands import CommandError, user_database
from netui.commands._vocabulary import FOLLOW_UP_LIMIT, GIVE_BACK_LIMIT, OVERDUE_LIMIT
from netui.core.text import json_text, safe_line

if TYPE_CHECKING:
    from netui.db.today import TodayView

HELP = "what today asks: meetings, overdue people, follow-ups"
DESCRIPTION = """\
What today asks: the meetings of today and the next DAYS days (1 by default) with
how complete their worksheets are, the people overdue for their keep-in-touch
cadence (the most overdue and closest first), follow-ups due from meetings marked
done, and the people to give back to first. Fast enough for a shell prompt; --json
for scripts (the README documents its shape)."""

MAX_DAYS = 366


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "today",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--days", metavar="N", type=int, default=1, help="days ahead besides today (default 1)"
    )
    parser.add_argument(
        "--limit",
        metavar="N",
        type=int,
        default=None,
        help=f"overdue people, follow-ups and people to give back to listed (default "
        f"{OVERDUE_LIMIT}, {FOLLOW_UP_LIMIT} and {GIVE_BACK_LIMIT}; 0 lists all)",
    )
    parser.set_defaults(handler=run)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def as_json(view: TodayView) -> dict[str, Any]:
    return {
        "date": view.day.isoformat(),
        "meetings": [
            {
                "start": m.start.isoformat(timespec="minutes") if m.start else None,
                "contacts": list(m.contacts),
                "title": m.title,
                "place": m.place,
                "worksheet": {"filled": m.filled, "total": m.total},
            }
            for m in view.meetings
        ],
        "overdue": [
            {
                "name": p.name,
                "last_contact": _day(p.last_contact),
                "cadence_days": p.cadence_days,
                "days_overdue": p.days_overdue,
            }
            for p in view.overdue
        ],
        "follow_ups": [
            {"name": f.name, "due": f.due.isoformat(), "note": f.note} for f in view.follow_ups
        ],
        "give_back": [{"name": g.name, "meter": round(g.meter, 2)} for g in view.give_back],
    }


def text_lines(view: TodayView) -> list[str]:
    ahead = {0: "", 1: ", and the next day"}.get(view.days, f", and the next {view.days} days")
    lines = [f"Today, {view.day:%A} {view.day.day} {view.day:%B %Y}{ahead}"]
    if view.empty:
        lines.append("Nothing due: no meetings ahead, nobody overdue, no follow-ups.")
        return lines
    if view.meetings:
        lines += ["", "Meetings"]
        for m in view.meetings:
            when = f"{m.start:%a %d %b %H:%M}" if m.start else "not scheduled"
            who = ", ".join(safe_line(name) for name in m.contacts)
            line = f"  {when}  {who}"
            if m.title:
                line += f" — {safe_line(m.title)}"
            if m.place:
                line += f" · {safe_line(m.place)}"
            lines.append(f"{line}  (worksheet {m.filled}/{m.total})")
            if m.goods:
                lines.append("      offer: " + "; ".join(safe_line(g) for g in m.goods))
    if view.overdue:
        shown = len(view.overdue)
        total = view.overdue_total
        count = f"{shown:,} of {total:,}" if total > shown else f"{shown:,}"
        lines += ["", f"Overdue ({count})"]
        for p in view.overdue:
            last = p.last_contact.isoformat() if p.last_contact else "never"
            lines.append(
                f"  {safe_line(p.name)}  {p.days_overdue:,} day{'s' * (p.days_overdue != 1)} "
                f"overdue (last contact {last}, every {p.cadence_days} days)"
            )
    if view.follow_ups:
        shown, total = len(view.follow_ups), view.follow_ups_total
        lines += ["", f"Follow-ups ({shown:,} of {total:,})" if total > shown else "Follow-ups"]
        for f in view.follow_ups:
            note = f" — {safe_line(f.note)}" if f.note else ""
            late = " (late)" if f.due < view.day else ""
            lines.append(f"  {f.due.isoformat()}{late}  {safe_line(f.name)}{note}")
    if view.give_back:
        lines += ["", "Give back first"]
        for g in view.give_back:
            lines.append(f"  {safe_line(g.name)}  meter {g.meter:+.0f}")
    return lines


def run(args: argparse.Namespace) -> int:
    from netui.db.meeting_goods import meeting_goods
    from netui.db.today import today_view

    if not 0 <= args.days <= MAX_DAYS:
        raise CommandError(f"--days is between 0 and {MAX_DAYS}.")
    if args.limit is not None and args.limit < 0:
        raise CommandError("--limit cannot be negative (0 lists everyone).")
    with user_database(args):
        if args.limit is None:
            view = today_view(args.days, goods=None if args.json else meeting_goods)
        else:
            limit = args.limit or None  # 0: everyone
            view = today_view(
                args.days,
                overdue_limit=limit,
                follow_up_limit=limit,
                give_back_limit=limit,
                goods=None if args.json else meeting_goods,
            )
    if args.json:
        print(json_text(as_json(view)))
    else:
        print("\n".join(text_lines(view)))
    return 0
