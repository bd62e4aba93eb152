"""LinkedIn's ``Connections.csv`` (Settings → Data privacy → Get a copy of your data).

The file starts with a "Notes:" preamble of one or more lines, then the header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On`` and one
row per connection. The header is searched for, not assumed at a fixed line.
UTF-8 with or without a byte-order mark, CRLF or LF line ends, and quoted fields
holding commas, quotes and newlines are all read. Emails are mostly empty.

Mapping: First Name + Last Name → name, URL → LinkedIn URL, Email Address →
email, Company → organisation, Position → role, Connected On (``12 Mar 2021``) →
how we met: ``LinkedIn, connected 12 Mar 2021`` (just ``LinkedIn`` when empty,
the text as given when it is not a date). Rows with no name are skipped and
counted. Columns are found by their header names, in any order; only the two
name columns are required.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import operator
from collections.abc import Callable, Iterator
from typing import cast

from netui.core.importers import (
    POLL_RECORDS,
    ContactRecord,
    ImportCancelled,
    ImportFileError,
    ParsedFile,
    RecordStream,
    check_utf8,
    one_line,
    shown,
)
from netui.core.validation import check_name, normalise_url

WHAT = "LinkedIn file"

#: Header names (casefolded, spaces collapsed) → record attribute.
COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "e-mail address": "email",
    "email": "email",
    "company": "company",
    "position": "position",
    "connected on": "connected",
}
_MONTHS = frozenset(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                     "Dec"))  # fmt: skip
DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%b %d, %Y", "%m/%d/%Y", "%d/%m/%Y")


def _header_map(cells: list[str]) -> dict[str, int] | None:
    """Attribute → column index, when ``cells`` is LinkedIn's header row."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        attribute = COLUMNS.get(one_line(cell).casefold())
        if attribute and attribute not in found:
            found[attribute] = index
    if "first" in found and "last" in found:
        return found
    return None


def _find_header(lines: Iterator[str]) -> tuple[int, dict[str, int], int]:
    """Index of the header line, its column map and its width (``lines`` is read up
    to the header, no further)."""
    for index, line in enumerate(lines):
        if "," not in line:
            continue
        try:
            cells = next(csv.reader([line.rstrip("\r\n")]), [])
        except csv.Error:
            continue
        columns = _header_map(cells)
        if columns is not None:
            return index, columns, len(cells)
    raise ImportFileError(
        "No line of the file is LinkedIn's header (First Name,Last Name,URL,Email Address,"
        "Company,Position,Connected On); is it the Connections.csv from LinkedIn's data export?"
    )


@functools.lru_cache(maxsize=8_192)
def connected_on(text: str) -> str:
    """``12 Mar 2021`` (or another common date form) → ``12 Mar 2021``; else the text."""
    text = one_line(text)
    parts = text.split(" ")
    if len(parts) == 3 and parts[1] in _MONTHS and parts[0].isdigit() and parts[2].isdigit():
        day, year = int(parts[0]), int(parts[2])  # the usual form, without strptime
        if 1 <= day <= 31 and len(parts[2]) == 4:
            return f"{day} {parts[1]} {year}"
    for form in DATE_FORMATS:
        try:
            date = dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
        return f"{date.day} {date.strftime('%b %Y')}"
    return text


@functools.lru_cache(maxsize=8_192)
def connected_day(text: str) -> dt.date | None:
    """The day of ``Connected On`` (``12 Mar 2021`` or another common form), if it is one."""
    shown = connected_on(text)
    for form in ("%d %b %Y", *DATE_FORMATS):
        try:
            return dt.datetime.strptime(shown, form).date()
        except ValueError:
            continue
    return None


@functools.lru_cache(maxsize=8_192)
def how_we_met(connected: str) -> str:
    connected = connected_on(connected)
    return f"LinkedIn, connected {connected}" if connected else "LinkedIn"


@functools.lru_cache(maxsize=8_192)
def connection(connected: str) -> tuple[str, dt.date | None]:
    """:func:`how_we_met` and :func:`connected_day` of a row's ``Connected On``."""
    return how_we_met(connected), connected_day(connected)


