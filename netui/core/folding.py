"""One folding of text for every match and every name sort: case, accents, a few letters.

People type ``zoe`` for Zoë, ``muller`` for Müller and ``lukasz`` for Łukasz, so
everything netui matches (search-as-you-type, names on the command line, pickers,
tags, goods and goals, organisations) compares :func:`fold` of both sides, and the
name sort uses it as its key, so that Émile sorts among the E's.

What :func:`fold` does, in this order:

1. ``str.casefold`` (Unicode full case folding: ``ß`` → ``ss``, ``İ`` → ``i̇``,
   final ``ς`` → ``σ``);
2. NFKD: letters split into a base letter and combining marks (``é`` → ``e`` +
   U+0301), compatibility forms made plain (``ﬁ`` → ``fi``, full-width ``Ａ`` →
   ``a``, ``²`` → ``2``);
3. the diacritics dropped: the marks of the combining-diacritics blocks (Latin,
   Greek and Cyrillic accents), Hebrew points (niqqud, cantillation) and Arabic
   harakat, which are optional in those scripts; and the invisible soft hyphen,
   zero-width space, word joiner and BOM. Other combining marks are kept,
   because they are part of the letter: Indic vowel signs, Thai tone marks and the
   Japanese voicing marks (``ガ`` stays ``ガ``, not ``カ``);
4. :data:`LETTERS`: the few Latin letters that do not decompose but have a plain
   spelling everyone types (``ø`` → ``o``, ``ł`` → ``l``, ``æ`` → ``ae``, ``ı`` →
   ``i``, ``þ`` → ``th``), and typographic apostrophes → ``'`` (``O’Brien``);
5. ``str.casefold`` again (NFKD can produce capitals: ``℃`` → ``°C``) and NFC, so
   that Hangul syllables and kept marks are composed again as they were typed.

Hebrew, Arabic, CJK, Hangul and emoji (ZWJ sequences, skin tones, variation
selectors) otherwise pass through unchanged. ASCII text only needs step 1, which is
the fast path. Folding is for comparing, never for showing: what the user typed
is what is stored and shown.

Why not a library: ``unidecode`` and ``anyascii`` transliterate every script to
ASCII, turning Hebrew and CJK into Latin guesses (``li`` would find 李 and לי, and a
Hebrew name would be matched through a romanisation nobody typed), and PyICU is a
large compiled dependency; the rules above are the part of ICU's
"diacritic-insensitive" matching that netui needs, in the standard library.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Letters without a decomposition, folded to what a user types instead.
LETTERS = str.maketrans(
    {
        "ø": "o",  # Ørjan, Øresund (Danish, Norwegian)
        "ł": "l",  # Łukasz (Polish)
        "đ": "d",  # Đorđe (Croatian, Serbian, Vietnamese)
        "ð": "d",  # Guðrún (Icelandic, Faroese)
        "ħ": "h",  # Ħamrun (Maltese)
        "ı": "i",  # Işık (Turkish dotless i; İ folds to i with a dot mark, dropped)
        "æ": "ae",  # Ærø
        "œ": "oe",  # Œuvre
        "þ": "th",  # Þór (Icelandic)
        "ŧ": "t",  # Northern Sami
        "ŋ": "ng",  # Northern Sami
        "’": "'",  # O’Brien as typed on a phone
        "‘": "'",
        "ʼ": "'",
    }
)

_DIACRITICS = re.compile(
    "["
    "\u0300-\u036f"  # Combining Diacritical Marks
    "\u1ab0-\u1aff"  # ... Extended
    "\u1dc0-\u1dff"  # ... Supplement
    "\u20d0-\u20ff"  # ... for Symbols
    "\ufe20-\ufe2f"  # Combining Half Marks
    "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"  # Hebrew points and accents
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"  # Arabic
    "\u00ad\u200b\u2060\ufeff"  # soft hyphen, zero-width space, word joiner, BOM
    "]"
)


def fold(text: str) -> str:
    """``text`` folded for comparing: case, diacritics and :data:`LETTERS` (see above)."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = _DIACRITICS.sub("", decomposed).translate(LETTERS).casefold()
    return unicodedata.normalize("NFC", plain)


def fold_key(text: str) -> str:
    """:func:`fold`, with runs of whitespace made one space and the ends trimmed: the
    key a name, a tag or an organisation is compared and sorted by."""
    return " ".join(fold(text).split())


@lru_cache(maxsize=8192)
def normalise_tag(name: str) -> str:
    """The key a tag is stored and compared by: ``B2B SaaS`` and ``b2b  saas`` are one.
    (Here rather than with the matching that uses it, so that the many modules that
    store tags do not load the matching.)"""
    return fold_key(name)


def fold_words(text: str) -> list[str]:
    """The folded words of a query; each must occur in what it matches."""
    return fold(text).split()
