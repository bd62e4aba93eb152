"""Outlook's CSV export (Outlook.com: People → Manage contacts → Export; Outlook for
Windows: Import/Export → Comma Separated Values; Google Contacts' "Outlook CSV").

The header is the first line, the same names in any order: ``First Name, Middle
Name, Last Name, Title, Suffix, Nickname, …, E-mail Address, E-mail 2 Address, E-mail
3 Address, Home Phone, …, Business Phone, …, Mobile Phone, …, Job Title, Department,
Company, …, Business City, …, Business Country/Region, Home City, …, Web Page, …,
Notes`` (Outlook for Windows adds ``Categories``, ``E-mail Type``, ``E-mail Display
Name`` and others). Only the English column names are known.

Mapping: first, middle and last name, then ``, suffix`` → name (the Title column,
``Dr.``, is left out so that the same person from LinkedIn is recognised; else the
nickname; a row with no name is skipped and counted); Company →
organisation; Job Title → role, with the department in brackets; the email
addresses in order (each counts for dedupe, the first is kept, the others are listed
in the notes; an Exchange address without ``@`` is left out); the first phone of
Primary, Mobile, Business, Business 2, Home, Home 2, Company Main, Other, Car, Radio,
Callback, Pager (the others in the notes; faxes are left out); the business city and
country, else the home or other one, else Location → location; a LinkedIn web address
→ LinkedIn URL (other sites in the notes); Notes → notes; Categories → tags (without
Google's ``myContacts``); Hobby → interests. How you met stays empty: Outlook does not
know it.
"""

from __future__ import annotations

import re

from netui.core.importers import ContactRecord, ImportFileError, ParsedFile, one_line
from netui.core.importers.csv_formats import format_of_header
from netui.core.importers.csv_table import (
    Table,
    find_header,
    linkedin_and_sites,
    notes_with_extras,
    person_name,
    text_lines,
    unique,
    with_units,
)
from netui.core.validation import check_name

WHAT = "Outlook file"
EMAILS = ("e-mail address", "e-mail 2 address", "e-mail 3 address")
PHONES = (
    "primary phone", "mobile phone", "business phone", "business phone 2", "home phone",
    "home phone 2", "company main phone", "other phone", "car phone", "radio phone",
    "callback", "pager",
)  # fmt: skip
PLACES = ("business", "home", "other")
WEB = ("web page", "personal web page")
#: Categories that say where the card was kept, not anything about the person.
NOT_TAGS = frozenset(("mycontacts",))
_LIST = re.compile(r"[;,]")


def _find_table(data: bytes) -> Table:
    return find_header(
        text_lines(data, WHAT),
        lambda cells: format_of_header(cells) == "outlook",
        WHAT,
        f"No line of the {WHAT} is an Outlook header (First Name, …, E-mail Address, …); "
        "is it the CSV from Outlook's Export contacts?",
    )


def parse_outlook(data: bytes) -> ParsedFile:
    """Read an Outlook CSV; raise :class:`ImportFileError` naming the line."""
    table = _find_table(data)
    columns = table.columns()
    records: list[ContactRecord] = []
    skipped: list[str] = []
    for line, row in table.rows():
        record = _record(line, row, columns)
        if record is None:
            skipped.append(f"line {line}")
        else:
            records.append(record)
    return ParsedFile(records=tuple(records), skipped=tuple(skipped))


def _record(line: int, row: list[str], columns: dict[str, int]) -> ContactRecord | None:
    def cell(key: str) -> str:
        index = columns.get(key)
        return row[index].strip() if index is not None else ""

    name = person_name(cell("first name"), cell("middle name"), cell("last name"), cell("suffix"))
    name = name or one_line(cell("nickname"))
    if not name:
        return None
    problem = check_name(name)
    if problem:
        raise ImportFileError(f"Line {line} of the {WHAT}: {problem}")

    emails = unique([one_line(cell(key)) for key in EMAILS if "@" in cell(key)])
    phones = unique([one_line(cell(key)) for key in PHONES])
    location = ""
    for place in PLACES:
        city = cell(f"{place} city") or cell(f"{place} state")
        country = cell(f"{place} country/region") or cell(f"{place} country")
        location = ", ".join(one_line(part) for part in (city, country) if part)
        if location:
            break
    location = location or one_line(cell("location"))

    urls = (url for url in (one_line(cell(key)) for key in WEB) if url)
    linkedin, sites = linkedin_and_sites(urls, line, WHAT)

    notes = notes_with_extras(cell("notes"), emails, phones, sites)
    tags = [one_line(tag) for tag in _LIST.split(cell("categories"))]
    return ContactRecord(
        where=f"line {line}",
        name=name,
        organisation=one_line(cell("company")),
        role=with_units(one_line(cell("job title")), [one_line(cell("department"))]),
        emails=tuple(emails),
        phone=phones[0] if phones else "",
        linkedin_url=linkedin,
        location=location,
        notes="\n\n".join(note for note in notes if note),
        tags=tuple(tag for tag in tags if tag and tag.casefold() not in NOT_TAGS),
        interests=tuple(one_line(h) for h in _LIST.split(cell("hobby")) if h.strip()),
    )