#: ContactRecord's fields in the order :func:`_rows` gives them, by position
#: (tests/unit/test_import_linkedin.py holds the two together).
_FIELDS = ("where", "name", "organisation", "role", "emails", "phone", "linkedin_url",
           "location", "how_we_met", "notes", "tags", "expertise", "interests", "uid",
           "related", "career_path", "closeness", "cadence_days", "second_degree",
           "first_contact")  # fmt: skip


def parse_linkedin(data: bytes, cancelled: Callable[[], bool] = lambda: False) -> ParsedFile:
    """Read a ``Connections.csv`` whole; raise :class:`ImportFileError` naming the
    line, or :class:`ImportCancelled` as soon as ``cancelled()`` says so."""
    return linkedin_stream(data, cancelled).parsed()


def linkedin_stream(data: bytes, cancelled: Callable[[], bool] = lambda: False) -> RecordStream:
    """The records of a ``Connections.csv`` as they are read (a row at a time: the
    text is decoded as it goes, never held whole). The text is checked to be UTF-8
    and the header found before this returns; a problem further down raises
    :class:`ImportFileError` naming its line when the reading gets there."""
    check_utf8(data, WHAT)
    raw = io.BytesIO(data)
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    start, columns, width = _find_header(iter(text.readline, ""))
    skipped: list[str] = []

    def position() -> int:  # bytes read so far (all, once the reading is done)
        return len(data) if raw.closed else raw.tell()

    return RecordStream(
        _rows(text, start, columns, width, skipped, cancelled), len(data), position, skipped
    )


def _rows(
    lines: Iterator[str],
    start: int,
    columns: dict[str, int],
    width: int,
    skipped: list[str],
    cancelled: Callable[[], bool],
) -> Iterator[ContactRecord]:
    reader = csv.reader(lines, strict=True)
    at = [columns.get(a) for a in ("first", "last", "email", "url", "company", "position",
                                   "connected")]  # fmt: skip
    cells: Callable[[list[str]], tuple[str, ...]]
    if None in at:  # a column left out of the file reads as empty
        cells = lambda row: tuple("" if i is None else row[i] for i in at)  # noqa: E731
    else:
        cells = operator.itemgetter(*cast(list[int], at))  # in C, for most files
    join = " ".join  # one_line(), without a call for each of 300,000 rows' cells
    line_before = 0
    rows = 0
    try:
        for row in reader:
            first_line = start + 2 + line_before  # 1-based line where this row begins
            line_before = reader.line_num
            rows += 1
            if rows % POLL_RECORDS == 0 and cancelled():
                raise ImportCancelled()
            if len(row) != width:
                if not "".join(row).strip():
                    continue  # blank line
                why = (
                    "a comma inside a field must be quoted"
                    if len(row) > width
                    else "the row looks cut short"
                )
                raise ImportFileError(
                    f"Line {first_line} of the {WHAT} has {len(row)} fields but the header "
                    f"has {width}; {why}."
                )
            first, last, email, url, company, position, connected = cells(row)
            name = join(f"{first} {last}".split())
            if not name:
                if not "".join(row).strip():
                    continue  # a blank line: only a row without a name can be one
                skipped.append(f"line {first_line}")
                continue
            if len(name) > 10_000:
                raise ImportFileError(f"Line {first_line} of the {WHAT}: {check_name(name)}")
            if email:  # most rows have none
                email = join(email.split())
            url = join(url.split())
            if " " in url:
                raise ImportFileError(
                    f"Line {first_line} of the {WHAT} has {shown(url)} as its URL, "
                    "which is not a web address."
                )
            if url and "://" not in url:
                url = normalise_url(url)
            met, day = connection(connected)
            # Positional (see _FIELDS): a third faster than by name, for 300,000 rows.
            yield ContactRecord(
                f"line {first_line}", name, join(company.split()), join(position.split()),
                (email,) if email else (), "", url, "", met, "", (), (), (), "", (), "",
                None, None, None, day,
            )  # fmt: skip
    except csv.Error as error:
        first_line = start + 2 + line_before
        if "field larger than field limit" in str(error):
            raise ImportFileError(
                f"Line {first_line} of the {WHAT} has a field longer than "
                f"{csv.field_size_limit():,} characters; netui imports fields up to that."
            ) from None
        raise ImportFileError(
            f"Line {first_line} of the {WHAT} is not valid CSV ({error}); "
            "check the quotes on that line."
        ) from None
