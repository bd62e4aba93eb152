"""The introduction-prep worksheet, as plain data: sections, pre-fill, gauge, texts.

Nothing here touches the database or Textual. :mod:`netui.db.meetings` turns rows
into :class:`Worksheet` and :class:`ContactSnapshot`; the Prep screen and
``netui prep`` render them with the functions below.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from netui.core.continuity import PreviousMeeting
from netui.core.text import plain_text, safe_block, safe_line


@dataclass(frozen=True)
class Section:
    """One text section of the worksheet, stored in the Meeting column ``key``."""

    key: str
    title: str
    hint: str
    multiline: bool = True


#: The text sections, in worksheet order. ``key`` is the Meeting column.
SECTIONS: tuple[Section, ...] = (
    Section("who_they_are", "Who they are", "name, organisation, role, location, how we met"),
    Section("career_path", "Career path", "where they have been, where they are heading"),
    Section("expertise", "Expertise", "what they know better than most"),
    Section("key_connections", "Key connections", "whom they know, and whom they know that I know"),
    Section("interests", "What interests them", "topics, causes, hobbies"),
    Section("helps_them", "What would help them", "problems they have now"),
    Section("give_first", "What I give first", "goods from my bank, or anything else"),
    Section("reasons", "Reasons they should meet me", "knowledge, expertise, access to influence"),
    Section("questions", "Questions to ask", "one per line"),
    Section("ask", "My ask", "what I would like from this conversation"),
)
SECTION_KEYS: tuple[str, ...] = tuple(section.key for section in SECTIONS)
SECTION_TITLES: dict[str, str] = {section.key: section.title for section in SECTIONS}

#: The first section: when, where, purpose and introducer.
MEETING_TITLE = "The meeting"
#: Sections counted by the gauge: the meeting plus every text section.
TOTAL_SECTIONS = 1 + len(SECTIONS)

WHEN_FORMAT = "%Y-%m-%d %H:%M"

ASK_BEFORE_GIVING = "The ask comes before any giving: add what you will give first."
YOU_OWE_THEM = "You owe them: they have given you more than you gave; give back first."


@dataclass(frozen=True)
class KnownPerson:
    """Someone the contact knows (from a tie)."""

    name: str
    organisation: str = ""
    role: str = ""
    strength: int = 3
    context: str = ""
    #: Whether I know them too (a first-degree contact of mine).
    i_know_them: bool = False


@dataclass(frozen=True)
class ContactSnapshot:
    """What is known about a contact when a worksheet is started from them."""

    name: str
    organisation: str = ""
    role: str = ""
    location: str = ""
    how_we_met: str = ""
    career_path: str = ""
    expertise: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    knows: tuple[KnownPerson, ...] = ()
    helps_them: str = ""  # from the last worksheet marked done (schema 5)


@dataclass(frozen=True)
class Worksheet:
    """One meeting and its worksheet, as the screen and the export see it."""

    id: int
    contact_id: int
    contact_name: str
    scheduled_at: dt.datetime | None = None
    place: str = ""
    purpose: str = ""
    introducer_id: int | None = None
    introducer_name: str = ""
    sections: Mapping[str, str] = field(default_factory=dict)
    done: bool = False
    outcome: str = ""
    follow_up: dt.date | None = None

    def text(self, key: str) -> str:
        return self.sections.get(key, "")

    def with_sections(self, changes: Mapping[str, str]) -> Worksheet:
        merged = dict(self.sections)
        merged.update({key: value for key, value in changes.items() if key in SECTION_KEYS})
        return replace(self, sections=merged)


# --- pre-fill ------------------------------------------------------------------------


def _person(person: KnownPerson) -> str:
    where = " · ".join(part for part in (person.role, person.organisation) if part)
    line = person.name + (f" ({where})" if where else "")
    if person.context:
        line += f" — {person.context}"
    return f"- {line}"


def prefill(contact: ContactSnapshot) -> dict[str, str]:
    """The sections that can start from what is known about the contact."""
    who = [contact.name]
    headline = " · ".join(part for part in (contact.role, contact.organisation) if part)
    if headline:
        who.append(headline)
    if contact.location:
        who.append(f"Location: {contact.location}")
    if contact.how_we_met:
        who.append(f"How we met: {contact.how_we_met}")
    ranked = sorted(contact.knows, key=lambda p: (-p.strength, p.name.casefold()))
    mutual = [p for p in ranked if p.i_know_them]
    others = [p for p in ranked if not p.i_know_them]
    connections: list[str] = []
    if mutual:
        connections.append("Whom they know that I know:")
        connections.extend(_person(p) for p in mutual)
    if others:
        if connections:
            connections.append("")
        connections.append("Whom else they know:")
        connections.extend(_person(p) for p in others)
    return {
        "who_they_are": "\n".join(who),
        "career_path": contact.career_path.strip(),
        "expertise": ", ".join(contact.expertise),
        "key_connections": "\n".join(connections),
        "interests": ", ".join(contact.interests),
        "helps_them": contact.helps_them.strip(),
    }


# --- gauge and warnings --------------------------------------------------------------


def meeting_filled(worksheet: Worksheet) -> bool:
    """The meeting section counts once it says when and what for."""
    return worksheet.scheduled_at is not None and bool(worksheet.purpose.strip())


def filled_sections(worksheet: Worksheet) -> list[str]:
    """Titles of the filled sections (the meeting first), in worksheet order."""
    filled = [MEETING_TITLE] if meeting_filled(worksheet) else []
    filled.extend(s.title for s in SECTIONS if worksheet.text(s.key).strip())
    return filled


def gauge(worksheet: Worksheet) -> tuple[int, int]:
    """``(filled, total)`` sections."""
    return len(filled_sections(worksheet)), TOTAL_SECTIONS


def gauge_bar(filled: int, total: int, width: int = 10) -> str:
    full = round(width * filled / total) if total else 0
    return "█" * full + "░" * (width - full)


def warnings(worksheet: Worksheet, meter: float | None = None) -> list[str]:
    """What to fix before the meeting. ``meter`` is the reciprocity meter, if known."""
    found = []
    if worksheet.text("ask").strip() and not worksheet.text("give_first").strip():
        found.append(ASK_BEFORE_GIVING)
    if meter is not None and meter < 0:
        found.append(YOU_OWE_THEM)
    return found


# --- the intro request ---------------------------------------------------------------


def _first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


def _items(text: str) -> list[str]:
    """The non-empty lines of a section, without list bullets."""
    items = []
    for line in text.splitlines():
        line = line.strip()
        for bullet in ("- ", "* ", "• "):
            if line.startswith(bullet):
                line = line[len(bullet) :].strip()
        if line:
            items.append(line)
    return items


#: Purposes often start with what I want to do; the request words it as "talk about".
_ABOUT = (
    "learn more about", "learn about", "hear more about", "hear about", "talk about",
    "chat about", "ask about", "find out more about", "find out about", "know more about",
    "discuss", "talk through", "learn", "find out", "hear", "understand",
)  # fmt: skip
#: Purposes that already say what to do: "I would like to compare notes on ...".
_OWN_VERBS = frozenset(
    ("compare", "explore", "share", "exchange", "brainstorm", "swap", "review", "get",
     "catch", "meet", "pick", "introduce", "offer", "see", "plan", "help")
)  # fmt: skip
#: Words that start a topic mid-sentence in lower case: "how Helix plans ...".
_LOWER_STARTS = frozenset(
    ("how", "what", "why", "when", "where", "which", "whether", "who", "the", "a", "an",
     "your", "their", "his", "her", "its", "our", "my", "some", "any", "this", "that")
)  # fmt: skip
_LEADS = ("i would like to ", "i'd like to ", "i want to ", "to ")


def _lower_first(text: str) -> str:
    """``How Helix`` -> ``how Helix``: only a function word, never a name or acronym."""
    word = text.split(" ", 1)[0]
    if word.casefold() in _LOWER_STARTS and word[:1].isupper() and word[1:].islower():
        return text[:1].lower() + text[1:]
    return text


def purpose_sentence(purpose: str) -> str:
    """The purpose as the sentence of the request: "Learn how Helix plans to build its
    data team" -> "I would like to talk about how Helix plans to build its data team.";
    "Compare notes on ML platforms" -> "I would like to compare notes on ML platforms."
    Empty when there is no purpose."""
    text = " ".join(purpose.split()).rstrip(".!;:, ")
    if not text:
        return ""
    folded = text.casefold()
    for lead in _LEADS:
        if folded.startswith(lead):
            text, folded = text[len(lead) :], folded[len(lead) :]
            break
    for verb in _ABOUT:
        if folded.startswith(verb + " "):
            return f"I would like to talk about {_lower_first(text[len(verb) + 1 :])}."
    first = folded.split(" ", 1)[0]
    if first in _OWN_VERBS:
        return f"I would like to {text[:1].lower()}{text[1:]}."
    return f"I would like to talk about {_lower_first(text)}."


def intro_request(worksheet: Worksheet, my_name: str = "") -> str:
    """A ready text for the introducer that gives the other person reasons to meet me.

    Empty when the meeting has no introducer. It goes to the clipboard (f3), so
    control and bidi characters from names and texts are removed (:func:`plain_text`).
    """
    if not worksheet.introducer_name:
        return ""
    introducer = _first_name(worksheet.introducer_name)
    target = worksheet.contact_name
    lines = [f"Hi {introducer},", ""]
    ask = f"Would you be willing to introduce me to {target}?"
    sentence = purpose_sentence(worksheet.purpose)
    if sentence:
        ask += f" {sentence}"
    lines.append(ask)
    reasons = _items(worksheet.text("reasons"))
    if reasons:
        lines += ["", f"Why {_first_name(target)} might want to meet me:"]
        lines += [f"- {reason}" for reason in reasons]
    gives = _items(worksheet.text("give_first"))
    if gives:
        lines += ["", "What I can offer first:"]
        lines += [f"- {give}" for give in gives]
    lines += [
        "",
        "I am happy to send a short note you can forward. No pressure at all if the "
        "timing is wrong.",
        "",
        "Thank you,",
    ]
    if my_name.strip():
        lines.append(my_name.strip())
    return plain_text("\n".join(lines))


# --- Markdown ------------------------------------------------------------------------


def format_when(when: dt.datetime | None) -> str:
    return when.strftime(WHEN_FORMAT) if when else ""


def parse_when(value: str) -> tuple[dt.datetime | None, str | None]:
    """``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM``: ``(when, None)`` or ``(None, error)``."""
    value = " ".join(value.split())
    if not value:
        return None, None
    for pattern in (WHEN_FORMAT, "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, pattern), None
        except ValueError:
            continue
    return None, f"{value!r} is not a date and time (like 2026-09-03 09:30)."


def parse_day(value: str) -> tuple[dt.date | None, str | None]:
    """``YYYY-MM-DD``: ``(day, None)`` or ``(None, error)``; empty is ``(None, None)``."""
    value = value.strip()
    if not value:
        return None, None
    try:
        return dt.date.fromisoformat(value), None
    except ValueError:
        return None, f"{value!r} is not a date (like 2026-09-10)."


def meeting_lines(worksheet: Worksheet) -> list[tuple[str, str]]:
    """``(label, value)`` rows of the meeting section, empty ones left out."""
    rows = [
        ("When", format_when(worksheet.scheduled_at)),
        ("Where", worksheet.place),
        ("Purpose", worksheet.purpose),
        ("Introducer", worksheet.introducer_name),
    ]
    return [(label, value) for label, value in rows if value.strip()]


#: Characters that make HTML, links, images, autolinks, entities or code in Markdown.
_MD_ACTIVE = re.compile(r"([\\`<>\[\]&])")


def md_text(text: str) -> str:
    """Text from the data, inert in Markdown: HTML (``<script>``), links and images
    (``[x](javascript:…)``), autolinks (``<javascript:…>``), entities and code spans
    are backslash-escaped, so a viewer shows exactly what was typed and runs
    nothing. Control characters are made visible (the output may go to a terminal).
    """
    return _MD_ACTIVE.sub(r"\\\1", safe_block(text))


def _md_line(text: str) -> str:
    return _MD_ACTIVE.sub(r"\\\1", safe_line(text))


def _md_block(text: str) -> str:
    return md_text(text.strip())


def to_markdown(
    worksheet: Worksheet,
    *,
    my_name: str = "",
    meter: float | None = None,
    previous: PreviousMeeting | None = None,
) -> str:
    """The whole worksheet as Markdown: a heading per section, text kept literally;
    the last meeting's outcome and follow-up first, when there was one.

    Everything from the data goes through :func:`md_text`: a viewer shows it as typed
    (brackets, ``<``, ``&`` included) and never renders HTML or follows a link from it.
    """
    name = _md_line(worksheet.contact_name)
    filled, total = gauge(worksheet)
    out = [f"# Meeting with {name}", ""]
    out.append(f"Worksheet {filled}/{total} sections filled.")
    if previous is not None:
        out.append(f"\n> {safe_line(previous.summary())}")
    for warning in warnings(worksheet, meter):
        out.append(f"\n> **Warning:** {warning}")
    out += ["", f"## {MEETING_TITLE}", ""]
    rows = meeting_lines(worksheet)
    if rows:
        out += [f"- **{label}:** {_md_line(value)}" for label, value in rows]
    else:
        out.append("_(not planned yet)_")
    for section in SECTIONS:
        out += ["", f"## {section.title}", ""]
        body = _md_block(worksheet.text(section.key))
        out.append(body if body else "_(empty)_")
    request = intro_request(worksheet, my_name)
    if request:
        out += ["", "## Intro request for the introducer", ""]
        out += [f"> {line}" if line else ">" for line in md_text(request).splitlines()]
    if worksheet.done or worksheet.outcome.strip() or worksheet.follow_up:
        out += ["", "## After the meeting", ""]
        out.append(f"- **Done:** {'yes' if worksheet.done else 'not yet'}")
        if worksheet.follow_up:
            out.append(f"- **Follow up on:** {worksheet.follow_up.isoformat()}")
        if worksheet.outcome.strip():
            out += ["", _md_block(worksheet.outcome)]
    return "\n".join(out) + "\n"


def export_filename(worksheet: Worksheet) -> str:
    """A safe file name such as ``prep-dana-levi-2026-09-03.md``."""
    slug = "".join(ch if ch.isalnum() else "-" for ch in worksheet.contact_name.casefold())
    slug = "-".join(part for part in slug.split("-") if part)[:40] or "contact"
    day = worksheet.scheduled_at.date().isoformat() if worksheet.scheduled_at else ""
    return f"prep-{slug}{'-' + day if day else ''}-{worksheet.id}.md"
