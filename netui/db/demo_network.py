"""The demo network's contacts and the ties between them. No Textual here."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from typing import Any

from netui.core.validation import split_tags
from netui.db.contacts import ContactFields, create_contact
from netui.db.demo_people import DOMAINS, PEOPLE, PHONES, STORY_TIES, TIE_COUNT, Person
from netui.db.models import Contact, Tie


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


_NOT_DECOMPOSABLE = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "ß": "ss", "ł": "l"})


def email_for(person: Person) -> str:
    """``first.last@organisation`` from the name, accents folded; "" when unknown."""
    if person.email is not None:
        return person.email
    domain = DOMAINS.get(person.org)
    plain = person.name.translate(_NOT_DECOMPOSABLE)
    folded = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    parts = ["".join(ch for ch in part if ch.isalnum()).lower() for part in folded.split()]
    parts = [part for part in parts if part]
    if not domain or not parts:
        return ""
    return f"{parts[0]}.{parts[-1]}@{domain}"


def phone_for(person: Person, rng: random.Random) -> str:
    """A fictional number, different for everyone, for most first-degree contacts."""
    pattern = PHONES.get(person.location)
    if person.second or pattern is None or rng.random() < 0.3:
        return ""
    return pattern.format(10 + PEOPLE.index(person))


def add_people(today: dt.date, rng: random.Random) -> dict[str, int]:
    """Create every contact; returns their ids by name."""
    ids: dict[str, int] = {}
    for person in PEOPLE:
        fields = ContactFields(
            name=person.name,
            organisation=person.org,
            role=person.role,
            email=email_for(person) if not person.second or rng.random() < 0.5 else "",
            phone=phone_for(person, rng),
            location=person.location,
            how_we_met=person.how_we_met,
            career_path=person.career,
            notes=person.notes,
            closeness=person.closeness,
            cadence_days=person.cadence,
            second_degree=person.second,
            tags=split_tags(person.tags),
            expertise=split_tags(person.expertise),
            interests=split_tags(person.interests),
        )
        contact_id = create_contact(fields)
        age = rng.randint(30, 400) if person.second else rng.randint(740, 2400)
        created = at(today - dt.timedelta(days=age), rng.randint(8, 18), rng.randint(0, 59))
        updated = max(created, at(today - dt.timedelta(days=rng.randint(1, 200)), 18))
        Contact.update(created_at=created, updated_at=updated).where(
            Contact.id == contact_id
        ).execute()
        ids[person.name] = contact_id
    return ids


def _tie_row(
    a: int, b: int, strength: int, context: str, created: dt.datetime
) -> dict[str, Any]:
    low, high = sorted((a, b))
    return {"a": low, "b": high, "strength": strength, "context": context, "created_at": created}


def add_ties(ids: dict[str, int], today: dt.date, rng: random.Random) -> None:
    """The story ties, then same-organisation ties up to :data:`TIE_COUNT`."""
    rows: dict[tuple[int, int], dict[str, Any]] = {}

    def created() -> dt.datetime:
        return at(today - dt.timedelta(days=rng.randint(20, 900)), 20)

    for name_a, name_b, strength, context in STORY_TIES:
        row = _tie_row(ids[name_a], ids[name_b], strength, context, created())
        rows[(row["a"], row["b"])] = row
    colleagues = [
        (a, b) for i, a in enumerate(PEOPLE) for b in PEOPLE[i + 1 :] if a.org and a.org == b.org
    ]
    rng.shuffle(colleagues)
    for a, b in colleagues:
        if len(rows) >= TIE_COUNT:
            break
        low, high = sorted((ids[a.name], ids[b.name]))
        if (low, high) in rows:
            continue
        context = rng.choice(("worked together at {}", "colleagues at {}", "same team at {}"))
        strength = rng.choice((2, 3, 3, 4, 5))
        rows[(low, high)] = _tie_row(low, high, strength, context.format(a.org), created())
    Tie.insert_many(list(rows.values())).execute()
