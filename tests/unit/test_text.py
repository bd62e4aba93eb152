"""Text from users and files is made safe to show on a terminal, literally."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netui.core.text import safe_block, safe_line

HOSTILE = "\x1b[31mred\x1b]0;title\x07"
LINE_BREAKS = {"\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}


def controls(value: str) -> set[str]:
    """Characters a terminal would act on instead of showing."""
    return {ch for ch in value if unicodedata.category(ch) == "Cc" or ch in LINE_BREAKS}


def test_escape_sequences_are_neutralised_in_a_line():
    shown = safe_line(HOSTILE)
    assert controls(shown) == set()
    assert "red" in shown
    assert "title" in shown
    assert shown.count("␛") == 2
    assert "␇" in shown


def test_escape_sequences_are_neutralised_in_a_block():
    shown = safe_block(HOSTILE + "\nsecond line")
    assert controls(shown) == {"\n"}
    assert shown.endswith("\nsecond line")
    assert shown.count("␛") == 2


@pytest.mark.parametrize(
    ("char", "picture"),
    [("\x00", "␀"), ("\x1b", "␛"), ("\x7f", "␡"), ("\x9b", "\ufffd"), ("\x85", "\ufffd"),
     ("\u2028", "\ufffd"), ("\u2029", "\ufffd"), ("\x08", "␈")],
)  # fmt: skip
def test_each_control_has_a_visible_stand_in(char, picture):
    assert safe_line(f"a{char}b") == f"a{picture}b"
    assert safe_block(f"a{char}b") == f"a{picture}b"


def test_newlines_in_a_line_are_made_visible():
    shown = safe_line("first\nsecond\r\nthird\rfourth")
    assert controls(shown) == set()
    assert shown.count("⏎") == 2  # \n and \r\n each become one mark
    assert shown.startswith("first ⏎ second ⏎ third")
    assert "fourth" in shown


def test_tabs():
    assert safe_line("a\tb") == "a b"
    assert safe_block("a\tb") == "a    b"


def test_a_block_keeps_its_newlines():
    assert safe_block("one\ntwo\r\nthree\n") == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    "text",
    ["Dana 👩🏽‍💻 at the café", "יעל כהן — שותפה מנהלת", "李雷 和 韩梅梅", "🇮🇱🇫🇷", "e\u0301",
     "[bold]Eve[/bold]", "100% [link=x]y[/link]", ""],
)  # fmt: skip
def test_printable_text_passes_unchanged(text):
    assert safe_line(text) == text
    assert safe_block(text) == text


@given(st.text())
def test_no_control_character_ever_reaches_a_line(text):
    assert controls(safe_line(text)) == set()


@given(st.text())
def test_only_newlines_reach_a_block(text):
    assert controls(safe_block(text)) <= {"\n"}


@given(st.text())
def test_cleaning_is_idempotent(text):
    assert safe_line(safe_line(text)) == safe_line(text)
    assert safe_block(safe_block(text)) == safe_block(text)


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@given(
    st.text(
        alphabet=st.characters(
            exclude_categories=("Cc", "Zl", "Zp"), exclude_characters=BIDI_CONTROLS
        )
    )
)
def test_text_without_controls_is_unchanged(text):
    assert safe_line(text) == text
    assert safe_block(text) == text


def test_bidi_overrides_and_isolates_are_made_visible_but_hebrew_stays():
    hostile = "Eve\u202egnp.exe\u2066x\u2069 דנה לוי"
    line = safe_line(hostile)
    assert not any(ch in line for ch in BIDI_CONTROLS)
    assert line == "Eve\ufffdgnp.exe\ufffdx\ufffd דנה לוי"
    assert safe_block("a\u202eb\nc") == "a\ufffdb\nc"


def test_cell_width_and_pad_count_terminal_cells():
    from netui.core.text import cell_width, pad

    assert cell_width("Dana") == 4
    assert cell_width("田中") == 4  # wide characters take two cells
    assert cell_width("e\u0301") == 1  # a combining accent takes none
    assert pad("田中", 6) == "田中  "
    assert pad("7", 3, right=True) == "  7"
    assert pad("too long", 3) == "too long"
    # As Rich (and so Textual) counts them, not one cell per code point:
    assert cell_width("👩🏽\u200d💻") == 2  # a ZWJ sequence with a skin tone: one emoji
    assert cell_width("👍🏽") == 2  # a skin tone modifier adds nothing
    assert cell_width("a\u200bb") == 2  # a zero-width space takes none
    assert cell_width("김민준") == 6  # Hangul syllables are wide
    assert pad("👨\u200d👩\u200d👧", 4) == "👨\u200d👩\u200d👧  "
