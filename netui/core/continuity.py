"""What one meeting teaches the next, on plain values: no database, no Textual.

When a meeting is marked done, the facts its worksheet gathered about the person go
back to their contact, so that the next worksheet starts from them:

- **career path**: the worksheet's text replaces the contact's when it says
  something else (an emptied section never erases what the contact holds);
- **expertise** and **interests**: each short item of the section (one per line or
  separated by commas or semicolons, list bullets dropped) that the contact does not
  have yet is added as a tag; the contact's tags are never removed; longer prose
  (over :data:`MAX_TAG_CHARS` characters) is not a tag and stays in the worksheet;
- **what would help them**: the worksheet's text replaces the contact's.

:func:`fact_changes` says exactly what would change, for the preview shown before
the meeting is marked done.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from netui.core.folding import normalise_tag

#: An item longer than this is prose, not a tag.
MAX_TAG_CHARS = 60

FACT_LABELS = {
    "career_path": "Career path",
    "expertise": "Expertise",
    "interests": "Interests",
    "helps_them": "What would help them",
}
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


@dataclass(frozen=True)
class ContactFacts:
    """The facts of a contact a worksheet can teach."""

    career_path: str = ""
    expertise: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    helps_them: str = ""


@dataclass(frozen=True)
class FactChange:
    """One fact that marking the meeting done would change on the contact."""

    key: str  # one of FACT_LABELS
    label: str
    before: str  # as shown: text, or tags joined with ", "
    after: str
    added: tuple[str, ...] = ()  # tags: the ones added


@dataclass(frozen=True)
class PreviousMeeting:
    """The last meeting with the same person that was marked done."""

    meeting_id: int
    when: dt.datetime | None
    outcome: str
    follow_up: dt.date | None

    def summary(self) -> str:
        """``Last time (2026-02-16): the first line of the outcome · follow up on …``."""
        day = f" ({self.when.date().isoformat()})" if self.when else ""
        lines = [line.strip() for line in self.outcome.splitlines() if line.strip()]
        text = f"Last time{day}: {lines[0] if lines else 'no outcome written'}"
        if len(lines) > 1:
            text += " …"
        if self.follow_up:
            text += f" · follow up on {self.follow_up.isoformat()}"
        return text


def items(text: str) -> tuple[str, ...]:
    """The short items of a section: split on lines, commas and semicolons, bullets
    and surrounding spaces dropped, prose left out, each once (folded)."""
    seen: dict[str, str] = {}
    for line in text.splitlines():
        line = _BULLET.sub("", line)
        for part in re.split(r"[,;]", line):
            item = " ".join(part.split()).strip(" .")
            if item and len(item) <= MAX_TAG_CHARS:
                seen.setdefault(normalise_tag(item), item)
    return tuple(seen.values())


def learned(before: ContactFacts, sections: dict[str, str]) -> ContactFacts:
    """The contact's facts once the worksheet's ``sections`` are written back."""
    career = sections.get("career_path", "").strip()
    helps = sections.get("helps_them", "").strip()
    return ContactFacts(
        career_path=career or before.career_path,
        expertise=_merged(before.expertise, items(sections.get("expertise", ""))),
        interests=_merged(before.interests, items(sections.get("interests", ""))),
        helps_them=helps or before.helps_them,
    )


def _merged(stored: Sequence[str], found: Sequence[str]) -> tuple[str, ...]:
    known = {normalise_tag(tag) for tag in stored}
    return (*stored, *(item for item in found if normalise_tag(item) not in known))


def fact_changes(before: ContactFacts, after: ContactFacts) -> tuple[FactChange, ...]:
    """What differs between two sets of facts, in the order of :data:`FACT_LABELS`."""
    changes = []
    for key, label in FACT_LABELS.items():
        old, new = getattr(before, key), getattr(after, key)
        if old == new:
            continue
        if isinstance(old, tuple):
            added = tuple(new[len(old) :])
            changes.append(FactChange(key, label, ", ".join(old), ", ".join(new), added))
        else:
            changes.append(FactChange(key, label, old, new))
    return tuple(changes)
