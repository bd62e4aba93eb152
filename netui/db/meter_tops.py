"""The Reciprocity screen's lists in one pass over the meter lines: the first rows of
each and how many it has, and the network's totals, holding only the rows that can
make a list.

Each list is the meter table (:mod:`netui.db.meter_rows`) filtered and sorted as
:mod:`netui.db.ledger` defines it (``give_back_first``, ``investing``, ``dormant``,
``inside_outside``; a test compares them). Made from the whole table, the lists
held every contact several times over: at 300,000 contacts the screen's read took
the app from 170 to 400 MB, and 7 s. Here each line of the table is looked at once,
as the database gives it, and kept only while it is among a list's first rows
(:class:`~netui.core.smallest.SmallestWithTies`); a name is folded (the second key of
three lists) only for those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from netui.core.folding import fold_key
from netui.core.organisations import organisation_key
from netui.core.smallest import SmallestWithTies
from netui.db.meter_rows import MeterLine, MeterRow, each_meter_line, name_positions, row_of

#: The lists, in the screen's order.
LISTS = ("ranked", "give-back", "investing", "dormant", "inside", "outside")

#: Where a line stands in the meter table: (-imbalance, place in name order).
Rank = tuple[float, int]


@dataclass(frozen=True)
class MeterTops:
    """The first rows of each list (:data:`LISTS`) and how many it has; the totals."""

    lists: dict[str, tuple[list[MeterRow], int]]
    total: int  # listed contacts
    exchanged: int  # of them, those with an exchange
    given: float
    received: float


def meter_tops(day: dt.date, my_organisation: str, top: int) -> MeterTops:
    """Each list's first ``top`` rows as of ``day``; ``my_organisation`` decides who
    is inside (compared by :func:`~netui.core.organisations.organisation_key`; with
    none, everyone is outside)."""
    positions, named = name_positions()
    mine = organisation_key(my_organisation)
    inside_by_organisation: dict[str, bool] = {}
    kept: dict[str, SmallestWithTies[tuple[Rank, MeterLine]]] = {
        key: SmallestWithTies(top) for key in LISTS
    }
    counts = dict.fromkeys(LISTS, 0)
    total = exchanged = 0
    given = received = 0.0
    for line in each_meter_line(day):
        cid, _, organisation, g, r, balance, meter, last, _, cadence, late, since, imbalance = line
        at = positions[cid]
        rank = (-imbalance, at if at >= 0 else named + cid)  # (a contact added since: last)
        entry = (rank, line)
        total += 1
        given += g
        received += r
        if last is not None:
            exchanged += 1
        kept["ranked"].add(rank, entry)
        inside = inside_by_organisation.get(organisation)
        if inside is None:
            inside = bool(mine) and organisation_key(organisation) == mine
            inside_by_organisation[organisation] = inside
        side = "inside" if inside else "outside"
        kept[side].add(rank, entry)
        counts[side] += 1
        if meter < 0:
            kept["give-back"].add(balance, entry)
            counts["give-back"] += 1
        elif meter > 0:
            kept["investing"].add(-balance, entry)
            counts["investing"] += 1
        if late == 1:
            kept["dormant"].add(cadence - since, entry)
            counts["dormant"] += 1
    counts["ranked"] = total
    orders: dict[str, Callable[[tuple[Rank, MeterLine]], Any]] = {
        "give-back": lambda e: (e[1][5], fold_key(e[1][1]), e[0]),
        "investing": lambda e: (-e[1][5], fold_key(e[1][1]), e[0]),
        "dormant": lambda e: (e[1][9] - e[1][11], fold_key(e[1][1]), e[0]),
    }
    lists = {}
    for key in LISTS:
        entries = kept[key].kept
        if key in orders:  # ties on the first key are settled by the name, then the rank
            entries.sort(key=orders[key])
        lists[key] = ([row_of(line) for _, line in entries[:top]], counts[key])
    return MeterTops(lists, total, exchanged, given, received)
