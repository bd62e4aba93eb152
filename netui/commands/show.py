"""``netui show NAME [--json]``: everything about one person.

The text is what the app's detail pane shows: the fields, where you stand (the
meter, the last contact, the keep-in-touch cadence and whether they are overdue),
whom they know, the latest exchanges and the goods from your bank that would
interest them, then the career path, the notes and my private notes. Names and text from the
database are shown literally, control characters made visible.

``--json`` prints one object with exactly these keys::

    {
      "id": 3, "name": "Dana Levi", "organisation": "Globex", "role": "CTO",
      "email": "", "phone": "", "linkedin_url": "", "location": "",
      "how_we_met": "", "career_path": "", "notes": "",   # "" when empty
      "private_notes": "",              # mine, which only I read ("" when none)
      "closeness": 3,                   # 1-5
      "cadence_days": null,             # their own keep-in-touch cadence, or null
      "second_degree": false,
      "in_my_network": true,            # on a team database: I have a relationship,
                                        # ledger entry or meeting with them; on my
                                        # own file: first degree
      "archived": false,
      "tags": [], "expertise": [], "interests": [],
      "created_at": "2026-01-02T09:30:00", "updated_at": "2026-01-02T09:30:00",
      "meter": {"given": 2.73, "received": 1.0, "balance": 1.73, "meter": 46.39,
                "last_contact": "2026-03-01" or null,
                "cadence_days": 90,     # their own, else the default setting
                "overdue": false},
      "ties": [{"id": 7, "name": "Avi Cohen", "organisation": "Initech",
                "strength": 4, "context": "worked together", "second_degree": false}],
      "exchange_count": 12,
      "last_exchanges": [{"id": 40, "date": "2026-03-01", "direction": "gave",
                          "currency": "introduction", "value": 4, "note": ""}],
      "goods": [{"id": 2, "title": "Intro to a VC", "kind": "connection",
                 "score": 3.5, "why": "interested in fintech"}]
    }

Ties are strongest first (archived people left out); the last five exchanges,
newest first; the three goods that would interest them most, best first. Numbers
are rounded to 2 decimals.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from netui.commands._vocabulary import PICK
from netui.core.text import json_text, safe_block, safe_line

if TYPE_CHECKING:
    from netui.db.listing import Profile

HELP = "everything about one person: ties, meter, exchanges, goods"
DESCRIPTION = """\
Show everything known about NAME: the fields, the reciprocity meter, the last
contact and whether they are overdue, whom they know, the latest exchanges and the
goods from your bank that would interest them. --json prints it as one object (see
the README's command-line section for the shape)."""

LABEL_WIDTH = 15


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "show",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", metavar="NAME", help=f"whom to show ({PICK})")
    parser.add_argument("--json", action="store_true", help="print a JSON object instead")
    parser.set_defaults(handler=run)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def as_json(found: Profile) -> dict[str, Any]:
    overview = found.overview
    detail = overview.detail
    f = detail.fields
    standing = found.standing
    balance = standing.balance
    return {
        "id": detail.id,
        "name": f.name,
        "organisation": f.organisation,
        "role": f.role,
        "email": f.email,
        "phone": f.phone,
        "linkedin_url": f.linkedin_url,
        "location": f.location,
        "how_we_met": f.how_we_met,
        "career_path": f.career_path,
        "notes": f.notes,
        "private_notes": overview.private_notes,
        "closeness": f.closeness,
        "cadence_days": f.cadence_days,
        "second_degree": f.second_degree,
        "in_my_network": detail.in_my_network,
        "archived": detail.archived,
        "tags": list(f.tags),
        "expertise": list(f.expertise),
        "interests": list(f.interests),
        "created_at": detail.created_at.isoformat(timespec="seconds"),
        "updated_at": detail.updated_at.isoformat(timespec="seconds"),
        "meter": {
            "given": round(balance.given, 2),
            "received": round(balance.received, 2),
            "balance": round(balance.given - balance.received, 2),
            "meter": round(balance.meter, 2),
            "last_contact": _day(standing.last_contact),
            "cadence_days": standing.cadence_days,
            "overdue": standing.overdue,
        },
        "ties": [
            {
                "id": tie.other_id,
                "name": tie.name,
                "organisation": tie.organisation,
                "strength": tie.strength,
                "context": tie.context,
                "second_degree": tie.second_degree,
            }
            for tie in overview.ties
        ],
        "exchange_count": overview.exchange_count,
        "last_exchanges": [
            {
                "id": entry.id,
                "date": entry.date.isoformat(),
                "direction": entry.direction,
                "currency": entry.currency,
                "value": entry.value,
                "note": entry.note,
            }
            for entry in overview.recent
        ],
        "goods": [
            {
                "id": good.good_id,
                "title": good.title,
                "kind": good.kind,
                "score": round(good.score, 2),
                "why": good.why,
            }
            for good in overview.goods
        ],
    }


def text_lines(found: Profile) -> list[str]:
    """The profile as plain lines for a terminal or a pager."""
    from netui.core.reciprocity import meter_bar

    overview = found.overview
    detail = overview.detail
    f = detail.fields
    standing = found.standing
    lines = [f"{safe_line(f.name)}  (#{detail.id})" + ("  (archived)" if detail.archived else "")]
    headline = " · ".join(safe_line(part) for part in (f.role, f.organisation) if part)
    if headline:
        lines.append(headline)
    lines.append("")

    def row(label: str, value: str) -> None:
        if value:
            lines.append(f"{label:<{LABEL_WIDTH}}{safe_line(value)}")

    row("Email", f.email)
    row("Phone", f.phone)
    row("LinkedIn", f.linkedin_url)
    row("Location", f.location)
    row("How we met", f.how_we_met)
    row("Degree", detail.degree)
    row(
        "Closeness",
        f"{f.closeness}/5" + ("" if detail.closeness_set else " (not set: the default)"),
    )
    own = "" if f.cadence_days else " (default)"
    row("Keep in touch", f"every {standing.cadence_days} days{own}")
    last = standing.last_contact.isoformat() if standing.last_contact else "never"
    row("Last contact", last + ("  overdue" if standing.overdue else ""))
    balance = standing.balance
    if balance.total:
        row(
            "Reciprocity",
            f"{meter_bar(balance.meter, 11)} {balance.meter:+.0f}  "
            f"(gave {balance.given:.2f}, received {balance.received:.2f})",
        )
        if balance.meter < 0:
            row("", "You owe them: give back first.")
    else:
        row("Reciprocity", "nothing exchanged yet")
    row("Tags", ", ".join(f.tags))
    row("Expertise", ", ".join(f.expertise))
    row("Interests", ", ".join(f.interests))

    if overview.goods:
        lines += ["", "From my bank of goods"]
        lines += [f"  * {safe_line(g.title)} · {safe_line(g.why)}" for g in overview.goods]
    lines += ["", f"Knows ({len(overview.ties)})"]
    for tie in overview.ties:
        shown = safe_line(overview.labels.get(tie.other_id, tie.name))
        degree = " 2°" if tie.second_degree else ""
        context = f" · {safe_line(tie.context)}" if tie.context else ""
        lines.append(f"  {tie.strength}/5 {shown}{degree}{context}")
    if not overview.ties:
        lines.append("  nobody recorded yet: netui tie NAME NAME")
    if overview.recent:
        shown_count = f"last {len(overview.recent)} of {overview.exchange_count}"
        lines += ["", f"Exchanges ({shown_count})"]
        for entry in overview.recent:
            arrow = "→ gave    " if entry.direction == "gave" else "← received"
            note = f" · {safe_line(entry.note)}" if entry.note else ""
            lines.append(f"  {entry.date.isoformat()} {arrow} {entry.currency} {entry.value}{note}")
    for title, body in (
        ("Career path", f.career_path),
        ("Notes", f.notes),
        ("My private notes", overview.private_notes),
    ):
        if body.strip():
            lines += ["", title]
            lines += ["  " + line for line in safe_block(body.strip()).split("\n")]
    return lines


def run(args: argparse.Namespace) -> int:
    from netui.db.checking import checked_alongside
    from netui.db.listing import profile
    from netui.db.names import resolve_name

    with checked_alongside(args.db_path):  # the file's check beside (netui.db.checking)
        contact_id, _ = resolve_name(args.name, include_archived=True)
        found = profile(contact_id)
    if args.json:
        print(json_text(as_json(found)))
    else:
        print("\n".join(text_lines(found)))
    return 0
