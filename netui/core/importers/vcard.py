"""vCard files (``.vcf``) from phones, Google Contacts, Apple Contacts and netui itself.

Lines are unfolded here, in linear time (vCard 3.0/4.0 folded lines and vCard 2.1
quoted-printable soft breaks, exactly as ``vobject`` unfolds them, see
:mod:`netui.core.importers.unfold`), and each logical line is parsed by
``vobject``: ``QUOTED-PRINTABLE`` decoding in the declared ``CHARSET`` (UTF-8 by
default), parameters, and Apple's ``itemN.`` groups. vobject's own text decoding
is *not* used on the values: it keeps only the first of comma-separated parts
(``NOTE:hello, world`` comes back as ``hello``), which would lose data from the many
exporters that do not escape commas. So each value is unescaped here (RFC 6350
§3.4: ``\\\\ \\, \\; \\n``) and split where the property is structured (``N``,
``ORG``, ``ADR``) or a list (``CATEGORIES``).

Mapping:

- ``FN`` → name, else ``N`` (given, additional, family); a card with neither is
  skipped and counted.
- ``ORG`` → organisation (its first part, the organisation's name); ``TITLE``
  (else ``ROLE``) → role, followed by ORG's units in brackets (``ORG:Globex;
  Marketing`` and ``TITLE:Head of Sales`` → Globex, ``Head of Sales (Marketing)``;
  no title: ``Marketing``); ``ADR`` → location (city, country).
- ``EMAIL`` and ``TEL``: the preferred (``PREF``) one, else the first, is kept on
  the contact; the others are listed in the notes. Every email counts for dedupe.
- ``URL`` and ``X-SOCIALPROFILE``: a LinkedIn address → LinkedIn URL; other
  addresses are listed in the notes.
- ``NOTE`` → notes; ``CATEGORIES`` → tags; ``EXPERTISE`` → expertise;
  ``INTEREST`` and ``HOBBY`` → interests (RFC 6715).
- ``RELATED`` (and Apple's ``X-ABRELATEDNAMES``) → :class:`Related`, turned into
  ties by :mod:`netui.db.importing` when the other person is known.
- netui's own ``X-NETUI-*`` properties (:mod:`netui.core.vcards`): how we met,
  career path, closeness, cadence, degree, and each ``RELATED``'s strength and
  context; a value out of range is ignored, as if not given.
- ``PHOTO``, ``LOGO``, ``SOUND`` and ``KEY`` are ignored, whatever their size: their
  lines are never joined or parsed.

Any other property longer than :data:`~netui.core.importers.MAX_FIELD_CHARS`
characters is refused, naming its line. ``cancelled()`` is polled while the file is
read, so cancelling takes effect at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from vobject.base import ContentLine, ParseError, textLineToContentLine

from netui.core.importers import (
    MAX_FIELD_CHARS,
    POLL_RECORDS,
    ContactRecord,
    ImportCancelled,
    ImportFileError,
    ParsedFile,
    Related,
    decode_text,
    field_too_long,
    one_line,
    shown,
)
from netui.core.importers.unfold import Skipped, UnfoldCancelled, logical_lines, property_name
from netui.core.validation import MAX_CADENCE_DAYS, check_name, normalise_url

WHAT = "vCard file"
IGNORED = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
#: Dates that say we knew the person by then (never a birthday): the card's last
#: revision, Apple's custom dates, and netui's own first-contact day. The earliest is
#: the contact's first contact.
FIRST_CONTACT_DATES = frozenset({"REV", "X-ABDATE", "X-NETUI-FIRST-CONTACT"})
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_CARET = re.compile(r"\^([n'^])")
_CARD_DAY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")


def card_day(value: object) -> dt.date | None:
    """The day of a vCard date or timestamp (``2021-03-12``, ``20210312T101500Z``)."""
    match = _CARD_DAY.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


@dataclass
class _Card:
    start: int
    lines: list[ContentLine] = field(default_factory=list)
    depth: int = 0  # inside a nested component (a vCard 2.1 AGENT): ignored


def _unescape_match(match: re.Match[str]) -> str:
    char = match.group(1)
    return "\n" if char in "nN" else char


def unescape(value: str) -> str:
    """A text value with its backslash escapes resolved."""
    return _ESCAPE.sub(_unescape_match, value) if "\\" in value else value


def split_value(value: str, separator: str) -> list[str]:
    """Split at every ``separator`` that is not escaped, then unescape each part."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    parts.append(unescape("".join(current)))
    return parts


