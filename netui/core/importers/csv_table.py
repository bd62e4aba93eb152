"""Reading an address book's CSV file as a table: a header row, then one row per person.

Shared by the Google Contacts and Outlook importers (LinkedIn's, older, has its own
loop with the same rules). UTF-8 with or without a byte-order mark, CRLF or LF, and
quoted fields holding commas, quotes and newlines are read; a row with more fields
than the header (an unquoted comma) or fewer (a row cut short) is refused with one
sentence naming its line, so a damaged file changes nothing. No database here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from netui.core.importers import ImportFileError, decode_text, one_line, shown
from netui.core.validation import normalise_url

#: How many lines from the top a header is looked for in (LinkedIn's file has a
#: preamble of a few lines; the others start with their header).
HEADER_SEARCH = 20


def header_key(cell: str) -> str:
    """A header cell as compared: spaces collapsed, case folded (``E-mail 1 - Value``
    → ``e-mail 1 - value``)."""
    return one_line(cell).casefold()


@dataclass(frozen=True)
class Table:
    """A CSV file split into its header and the physical lines after it."""

    what: str  # "Google Contacts file", for messages
    lines: list[str]
    header_at: int  # index of the header line in ``lines``
    header: tuple[str, ...]  # as written in the file

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(header_key(cell) for cell in self.header)

    def columns(self) -> dict[str, int]:
        """Header key → its first column."""
        found: dict[str, int] = {}
        for index, key in enumerate(self.keys):
            found.setdefault(key, index)
        return found

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(line number, cells)`` of every non-blank row; raises
        :class:`ImportFileError` naming the line of a row that is not valid CSV or
        does not have the header's number of fields."""
        width = len(self.header)
        reader = csv.reader(self.lines[self.header_at + 1 :], strict=True)
        line_before = 0
        while True:
            first_line = self.header_at + 2 + line_before  # 1-based line the row begins on
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFileError(
                    f"Line {first_line} of the {self.what} is not valid CSV ({error}); "
                    "check the quotes on that line."
                ) from None
            line_before = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != width:
                why = (
                    "a comma inside a field must be quoted"
                    if len(row) > width
                    else "the row looks cut short"
                )
                raise ImportFileError(
                    f"Line {first_line} of the {self.what} has {len(row)} fields but the "
                    f"header has {width}; {why}."
                )
            yield first_line, row


def text_lines(data: bytes, what: str) -> list[str]:
    """The file's physical lines (line ends kept), decoded as UTF-8."""
    return io.StringIO(decode_text(data, what), newline="").readlines()


def header_cells(line: str) -> list[str] | None:
    """The cells of ``line`` read as one CSV row, or ``None`` when it cannot be one."""
    if "," not in line:
        return None
    try:
        return next(csv.reader([line.rstrip("\r\n")]), None)
    except csv.Error:
        return None


def find_header(
    lines: list[str], accept: Callable[[list[str]], bool], what: str, missing: str
) -> Table:
    """The table whose header is the first of the top lines that ``accept`` takes;
    else :class:`ImportFileError` with the sentence ``missing``."""
    for index, line in enumerate(lines[:HEADER_SEARCH]):
        cells = header_cells(line)
        if cells is not None and accept(cells):
            return Table(what=what, lines=lines, header_at=index, header=tuple(cells))
    raise ImportFileError(missing)


def with_units(role: str, units: list[str]) -> str:
    """The role with the departments after it: ``Head of Sales (Marketing)`` (as the
    vCard importer writes ``ORG`` units)."""
    units = [unit for unit in units if unit]
    if not units:
        return role
    shown = ", ".join(units)
    return f"{role} ({shown})" if role else shown


def person_name(first: str, middle: str, last: str, suffix: str) -> str:
    """``Kofi Mensah, PhD`` from its parts, as people write it. A prefix (``Dr.``,
    ``Mr.``) is left out: LinkedIn has none, and the same person must be recognised."""
    name = one_line(" ".join((first, middle, last)))
    suffix = one_line(suffix)
    if suffix and name:
        return f"{name}, {suffix}"
    return name or suffix


def unique(values: list[str]) -> list[str]:
    """The non-empty values once each, in order (emails compared without case)."""
    seen: set[str] = set()
    result = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            result.append(value)
    return result


def linkedin_and_sites(urls: Iterable[str], line: int, what: str) -> tuple[str, list[str]]:
    """The first LinkedIn address among ``urls`` (normalised) and the other web
    addresses, each once; a LinkedIn "address" with a space is refused, naming its line."""
    linkedin = ""
    sites: list[str] = []
    for url in urls:
        if not linkedin and "linkedin.com/" in url.casefold():
            if " " in url:
                raise ImportFileError(
                    f"Line {line} of the {what} has {shown(url)} as a LinkedIn address, "
                    "which is not a web address."
                )
            linkedin = normalise_url(url)
        elif url not in sites:
            sites.append(url)
    return linkedin, sites


def notes_with_extras(
    notes: str, emails: list[str], phones: list[str], sites: list[str]
) -> list[str]:
    """The row's notes, then the emails and phones beyond the first and the web
    addresses, which a contact has no field for."""
    lines = [notes.replace("\r\n", "\n").strip()]
    if len(emails) > 1:
        lines.append("Other emails: " + ", ".join(emails[1:]))
    if len(phones) > 1:
        lines.append("Other phones: " + ", ".join(phones[1:]))
    if sites:
        lines.append("Web: " + ", ".join(sites))
    return lines
