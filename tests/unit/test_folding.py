"""The one folding every match and name sort uses, and organisation keys."""

from __future__ import annotations

import pytest

from netui.core.folding import fold, fold_key, fold_words
from netui.core.organisations import organisation_key, same_organisation


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zoë", "zoe"),
        ("Müller", "muller"),
        ("Tomás", "tomas"),
        ("Øresund", "oresund"),
        ("Łukasz", "lukasz"),
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("Ærø", "aero"),
        ("Œuvre", "oeuvre"),
        ("Þór Guðrún", "thor gudrun"),
        ("Đorđe", "dorde"),
        ("Ħamrun", "hamrun"),
        ("İstanbul", "istanbul"),  # capital I with a dot
        ("Işık", "isik"),  # dotless i
        ("Nguyễn", "nguyen"),  # two marks on one letter
        ("Zoe\u0308", "zoe"),  # typed decomposed
        ("ΆΘΗΝΑ", "αθηνα"),
        ("ﬁnance", "finance"),  # a ligature
        ("Ｆｕｌｌ", "full"),  # full-width
        ("O’Brien", "o'brien"),
        ("a\u200bb\u00adc", "abc"),  # zero-width space and soft hyphen
        ("Dana", "dana"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    "text",
    [
        "יעל כהן",  # Hebrew
        "محمد",  # Arabic
        "東京 字节跳动",  # CJK
        "김민준 한국어",  # Hangul: decomposed and composed again
        "ガンダム",  # Japanese voicing marks are part of the letter
        "हिंदी",  # Devanagari signs too
        "👩🏽\u200d💻 👨\u200d👩\u200d👧\u200d👦 ❤️ 🏳️\u200d🌈",  # emoji, ZWJ, skin tone, VS16
    ],
)
def test_other_scripts_and_emoji_pass_through(text):
    assert fold(text) == text
    assert fold_words(text) == text.split()


def test_optional_points_of_hebrew_and_arabic_are_dropped():
    assert fold("שָׁלוֹם") == "שלום"
    assert fold("مُحَمَّد") == "محمد"


def test_fold_key_and_words():
    assert fold_key("  Zoë   HARTMANN ") == "zoe hartmann"
    assert fold_words(" Müller  ŁUKASZ ") == ["muller", "lukasz"]
    assert fold_key("") == "" and fold_words("   ") == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Globex Inc.", "globex"),
        ("Globex, Inc", "GLOBEX"),
        ("Globex; Marketing", "Globex"),
        ("Globex, Marketing", "Globex Corporation"),
        ("The Globex Company", "Globex"),
        ("Zürich Re AG", "zurich re"),
        ("A.C.M.E. Ltd", "ACME"),
        ("Banque Lumière S.A.", "banque lumiere"),
        ("AT&T", "at&t inc"),
    ],
)
def test_same_organisation(first, second):
    assert same_organisation(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("Globex", "Globex Bank"), ("Initech", "Globex"), ("", ""), ("Inc.", "Globex Inc.")],
)
def test_different_organisations(first, second):
    assert not same_organisation(first, second)


def test_a_name_of_symbols_only_is_its_own_key():
    """An organisation named only in symbols (emoji, punctuation) is still one: a
    contact at ``🚀`` is inside when my organisation is ``🚀``, not at ``[/]``."""
    assert same_organisation("🚀", " 🚀 ")
    assert same_organisation("[/]", "[/]")
    assert not same_organisation("🚀", "[/]")
    assert not same_organisation("🚀", "Globex")
    assert organisation_key(", Inc.") == ""


def test_a_legal_form_alone_is_a_name():
    assert organisation_key("Inc.") == "inc"
    assert organisation_key("The") == "the"
