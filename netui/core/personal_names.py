"""A person's name in parts, for vCard's ``N`` (family; given; additional; prefixes;
suffixes). netui stores one name as the user wrote it; the parts are found by
``nameparser``, which knows titles, suffixes, particles and "Last, First": "Kofi
Mensah, PhD" is Mensah; Kofi; ; ; PhD, "Zoë van der Berg" is van der Berg; Zoë,
"Mensah, Kofi" is Mensah; Kofi. No Textual, no database here.
"""

from __future__ import annotations

from typing import NamedTuple


class NameParts(NamedTuple):
    family: str
    given: str
    additional: str
    prefixes: str
    suffixes: str


def name_parts(name: str) -> NameParts:
    """The parts of ``name``; a name of one word is the given name."""
    from nameparser import HumanName  # only exports need it

    text = " ".join(name.split())
    if not text:
        return NameParts("", "", "", "", "")
    parsed = HumanName(text)
    parts = NameParts(
        family=parsed.last,
        given=parsed.first,
        additional=parsed.middle,
        prefixes=parsed.title,
        suffixes=parsed.suffix,
    )
    if not any(parts):  # nothing nameparser recognises: keep the text whole
        return NameParts(text, "", "", "", "")
    return parts
