"""What ``netui sync vdir`` compares: a card's fields as plain text, and their hashes.

Both sides of a sync, a contact in the database and a card in the folder, become a
:class:`~netui.core.vcards.CardData`; :func:`canonical` turns one into one string
per field (:data:`FIELDS`), normalised the way a vCard round trip normalises it
(whitespace, control characters, repeated tags), so that a card netui wrote reads
back as exactly the contact it came from. Ties are compared by the other contact's
id, so a card naming someone by another UID (their card's) is still the same tie.

:func:`other_lines` keeps what another client put on a card and netui does not
manage (a PHOTO, a birthday, an address book's own properties), so that a card
netui rewrites keeps them. No Textual, no database here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping

from netui.core.folding import normalise_tag
from netui.core.importers import ContactRecord
from netui.core.importers.unfold import property_name
from netui.core.text import visible_controls
from netui.core.uids import normalise_uid
from netui.core.vcards import CardData, CardTie

#: The fields a sync compares, in the order reports name them.
FIELDS = (
    "name", "organisation", "role", "email", "phone", "linkedin_url", "location",
    "how_we_met", "career_path", "notes", "closeness", "cadence_days", "second_degree",
    "tags", "expertise", "interests", "ties",
)  # fmt: skip
#: Properties netui writes, or reads into its own fields (so they are rewritten from
#: them): a card netui rewrites drops these and keeps every other line.
MANAGED = frozenset({
    "BEGIN", "END", "VERSION", "UID", "FN", "N", "ORG", "TITLE", "ROLE", "EMAIL", "TEL",
    "URL", "X-SOCIALPROFILE", "ADR", "NOTE", "CATEGORIES", "EXPERTISE", "INTEREST",
    "HOBBY", "RELATED", "X-ABRELATEDNAMES", "REV", "PRODID",
})  # fmt: skip
_LINES = re.compile(r"\r\n|\r|\n")


def _line(value: str) -> str:
    return " ".join(visible_controls(value).split())


def _block(value: str) -> str:
    return visible_controls(value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _tags(names: tuple[str, ...]) -> str:
    seen: dict[str, str] = {}
    for name in names:
        tag = _line(name)
        if tag:
            seen.setdefault(normalise_tag(tag), tag)
    return "\n".join(seen.values())


def canonical(card: CardData, contact_of: Mapping[str, int]) -> dict[str, str]:
    """One string per field of :data:`FIELDS`; ``contact_of`` maps a UID (a contact's
    or its card's) to the contact's id, for the ties."""
    ties = set()
    for tie in card.ties:
        other = contact_of.get(normalise_uid(tie.uid))
        if other is not None:
            ties.add(f"{other}\t{int(tie.strength)}\t{_line(tie.context)}")
    return {
        "name": _line(card.name),
        "organisation": _line(card.organisation),
        "role": _line(card.role),
        "email": _line(card.email),
        "phone": _line(card.phone),
        "linkedin_url": _line(card.linkedin_url),
        "location": _line(card.location),
        "how_we_met": _line(card.how_we_met),
        "career_path": _block(card.career_path),
        "notes": _block(card.notes),
        "closeness": str(int(card.closeness)),
        "cadence_days": "" if card.cadence_days is None else str(int(card.cadence_days)),
        "second_degree": "2" if card.second_degree else "1",
        "tags": _tags(card.tags),
        "expertise": _tags(card.expertise),
        "interests": _tags(card.interests),
        "ties": "\n".join(sorted(ties)),
    }


def digest(value: str) -> str:
    """A field's value as the sync state keeps it."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def digests(fields: Mapping[str, str]) -> dict[str, str]:
    return {name: digest(value) for name, value in fields.items()}


def card_of_record(record: ContactRecord, uid: str) -> CardData:
    """A card read from a file, as :class:`CardData` (what netui would store)."""
    ties = tuple(
        CardTie(
            related.value,
            3 if related.strength is None else related.strength,
            related.kind if related.context is None else related.context,
        )
        for related in record.related
    )
    return CardData(
        uid=uid,
        name=record.name,
        organisation=record.organisation,
        role=record.role,
        email=record.email,
        phone=record.phone,
        linkedin_url=record.linkedin_url,
        location=record.location,
        how_we_met=record.how_we_met,
        career_path=record.career_path,
        notes=record.notes,
        closeness=3 if record.closeness is None else record.closeness,
        cadence_days=record.cadence_days,
        second_degree=bool(record.second_degree),
        tags=record.tags,
        expertise=record.expertise,
        interests=record.interests,
        ties=ties,
    )


def other_lines(text: str) -> list[str]:
    """The unfolded content lines of the first card in ``text`` that netui does not
    manage (:data:`MANAGED`, ``X-NETUI-*``), as they were."""
    lines: list[str] = []
    for physical in _LINES.split(text):
        if physical[:1] in (" ", "\t") and lines:
            lines[-1] += physical[1:]
        elif physical:
            lines.append(physical)
    kept = []
    depth = 0
    for line in lines:
        name = property_name(line[:256])
        if name == "BEGIN":
            depth += 1
        elif name == "END":
            depth -= 1
            if depth <= 0:
                break
        elif depth == 1 and name not in MANAGED and not name.startswith("X-NETUI-"):
            kept.append(line)
    return kept


__all__ = ["FIELDS", "canonical", "card_of_record", "digest", "digests", "other_lines"]
