"""Which address book wrote a CSV file, told by its header alone. No database here.

netui knows three CSV formats, each by columns no other has:

- ``linkedin``: LinkedIn's ``Connections.csv`` — ``First Name``, ``Last Name`` and one
  of ``URL``, ``Position`` or ``Connected On`` (after a "Notes:" preamble);
- ``google``: a Google Contacts CSV — numbered groups of columns such as
  ``E-mail 1 - Value``, ``Phone 1 - Value``, ``Organization 1 - Name`` (the old
  export) beside a name column;
- ``outlook``: an Outlook CSV (Outlook.com, Outlook for Windows, and Google's
  "Outlook CSV" export) — a name column and one of ``E-mail Address``, ``Job Title``,
  ``Business Phone``, ``Mobile Phone``, ``Home Phone``, ``Categories``.

A header that is none of these is refused with one sentence naming the three: a
wrong guess would import names alone, or worse, under the wrong columns. Headers are
compared without case and with spaces collapsed; only the English headers these
programs write are known.
"""

from __future__ import annotations

import io
import re

from netui.core.importers import ImportFileError
from netui.core.importers.csv_table import HEADER_SEARCH, header_cells, header_key

#: Each known format: its kind (as typed after ``netui import``) → its name in sentences.
CSV_FORMATS = {
    "linkedin": "LinkedIn's Connections.csv",
    "google": "a Google Contacts CSV",
    "outlook": "an Outlook CSV",
}
#: How much of the top of a file is read to find its header.
PEEK = 64 * 1024
KNOWN = "LinkedIn's Connections.csv, a Google Contacts CSV or an Outlook CSV"

_GOOGLE_GROUP = re.compile(
    r"^(e-mail|phone|address|website|organization|relation|event|im|custom field) \d+ - "
)
_NAMES = frozenset(("first name", "last name", "middle name", "name", "given name",
                    "family name", "nickname"))  # fmt: skip
_LINKEDIN = frozenset(("url", "profile url", "position", "connected on"))
_OUTLOOK = frozenset(("e-mail address", "e-mail 2 address", "job title", "business phone",
                      "mobile phone", "home phone", "categories"))  # fmt: skip


def format_of_header(cells: list[str]) -> str | None:
    """The kind of CSV whose header ``cells`` are, or ``None``."""
    keys = {header_key(cell) for cell in cells}
    if not keys & _NAMES:
        return None
    if any(_GOOGLE_GROUP.match(key) for key in keys):
        return "google"
    if {"first name", "last name"} <= keys and keys & _LINKEDIN:
        return "linkedin"
    if keys & _OUTLOOK:
        return "outlook"
    return None


def csv_format(data: bytes, what: str = "CSV file") -> str | None:
    """``"linkedin"``, ``"google"`` or ``"outlook"``, from the first header among the
    top lines that is one of them; ``None`` when none is."""
    # The top of the file is enough; text that is not UTF-8 is the parser's to report.
    top = data[:PEEK].decode("utf-8-sig", errors="replace")
    for line in io.StringIO(top, newline="").readlines()[:HEADER_SEARCH]:
        cells = header_cells(line)
        if cells is not None:
            kind = format_of_header(cells)
            if kind is not None:
                return kind
    return None


def detect_csv(data: bytes, what: str = "CSV file") -> str:
    """The file's format (see :func:`csv_format`); else :class:`ImportFileError`."""
    kind = csv_format(data, what)
    if kind is None:
        raise unknown_format(what)
    return kind


def unknown_format(what: str = "CSV file") -> ImportFileError:
    return ImportFileError(
        f"The {what}'s header matches none of the CSV formats netui knows ({KNOWN}); "
        "export it again from one of them, or as a vCard file."
    )


def wrong_format(asked: str, found: str) -> ImportFileError:
    """The refusal when a file asked to be read as one format is another."""
    return ImportFileError(
        f"This file is {CSV_FORMATS[found]}, not {CSV_FORMATS[asked]}; import it with "
        f"'netui import {found} FILE' (or 'netui import csv FILE', which tells the "
        "formats apart)."
    )
