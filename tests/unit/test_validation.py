"""The field checks shared by the command line and the forms."""

from __future__ import annotations

import pytest

from netui.core.validation import (
    MAX_CADENCE_DAYS,
    check_closeness,
    check_email,
    check_name,
    check_phone,
    check_url,
    normalise_url,
    parse_cadence,
    split_tags,
)


def assert_one_sentence(message: str | None) -> None:
    assert message is not None
    assert message.endswith(".")
    assert "\n" not in message


# --- name --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Dana", "[bold]Eve[/bold]", "יעל כהן", "李雷", "x" * 10_000])
def test_good_names(value):
    assert check_name(value) is None


@pytest.mark.parametrize("value", ["", "   ", "\t\n", "x" * 10_001])
def test_bad_names(value):
    assert_one_sentence(check_name(value))


# --- email -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["", "   ", "dana@example.com", " dana@example.com ", "d.w+net@mail.example.co.uk",
     "élodie@lumière.example"],
)  # fmt: skip
def test_good_emails(value):
    assert check_email(value) is None


@pytest.mark.parametrize(
    "value",
    ["dana", "dana@", "@example.com", "dana@example", "dana@@example.com", "dana@example.c",
     "da na@example.com", "dana@exa\nmple.com", "dana@example.com\nx@y.org"],
)  # fmt: skip
def test_bad_emails(value):
    message = check_email(value)
    assert_one_sentence(message)
    assert "email address" in message


# --- phone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["", "+44 20 7946 0018", "(555) 123-4567", "555.123.4567", "+1 555 123 4567 ext. 89",
     "555 1234 x12", "12345"],
)  # fmt: skip
def test_good_phones(value):
    assert check_phone(value) is None


@pytest.mark.parametrize(
    "value", ["1234", "555-CALL-NOW", "1" * 21, "+44 20\n7946 0018", "++44 20 7946", "call me"]
)
def test_bad_phones(value):
    assert_one_sentence(check_phone(value))


# --- web addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["", "https://www.linkedin.com/in/dana", "http://example.com", "linkedin.com/in/dana",
     "  www.example.org  "],
)  # fmt: skip
def test_good_urls(value):
    assert check_url(value) is None


@pytest.mark.parametrize(
    "value",
    ["ftp://example.com/file", "javascript:alert(1)", "https://localhost",
     "https://exa mple.com", "not a url", "file:///etc/passwd", "[/]", "http://[::1",
     "[@click=app.quit]x"],
)  # fmt: skip
def test_bad_urls(value):
    assert_one_sentence(check_url(value))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("linkedin.com/in/dana", "https://linkedin.com/in/dana"),
        ("  www.example.org ", "https://www.example.org"),
        ("http://example.com", "http://example.com"),
        ("https://example.com", "https://example.com"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalise_url(value, expected):
    assert normalise_url(value) == expected


def test_every_normalised_good_url_is_still_good():
    for value in ("linkedin.com/in/dana", "www.example.org"):
        assert check_url(normalise_url(value)) is None


# --- cadence, closeness, tags ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "days"),
    [("", None), ("  ", None), ("30", 30), (" 7 ", 7), ("1", 1), (str(MAX_CADENCE_DAYS), 3650)],
)
def test_good_cadences(value, days):
    assert parse_cadence(value) == (days, None)


@pytest.mark.parametrize("value", ["0", "-3", str(MAX_CADENCE_DAYS + 1), "abc", "1.5", "30 days"])
def test_bad_cadences(value):
    days, message = parse_cadence(value)
    assert days is None
    assert_one_sentence(message)


@pytest.mark.parametrize("value", [1, 3, 5])
def test_good_closeness(value):
    assert check_closeness(value) is None


@pytest.mark.parametrize("value", [0, 6, -1])
def test_bad_closeness(value):
    assert_one_sentence(check_closeness(value))


@pytest.mark.parametrize(
    ("value", "tags"),
    [
        ("", ()),
        ("python", ("python",)),
        ("a, b,,c , ", ("a", "b", "c")),
        ("  machine learning , Python ", ("machine learning", "Python")),
        ("פינטק, 金融", ("פינטק", "金融")),
        (",,, ,", ()),
    ],
)
def test_split_tags(value, tags):
    assert split_tags(value) == tags
