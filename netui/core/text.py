"""Making text from users and files safe to put on a terminal, shown literally.

Control characters (C0, DEL, C1) would move the cursor, change colours or set the
window title if they reached the terminal; they are replaced by visible stand-ins
(``ESC`` becomes ``␛``). So are the invisible bidi embeddings, overrides and
isolates (U+202A-U+202E, U+2066-U+2069), which could reverse the rest of a row in
a terminal that reorders right-to-left text: they become ``�``; right-to-left
letters themselves are left alone. Markup needs no escaping here: widgets receive
``rich.text.Text``/``Content`` objects, never markup strings.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from typing import Any

_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029{_BIDI}]")
_CONTROL_ALL = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{_BIDI}]")


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def safe_line(value: str) -> str:
    """One line for a list cell: every control character, newlines included, made visible."""
    value = value.replace("\r\n", "\n").replace("\n", " ⏎ ").replace("\t", " ")
    return _CONTROL_ALL.sub(_picture, value)


def json_text(value: Any, *, indent: int | None = 2) -> str:
    """``value`` as JSON that is safe to print: non-ASCII kept readable, but DEL, C1
    controls, U+2028/U+2029 and the bidi controls (U+202A-U+202E, U+2066-U+2069)
    escaped as ``\\uXXXX`` too (``json.dumps`` escapes only C0 controls; a raw C1 CSI,
    U+009B, is an escape sequence to many terminals, and a bidi override reverses
    what follows it in a viewer). The text reads back exactly the same.
    """
    # Outside strings JSON holds only ASCII punctuation, digits and spaces, so every
    # escape lands inside a string, where \uXXXX means the same character.
    return with_json_escapes(json.dumps(value, ensure_ascii=False, indent=indent))


def write_json_objects(
    objects: Iterable[dict[str, Any]], write: Callable[[str], object], *, batch: int = 1000
) -> None:
    """Write the JSON list of ``objects`` through ``write``, a batch of objects at a
    time, exactly as :func:`json_text` prints the whole list (indent 2, the same
    escapes), without holding it."""
    write_json_list(map(json_item, objects), write, batch=batch)


def write_json_list(
    items: Iterable[str], write: Callable[[str], object], *, batch: int = 1000
) -> None:
    """Write a JSON list of already encoded ``items`` (each as :func:`json_item` makes
    it: indented as the list's element) as :func:`json_text` would print the list."""
    first = True
    pending: list[str] = []
    for item in items:
        pending.append("[\n" if first else ",\n")
        pending.append(item)
        first = False
        if len(pending) >= 2 * batch:
            write(with_json_escapes("".join(pending)))
            pending.clear()
    pending.append("[]" if first else "\n]")
    write(with_json_escapes("".join(pending)))


def json_item(obj: dict[str, Any]) -> str:
    """An object as an element of a list in :func:`json_text`'s layout (before its
    escapes, which :func:`write_json_list` adds): plain values (strings, numbers,
    booleans, null) are written by hand, any other by ``json``."""
    if not obj:
        return "  {}"
    fields = [f"    {json_string(str(key))}: {json_value(v)}" for key, v in obj.items()]
    return "  {\n" + ",\n".join(fields) + "\n  }"


def safe_json_item(obj: dict[str, Any]) -> str:
    """:func:`json_item` with the escapes :func:`write_json_list` adds: one element of
    a list as :func:`json_text` prints it."""
    return with_json_escapes(json_item(obj))


#: A string as ``json.dumps(ensure_ascii=False)`` writes it (before the escapes above).
json_string = json.encoder.encode_basestring


def safe_json_string(value: str) -> str:
    """``value`` as :func:`json_text` writes a string, escapes included: what
    :func:`json_string` writes, and the characters :func:`json_text` escapes besides
    (all of them outside ASCII but DEL, so a plain ASCII text is looked at once)."""
    text = json_string(value)
    if value.isascii() and "\x7f" not in value:
        return text
    return with_json_escapes(text)


def with_json_escapes(text: str) -> str:
    """JSON text as ``json.dumps(ensure_ascii=False)`` writes it, with the escapes
    :func:`json_text` adds besides (the characters of :data:`_JSON_UNSAFE`)."""
    return _JSON_UNSAFE.sub(_json_escape, text)


def json_value(value: Any) -> str:
    """One value as JSON text, as ``json.dumps`` writes it inside :func:`json_item`."""
    if isinstance(value, str):
        return json_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    # Anything else, nested one level down: json's own text, indented to its place.
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


_JSON_UNSAFE = re.compile(f"[\\x7f-\\x9f\\u2028\\u2029{_BIDI}]")
#: Everything :func:`plain_text` removes: C0 controls but newline and tab, DEL, C1,
#: and the bidi embeddings, overrides and isolates.
_PASTE_UNSAFE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}]")


def plain_text(value: str) -> str:
    """Text to hand to the clipboard or another program: newlines kept, tabs as
    spaces, U+2028/U+2029 as newlines, and every other control character and bidi
    control removed (an escape sequence in a pasted text could set the clipboard
    through OSC 52, or end a terminal's bracketed paste with ``ESC [201~``)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    value = value.replace("\u2028", "\n").replace("\u2029", "\n")
    return _PASTE_UNSAFE.sub("", value)


def visible_controls(value: str) -> str:
    """Every control character but tab and newline made visible; nothing else changed."""
    return _CONTROL.sub(_picture, value)


def safe_block(value: str) -> str:
    """Multi-line text: newlines kept, tabs expanded, other controls made visible."""
    value = value.replace("\r\n", "\n").replace("\t", "    ")
    return _CONTROL.sub(_picture, value)


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes, as Rich (and so Textual) counts them: wide CJK
    and Hangul two, combining marks and zero-width characters none, an emoji ZWJ
    sequence or skin-toned emoji one wide grapheme.

    Rich is imported here, not at the top: an error sentence on the command line
    (``safe_line``) must not load it.
    """
    if text.isascii() and text.isprintable():
        return len(text)  # one cell a character, as Rich counts them (a table's most)
    from rich.cells import cell_len

    return cell_len(text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` terminal cells (on the left if ``right``);
    never cut."""
    gap = " " * max(0, width - cell_width(text))
    return gap + text if right else text + gap


def plural(count: int, one: str, many: str | None = None) -> str:
    """``"1 contact"``, ``"2 contacts"``, ``"1,200 people"``: the count and the word
    that goes with it (``many`` for an irregular plural)."""
    word = one if count == 1 else (many if many is not None else one + "s")
    return f"{count:,} {word}"
