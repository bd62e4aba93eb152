"""Columns of a table chosen by priority to fit a width, never cut.

A table too wide for its pane scrolled sideways (the Reciprocity table at 120
columns hid its meter) or cut columns to nothing (at 80 it showed only Name and
Organisation). Instead each table lists its columns by priority: the first always
shows, every other only if it fits whole, and what is left widens the ones that
can grow (names, notes). A column of numbers is never narrower than its numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column: its key, its place left to right, the width it needs, its share
    of any width to spare (0: it never grows), and the key of a column that must
    show with it (listed after it: given without received would mislead)."""

    key: str
    place: int
    width: int
    grow: int = 0
    together: str = ""


def fit(columns: Sequence[Column], width: int, padding: int = 2) -> list[tuple[Column, int]]:
    """The columns that fit in ``width`` cells, in their places, with their widths.

    ``columns`` come in priority order; ``padding`` is what each column adds around
    its cells (a ``DataTable`` pads one cell each side). The first column is always
    there, shrunk to what is left if it must be.
    """
    if not columns:
        return []
    first, *others = columns
    by_key = {column.key: column for column in others}
    followers = {column.together for column in others if column.together}
    chosen = [first]
    used = first.width + padding
    for column in others:
        if column.key in followers:
            continue  # it comes with the column it follows, or not at all
        group = [column]
        if column.together in by_key:
            group.append(by_key[column.together])
        needed = sum(member.width + padding for member in group)
        if used + needed <= width:
            chosen.extend(group)
            used += needed
    widths = {column.key: column.width for column in chosen}
    spare = width - used
    if spare < 0:  # not even the first fits: it takes what there is
        widths[first.key] = max(1, first.width + spare)
        spare = 0
    shares = sum(column.grow for column in chosen)
    if shares and spare > 0:
        given = 0
        growing = [column for column in chosen if column.grow]
        for column in growing:
            extra = spare * column.grow // shares
            widths[column.key] += extra
            given += extra
        widths[growing[0].key] += spare - given
    return [(column, widths[column.key]) for column in sorted(chosen, key=lambda c: c.place)]
