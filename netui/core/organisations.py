"""When two organisation names mean the same organisation (no database, no Textual).

``Globex``, ``GLOBEX Inc.``, ``Globex, Inc`` and ``Globex; Marketing`` (a vCard ORG
with a unit) are one organisation: :func:`organisation_key` keeps only what names
it, and "inside my organisation" compares those keys.

The key is, in order: the text before the first ``;`` or ``,`` (what follows is a
unit, ``Globex, Marketing``, or a legal form, ``Globex, Inc.``); folded
(:func:`netui.core.folding.fold`: case and accents); every run of punctuation a
space (``A.C.M.E.`` and ``AT&T`` keep their letters together: ``acme``, ``att``); a
trailing legal form dropped (:data:`LEGAL_FORMS`, ``Globex Inc.``, ``Initech GmbH``,
``Umbrella Co. Ltd``), and a leading ``the``. A name with no letters or digits at
all (``🚀``, ``[/]``) is its own key: folded, its spaces collapsed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from netui.core.folding import fold

#: Legal forms dropped from the end of an organisation's name (folded, without dots).
LEGAL_FORMS = frozenset(
    (
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited",
        "llc", "llp", "lp", "plc", "gmbh", "ag", "kg", "se", "sa", "sas", "sarl", "srl",
        "spa", "bv", "nv", "ab", "as", "asa", "oy", "oyj", "aps", "pty", "pte", "kk",
        "sl", "ug",
    )
)  # fmt: skip

_UNIT = re.compile(r"[;,]")
# Dots and apostrophes inside a name join its letters (A.C.M.E., O'Neill).
_JOINERS = re.compile(r"(?<=\w)[.'&](?=\w)")
_PUNCTUATION = re.compile(r"[^\w]+")


@lru_cache(maxsize=8192)
def organisation_key(organisation: str) -> str:
    """What identifies an organisation, for comparing (see the module's docstring)."""
    head = _UNIT.split(organisation, maxsplit=1)[0]
    text = _JOINERS.sub("", fold(head))
    words = _PUNCTUATION.sub(" ", text).replace("_", " ").split()
    if not words:  # only symbols: they are all that names it
        return " ".join(fold(head).split())
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def same_organisation(first: str, second: str) -> bool:
    """Whether two organisation names mean the same one (both non-empty)."""
    key = organisation_key(first)
    return bool(key) and key == organisation_key(second)
