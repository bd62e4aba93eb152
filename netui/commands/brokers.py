"""``netui brokers NAME [--json]``: who can introduce me to NAME, best first.

The ranking and its formula are in :mod:`netui.core.brokers`. Without ``--json`` a
table is printed: rank, broker, score, path (``A → B → Target``) and why; names are
shown literally, control characters made visible. When nobody can introduce you, a
sentence says so (exit code 0).

``--json`` prints a list, best first (``[]`` when nobody can); each item has exactly
these keys::

    {
      "name": "Dana Levi",                      # the first broker, whom you ask
      "score": 12.5,                            # rounded to 2 decimals
      "path": ["Dana Levi", "Avi Cohen"],       # names from the first broker to the target
      "kind": "direct"                          # "direct" or "chain" (me → B1 → B2 → T)
    }

Every ``direct`` item comes before every ``chain`` item; within a kind, the higher
score first. Names are exactly as stored (JSON escapes control characters).
"""

from __future__ import annotations

import argparse

from netui.core.brokers import BrokerPath
from netui.core.text import cell_width, json_text, pad, safe_line
from netui.db.brokers import DEFAULT_LIMIT, brokers_for
from netui.db.connection import reading
from netui.db.contacts import resolve_name

HELP = "who can introduce me to NAME, best first"
DESCRIPTION = """\
List the contacts who can introduce you to NAME, best first: those who know NAME
directly, ranked by how close you are to them, how well they know NAME and how much
credit you have with them (what you gave minus what you received); and, when fewer
than three can, chains through two people (you -> B1 -> B2 -> NAME)."""

ARROW = " → "


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "brokers",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", metavar="NAME", help="the person you want to meet")
    parser.add_argument("--json", action="store_true", help="print a JSON list instead")
    parser.set_defaults(handler=run)


def as_json(paths: list[BrokerPath]) -> list[dict[str, object]]:
    """The documented JSON shape of ``paths``."""
    return [
        {"name": p.name, "score": round(p.score, 2), "path": list(p.path), "kind": p.kind}
        for p in paths
    ]


def table(paths: list[BrokerPath]) -> list[str]:
    """The lines of the plain-text table, header first."""
    rows = [("#", "broker", "score", "path", "why")]
    for rank, p in enumerate(paths, start=1):
        rows.append(
            (
                str(rank),
                safe_line(p.name),
                f"{p.score:.2f}",
                ARROW.join(safe_line(name) for name in p.path),
                p.reasons,
            )
        )
    widths = [max(cell_width(row[column]) for row in rows) for column in range(4)]
    lines = []
    for row in rows:
        cells = [
            pad(row[0], widths[0], right=True),
            pad(row[1], widths[1]),
            pad(row[2], widths[2], right=True),
            pad(row[3], widths[3]),
            row[4],
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def run(args: argparse.Namespace) -> int:
    with reading(args.db_path):
        target_id, target_name = resolve_name(args.name)
        paths = brokers_for(target_id, limit=DEFAULT_LIMIT)
    if args.json:
        print(json_text(as_json(paths)))
        return 0
    if not paths:
        print(
            f"Nobody in your network can introduce you to {safe_line(target_name)} yet: "
            "no first-degree contact knows them, directly or through one other person. "
            "Record who knows whom with 'netui tie NAME NAME'."
        )
        return 0
    print(f"Who can introduce you to {safe_line(target_name)}, best first:")
    for line in table(paths):
        print(line)
    return 0