def _types(line: ContentLine) -> set[str]:
    """Every TYPE of a property, casefolded: ``TYPE=work,pref``, 2.1's ``;CELL;PREF``."""
    found = {single.casefold() for single in line.singletonparams}
    for value in line.params.get("TYPE", []):
        found.update(part.strip().casefold() for part in value.split(","))
    if "PREF" in line.params:
        found.add("pref")
    return found


def _preferred_first(values: list[tuple[str, bool]]) -> list[str]:
    ordered = [value for value, pref in values if pref] + [
        value for value, pref in values if not pref
    ]
    return list(dict.fromkeys(value for value in ordered if value))


def _strip_scheme(value: str, scheme: str) -> str:
    return value[len(scheme) :] if value.casefold().startswith(scheme) else value


def _apple_label(value: str) -> str:
    match = _APPLE_LABEL.match(value)
    return (match.group(1) if match else value).strip().casefold()


def _is_linkedin(url: str) -> bool:
    return "linkedin.com/" in url.casefold()


def _param(line: ContentLine, name: str) -> str | None:
    """A parameter's value with RFC 6868's escapes resolved (``^n``, ``^'``, ``^^``)."""
    values = line.params.get(name)
    if not values:
        return None
    return _CARET.sub(_uncaret, ",".join(values))


def _uncaret(match: re.Match[str]) -> str:
    return {"n": "\n", "'": '"', "^": "^"}[match.group(1)]


