"""A synthetic but realistic professional network, written into a new netui database.

The file is created with :func:`netui.db.connection.open_database`, so the schema,
pragmas and schema version are the app's own. The rows then go in with
``executemany`` on the raw connection inside one transaction: 30,000 contacts,
300,000 ties and 150,000 exchanges take seconds, not minutes. ``sort_name`` and
``search_text`` come from :func:`netui.db.contacts.sort_key_for` and
:func:`netui.db.contacts.search_text_for`, and the tags from
:func:`netui.db.contacts.tag_ids`, so every row is exactly what the app would write.

The same arguments (``seed`` and ``today`` included) give the same file contents.

    python -m benchmarks.generate OUT.db --contacts 30000 --ties 300000 --exchanges 150000
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import random
import sqlite3
import sys
import time
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

from peewee import Model

from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, search_text_for, sort_key_for
from netui.db.errors import StorageError
from netui.db.members import current_member_id
from netui.db.models import (
    CURRENCIES,
    DIRECTIONS,
    Contact,
    ContactTag,
    Exchange,
    Meeting,
    Relationship,
    Tie,
    Touch,
    database,
)
from netui.db.tags import TAG_FIELDS, tag_ids

#: Bump when the generated data changes, so cached benchmark networks are rebuilt.
GENERATOR_VERSION = 4  # 2: schema 3, folded search text; 3: schema 5, calendar meetings; 4: UIDs

#: Rows per ``executemany`` call.
BATCH = 10_000

HISTORY_DAYS = 3 * 365

# --- vocabularies ----------------------------------------------------------------------

# Common names first: the weights fall with the position, so the first names repeat a lot.
FIRST_NAMES = (
    "Anna", "David", "Maria", "Michael", "Sarah", "James", "Laura", "Thomas", "Emma", "Daniel",
    "Julia", "Peter", "Sophie", "Mark", "Lisa", "Paul", "Elena", "John", "Nina", "Martin",
    "Clara", "Robert", "Hannah", "Alex", "Eva", "Chris", "Katarina", "Andrew", "Olivia",
    "Stefan", "Dana", "Luca", "Mia", "Jonas", "Sara", "Ben", "Leah", "Tom", "Amira", "Omar",
    "Priya", "Raj", "Wei", "Mei", "Yuki", "Kenji", "Fatima", "Ali", "Noah", "Ella", "Liam",
    "Zoe", "Felix", "Ines", "Hugo", "Alice", "Leon", "Maya", "Samuel", "Rosa", "Victor",
    "Irene", "Oscar", "Greta", "Pablo", "Lucia", "Matteo", "Giulia", "Nikolai", "Olga",
    "Dmitri", "Aisha", "Kwame", "Ngozi", "Tariq", "Leila", "Arjun", "Ananya", "Diego",
    "Camila", "Mateo", "Valentina", "Sven", "Astrid", "Finn", "Freya", "Erik", "Ingrid",
    "Pieter", "Anouk", "Bram", "Saskia", "Ciarán", "Aoife", "Siobhán", "Seán", "José",
    "Zoë", "Søren", "Björn", "Łukasz", "Małgorzata", "François", "Hélène", "Jürgen",
    "Müge", "Çağla", "Şebnem", "Ørjan", "Åsa", "Renée", "Benoît", "Chloé", "Joaquín",
    "Dvořák", "Žofia", "Tomáš", "Ágnes", "Zsófia", "Nguyệt", "Thảo", "Jae-won", "Min-jun",
    "Hiroshi", "Akiko", "Chidi", "Emeka", "Yara", "Rania", "Karim", "Nadia", "Tobias",
    "Miriam", "Aaron", "Esther", "Gideon", "Ruth", "Ilse", "Vera", "Bruno", "Carmen",
)  # fmt: skip

LAST_NAMES = (
    "Smith", "Müller", "García", "Johnson", "Rossi", "Schmidt", "Martin", "Brown", "Novak",
    "Kowalski", "Jones", "Fischer", "López", "Williams", "Bernard", "Weber", "Dubois",
    "Taylor", "Meyer", "Moreau", "Wilson", "Wagner", "Fernández", "Davies", "Becker",
    "Russo", "Evans", "Hoffmann", "Romano", "Thomas", "Schulz", "Colombo", "Roberts",
    "Koch", "Ricci", "Walker", "Richter", "Marino", "Wright", "Klein", "Greco", "Robinson",
    "Wolf", "Bruno", "Thompson", "Schröder", "Gallo", "White", "Neumann", "Conti", "Hughes",
    "Schwarz", "De Luca", "Edwards", "Zimmermann", "Costa", "Green", "Braun", "Giordano",
    "Hall", "Krüger", "Mancini", "Wood", "Hartmann", "Rizzo", "Harris", "Lange", "Lombardi",
    "Lewis", "Werner", "Moretti", "Clarke", "Lehmann", "Barbieri", "Jackson", "Köhler",
    "Fontana", "Clark", "Maier", "Santoro", "Patel", "Shah", "Singh", "Kumar", "Gupta",
    "Chen", "Wang", "Li", "Zhang", "Liu", "Tanaka", "Suzuki", "Sato", "Kim", "Park", "Lee",
    "Nguyen", "Nguyễn", "Trần", "Okafor", "Adeyemi", "Mensah", "Haddad", "Khalil", "Nasser",
    "Ivanov", "Petrov", "Smirnova", "Kuznetsov", "Popescu", "Ionescu", "Horváth", "Nagy",
    "Kovács", "Dvořáková", "Svoboda", "Nowak", "Wiśniewski", "Wójcik", "Jensen", "Nielsen",
    "Hansen", "Pedersen", "Sørensen", "Andersson", "Johansson", "Lindqvist", "Öberg",
    "Virtanen", "Korhonen", "Mäkinen", "de Vries", "van Dijk", "Bakker", "Janssen",
    "Visser", "O'Brien", "O'Connor", "Ó Súilleabháin", "MacLeod", "Murphy", "Kelly",
    "Silva", "Santos", "Oliveira", "Pereira", "Gonçalves", "Rodrigues", "Y\u0131lmaz", "Kaya",
    "Demir", "Şahin", "Çelik", "Papadopoulos", "Georgiou", "Cohen", "Levi", "Friedman",
    "Peña", "Muñoz", "Álvarez", "Castillo", "Vargas", "Reyes", "Morales", "Ortiz",
    "Fitzgerald", "Ashworth", "Blackwood", "Carrington", "Everett", "Hargreaves", "Whitfield",
    "Abernathy", "Delacroix", "Beaumont", "Lefèvre", "Faure", "Gauthier", "Chevalier",
)  # fmt: skip

ORG_STEMS = (
    "Northwind", "Helix", "Bluefin", "Crescent", "Ironbridge", "Lumen", "Meridian", "Nimbus",
    "Orchard", "Pinecrest", "Quantum", "Redwood", "Silverline", "Tidewater", "Umbra",
    "Vantage", "Westbrook", "Zephyr", "Arcadia", "Beacon", "Cobalt", "Driftwood", "Ember",
    "Fjord", "Granite", "Harbor", "Indigo", "Juniper", "Keystone", "Larkspur", "Mosaic",
    "Nordlys", "Obsidian", "Polaris", "Quill", "Rivière", "Solstice", "Tessera", "Überall",
    "Valkyrie", "Wren", "Yarrow", "Zenith", "Aurora", "Brightwater", "Castellan", "Dahlia",
    "Équinoxe", "Ferrum", "Glasshouse",
)  # fmt: skip

ORG_SUFFIXES = (
    "Analytics", "Bio", "Capital", "Consulting", "Labs", "Health", "Energy", "Logistics",
    "Software", "Partners", "Foundation", "University", "Robotics", "Media", "Bank",
    "Systems", "Ventures", "& Co", "Group", "Studio", "GmbH", "AG", "Institute", "Pharma",
)  # fmt: skip

ROLES = (
    "Software Engineer", "Senior Software Engineer", "Staff Engineer", "Engineering Manager",
    "Director of Engineering", "VP Engineering", "CTO", "CEO", "COO", "CFO", "Founder",
    "Co-founder", "Product Manager", "Senior Product Manager", "Head of Product",
    "Data Scientist", "Machine Learning Engineer", "Data Engineer", "Analyst",
    "Research Scientist", "Professor", "Postdoc", "PhD Candidate", "Designer",
    "UX Researcher", "Head of Design", "Marketing Manager", "Head of Marketing",
    "Sales Director", "Account Executive", "Customer Success Lead", "Recruiter",
    "Talent Partner", "HR Business Partner", "Chief People Officer", "Partner",
    "Principal", "Associate", "Investor", "Board Member", "Advisor", "Consultant",
    "Senior Consultant", "Operations Manager", "Program Manager", "Journalist", "Editor",
    "Policy Advisor", "Lawyer", "General Counsel", "Clinician", "Nurse Practitioner",
    "Security Engineer", "SRE", "Solutions Architect", "Developer Advocate",
)  # fmt: skip

TAGS = (
    "python", "rust", "go", "java", "typescript", "kotlin", "swift", "c++", "sql", "postgres",
    "sqlite", "kubernetes", "aws", "gcp", "azure", "terraform", "devops", "sre", "security",
    "cryptography", "distributed systems", "databases", "compilers", "embedded", "iot",
    "robotics", "computer vision", "nlp", "llms", "machine learning", "deep learning",
    "data engineering", "data science", "statistics", "analytics", "bi", "dbt", "spark",
    "kafka", "frontend", "react", "design systems", "ux research", "accessibility",
    "product management", "product strategy", "growth", "pricing", "marketing",
    "content marketing", "seo", "brand", "sales", "enterprise sales", "partnerships",
    "business development", "customer success", "community", "developer relations",
    "open source", "fundraising", "venture capital", "angel investing", "private equity",
    "m&a", "ipo", "finance", "accounting", "fintech", "payments", "crypto", "insurance",
    "healthtech", "biotech", "pharma", "clinical trials", "medtech", "climate",
    "energy", "renewables", "batteries", "mobility", "logistics", "supply chain",
    "manufacturing", "hardware", "semiconductors", "telecom", "gaming", "media",
    "journalism", "publishing", "edtech", "higher education", "research", "public policy",
    "government", "regulation", "gdpr", "legal", "ip law", "hr", "recruiting",
    "hiring", "leadership", "management", "coaching", "mentoring", "public speaking",
    "writing", "negotiation", "strategy", "operations", "consulting", "startups",
    "scale-ups", "remote work", "diversity & inclusion", "sustainability", "esg",
    "impact investing", "nonprofits", "philanthropy", "board governance", "real estate",
    "retail", "e-commerce", "marketplaces", "saas", "b2b", "b2c", "mobile", "web3",
    "quantum computing", "space", "aviation", "automotive", "agritech", "food",
    "cycling", "running", "sailing", "chess", "jazz", "photography", "cooking", "wine",
    "hiking", "climbing", "languages", "history", "architecture", "art", "theatre",
)  # fmt: skip

CITIES = (
    "Berlin", "London", "Paris", "Amsterdam", "Zürich", "München", "Wien", "Kraków",
    "Praha", "København", "Stockholm", "Helsinki", "Oslo", "Dublin", "Lisboa", "Madrid",
    "Barcelona", "Milano", "Roma", "New York", "San Francisco", "Boston", "Toronto",
    "Montréal", "Singapore", "Tokyo", "Seoul", "Bengaluru", "Lagos", "Nairobi", "Tel Aviv",
    "São Paulo", "Ciudad de México", "Sydney", "",
)  # fmt: skip

HOW_WE_MET = (
    "conference", "meetup", "former colleague", "university", "introduced by a friend",
    "online community", "hackathon", "customer", "vendor", "board", "alumni network",
    "podcast", "twitter", "linkedin", "coworking space", "",
)  # fmt: skip

NOTE_TEMPLATES = (
    "Wants to move into {tag}; could use an intro to someone at {org}.",
    "Knows everyone in {tag}. Coffee every few months.",
    "Mentioned a hiring plan for Q{q}; follow up about {tag}.",
    "Spoke at the {city} {tag} meetup. Good writer.",
    "Interested in {tag} and {tag2}; send the report when it is out.",
    "Was at {org} before; left on good terms.",
    "Prefers short emails. Responds on Fridays.",
    "Could help with {tag}. Owes me nothing yet: give first.",
    "Kids at the same school. Likes {tag2}.",
    "Board seat at {org}; ask about governance.",
)  # fmt: skip

TIE_CONTEXTS = (
    "worked together at {org}",
    "both at {org}",
    "studied together",
    "met at a {tag} conference",
    "co-founded a side project",
    "same board",
    "former manager",
    "{tag} community",
    "neighbours in {city}",
    "",
)  # fmt: skip

EXCHANGE_NOTES = (
    "intro to a {tag} person",
    "shared notes on {tag}",
    "feedback on a deck",
    "reference call",
    "coffee and advice",
    "sent a job lead",
    "reviewed a draft",
    "conference ticket",
    "read-out from {org}",
    "",
)  # fmt: skip

MEETING_PURPOSES = (
    "catch up",
    "explore a move into {tag}",
    "ask for an intro to {org}",
    "advice on {tag}",
    "offer help with hiring",
)  # fmt: skip

CURRENCY_WEIGHTS = (30, 25, 15, 10, 10, 7, 3)  # knowledge, information, introduction, ...
VALUE_WEIGHTS = (20, 35, 25, 13, 7)
STRENGTH_WEIGHTS = (15, 30, 30, 17, 8)

_ASCII_FOLD = str.maketrans(
    {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "đ": "d", "\u0131": "i", "'": ""}
)


# --- helpers ---------------------------------------------------------------------------


def _zipf_cum_weights(n: int, exponent: float = 1.0) -> list[float]:
    """Cumulative weights for ``rng.choices``: item ``i`` has weight ``1 / (i + 1)**s``."""
    return list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(n)))


def _ascii_slug(text: str, sep: str = "") -> str:
    folded = unicodedata.normalize("NFKD", text.translate(_ASCII_FOLD))
    plain = folded.encode("ascii", "ignore").decode().casefold()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return sep.join(words)


def _stamp(moment: dt.datetime) -> str:
    """A DateTimeField value exactly as Peewee stores it on SQLite."""
    return moment.replace(microsecond=0).isoformat(" ")


def _insert(
    conn: sqlite3.Connection, model: type[Model], columns: Sequence[str], rows: Iterable[tuple]
) -> None:
    """``executemany`` in batches; column names checked against the model."""
    fields = model._meta.fields
    names = [fields[column].column_name for column in columns]
    sql = 'INSERT INTO "{}" ({}) VALUES ({})'.format(
        model._meta.table_name,
        ", ".join(f'"{name}"' for name in names),
        ", ".join("?" * len(names)),
    )
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            conn.executemany(sql, batch)
            batch.clear()
    if batch:
        conn.executemany(sql, batch)


def _weighted_distinct(
    rng: random.Random, items: Sequence[str], cum: Sequence[float], k: int
) -> tuple[str, ...]:
    """Up to ``k`` distinct items, popular ones more often, in drawing order."""
    if k <= 0:
        return ()
    return tuple(dict.fromkeys(rng.choices(items, cum_weights=cum, k=k)))


# --- the network -----------------------------------------------------------------------


def _organisations(rng: random.Random, count: int = 200) -> list[tuple[str, str]]:
    """``count`` distinct (name, email domain) pairs; the list order is the size rank."""
    names = [f"{stem} {suffix}" for stem in ORG_STEMS for suffix in ORG_SUFFIXES]
    chosen = rng.sample(names, count)
    tlds = (".com", ".io", ".org", ".de", ".eu", ".co.uk")
    return [(name, _ascii_slug(name) + rng.choice(tlds)) for name in chosen]


def generate(
    path: Path,
    contacts: int,
    ties: int,
    exchanges: int,
    *,
    seed: int = 1,
    meetings: int | None = None,
    today: dt.date | None = None,
) -> None:
    """Write a synthetic network into a new netui database at ``path``.

    ``meetings`` defaults to one per thousand contacts (at least 3, at most 50);
    ``today`` anchors every date (three years of history up to it, meetings around
    it) and defaults to the real today.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists.")
    if min(contacts, ties, exchanges) < 0:
        raise ValueError("Counts cannot be negative.")
    max_pairs = contacts * (contacts - 1) // 2
    if ties > max_pairs:
        raise ValueError(f"{contacts} contacts have only {max_pairs} distinct pairs for ties.")
    if contacts == 0 and exchanges:
        raise ValueError("Exchanges need at least one contact.")
    if meetings is None:
        meetings = min(50, max(3, contacts // 1000)) if contacts else 0
    if meetings and not contacts:
        raise ValueError("Meetings need at least one contact.")

    rng = random.Random(seed)
    # UIDs from their own stream, so the rest of the network is what it always was;
    # the same seed gives the same UIDs (a benchmark, not a user's database).
    uid_rng = random.Random(f"uid-{seed}")
    today = today or dt.date.today()
    start = dt.datetime.combine(today, dt.time(9)) - dt.timedelta(days=HISTORY_DAYS)

    def moment_in_history() -> dt.datetime:
        return start + dt.timedelta(seconds=rng.randrange(HISTORY_DAYS * 86_400))

    orgs = _organisations(rng)
    org_cum = _zipf_cum_weights(len(orgs), 0.85)
    first_cum = _zipf_cum_weights(len(FIRST_NAMES), 0.9)
    last_cum = _zipf_cum_weights(len(LAST_NAMES), 0.7)
    role_cum = _zipf_cum_weights(len(ROLES), 0.6)
    tag_cum = _zipf_cum_weights(len(TAGS), 0.8)
    assert all(tag == " ".join(tag.split()).casefold() for tag in TAGS)

    # -- contacts (ids 1..contacts) --
    contact_rows: list[tuple] = []
    relationship_rows: list[tuple] = []
    contact_tag_rows: list[tuple[int, str, str]] = []  # (contact id, tag name, kind)
    org_of: list[int] = []  # org index per contact (-1: none)
    second_degree: list[bool] = []
    activity: list[float] = []
    for cid in range(1, contacts + 1):
        first = rng.choices(FIRST_NAMES, cum_weights=first_cum)[0]
        last = rng.choices(LAST_NAMES, cum_weights=last_cum)[0]
        name = f"{first} {last}"
        org_index = rng.choices(range(len(orgs)), cum_weights=org_cum)[0]
        if rng.random() < 0.06:
            org_index = -1  # freelancer, between jobs, or simply unknown
        org_name, domain = orgs[org_index] if org_index >= 0 else ("", "")
        role = rng.choices(ROLES, cum_weights=role_cum)[0] if rng.random() < 0.9 else ""
        if rng.random() < 0.8:
            local = f"{_ascii_slug(first, '')}.{_ascii_slug(last, '')}"
            email = f"{local}@{domain}" if domain and rng.random() < 0.7 else f"{local}@gmail.com"
        else:
            email = ""
        tags = _weighted_distinct(rng, TAGS, tag_cum, rng.choice((0, 1, 1, 2, 2, 3, 4)))
        expertise = _weighted_distinct(rng, TAGS, tag_cum, rng.choice((0, 0, 1, 2, 3)))
        interests = _weighted_distinct(rng, TAGS, tag_cum, rng.choice((0, 0, 1, 1, 2, 3)))
        notes = ""
        if rng.random() < 0.25:
            notes = rng.choice(NOTE_TEMPLATES).format(
                tag=rng.choices(TAGS, cum_weights=tag_cum)[0],
                tag2=rng.choices(TAGS, cum_weights=tag_cum)[0],
                org=orgs[rng.randrange(len(orgs))][0],
                city=rng.choice(CITIES) or "Berlin",
                q=rng.randint(1, 4),
            )
        is_second = rng.random() < 0.10
        fields = ContactFields(
            name=name,
            organisation=org_name,
            role=role,
            email=email,
            phone=f"+{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(1000000, 9999999)}"
            if rng.random() < 0.4
            else "",
            linkedin_url=f"https://www.linkedin.com/in/{_ascii_slug(name, '-')}-{cid}"
            if rng.random() < 0.6
            else "",
            location=rng.choice(CITIES),
            how_we_met="" if is_second else rng.choice(HOW_WE_MET),
            career_path=f"{rng.choice(ROLES)} at {orgs[rng.randrange(len(orgs))][0]}"
            if rng.random() < 0.3
            else "",
            notes=notes,
            closeness=rng.choices((1, 2, 3, 4, 5), weights=(10, 25, 35, 20, 10))[0],
            cadence_days=rng.choice((30, 60, 90, 90, 180, 365)) if rng.random() < 0.3 else None,
            second_degree=is_second,
            tags=tags,
            expertise=expertise,
            interests=interests,
        )
        created = moment_in_history()
        updated = created + dt.timedelta(seconds=rng.randrange(30 * 86_400))
        updated = min(updated, dt.datetime.combine(today, dt.time(9)))
        archived = rng.random() < 0.01
        contact_rows.append(
            (
                cid,
                *fields.columns().values(),
                int(archived),
                _stamp(created),
                _stamp(updated),
                sort_key_for(name),
                search_text_for(fields),
                str(uuid.UUID(int=uid_rng.getrandbits(128), version=4)),
            )
        )
        relationship_rows.append((cid, fields.closeness, fields.cadence_days))
        # The same order as netui.db.contacts._set_tags: tags, expertise, interests.
        for attribute, kind in TAG_FIELDS.items():
            contact_tag_rows.extend((cid, tag, kind) for tag in getattr(fields, attribute))
        org_of.append(org_index)
        second_degree.append(is_second)
        weight = min(rng.paretovariate(1.3), 60.0)
        activity.append(weight)

    # Keep the columns in the order of ContactFields.columns() (a dict, insertion-ordered).
    contact_columns = [
        "id",
        *ContactFields(name="").columns().keys(),
        "archived",
        "created_at",
        "updated_at",
        "sort_name",
        "search_text",
        "uid",
    ]

    # -- ties: unique pairs, a < b --
    pairs = _tie_pairs(rng, ties, org_of, second_degree, activity)
    tie_rows = []
    for a, b in pairs:
        same_org = org_of[a - 1] >= 0 and org_of[a - 1] == org_of[b - 1]
        template = TIE_CONTEXTS[0] if same_org and rng.random() < 0.7 else rng.choice(TIE_CONTEXTS)
        org_index = org_of[a - 1] if same_org else org_of[rng.choice((a, b)) - 1]
        context = template.format(
            org=orgs[org_index][0] if org_index >= 0 else "a startup",
            tag=rng.choices(TAGS, cum_weights=tag_cum)[0],
            city=rng.choice(CITIES) or "Berlin",
        )
        strength = rng.choices((1, 2, 3, 4, 5), weights=STRENGTH_WEIGHTS)[0]
        tie_rows.append((a, b, strength, context, _stamp(moment_in_history())))

    # -- meetings: half done (in the past), half coming up; every third from a calendar,
    # with everyone it invited touched on its day (schema 5) --
    meeting_rows = []
    meeting_links: list[tuple[int, int, dt.date]] = []  # (meeting id, contact id, day)
    touch_rows = []
    for mid in range(1, meetings + 1):
        cid = rng.randint(1, contacts)
        past = mid % 2 == 1
        offset = -rng.randint(1, 180) if past else rng.randint(0, 30)
        when = dt.datetime.combine(today + dt.timedelta(days=offset), dt.time(rng.randint(8, 17)))
        introducer = rng.randint(1, contacts) if contacts > 1 and rng.random() < 0.3 else None
        if introducer == cid:
            introducer = None
        tag = rng.choices(TAGS, cum_weights=tag_cum)[0]
        org = orgs[rng.randrange(len(orgs))][0]
        created = min(when, dt.datetime.combine(today, dt.time(9))) - dt.timedelta(days=7)
        meeting_rows.append(
            (
                mid,
                cid,
                introducer,
                _stamp(when),
                rng.choice(("coffee", "video call", "lunch", "their office", "")),
                rng.choice(MEETING_PURPOSES).format(tag=tag, org=org),
                f"Works on {tag}." if rng.random() < 0.7 else "",
                "",
                tag,
                "",
                rng.choices(TAGS, cum_weights=tag_cum)[0],
                f"an intro to someone at {org}" if rng.random() < 0.5 else "",
                "share my notes on " + tag if rng.random() < 0.6 else "",
                "",
                "What is hard about this right now?",
                f"an intro to {org}" if rng.random() < 0.4 else "",
                int(past),
                "Went well; agreed to stay in touch." if past else "",
                (when.date() + dt.timedelta(days=30)).isoformat() if past else None,
                _stamp(created),
                _stamp(created),
                *_calendar_columns(mid, when),
            )
        )
        if mid % 3 == 0:
            invited = {cid, *(rng.randint(1, contacts) for _ in range(rng.randint(0, 2)))}
            for person in sorted(invited):
                touch_rows.append(
                    (person, when.date().isoformat(), "calendar", f"event-{mid}@bench", "",
                     _stamp(created))
                )  # fmt: skip
        if past:
            meeting_links.append((mid, cid, when.date()))
    meeting_columns = [
        "id",
        "contact",
        "introducer",
        "scheduled_at",
        "place",
        "purpose",
        "who_they_are",
        "career_path",
        "expertise",
        "key_connections",
        "interests",
        "helps_them",
        "give_first",
        "reasons",
        "questions",
        "ask",
        "done",
        "outcome",
        "follow_up",
        "created_at",
        "updated_at",
        "title",
        "calendar_uid",
        "calendar_key",
    ]

    # -- exchanges: three years, both directions, every currency --
    exchange_rows = []
    if exchanges:
        # First-degree contacts trade far more; each contact leans to giving or taking.
        cum = list(
            itertools.accumulate(
                w * (0.1 if second else 1.0)
                for w, second in zip(activity, second_degree, strict=True)
            )
        )
        lean = [rng.betavariate(2, 2) for _ in range(contacts)]
        # The first exchange of each past meeting belongs to it.
        linked = meeting_links[: min(len(meeting_links), exchanges)]
        chosen = [cid for _, cid, _ in linked]
        chosen += rng.choices(range(1, contacts + 1), cum_weights=cum, k=exchanges - len(linked))
        for index, cid in enumerate(chosen):
            if index < len(linked):
                meeting_id, _, day = linked[index]
            else:
                meeting_id = None
                day = (start + dt.timedelta(days=rng.randrange(HISTORY_DAYS + 1))).date()
            direction = DIRECTIONS[0] if rng.random() < lean[cid - 1] else DIRECTIONS[1]
            note = ""
            if rng.random() < 0.3:
                note = rng.choice(EXCHANGE_NOTES).format(
                    tag=rng.choices(TAGS, cum_weights=tag_cum)[0],
                    org=orgs[rng.randrange(len(orgs))][0],
                )
            exchange_rows.append(
                (
                    cid,
                    day.isoformat(),
                    direction,
                    rng.choices(CURRENCIES, weights=CURRENCY_WEIGHTS)[0],
                    rng.choices((1, 2, 3, 4, 5), weights=VALUE_WEIGHTS)[0],
                    note,
                    meeting_id,
                    _stamp(
                        dt.datetime.combine(day, dt.time(18))
                        + dt.timedelta(seconds=rng.randrange(4 * 3600))
                    ),
                )
            )
        exchange_rows.sort(key=lambda row: (row[1], row[7], row[0]))
    exchange_columns = [
        "contact",
        "date",
        "direction",
        "currency",
        "value",
        "note",
        "meeting",
        "created_at",
    ]

    # -- write it all in one transaction --
    db = open_database(path)
    try:
        with database.atomic():
            conn = db.connection()
            _insert(conn, Contact, contact_columns, contact_rows)
            # Schema 7: the file's one member's closeness and cadence with each, and
            # every meeting, touch and exchange theirs.
            member = current_member_id()
            conn.execute("UPDATE member SET created_at = ?", (_stamp(start),))  # same every run
            _insert(
                conn,
                Relationship,
                ["member", "contact", "closeness", "cadence_days", "shared"],
                ((member, cid, close, cadence, 0) for cid, close, cadence in relationship_rows),
            )
            ids = tag_ids(TAGS)
            _insert(
                conn,
                ContactTag,
                ["contact", "tag", "kind"],
                ((cid, ids[tag], kind) for cid, tag, kind in contact_tag_rows),
            )
            _insert(conn, Tie, ["a", "b", "strength", "context", "created_at"], tie_rows)
            _insert(
                conn, Meeting, [*meeting_columns, "member"], ((*r, member) for r in meeting_rows)
            )
            _insert(
                conn,
                Touch,
                ["contact", "day", "source", "calendar_uid", "calendar_key", "created_at",
                 "member"],
                ((*row, member) for row in touch_rows),
            )  # fmt: skip
            _insert(
                conn,
                Exchange,
                [*exchange_columns, "member"],
                ((*row, member) for row in exchange_rows),
            )
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        close_database()


def _calendar_columns(mid: int, when: dt.datetime) -> tuple[str, str, str]:
    """Title, UID and occurrence of the meetings that came from a calendar (every third)."""
    if mid % 3:
        return ("", "", "")
    return (f"Coffee {when:%d %b}", f"event-{mid}@bench", "")


def _tie_pairs(
    rng: random.Random,
    ties: int,
    org_of: Sequence[int],
    second_degree: Sequence[bool],
    activity: Sequence[float],
) -> list[tuple[int, int]]:
    """``ties`` distinct pairs ``(a, b)`` of contact ids with ``a < b``, in random order.

    Every second-degree contact first gets a tie to someone in the network (that is
    how they are known); then about a third of the ties are between colleagues and
    the rest between random people, busy people more often.
    """
    n = len(org_of)
    if ties == 0:
        return []
    max_pairs = n * (n - 1) // 2
    if ties * 2 > max_pairs:
        # Dense: sample from every pair (only happens for tiny networks).
        every = list(itertools.combinations(range(1, n + 1), 2))
        return rng.sample(every, ties)

    chosen: dict[tuple[int, int], None] = {}

    def add(x: int, y: int) -> None:
        if x != y:
            chosen.setdefault((x, y) if x < y else (y, x), None)

    first_degree = [cid for cid in range(1, n + 1) if not second_degree[cid - 1]]
    if first_degree:
        for cid in range(1, n + 1):
            if len(chosen) >= ties:
                break
            if second_degree[cid - 1]:
                add(cid, rng.choice(first_degree))

    members: dict[int, list[int]] = {}
    for cid, org in enumerate(org_of, start=1):
        if org >= 0:
            members.setdefault(org, []).append(cid)
    cum = list(itertools.accumulate(activity))
    total = cum[-1]
    ids = range(1, n + 1)
    while len(chosen) < ties:
        need = ties - len(chosen)
        for x in rng.choices(ids, cum_weights=cum, k=need + need // 8 + 16):
            if len(chosen) >= ties:
                break
            colleagues = members.get(org_of[x - 1])
            if colleagues and len(colleagues) > 1 and rng.random() < 0.35:
                add(x, colleagues[rng.randrange(len(colleagues))])
            else:
                add(x, bisect.bisect_left(cum, rng.random() * total) + 1)
    pairs = list(chosen)
    rng.shuffle(pairs)
    return pairs


def _count(db_path: Path) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    try:
        return {
            table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in ("contact", "tag", "contact_tag", "tie", "exchange", "meeting", "touch")
        }
    finally:
        conn.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Write a synthetic professional network into a new netui database.",
    )
    parser.add_argument("out", type=Path, help="the database file to create")
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--ties", type=int, default=None, help="default: 10 x contacts")
    parser.add_argument("--exchanges", type=int, default=None, help="default: 5 x contacts")
    parser.add_argument("--meetings", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args(argv)
    ties = 10 * args.contacts if args.ties is None else args.ties
    exchanges = 5 * args.contacts if args.exchanges is None else args.exchanges

    out: Path = args.out
    if out.exists():
        if not args.force:
            print(f"{out} already exists; pass --force to replace it.", file=sys.stderr)
            return 1
        if out.is_dir():
            print(f"{out} is a folder, not a database file.", file=sys.stderr)
            return 1
    # Leftovers of an earlier file with this name would be replayed into the new one.
    for suffix in ("", "-wal", "-shm", "-journal"):
        stale = out.with_name(out.name + suffix)
        if stale.exists() and (args.force or suffix):
            stale.unlink()
    started = time.perf_counter()
    try:
        generate(out, args.contacts, ties, exchanges, seed=args.seed, meetings=args.meetings)
    except (ValueError, FileExistsError, StorageError) as error:
        print(error, file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    counts = ", ".join(f"{n:,} {table}" for table, n in _count(out).items())
    print(f"Wrote {out} in {elapsed:.1f} s: {counts}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
