"""``netui meter [--json]``: the reciprocity meter for every contact.

The table lists every contact (archived ones left out), the most imbalanced first:
id (``#12``, what to type to name them on the command line), name, given,
received, balance, meter (a number and a small bar centred on 0), last exchange and
whether they are overdue (nothing exchanged or met for longer than their
keep-in-touch cadence). Names are shown literally, control characters made visible;
columns are counted in terminal cells as Rich counts them, so they line up whatever
the names hold (CJK, Hangul, emoji sequences, zero-width characters).

``--json`` prints a JSON list in the same order; each object has exactly these keys:

``id``             integer, the contact's id (``"#12"`` names them on the command line)
``name``           string, the contact's name as stored
``organisation``   string, may be empty
``given``          number, faded sum of what I gave, rounded to 2 decimals
``received``       number, faded sum of what I received, rounded to 2 decimals
``balance``        number, given - received, rounded to 2 decimals
``meter``          number from -100 to 100, 100 * balance / (given + received),
                   0 when nothing was exchanged, rounded to 2 decimals
``last_exchange``  string ``YYYY-MM-DD`` or null
``last_contact``   string ``YYYY-MM-DD`` or null: the latest exchange or past meeting
``cadence_days``   integer, the contact's keep-in-touch cadence (or the default)
``overdue``        boolean, true when the last contact (or, never contacted, the day
                   they were added) is more than ``cadence_days`` days ago; a
                   second-degree contact without a cadence of their own is never
                   overdue

Each exchange counts ``value * 0.5^(age in days / half-life)``; the half-life is a
setting (365 days by default).
"""

from __future__ import annotations

import argparse
import codecs
import gc
import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from netui.core.text import (
    cell_width,
    pad,
    safe_json_item,
    safe_json_string,
    safe_line,
    with_json_escapes,
)

if TYPE_CHECKING:  # the storage layer is imported when the command runs, not for --help
    from netui.db.meter_json import JsonRow
    from netui.db.meter_rows import MeterLine

HELP = "the reciprocity meter for every contact"
DESCRIPTION = """\
Show what you gave and received with every contact, faded by age (half-life
setting, 365 days by default), the most imbalanced first. A positive meter means
you gave more; a negative one that you should give back first."""

BAR_WIDTH = 9
HEADERS = ("ID", "NAME", "GIVEN", "RECEIVED", "BALANCE", "METER", "", "LAST EXCHANGE", "OVERDUE")
RIGHT = {0, 2, 3, 4, 5}  # the numeric columns

#: Lines written at a time: the output goes out as it is made, never held whole.
BATCH = 1000


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "meter",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON list (see the README for its shape)"
    )
    parser.set_defaults(handler=run)


def as_json(line: MeterLine) -> dict[str, Any]:
    """One contact's object in ``--json``: the shape documented above (the reference
    :func:`write_json` is tested against, and what writes a number too big for it)."""
    cid, name, organisation, given, received, balance, meter, last, contact = line[:9]
    return {
        "id": cid,
        "name": name,
        "organisation": organisation,
        "given": round(given, 2),
        "received": round(received, 2),
        "balance": round(balance, 2),
        "meter": round(meter, 2),
        "last_exchange": last,
        "last_contact": contact,
        "cadence_days": line[9],
        "overdue": bool(line[10]),
    }


_JSON_ITEM = (
    '  {\n    "id": %d,\n    "name": %s,\n    "organisation": %s,\n    "given": %.2f,\n'
    '    "received": %.2f,\n    "balance": %.2f,\n    "meter": %.2f,\n    "last_exchange": %s,\n'
    '    "last_contact": %s,\n    "cadence_days": %d,\n    "overdue": %s\n  }'
)
#: ``json`` writes ``round(x, 2)`` as ``repr`` does: ``2.5`` where ``%.2f`` writes
#: ``2.50`` (both round the same way, from the float's exact value), so one trailing
#: 0 of each number is dropped. Only the four numbers end in ``.d0`` before a comma
#: and a newline: a string holds no raw newline (json writes ``\n``), and the ids and
#: cadences have no point.
_TRAILING_ZERO = re.compile(r"\.\d0,\n")


def _drop_zeros(text: str) -> str:
    return _TRAILING_ZERO.sub(_without_zero, text)


def _without_zero(match: re.Match[str]) -> str:
    return match[0][:2] + ",\n"  # ".50,\n" -> ".5,\n"


#: Below 2**45 (3.5e13) floats are closer than 0.01 apart, so the shortest text that
#: reads back as ``round(x, 2)`` has those two decimals: ``repr`` writes what ``%.2f``
#: writes. A line with a number that big (never in practice) goes through json.
PLAIN = 1e13


