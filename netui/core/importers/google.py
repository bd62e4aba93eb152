"""Google Contacts' CSV export (contacts.google.com → Export → Google CSV).

The header is the first line: ``First Name, Middle Name, Last Name, Phonetic …, Name
Prefix, Name Suffix, Nickname, File As, Organization Name, Organization Title,
Organization Department, Birthday, Notes, Photo, Labels``, then numbered groups —
``E-mail 1 - Label, E-mail 1 - Value, Phone 1 - Label, Phone 1 - Value, Address 1 - …,
Website 1 - …`` — as many as the busiest contact needs. The older export (``Name, Given
Name, Additional Name, Family Name, …, Group Membership, E-mail 1 - Type, …,
Organization 1 - Name, Organization 1 - Title``) is read too. One cell may hold several
values separated by ``" ::: "``; a label starting with ``*`` marks the primary one.

Mapping: first, middle and last name, then ``, suffix`` → name (``Kofi Mensah,
PhD``; the prefix, ``Dr.``, is left out so that the same person from LinkedIn is
recognised; else the old ``Name``, the nickname or "File As"; a row with none is
skipped and counted); organisation name → organisation; title → role, with the
department in brackets (``Head of Sales (Marketing)``); every email, the primary
first (each counts for dedupe, the first is kept, the others are listed in the notes);
the primary phone (the others in the notes); the first address's city and country →
location; a LinkedIn web address → LinkedIn URL (other sites in the notes); notes →
notes; labels → tags, without Google's own ``* myContacts`` and ``* Other Contacts``
(which say only where Google keeps the card) and without the ``*`` of its other
system labels (``* starred`` → ``starred``). How you met stays empty: Google does not
know it (a later LinkedIn import fills it in).
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

WHAT = "Google Contacts file"
SEPARATOR = " ::: "
#: Labels that say where Google keeps a card, not anything about the person.
PLACES = frozenset(("mycontacts", "other contacts"))
_GROUP = re.compile(r"^(e-mail|phone|address|website|organization) (\d+) - (.+)$")


def split_values(cell: str) -> list[str]:
    """The values of one cell (Google joins several with ``" ::: "``)."""
    return [one_line(part) for part in cell.split(SEPARATOR.strip()) if part.strip()]


def labels_to_tags(cell: str) -> list[str]:
    tags = []
    for label in split_values(cell):
        name = label.lstrip("*").strip()
        if name and name.casefold() not in PLACES:
            tags.append(name)
    return tags


class _Columns:
    """Where each field is in this file's header."""

    def __init__(self, table: Table) -> None:
        self.plain = table.columns()
        self.groups: dict[str, dict[int, dict[str, int]]] = {}
        for index, key in enumerate(table.keys):
            match = _GROUP.match(key)
            if match:
                group, number, field = match.group(1), int(match.group(2)), match.group(3)
                fields = self.groups.setdefault(group, {}).setdefault(number, {})
                fields.setdefault(field, index)

    def numbered(self, group: str) -> list[dict[str, int]]:
        """The columns of ``E-mail 1 - …``, ``E-mail 2 - …`` …, in number order."""
        found = self.groups.get(group, {})
        return [found[number] for number in sorted(found)]


def _find_table(data: bytes) -> Table:
    return find_header(
        text_lines(data, WHAT),
        lambda cells: format_of_header(cells) == "google",
        WHAT,
        f"No line of the {WHAT} is a Google Contacts header (First Name, …, E-mail 1 - "
        "Value, …); is it the CSV from Google Contacts' Export?",
    )


def parse_google(data: bytes) -> ParsedFile:
    """Read a Google Contacts CSV; raise :class:`ImportFileError` naming the line."""
    table = _find_table(data)
    columns = _Columns(table)
    records: list[ContactRecord] = []
    skipped: list[str] = []
    for line, row in table.rows():
        record = _record(line, row, columns)
        if record is None:
            skipped.append(f"line {line}")
        else:
            records.append(record)
    return ParsedFile(records=tuple(records), skipped=tuple(skipped))


def _record(line: int, row: list[str], columns: _Columns) -> ContactRecord | None:
    def cell(*keys: str) -> str:
        for key in keys:
            index = columns.plain.get(key)
            if index is not None and row[index].strip():
                return row[index].strip()
        return ""

    def field(fields: dict[str, int], *names: str) -> str:
        for name in names:
            index = fields.get(name)
            if index is not None and row[index].strip():
                return row[index].strip()
        return ""

    name = person_name(
        cell("first name", "given name"),
        cell("middle name", "additional name"),
        cell("last name", "family name"),
        cell("name suffix"),
    )
    name = one_line(cell("name")) or name or one_line(cell("nickname", "file as"))
    if not name:
        return None
    problem = check_name(name)
    if problem:
        raise ImportFileError(f"Line {line} of the {WHAT}: {problem}")

    organisations = columns.numbered("organization")
    first_org = organisations[0] if organisations else {}
    organisation = one_line(cell("organization name") or field(first_org, "name"))
    title = one_line(cell("organization title") or field(first_org, "title"))
    department = one_line(cell("organization department") or field(first_org, "department"))

    emails = _primary_first(row, columns.numbered("e-mail"))
    phones = _primary_first(row, columns.numbered("phone"))
    location = ""
    for address in columns.numbered("address"):
        city = field(address, "city") or field(address, "region")
        country = field(address, "country")
        location = ", ".join(one_line(part) for part in (city, country) if part)
        if location:
            break
    location = location or one_line(cell("location"))

    urls = (
        url
        for website in columns.numbered("website")
        for url in split_values(field(website, "value"))
    )
    linkedin, sites = linkedin_and_sites(urls, line, WHAT)

    notes = notes_with_extras(cell("notes"), emails, phones, sites)
    return ContactRecord(
        where=f"line {line}",
        name=name,
        organisation=organisation,
        role=with_units(title, [department]),
        emails=tuple(emails),
        phone=phones[0] if phones else "",
        linkedin_url=linkedin,
        location=location,
        notes="\n\n".join(note for note in notes if note),
        tags=tuple(labels_to_tags(cell("labels", "group membership"))),
    )


def _primary_first(row: list[str], groups: list[dict[str, int]]) -> list[str]:
    """Every value of the numbered ``groups`` (E-mail 1, 2 …), the primary ones first:
    Google starts the primary value's label with ``*``."""
    primary: list[str] = []
    others: list[str] = []
    for fields in groups:
        value_at = fields.get("value")
        if value_at is None:
            continue
        label_at = fields.get("label", fields.get("type"))
        label = row[label_at].strip() if label_at is not None else ""
        values = split_values(row[value_at])
        (primary if label.startswith("*") else others).extend(values)
    return unique(primary + others)