def _number(value: str | None, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high``, else None (not given)."""
    text = (value or "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if low <= number <= high else None


def with_units(role: str, units: list[str]) -> str:
    """The role with the organisation's units after it: ``Head of Sales (Marketing)``."""
    if not units:
        return role
    shown = ", ".join(units)
    return f"{role} ({shown})" if role else shown


def _record(index: int, card: _Card) -> ContactRecord | None:
    where = f"card {index} (line {card.start})"
    labels = {
        line.group.casefold(): _apple_label(unescape(line.value))
        for line in card.lines
        if line.group and line.name == "X-ABLABEL"
    }
    full_name = structured_name = organisation = title = role_ = location = uid = ""
    units: list[str] = []
    met = ""
    emails: list[tuple[str, bool]] = []
    phones: list[tuple[str, bool]] = []
    urls: list[str] = []
    linkedin = ""
    notes: list[str] = []
    tags: list[str] = []
    expertise: list[str] = []
    interests: list[str] = []
    related: list[Related] = []
    career = ""
    closeness: int | None = None
    cadence: int | None = None
    degree: bool | None = None
    first: dt.date | None = None

    for line in card.lines:
        name = line.name
        if name in IGNORED:
            continue
        value = line.value if isinstance(line.value, str) else ""
        if name == "FN" and not full_name:
            full_name = one_line(unescape(value))
        elif name == "N" and not structured_name:
            parts = [one_line(part.replace(",", " ")) for part in split_value(value, ";")]
            parts += [""] * (5 - len(parts))
            family, given, additional = parts[0], parts[1], parts[2]
            structured_name = one_line(f"{given} {additional} {family}")
        elif name == "ORG" and not organisation:
            organisation, *rest = [one_line(x) for x in split_value(value, ";")] or [""]
            units = [unit for unit in rest if unit]
        elif name == "TITLE" and not title:
            title = one_line(unescape(value))
        elif name == "ROLE" and not role_:
            role_ = one_line(unescape(value))
        elif name == "ADR" and not location:
            parts = [one_line(part) for part in split_value(value, ";")]
            parts += [""] * (7 - len(parts))
            city, region, country = parts[3], parts[4], parts[6]
            location = ", ".join(part for part in (city or region, country) if part)
        elif name == "EMAIL":
            email = _strip_scheme(one_line(unescape(value)), "mailto:")
            emails.append((email, "pref" in _types(line)))
        elif name == "TEL":
            phone = _strip_scheme(one_line(unescape(value)), "tel:")
            phones.append((phone, "pref" in _types(line)))
        elif name in ("URL", "X-SOCIALPROFILE"):
            url = one_line(unescape(value))
            label = labels.get((line.group or "").casefold(), "")
            if not url:
                continue
            if not linkedin and (
                _is_linkedin(url) or "linkedin" in _types(line) or label == "linkedin"
            ):
                linkedin = normalise_url(url) if " " not in url else url
            elif url not in urls and normalise_url(url) != linkedin:
                urls.append(url)
        elif name == "NOTE":
            note = unescape(value).replace("\r\n", "\n").strip()
            if note:
                notes.append(note)
        elif name == "CATEGORIES":
            tags.extend(split_value(value, ","))
        elif name == "EXPERTISE":
            expertise.extend(split_value(value, ","))
        elif name in ("INTEREST", "HOBBY"):
            interests.extend(split_value(value, ","))
        elif name == "RELATED":
            kinds = sorted(_types(line) - {"pref"})
            target = one_line(unescape(value))
            if target:
                strength = _number(_param(line, "X-NETUI-STRENGTH"), 1, 5)
                context = _param(line, "X-NETUI-CONTEXT")
                if context is None and strength is not None:
                    context = ""  # netui's own tie without a context
                related.append(
                    Related(
                        target,
                        ", ".join(kinds),
                        strength=strength,
                        context=None if context is None else one_line(context),
                    )
                )
        elif name == "X-ABRELATEDNAMES":
            target = one_line(unescape(value))
            if target:
                label = labels.get((line.group or "").casefold(), "")
                related.append(Related(target, label))
        elif name == "X-NETUI-HOW-WE-MET" and not met:
            met = one_line(unescape(value))
        elif name == "X-NETUI-CAREER-PATH" and not career:
            career = unescape(value).replace("\r\n", "\n").strip()
        elif name == "X-NETUI-CLOSENESS" and closeness is None:
            closeness = _number(value, 1, 5)
        elif name == "X-NETUI-CADENCE" and cadence is None:
            cadence = _number(value, 1, MAX_CADENCE_DAYS)
        elif name == "X-NETUI-DEGREE" and degree is None:
            degree = {"1": False, "2": True}.get(value.strip())
        elif name == "UID" and not uid:
            uid = one_line(unescape(value))
        elif name in FIRST_CONTACT_DATES:
            day = card_day(value)
            if day is not None and (first is None or day < first):
                first = day

    person = full_name or structured_name
    if not person:
        return None
    problem = check_name(person)
    if problem:
        raise ImportFileError(f"The vCard at line {card.start}: {problem}")
    email_list = _preferred_first(emails)
    phone_list = _preferred_first(phones)
    if len(email_list) > 1:
        notes.append("Other emails: " + ", ".join(email_list[1:]))
    if len(phone_list) > 1:
        notes.append("Other phones: " + ", ".join(phone_list[1:]))
    if urls:
        notes.append("Web: " + ", ".join(urls))
    return ContactRecord(
        where=where,
        name=person,
        organisation=organisation,
        role=with_units(title or role_, units),
        emails=tuple(email_list),
        phone=phone_list[0] if phone_list else "",
        linkedin_url=linkedin,
        location=location,
        how_we_met=met,
        notes="\n\n".join(notes),
        tags=tuple(tags),
        expertise=tuple(expertise),
        interests=tuple(interests),
        uid=uid,
        related=tuple(related),
        career_path=career,
        closeness=closeness,
        cadence_days=cadence,
        second_degree=degree,
        first_contact=first,
    )


def _cards(text: str, cancelled: Callable[[], bool] = lambda: False) -> list[_Card]:
    try:
        return _read_cards(text, cancelled)
    except UnfoldCancelled:
        raise ImportCancelled() from None


def _read_cards(text: str, cancelled: Callable[[], bool]) -> list[_Card]:
    physical = text.splitlines()

    def real_line(n: int) -> int:
        # vobject numbers the first logical line 0 and, after a blank line, gives
        # the blank line's number: move to the first non-blank line from there.
        line = max(n, 1)
        while line <= len(physical) and not physical[line - 1].strip():
            line += 1
        return line

    cards: list[_Card] = []
    current: _Card | None = None
    for index, (raw, n) in enumerate(
        logical_lines(text, skip=IGNORED, cancelled=cancelled), start=1
    ):
        if index % POLL_RECORDS == 0 and cancelled():
            raise ImportCancelled()
        number = real_line(n)
        if isinstance(raw, Skipped):
            if current is None:
                raise ImportFileError(
                    f"Line {number} of the {WHAT} is outside any vCard "
                    f"(BEGIN:VCARD … END:VCARD): a {raw.name}."
                )
            continue
        if len(raw) > MAX_FIELD_CHARS:
            raise ImportFileError(
                field_too_long(f"Line {number} of the {WHAT}", property_name(raw[:256]), len(raw))
            )
        try:
            line = textLineToContentLine(raw, number)
        except ParseError:
            raise ImportFileError(
                f"Line {number} of the {WHAT} is not a vCard line (NAME:value): {shown(raw)}."
            ) from None
        except (UnicodeError, LookupError, TypeError, ValueError):
            raise ImportFileError(
                f"Line {number} of the {WHAT} cannot be decoded (its quoted-printable "
                "text or its CHARSET is wrong)."
            ) from None
        value = line.value if isinstance(line.value, str) else ""
        if line.name == "BEGIN":
            if current is None:
                if value.strip().upper() != "VCARD":
                    raise ImportFileError(
                        f"Line {number} of the {WHAT} begins a {shown(value)}, not a vCard."
                    )
                current = _Card(start=number)
            else:
                current.depth += 1
        elif line.name == "END":
            if current is None:
                raise ImportFileError(
                    f"Line {number} of the {WHAT} ends a vCard that was never begun "
                    "(no BEGIN:VCARD before it)."
                )
            if current.depth:
                current.depth -= 1
            else:
                cards.append(current)
                current = None
        elif current is None:
            raise ImportFileError(
                f"Line {number} of the {WHAT} is outside any vCard "
                f"(BEGIN:VCARD … END:VCARD): {shown(raw)}."
            )
        elif not current.depth:
            current.lines.append(line)
    if current is not None:
        raise ImportFileError(
            f"The vCard that begins at line {current.start} of the {WHAT} never ends "
            "(no END:VCARD); the file may be cut short."
        )
    if not cards:
        raise ImportFileError(f"The {WHAT} holds no vCard (BEGIN:VCARD … END:VCARD).")
    return cards


def parse_vcard(data: bytes, cancelled: Callable[[], bool] = lambda: False) -> ParsedFile:
    """Read every vCard of a file; raise :class:`ImportFileError` naming the line, or
    :class:`ImportCancelled` as soon as ``cancelled()`` says so."""
    text = decode_text(data, WHAT)
    records: list[ContactRecord] = []
    skipped: list[str] = []
    for index, card in enumerate(_cards(text, cancelled), start=1):
        if index % POLL_RECORDS == 0 and cancelled():
            raise ImportCancelled()
        record = _record(index, card)
        if record is None:
            skipped.append(f"card {index} (line {card.start})")
        else:
            records.append(record)
    return ParsedFile(records=tuple(records), skipped=tuple(skipped))
