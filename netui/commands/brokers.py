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
"""

from __future__ import annotations

import argparse

from netui.core.brokers import BrokerPath
from netui.core.text import cell_width, json_text, pad, safe_line
from netui.db.brokers import DEFAULT_LIMIT, brokers_for
from netui.db.connection import reading
from netui.db.names import PICK, labels_for, resolve_name

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
    parser.add_argument(
        "name", metavar="NAME", help=f"the person you want to meet ({PICK})"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON list instead")
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


def run(args: argparse.Namespace) -> int:
    with reading(args.db_path):
        target_id, _ = resolve_name(args.name)
        paths = brokers_for(target_id, limit=DEFAULT_LIMIT)
        labels = labels_for([i for p in paths for i in p.ids] + [target_id])
    if args.json:
        print(json_text(as_json(paths)))
        return 0
    if not paths:
        print(
            f"Nobody in your network can introduce you to {safe_line(labels[target_id])} yet: "
            "no first-degree contact knows them, directly or through one other person. "
            "Record who knows whom with 'netui tie NAME NAME'."
        )
        return 0
    print(f"Who can introduce you to {safe_line(labels[target_id])}, best first:")
    for line in table(paths, labels):
        print(line)
    return 0
