"""One contact as a vCard 4.0 (RFC 6350), lossless for netui's own data.

Other clients read the standard properties: ``UID`` (:mod:`netui.core.uids`),
``FN``, ``N`` (:mod:`netui.core.personal_names`), ``ORG``, ``TITLE``, ``EMAIL``,
``TEL``, ``X-SOCIALPROFILE;TYPE=linkedin``, ``ADR`` (the location as the city),
``NOTE``, tags as ``CATEGORIES``, expertise and interests as ``EXPERTISE`` and
``INTEREST`` (RFC 6715), and each tie as ``RELATED;TYPE=contact`` holding the other
card's UID. What only netui knows rides along in ``X-NETUI-*`` properties and
parameters, which other clients keep and ignore:

- ``X-NETUI-HOW-WE-MET``, ``X-NETUI-CAREER-PATH``: text;
- ``X-NETUI-CLOSENESS``: 1-5; ``X-NETUI-CADENCE``: days (absent: the default);
- ``X-NETUI-DEGREE``: ``1`` (in my network) or ``2`` (known through someone);
- ``X-NETUI-FIRST-CONTACT``: the first-contact day, ``YYYY-MM-DD``;
- on each ``RELATED``: ``X-NETUI-STRENGTH=1-5`` and ``X-NETUI-CONTEXT="…"`` (RFC 6868
  escapes: ``^n`` newline, ``^'`` double quote, ``^^`` caret).

:mod:`netui.core.importers.vcard` reads all of it back. No Textual, no database here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from netui.core.personal_names import name_parts
from netui.core.text import visible_controls
from netui.core.uids import vcard_uid


@dataclass(frozen=True)
class CardTie:
    """A tie as a card holds it: the other card's UID, strength and context."""

    uid: str
    strength: int = 3
    context: str = ""


@dataclass(frozen=True)
class CardData:
    """Everything a card says about one contact (plain values, no database rows)."""

    uid: str
    name: str
    organisation: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    linkedin_url: str = ""
    location: str = ""
    how_we_met: str = ""
    career_path: str = ""
    notes: str = ""
    closeness: int = 3
    cadence_days: int | None = None
    second_degree: bool = False
    first_contact: dt.date | None = None
    tags: tuple[str, ...] = ()
    expertise: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    ties: tuple[CardTie, ...] = ()


def escape(value: str) -> str:
    """A vCard text value: backslash, comma, semicolon and newlines escaped.

    vCard has no way to carry other control characters (RFC 6350 allows none), and
    the file may be printed (``netui export vcard -``): they are made visible the way
    the terminal shows them (ESC as ``␛``). ``netui export json`` keeps them exactly.
    """
    return (
        visible_controls(value.replace("\r\n", "\n").replace("\r", "\n"))
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\n", "\\n")
    )


def param_value(value: str) -> str:
    """A quoted parameter value with RFC 6868's escapes (``^n``, ``^'``, ``^^``)."""
    text = visible_controls(value.replace("\r\n", "\n").replace("\r", "\n"))
    return '"' + text.replace("^", "^^").replace("\n", "^n").replace('"', "^'") + '"'


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    if len(line) <= 75 and len(line.encode("utf-8")) <= 75:
        return line
    if line.isascii():  # one octet a character: cut every 75, then every 74
        cut = [line[:75]] + [line[i : i + 74] for i in range(75, len(line), 74)]
        return "\r\n ".join(cut)
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def card_lines(card: CardData) -> list[str]:
    """The content lines of ``card`` between BEGIN and END, unfolded."""
    lines = [
        "VERSION:4.0",
        f"UID:{vcard_uid(card.uid)}",
        f"FN:{escape(card.name)}",
        "N:" + ";".join(escape(part) for part in name_parts(card.name)),
    ]
    simple = (
        ("ORG", card.organisation),
        ("TITLE", card.role),
        ("EMAIL", card.email),
        ("TEL;VALUE=text", card.phone),
        ("X-SOCIALPROFILE;TYPE=linkedin", card.linkedin_url),
    )
    lines.extend(f"{name}:{escape(value)}" for name, value in simple if value)
    if card.location:
        lines.append(f"ADR:;;;{escape(card.location)};;;")
    if card.notes:
        lines.append(f"NOTE:{escape(card.notes)}")
    if card.how_we_met:
        lines.append(f"X-NETUI-HOW-WE-MET:{escape(card.how_we_met)}")
    if card.career_path:
        lines.append(f"X-NETUI-CAREER-PATH:{escape(card.career_path)}")
    lines.append(f"X-NETUI-CLOSENESS:{int(card.closeness)}")
    if card.cadence_days is not None:
        lines.append(f"X-NETUI-CADENCE:{int(card.cadence_days)}")
    lines.append(f"X-NETUI-DEGREE:{2 if card.second_degree else 1}")
    if card.first_contact:
        first = card.first_contact
        day = first.isoformat() if hasattr(first, "isoformat") else str(first)[:10]
        lines.append(f"X-NETUI-FIRST-CONTACT:{day}")
    if card.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in card.tags))
    lines.extend(f"EXPERTISE:{escape(tag)}" for tag in card.expertise)
    lines.extend(f"INTEREST:{escape(tag)}" for tag in card.interests)
    for tie in card.ties:
        context = f";X-NETUI-CONTEXT={param_value(tie.context)}" if tie.context else ""
        lines.append(
            f"RELATED;TYPE=contact;X-NETUI-STRENGTH={int(tie.strength)}{context}:"
            f"{vcard_uid(tie.uid)}"
        )
    return lines


def card_text(card: CardData, extra: Sequence[str] = ()) -> str:
    """``card`` as one vCard 4.0 (CRLF line ends, folded). ``extra`` are content
    lines another client wrote (a PHOTO, a birthday), kept as they were."""
    lines = ["BEGIN:VCARD", *card_lines(card), *extra, "END:VCARD"]
    return "".join(fold(line) + "\r\n" for line in lines)


def cards_text(cards: Iterable[CardData]) -> str:
    return "".join(card_text(card) for card in cards)


__all__ = ["CardData", "CardTie", "card_text", "cards_text", "escape", "fold", "param_value"]
