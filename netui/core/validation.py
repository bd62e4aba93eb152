"""Checks of the fields a user types, shared by the command line and the forms.

Each check returns ``None`` when the value is fine, or one sentence saying what is
wrong. Empty optional values are always fine.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MAX_CADENCE_DAYS = 3650

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+(?:\s*(?:x|ext\.?)\s*[0-9]+)?$", re.IGNORECASE)


def check_name(value: str) -> str | None:
    if not value.strip():
        return "A name is required."
    if len(value) > 10_000:
        return "A name can be at most 10,000 characters."
    return None


def check_email(value: str) -> str | None:
    value = value.strip()
    if value and not _EMAIL.match(value):
        return f"{value!r} is not an email address (like dana@example.com)."
    return None


def check_phone(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE_CHARS.match(value) or not 5 <= digits <= 20:
        return f"{value!r} is not a phone number (digits, spaces, + ( ) - . /)."
    return None


def check_url(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    problem = f"{value!r} is not a web address (like https://www.linkedin.com/in/dana)."
    try:
        parts = urlsplit(value if "://" in value else f"https://{value}")
    except ValueError:  # "[/]": urlsplit takes brackets for an IPv6 host
        return problem
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in value:
        return problem
    return None


def normalise_url(value: str) -> str:
    """Add ``https://`` to a bare address such as ``linkedin.com/in/dana``."""
    value = value.strip()
    if value and "://" not in value:
        return f"https://{value}"
    return value


def parse_cadence(value: str) -> tuple[int | None, str | None]:
    """Parse a keep-in-touch cadence in days: ``(days, None)`` or ``(None, error)``."""
    value = value.strip()
    if not value:
        return None, None
    try:
        days = int(value)
    except ValueError:
        return None, f"{value!r} is not a whole number of days."
    if not 1 <= days <= MAX_CADENCE_DAYS:
        return None, f"A cadence is between 1 and {MAX_CADENCE_DAYS} days."
    return days, None


def check_closeness(value: int) -> str | None:
    if not 1 <= value <= 5:
        return "Closeness is between 1 and 5."
    return None


def split_tags(value: str) -> tuple[str, ...]:
    """Tags typed as ``a, b, c``."""
    return tuple(part.strip() for part in value.split(",") if part.strip())