def write_json(
    lines: Iterable[MeterLine], write: Callable[[str], object], *, batch: int = BATCH
) -> None:
    """The JSON list of ``lines`` through ``write``, ``batch`` objects at a time,
    exactly as :func:`~netui.core.text.json_text` prints ``[as_json(line), ...]``
    (indented by 2, the same escapes), with a few calls per line rather than a dict."""
    items: list[str] = []
    opening = "[\n"
    organisations: dict[str | None, str] = {None: "null"}  # a few, each said once
    for line in lines:
        cid, name, organisation, g, r, b, m, last, contact, cadence, late, _, _ = line
        org = organisations.get(organisation)
        if org is None:
            org = organisations[organisation] = safe_json_string(organisation)
        if g + r < PLAIN:
            items.append(_JSON_ITEM % (
                cid, safe_json_string(name), org, g, r, b, m,
                "null" if last is None else f'"{last}"',
                "null" if contact is None else f'"{contact}"',
                cadence, "true" if late else "false",
            ))  # fmt: skip
        else:
            items.append(safe_json_item(as_json(line)))
        if len(items) == batch:
            write(opening + _drop_zeros(",\n".join(items)))
            opening = ",\n"
            items.clear()
    if items:
        write(opening + _drop_zeros(",\n".join(items)) + "\n]")
    else:
        write("[]" if opening == "[\n" else "\n]")


#: :data:`_JSON_ITEM` with a mark after each number: the mark goes, with the 0 before
#: it when there is one (as ``_drop_zeros`` does), from the whole batch at once.
_MARKED_ITEM = _JSON_ITEM.replace("%.2f", "%.2f\x01")
#: The same as UTF-8 bytes, for rows whose strings are bytes (``plain_json_rows(utf8=True)``).
_MARKED_BYTES = _MARKED_ITEM.encode()
#: A 0 with its mark, and what follows each of the four numbers in an object: looked
#: for whole, the bytes are scanned faster than for the 0 and the mark alone (8 bytes
#: skipped at a time, not 2).
_ZERO_MARKED, _AFTER = b'0\x01,\n    "', b',\n    "'
_MARK, _ZERO_MARK = "\x01", "0\x01"


def _unmarked(data: bytes) -> bytes:
    """The UTF-8 bytes of objects made by :data:`_MARKED_ITEM` without their marks,
    nor the 0 before a mark."""
    return data.replace(_ZERO_MARKED, _AFTER).replace(b"\x01", b"")


def write_rows(
    rows: list[JsonRow],
    lines: dict[int, MeterLine],
    write: Callable[[str], object],
    *,
    batch: int = BATCH,
    write_utf8: Callable[[bytes], object] | None = None,
    errors: str = "strict",
) -> None:
    """The JSON list of ``rows`` (:func:`netui.db.meter_json.json_rows`, a row with
    no name made from its line in ``lines``) through ``write``, ``batch`` objects at a
    time: what :func:`write_json` writes for their lines. ``write_utf8``, when given,
    takes the same text as UTF-8 bytes instead, encoded with ``errors`` (the marks are
    removed from the bytes: faster than from a text with characters outside ASCII).
    Rows whose strings are UTF-8 bytes (:func:`netui.db.meter_plain.plain_json_rows`
    with ``utf8``: nothing in them to escape) need ``write_utf8``."""
    if rows and isinstance(rows[0][2], bytes):
        if write_utf8 is None:
            raise ValueError("rows of bytes are written as bytes")
        _write_bytes(rows, lines, write, write_utf8, errors, batch)
        return
    opening = "[\n"
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        texts = list(map(_MARKED_ITEM.__mod__, chunk))
        again = [at for at, row in enumerate(chunk) if row[1] is None]
        for at in reversed(again):
            line = lines.get(chunk[at][0])
            if line is None:  # a contact deleted since the first read
                del texts[at]
            else:
                texts[at] = _line_text(line)
        texts = [text if text.isascii() else with_json_escapes(text) for text in texts]
        if not texts:
            continue
        text = opening + ",\n".join(texts)
        if "\x7f" in text:  # DEL, in ASCII
            text = with_json_escapes(text)
        opening = ",\n"
        if write_utf8 is None:
            write(text.replace(_ZERO_MARK, "").replace(_MARK, ""))
        else:
            write_utf8(_unmarked(text.encode("utf-8", errors)))
    write("[]" if opening == "[\n" else "\n]")


#: What a row left to Python is formatted as before its line's text replaces it.
_STAND_IN = (0, b"", b"", 0.0, 0.0, 0.0, 0.0, b"", b"", 0, b"")


