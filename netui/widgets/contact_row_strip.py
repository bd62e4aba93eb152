"""One contact's line in the list, built as segments (:mod:`netui.widgets.contact_list`).

Each styled cell is a segment, each run of unstyled cells another: as
``Text.render`` would cut them, at a fraction of its cost.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from netui.core.reciprocity import meter_bar, meter_label
from netui.core.text import safe_line
from netui.db.contacts import ContactRow, SortKey
from netui.widgets.contact_columns import GAP, MARKER, METER, METER_NUMBER, columns_for

__all__ = ["RowStyles", "meter_cell", "render_row"]


class RowStyles(NamedTuple):
    """The styles a row is painted in (worked out once per theme and focus)."""

    base: Style
    cursor: Style
    dim: Style
    second: Style
    empty: Style
    owe: Style
    credit: Style


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def meter_cell(meter: float | None, width: int, styles: RowStyles) -> tuple[str, Style | None]:
    if meter is None:
        return _fit("", width), None
    # The number whole ("-100" at most), right-aligned; the bar before it if room.
    label = meter_label(meter).rjust(METER_NUMBER)
    if width >= METER:
        label = f"{meter_bar(meter, width - METER_NUMBER - 1)} {label}"
    style = styles.owe if meter < 0 else styles.credit
    return _fit(label.rjust(width), width), style if round(meter) else None


def render_row(row: ContactRow, width: int, selected: bool, styles: RowStyles) -> Strip:
    """One row as segments, built directly (as ``Text.render`` would cut them, at
    a fraction of its cost): each styled cell is a segment, each run of unstyled
    cells another; the widget's style, then the cursor's, goes over every cell."""
    base, dim, second = styles.base, styles.dim, styles.second
    columns = columns_for(width)
    over = (base, styles.cursor) if selected else (base,)
    gap = " " * GAP
    cells: list[tuple[str, Style | None]] = [
        (_fit("2°" if row.second_degree else "", MARKER), dim)
    ]
    # Only the columns that fit this width (contact_columns chooses them).
    for n, (key, column_width) in enumerate(columns.visible()):
        if n:
            cells.append((gap, None))
        if key is SortKey.NAME:
            cells.append((_fit(row.name, column_width), second if row.second_degree else None))
        elif key is SortKey.ORGANISATION:
            cells.append((_fit(row.organisation, column_width), None))
        elif key is SortKey.ROLE:
            cells.append((_fit(row.role, column_width), dim))
        elif key is SortKey.LAST_CONTACT:
            cells.append((_fit(_date(row.last_contact), column_width), dim))
        else:
            cells.append(meter_cell(row.meter, column_width, styles))
    segments: list[Segment] = []
    plain: list[str] = []
    for text, style in cells:
        if not text:
            continue
        if style:
            if plain:
                segments.append(Segment("".join(plain), _over(None, over)))
                plain = []
            segments.append(Segment(text, _over(style, over)))
        else:
            plain.append(text)
    if plain:
        segments.append(Segment("".join(plain), _over(None, over)))
    return Strip(segments).adjust_cell_length(width, base)


@lru_cache(maxsize=4096)
def _fit(value: str, width: int) -> str:
    """``value`` on one line, cut with an ellipsis or padded to ``width`` cells."""
    plain = safe_line(value)
    length = cell_len(plain)
    if length > width:
        plain = set_cell_size(plain, width - 1) + "…"
        length = cell_len(plain)
    if length < width:
        plain += " " * (width - length)
    return plain


@lru_cache(maxsize=256)
def _over(style: Style | None, over: tuple[Style, ...]) -> Style:
    """A cell's style with the widget's (and the cursor's) over it."""
    return Style.combine((Style.null(), style, *over) if style else (Style.null(), *over))
