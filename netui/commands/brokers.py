"""``netui brokers NAME [--json]``: who can introduce me to NAME, best first.

The ranking and its formula are in :mod:`netui.core.brokers`. Without ``--json`` a
table is printed: rank, the broker's id (``#12``, what to type to name them),
broker, score, path (``A → B → Target``) and why; names are shown literally,
control characters made visible, and a name another contact shares is followed by
`` @ Org``. Columns are counted in terminal cells as Rich counts them, so they line
up whatever the names hold (CJK, Hangul, emoji sequences). When nobody can introduce
you, a sentence says so (exit code 0).

``--json`` prints a list, best first (``[]`` when nobody can); each item has exactly
these keys::

    {
      "name": "Dana Levi",                      # the first broker, whom you ask
      "id": 3,                                  # their contact id ("#3" names them)
      "score": 12.5,                            # rounded to 2 decimals
      "path": ["Dana Levi", "Avi Cohen"],       # names from the first broker to the target
      "ids": [3, 7],                            # the same people's contact ids
      "kind": "direct"                          # "direct" or "chain" (me → B1 → B2 → T)
    }

Every ``direct`` item comes before every ``chain`` item; within a kind, the higher
score first. Names are exactly as stored (JSON escapes control characters).

``--team`` asks the whole team (a team database, :mod:`netui.db.members`): every
(member, broker) route to NAME, scored with that member's closeness and credit, and
every member who knows NAME themselves (:func:`netui.core.brokers.rank_team`). With
``--json``, a list, best first; each item has exactly these keys::

    {
      "member": "Bob",                         # the member who would ask
      "name": "Dana Levi",                     # their broker (NAME itself for "knows")
      "score": 12.5,                           # rounded to 2 decimals
      "path": ["Bob", "Dana Levi", "Avi Cohen"],  # the member, the broker, NAME
      "kind": "broker"                         # "broker", or "knows": the member knows NAME
    }
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from netui.commands._vocabulary import PICK
from netui.core.text import cell_width, json_text, pad, safe_line

if TYPE_CHECKING:
    from netui.core.brokers import BrokerPath, TeamPath

HELP = "who can introduce me to NAME, best first"
DESCRIPTION = """\
List the contacts who can introduce you to NAME, best first: those who know NAME
directly, ranked by how close you are to them, how well they know NAME and how much
credit you have with them (the reciprocity meter, -100 to +100); and, when fewer
than three can, chains through two people (you -> B1 -> B2 -> NAME)."""

ARROW = " → "


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "brokers",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", metavar="NAME", help=f"the person you want to meet ({PICK})")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead")
    parser.add_argument(
        "--team",
        action="store_true",
        help="ask the whole team: every member's routes, and members who know NAME",
    )
    parser.set_defaults(handler=run)


def as_json(paths: list[BrokerPath]) -> list[dict[str, object]]:
    """The documented JSON shape of ``paths``."""
    return [
        {
            "name": p.name,
            "id": p.ids[0],
            "score": round(p.score, 2),
            "path": list(p.path),
            "ids": list(p.ids),
            "kind": p.kind,
        }
        for p in paths
    ]


def table(paths: list[BrokerPath], labels: dict[int, str] | None = None) -> list[str]:
    """The lines of the plain-text table, header first. ``labels`` (contact id → what
    to show) tell same-named people apart; by default the names as stored."""

    def shown(contact_id: int, name: str) -> str:
        return safe_line((labels or {}).get(contact_id, name))

    rows = [("#", "id", "broker", "score", "path", "why")]
    for rank, p in enumerate(paths, start=1):
        rows.append(
            (
                str(rank),
                f"#{p.ids[0]}",
                shown(p.ids[0], p.name),
                f"{p.score:.2f}",
                ARROW.join(shown(i, name) for i, name in zip(p.ids, p.path, strict=True)),
                p.reasons,
            )
        )
    right = {0, 1, 3}
    widths = [max(cell_width(row[column]) for row in rows) for column in range(5)]
    lines = []
    for row in rows:
        cells = [pad(cell, widths[i], i in right) for i, cell in enumerate(row[:5])]
        lines.append("  ".join([*cells, row[5]]).rstrip())
    return lines


def team_json(paths: list[TeamPath]) -> list[dict[str, object]]:
    """The documented JSON shape of the team's routes."""
    return [
        {
            "member": p.member,
            "name": p.name,
            "score": round(p.score, 2),
            "path": list(p.path),
            "kind": p.kind,
        }
        for p in paths
    ]


def team_table(paths: list[TeamPath]) -> list[str]:
    """The lines of the team's table, header first."""
    rows = [("#", "member", "score", "path")]
    for rank, p in enumerate(paths, start=1):
        rows.append(
            (str(rank), safe_line(p.member), f"{p.score:.2f}",
             ARROW.join(safe_line(name) for name in p.path))
        )  # fmt: skip
    widths = [max(cell_width(row[column]) for row in rows) for column in range(3)]
    return [
        "  ".join([*(pad(cell, widths[i], i in {0, 2}) for i, cell in enumerate(row[:3])),
                   row[3]]).rstrip()
        for row in rows
    ]  # fmt: skip


def run_team(args: argparse.Namespace) -> int:
    from netui.db.brokers import team_brokers_for
    from netui.db.checking import checked_alongside
    from netui.db.names import labels_for, resolve_name

    with checked_alongside(args.db_path):  # the file's check beside (netui.db.checking)
        target_id, _ = resolve_name(args.name)
        paths = team_brokers_for(target_id)
        label = labels_for([target_id])[target_id]
    if args.json:
        print(json_text(team_json(paths)))
        return 0
    if not paths:
        print(
            f"Nobody in the team can reach {safe_line(label)} yet: no member knows them "
            "or anyone tied to them."
        )
        return 0
    print(
        f"Who among us can reach {safe_line(label)}: the members who know them first, "
        "then the introductions, each best first:"
    )
    for line in team_table(paths):
        print(line)
    return 0


def run(args: argparse.Namespace) -> int:
    from netui.db.brokers import DEFAULT_LIMIT, brokers_for
    from netui.db.checking import checked_alongside
    from netui.db.members import has_team
    from netui.db.names import labels_for, resolve_name

    if args.team:
        return run_team(args)
    with checked_alongside(args.db_path):  # the file's check beside (netui.db.checking)
        target_id, _ = resolve_name(args.name)
        paths = brokers_for(target_id, limit=DEFAULT_LIMIT)
        labels = labels_for([i for p in paths for i in p.ids] + [target_id])
        team = has_team()
    if args.json:
        print(json_text(as_json(paths)))
        return 0
    if not paths:
        # On a team database my network is the contacts I have a relationship, ledger
        # entry or meeting with (netui.db.members), not the first degree.
        mine = (
            "none of the team's contacts you have a closeness, ledger entry or meeting with"
            if team
            else "no first-degree contact"
        )
        print(
            f"Nobody in your network can introduce you to {safe_line(labels[target_id])} yet: "
            f"{mine} knows them, directly or through one other person. "
            "Record who knows whom with 'netui tie NAME NAME'."
            + (" 'netui brokers NAME --team' asks the whole team." if team else "")
        )
        return 0
    print(f"Who can introduce you to {safe_line(labels[target_id])}, best first:")
    for line in table(paths, labels):
        print(line)
    return 0