def _write_bytes(
    rows: list[Any],
    lines: dict[int, MeterLine],
    write: Callable[[str], object],
    write_utf8: Callable[[bytes], object],
    errors: str,
    batch: int,
) -> None:
    """:func:`write_rows` of rows whose strings are UTF-8 bytes: each formatted by one
    ``%`` of bytes, as it is written (no text made, looked at or encoded)."""
    opening = b"[\n"
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        again = {at: row[0] for at, row in enumerate(chunk) if row[1] is None}
        for at in again:
            chunk[at] = _STAND_IN  # (bytes' % takes no None)
        texts = list(map(_MARKED_BYTES.__mod__, chunk))
        for at, cid in reversed(again.items()):
            line = lines.get(cid)
            if line is None:  # a contact deleted since the first read
                del texts[at]
            else:
                texts[at] = _line_text(line).encode("utf-8", errors)
        if texts:
            write_utf8(_unmarked(opening + b",\n".join(texts)))
            opening = b",\n"
    write("[]" if opening == b"[\n" else "\n]")


def _line_text(line: MeterLine) -> str:
    """One line's object, as :func:`write_json` writes it."""
    text: list[str] = []
    write_json([line], text.append)
    return text[0][2:-2]  # less "[\n" and "\n]"


def _utf8_writer(stream: Any) -> dict[str, Any]:
    """:func:`write_rows`' ``write_utf8`` and ``errors`` for ``stream``: its own
    bytes' ``write`` when it writes text as UTF-8 (what it held written first), with
    its errors handler; nothing (text through ``write``) for any other stream."""
    buffer = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    errors = getattr(stream, "errors", None)
    if buffer is None or not isinstance(encoding, str) or not isinstance(errors, str):
        return {}
    if os.linesep != "\n":  # a text stream there writes "\n" as os.linesep
        return {}
    try:
        if codecs.lookup(encoding).name != "utf-8":
            return {}
    except LookupError:
        return {}
    stream.flush()
    return {"write_utf8": buffer.write, "errors": errors}


def signed(number: float, digits: int) -> str:
    """``+2.73``, ``-100``, and a plain ``0.00`` (never ``-0.00``) when it rounds to zero."""
    text = f"{number:+.{digits}f}"
    return text[1:] if float(text) == 0 else text


def table_lines(lines: Iterable[MeterLine]) -> list[str]:
    """The table: a header, then a line per contact, its columns lined up."""
    from netui.core.reciprocity import meter_bar

    cells = [
        (
            f"#{cid}",
            safe_line(name),
            f"{g:.2f}",
            f"{r:.2f}",
            signed(b, 2),
            signed(m, 0),
            meter_bar(m, BAR_WIDTH),
            last or "never",
            "overdue" if late else "",
        )
        for cid, name, _, g, r, b, m, last, _, _, late, _, _ in lines
    ]
    widths = [
        max([cell_width(h), *(cell_width(c[i]) for c in cells)]) for i, h in enumerate(HEADERS)
    ]
    return [
        "  ".join(pad(c, widths[i], i in RIGHT) for i, c in enumerate(line)).rstrip()
        for line in [HEADERS, *cells]
    ]


def run(args: argparse.Namespace) -> int:
    if args.json:
        collecting = gc.isenabled()
        gc.disable()  # no collection walks the rows' 30,000 tuples as they are made
        try:
            # An SQLite file read through plain sqlite3, without Peewee; anything else
            # (a server, a file to refuse or upgrade, a named member) is read below.
            from netui.db.meter_plain import plain_json_rows

            writer = _utf8_writer(sys.stdout)  # a UTF-8 stdout takes the rows' bytes
            found = plain_json_rows(args.db_path, PLAIN, utf8=bool(writer))
            if found is not None:
                write_rows(*found, sys.stdout.write, **writer)
                sys.stdout.write("\n")
                return 0
        finally:
            if collecting:
                gc.enable()
    from netui.db.checking import checked_alongside
    from netui.db.meter_rows import meter_lines

    # The file's quick_check runs beside the reading (unless this file passed one as
    # it is); nothing is printed from a damaged file.
    with checked_alongside(args.db_path) as check:
        if args.json:
            from netui.db.meter_json import json_rows

            rows = json_rows(PLAIN)  # made ready to format by SQLite, when it can
            lines = meter_lines() if rows is None else []
            check.raise_if_damaged()
            if rows is None:
                write_json(lines, sys.stdout.write)
            else:
                write_rows(*rows, sys.stdout.write, **_utf8_writer(sys.stdout))
            sys.stdout.write("\n")
            return 0
        lines = meter_lines()
        check.raise_if_damaged()
        table = table_lines(lines)
    if len(table) == 1:
        print("No contacts yet; add one with: netui add NAME")
        return 0
    for start in range(0, len(table), BATCH):
        sys.stdout.write("\n".join(table[start : start + BATCH]) + "\n")
    return 0
