"""The demo network behind ``netui demo``: about forty believable people.

:func:`build_demo` writes it through the public storage helpers into a temporary
file beside the target and renames it into place, so a half-built demo never
remains. The result depends only on ``seed`` and ``today``; every date is relative
to ``today`` so the demo always looks current. No Textual here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from netui import clock
from netui.core.validation import split_tags
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.errors import StorageError
from netui.db.models import (
    CURRENCIES,
    Contact,
    Exchange,
    Goal,
    GoalContact,
    GoalTag,
    Good,
    GoodTag,
    Introduction,
    Meeting,
    Member,
    Setting,
    Tie,
)
from netui.db.tags import clean_tags, tag_ids

ME = "Alex Morgan"
MY_ORGANISATION = "Northwind Analytics"
EXCHANGE_COUNT = 120
TIE_COUNT = 60

DOMAINS = {
    "Northwind Analytics": "northwind.example",
    "Globex": "globex.example",
    "Helix Health": "helixhealth.example",
    "Brightwater Capital": "brightwater.example",
    "Meridian Logistics": "meridian.example",
    "Tidepool Labs": "tidepool.example",
    "Torres & Partners": "torrespartners.example",
    "Lakeside University": "lakeside.example",
    "Quantia": "quantia.example",
}

#: Phone formats per city, in number ranges reserved for fiction where there are any.
PHONES = {
    "London": "+44 20 7946 0{:03d}",
    "Tel Aviv": "+972 3 555 {:04d}",
    "New York": "+1 212 555 01{:02d}",
    "Berlin": "+49 30 5550 {:04d}",
    "Copenhagen": "+45 55 50 {:04d}",
    "Lisbon": "+351 21 555 {:04d}",
}


@dataclass(frozen=True)
class Person:
    """One demo contact. Tags are written ``"a, b"``; ``email=None`` derives one."""

    name: str
    org: str
    role: str
    location: str
    closeness: int = 3
    cadence: int | None = None
    second: bool = False
    how_we_met: str = ""
    career: str = ""
    notes: str = ""
    tags: str = ""
    expertise: str = ""
    interests: str = ""
    email: str | None = None


# fmt: off
PEOPLE: tuple[Person, ...] = (
    # --- Northwind Analytics: my own organisation -------------------------------------
    Person("Priya Raman", "Northwind Analytics", "VP Engineering", "London", 4, 30,
           how_we_met="She hired me into Northwind",
           career="Quantia (Principal Engineer) → Northwind Analytics (VP Engineering)",
           notes="Sponsor for the platform migration; wants more visibility with the board.",
           tags="colleague, leadership", expertise="platform engineering, hiring",
           interests="board governance, mentoring"),
    Person("Tom Becker", "Northwind Analytics", "Head of Sales", "London", 3, 60,
           notes="Always looking for warm intros into fintech buyers.",
           tags="colleague", expertise="enterprise sales", interests="fintech, pricing"),
    Person("Chloé Dubois", "Northwind Analytics", "Product Director", "London", 4, 30,
           how_we_met="Worked on the pricing launch together",
           career="Deezer (PM) → Globex (Senior PM) → Northwind Analytics",
           tags="colleague", expertise="product strategy, pricing",
           interests="product analytics, design"),
    Person("Marcus Reid", "Northwind Analytics", "Senior Data Engineer", "London", 5, 14,
           notes="Reports to me. Wants to grow into a staff role; needs visible projects.",
           tags="colleague, my team", expertise="data engineering, streaming",
           interests="career growth, open source"),
    Person("Hana Sato", "Northwind Analytics", "Chief of Staff", "London", 3, 45,
           notes="Knows what the CEO is worried about before anyone else does.",
           tags="colleague", expertise="operations, strategy", interests="leadership"),
    Person("Owen Gallagher", "Northwind Analytics", "CFO", "London", 2, 90,
           tags="colleague", expertise="finance, fundraising", interests="pricing, saas"),
    Person("Leila Haddad", "Northwind Analytics", "UX Research Lead", "London", 3, 60,
           career="Meridian Logistics (UX) → Northwind Analytics",
           tags="colleague", expertise="user research", interests="design, health tech"),
    # --- Globex ---------------------------------------------------------------------------
    Person("Dana Levi", "Globex", "Head of Data Science", "Tel Aviv", 4, 30,
           how_we_met="Lakeside University data science alumni dinner",
           career="Lakeside University (MSc) → Globex (Data Scientist → Head of Data Science)",
           notes="Building an ML platform team; interested in our migration story.",
           tags="fintech", expertise="machine learning, credit risk",
           interests="ml platforms, hiring, mentoring"),
    Person("Yossi Mizrahi", "Globex", "CTO", "Tel Aviv", 3, 90,
           how_we_met="Panel at DataConf",
           tags="fintech, executive", expertise="architecture, security",
           interests="cloud, startups"),
    Person("Rachel Stein", "Globex", "Engineering Manager", "London", 3, 60,
           tags="fintech", expertise="engineering management", interests="hiring, remote work"),
    Person("Carlos Mendes", "Globex", "Risk Analytics Lead", "Lisbon", 3, 90,
           how_we_met="Globex is a Northwind customer; met at their onboarding",
           tags="fintech, customer", expertise="risk modelling, analytics",
           interests="pricing, data engineering"),
    Person("Ingrid Holm", "Globex", "Talent Partner", "Copenhagen", 2, 120,
           tags="recruiter", expertise="technical recruiting", interests="hiring"),
    Person("Ben Okafor", "Globex", "Staff Engineer", "London", 2, second=True,
           how_we_met="Known through Rachel Stein",
           tags="fintech", expertise="distributed systems, streaming",
           interests="open source"),
    Person("Sofia Rossi", "Globex", "VP Product", "London", 2, second=True,
           how_we_met="Known through Dana Levi",
           tags="fintech, executive", expertise="product strategy",
           interests="product analytics, pricing"),
    # --- Helix Health -----------------------------------------------------------------------
    Person("Miriam Cohen", "Helix Health", "COO", "Berlin", 3, 90,
           how_we_met="Neighbours in London before she moved to Berlin",
           career="McKinley (consultant) → Helix Health (co-founder, COO)",
           notes="Offered to introduce me to Grace. Values concrete, well-prepared asks.",
           tags="health tech, executive", expertise="operations, scaling teams",
           interests="leadership, data strategy"),
    Person("Samuel Adeyemi", "Helix Health", "Chief Medical Officer", "Berlin", 1,
           second=True, how_we_met="Known through Miriam Cohen",
           tags="health tech", expertise="clinical research", interests="machine learning"),
    Person("Julia Novak", "Helix Health", "Head of Analytics", "Berlin", 4, 45,
           how_we_met="Studied together at Lakeside University",
           tags="health tech", expertise="analytics, data quality",
           interests="data engineering, ml platforms"),
    Person("Arjun Mehta", "Helix Health", "Data Platform Lead", "Berlin", 3, 60,
           tags="health tech", expertise="data engineering, streaming",
           interests="routing, open source"),
    Person("Emily Clarke", "Helix Health", "Talent Acquisition Lead", "Berlin", 2, 180,
           tags="recruiter, health tech", expertise="technical recruiting",
           interests="hiring"),
    Person("נועה ברק", "Helix Health", "Clinical Data Scientist", "Tel Aviv", 3, 60,
           how_we_met="Mentoring programme at Lakeside University",
           notes="Noa Barak. Asked for advice on moving from research into industry.",
           tags="health tech, mentee", expertise="biostatistics",
           interests="career growth, machine learning", email="noa.barak@helixhealth.example"),
    Person("Grace Liu", "Helix Health", "CEO", "Berlin", 1, second=True,
           how_we_met="Known through Miriam Cohen",
           career="Siemens Healthineers → Helix Health (co-founder, CEO)",
           notes="Hiring a first Head of Data this year, according to Miriam.",
           tags="health tech, executive", expertise="health tech, fundraising",
           interests="data strategy, leadership"),
    # --- Brightwater Capital -----------------------------------------------------------------
    Person("Nadia Petrova", "Brightwater Capital", "Partner", "London", 3, 60,
           how_we_met="Judged a hackathon together",
           notes="Leads Brightwater's data and health portfolio; sits on Helix Health's board.",
           tags="investor", expertise="venture capital, due diligence",
           interests="health tech, data strategy, startups"),
    Person("James Whitfield", "Brightwater Capital", "Managing Partner", "London", 1,
           second=True, how_we_met="Known through Nadia Petrova",
           tags="investor, executive", expertise="venture capital", interests="fintech"),
    Person("Aisha Rahman", "Brightwater Capital", "Associate", "London", 3, 90,
           tags="investor", expertise="due diligence, market research",
           interests="data strategy, startups"),
    Person("Lars Eriksen", "Brightwater Capital", "Venture Partner", "Copenhagen", 1,
           second=True, how_we_met="Known through Aisha Rahman",
           tags="investor", expertise="operations research, logistics",
           interests="startups"),
    Person("Olivia Grant", "Brightwater Capital", "Head of Platform", "London", 3, 90,
           notes="Runs the portfolio talent network: a good route to roles before they are posted.",
           tags="investor, talent", expertise="talent networks",
           interests="hiring, community"),
    # --- Meridian Logistics ------------------------------------------------------------------
    Person("Søren Kjær", "Meridian Logistics", "Head of Operations Research", "Copenhagen",
           3, 90, career="Lakeside University (PhD) → Meridian Logistics",
           tags="logistics", expertise="operations research, optimisation",
           interests="routing, machine learning"),
    Person("Kofi Mensah", "Meridian Logistics", "Director of Engineering", "London", 3, 60,
           notes="Gave me a lot of advice on running an on-call rotation.",
           tags="logistics", expertise="engineering management, reliability",
           interests="leadership, mentoring"),
    Person("Laura Fischer", "Meridian Logistics", "CIO", "Berlin", 1, second=True,
           how_we_met="Known through Kofi Mensah",
           tags="logistics, executive", expertise="it strategy", interests="data strategy"),
    Person("Diego Álvarez", "Meridian Logistics", "Analytics Manager", "Lisbon", 4, 45,
           how_we_met="Met at the Data Leaders meetup",
           notes="Wants to move his team onto streaming data; keen to meet Arjun.",
           tags="logistics", expertise="analytics, forecasting",
           interests="streaming, data engineering"),
    Person("Hannah Weiss", "Meridian Logistics", "Product Manager", "Berlin", 2, 120,
           tags="logistics", expertise="product management", interests="design"),
    # --- Independents and small shops ------------------------------------------------------
    Person("Elena Vasquez", "", "Independent data strategy consultant", "Lisbon", 4, 60,
           how_we_met="Worked together at Quantia",
           notes="Looking for deal flow from investors who need data due diligence.",
           tags="consultant", expertise="data strategy, due diligence",
           interests="startups, health tech", email="elena@vasquez-data.example"),
    Person("Michael Torres", "Torres & Partners", "Executive Recruiter", "New York", 3, 90,
           notes="Places data leaders; tells me about searches before they go public.",
           tags="recruiter", expertise="executive search", interests="leadership, fintech"),
    Person("Ruth Amsalem", "Lakeside University", "Professor of Operations Research",
           "Tel Aviv", 3, 180, how_we_met="Guest lecture on data platforms",
           tags="academia", expertise="operations research, optimisation",
           interests="machine learning, mentoring"),
    Person("Kenji Watanabe", "Tidepool Labs", "Founder & CEO", "London", 3, 60,
           how_we_met="Data Leaders meetup",
           notes="Building anomaly detection for data pipelines; looking for pilot customers.",
           tags="founder", expertise="anomaly detection, data quality",
           interests="startups, health tech, data engineering"),
    Person("Fatima Zahra Benali", "", "Freelance data journalist", "Lisbon", 2, 120,
           notes="Writes about data careers; I gave her background for two articles.",
           tags="media", expertise="data journalism", interests="speaking, career growth",
           email="fatima.benali@newsdesk.example"),
    Person("Patrick O'Neill", "", "Organiser, Data Leaders meetup", "London", 4, 30,
           notes="Can put me on the DataConf shortlist if I give a good meetup talk first.",
           tags="community", expertise="community building",
           interests="speaking, community", email="patrick@dataleaders.example"),
    Person("Marta Nowak", "Tidepool Labs", "CTO & co-founder", "Berlin", 1, second=True,
           how_we_met="Known through Kenji Watanabe",
           tags="founder", expertise="machine learning, data quality",
           interests="open source"),
    Person("Zoë Hartmann", "", "Programme chair, DataConf", "Berlin", 1, second=True,
           how_we_met="Known through Patrick O'Neill",
           tags="community", expertise="conference programming",
           interests="speaking, community", email="zoe@dataconf.example"),
    Person("Ali Hosseini", "Quantia", "Principal Engineer", "New York", 4, 90,
           how_we_met="Worked together at Quantia",
           tags="former colleague", expertise="distributed systems",
           interests="cloud, open source"),
    Person("Rebecca Moss", "", "Advisor, former CTO", "London", 5, 60,
           how_we_met="Assigned as my mentor at Quantia",
           career="Quantia (CTO) → board advisor to three start-ups",
           notes="My mentor for eight years. Never asks for anything; find a way to give back.",
           tags="mentor", expertise="leadership, board governance",
           interests="health tech, mentoring", email="rebecca.moss@mossadvisory.example"),
)
# fmt: on

#: Ties that tell a story; same-organisation ties are added to reach TIE_COUNT.
STORY_TIES: tuple[tuple[str, str, int, str], ...] = (
    ("Ben Okafor", "Rachel Stein", 5, "Rachel manages Ben at Globex"),
    ("Ben Okafor", "Ali Hosseini", 3, "studied together at Lakeside University"),
    ("Sofia Rossi", "Dana Levi", 4, "worked together at Globex"),
    ("Sofia Rossi", "Chloé Dubois", 3, "worked together at Globex"),
    ("Samuel Adeyemi", "Miriam Cohen", 4, "worked together at Helix Health"),
    ("Samuel Adeyemi", "Julia Novak", 3, "run the clinical data review together"),
    ("Grace Liu", "Miriam Cohen", 5, "co-founded Helix Health together"),
    ("Grace Liu", "James Whitfield", 4, "Brightwater led Helix Health's Series B"),
    ("Grace Liu", "Nadia Petrova", 3, "Nadia sits on the Helix Health board"),
    ("Grace Liu", "Rebecca Moss", 2, "met at a health-tech CTO dinner"),
    ("James Whitfield", "Nadia Petrova", 5, "worked together at Brightwater Capital"),
    ("Lars Eriksen", "Aisha Rahman", 3, "worked together at Brightwater Capital"),
    ("Lars Eriksen", "Søren Kjær", 3, "worked together at Nordlys Shipping"),
    ("Laura Fischer", "Kofi Mensah", 4, "Kofi reports to Laura at Meridian Logistics"),
    ("Laura Fischer", "Michael Torres", 3, "Michael placed Laura at Meridian Logistics"),
    ("Marta Nowak", "Kenji Watanabe", 5, "co-founded Tidepool Labs together"),
    ("Marta Nowak", "Elena Vasquez", 2, "Elena advised Tidepool Labs on data strategy"),
    ("Zoë Hartmann", "Patrick O'Neill", 4, "run the DataConf meetup track together"),
    ("Zoë Hartmann", "Fatima Zahra Benali", 3, "Fatima has covered DataConf for two years"),
    ("Dana Levi", "Julia Novak", 3, "studied together at Lakeside University"),
    ("Priya Raman", "Ali Hosseini", 4, "worked together at Quantia"),
    ("Marcus Reid", "Arjun Mehta", 3, "maintain the same open-source project"),
    ("Nadia Petrova", "Kenji Watanabe", 4, "Brightwater invested in Tidepool Labs"),
    ("Elena Vasquez", "Diego Álvarez", 3, "Elena consulted for Meridian Logistics"),
    ("Michael Torres", "Ingrid Holm", 3, "share searches for data leaders"),
    ("Ruth Amsalem", "Søren Kjær", 4, "Søren did his PhD with Ruth"),
    ("Rebecca Moss", "Priya Raman", 4, "Rebecca mentored Priya at Quantia"),
    ("Olivia Grant", "Emily Clarke", 3, "run a talent leaders round table together"),
    ("Tom Becker", "Carlos Mendes", 2, "Globex is a Northwind customer"),
    ("Yossi Mizrahi", "Ali Hosseini", 3, "speak at the same cloud conferences"),
    ("נועה ברק", "Ruth Amsalem", 3, "Noa was Ruth's student"),
    ("Leila Haddad", "Hannah Weiss", 3, "worked together at Meridian Logistics"),
    ("Kenji Watanabe", "Julia Novak", 2, "I introduced them"),
)

#: Contacts who only gave to me, only received from me, or went quiet long ago.
ONLY_RECEIVED_FROM = frozenset({"Rebecca Moss", "Michael Torres", "Kofi Mensah"})
ONLY_GAVE_TO = frozenset({"Marcus Reid", "נועה ברק", "Fatima Zahra Benali"})
DORMANT = frozenset({"Owen Gallagher", "Hannah Weiss", "Ali Hosseini"})
NO_EXCHANGES = frozenset({"Ingrid Holm", "Emily Clarke"})

NOTES: dict[str, dict[str, tuple[str, ...]]] = {
    "knowledge": {
        "gave": (
            "Walked them through our data-platform migration",
            "Reviewed their data model over coffee",
            "Shared how we run blameless post-mortems",
        ),
        "received": (
            "Explained how their board reviews pricing",
            "Taught me their approach to model monitoring",
            "Gave me a crash course in clinical data rules",
        ),
    },
    "information": {
        "gave": (
            "Told them about an opening on a friend's team",
            "Sent the salary benchmarks for data roles",
            "Tipped them off about a vendor price change",
        ),
        "received": (
            "Heard about a Head of Data search before it went public",
            "Shared the agenda of the next industry round table",
            "Told me which teams are hiring this quarter",
        ),
    },
    "introduction": {
        "gave": (
            "Introduced them to a recruiter I trust",
            "Connected them with a former colleague",
        ),
        "received": (
            "Introduced me to a partner at an investor",
            "Connected me with their head of product",
        ),
    },
    "access": {
        "gave": (
            "Got them a guest pass to the Data Leaders meetup",
            "Invited them to our quarterly tech talk",
        ),
        "received": (
            "Invited me to a closed round table",
            "Got me into a founders' dinner",
        ),
    },
    "support": {
        "gave": (
            "Mock interview before their promotion panel",
            "Reviewed their conference talk",
            "Listened through a hard reorganisation",
        ),
        "received": (
            "Backed my proposal in the leadership meeting",
            "Reviewed my talk abstract",
            "Helped me think through a difficult hire",
        ),
    },
    "favour": {
        "gave": ("Covered their slot at the meetup", "Wrote a LinkedIn recommendation"),
        "received": (
            "Lent me their meeting room for a workshop",
            "Shared their team's on-call tool",
        ),
    },
    "other": {
        "gave": ("Sent a book on negotiation", "Congratulated them on the new role"),
        "received": ("Sent a thoughtful note after my talk", "Passed on a useful book"),
    },
}
CURRENCY_WEIGHTS = (3, 3, 2, 1, 2, 2, 1)  # in the order of CURRENCIES


# --- the build, atomic on disk ---------------------------------------------------------


def build_demo(path: Path, *, today: dt.date | None = None, seed: int = 7) -> None:
    """Write the demo network to ``path``, replacing any file there.

    The network is built in a temporary file beside ``path``, in one transaction,
    and renamed into place only when complete; on any failure nothing is left.
    Raises :class:`StorageError` when the folder or file cannot be written.
    """
    path = Path(path).expanduser()
    today = today or clock.today()
    _ensure_folder(path.parent)
    temp = _temp_file_beside(path)
    try:
        opened = open_database(temp)
        assert isinstance(opened, SqliteDatabase)  # a file: SQLite
        db: SqliteDatabase = opened  # execute_sql as peewee types it
        with db.atomic():
            populate(today, random.Random(seed))
            # The demo's one member joined when its history starts (the same every build).
            Member.update(created_at=dt.datetime.combine(today, dt.time(9))).execute()
        db.execute_sql("PRAGMA journal_mode = DELETE")  # fold the WAL into the file
        close_database()
        _remove_sidecars(path)  # a stale WAL must never be replayed onto the new file
        os.replace(temp, path)
    except BaseException:
        close_database()
        _remove_quietly([temp, *_sidecars(temp)])
        raise


def _ensure_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, 0o700)
    except OSError as error:
        raise StorageError(f"Cannot create the folder {folder}: {error.strerror}.") from None


def _temp_file_beside(path: Path) -> Path:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".building", dir=path.parent)
    except OSError as error:
        raise StorageError(f"Cannot write in {path.parent}: {error.strerror}.") from None
    os.close(fd)  # mkstemp made it 0600; SQLite treats the empty file as a new database
    return Path(name)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _remove_sidecars(path: Path) -> None:
    for sidecar in _sidecars(path):
        try:
            sidecar.unlink(missing_ok=True)
        except OSError as error:
            raise StorageError(f"Cannot remove {sidecar}: {error.strerror}.") from None


def _remove_quietly(files: Iterable[Path]) -> None:
    for file in files:
        with contextlib.suppress(OSError):
            file.unlink(missing_ok=True)


# --- the network ------------------------------------------------------------------------


def populate(today: dt.date, rng: random.Random) -> None:
    """Write the whole demo network into the open database."""
    ids = add_people(today, rng)
    add_ties(ids, today, rng)
    intro_exchanges = add_introductions(ids, today)
    meeting_exchanges = add_meetings(ids, today)
    linked = intro_exchanges + meeting_exchanges
    add_exchanges(ids, today, rng, EXCHANGE_COUNT - len(linked))
    Exchange.insert_many(linked).execute()
    add_goods(today)
    add_goals(ids, today)
    add_settings()


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


def add_introductions(ids: dict[str, int], today: dt.date) -> list[dict[str, Any]]:
    """Three introductions I broker, one per status; returns the exchanges of the made one."""

    def day(days_ago: int) -> dt.date:
        return today - dt.timedelta(days=days_ago)

    made = Introduction.insert(
        a=ids["Kenji Watanabe"],
        b=ids["Julia Novak"],
        a_gains="A pilot customer with messy clinical data for Tidepool's anomaly detection",
        a_value=4,
        b_gains="Catching data-quality problems in claims data before the analysts do",
        b_value=3,
        status="made",
        asked_on=day(80),
        made_on=day(74),
        created_at=at(day(85)),
        updated_at=at(day(74), 17),
    ).execute()
    Introduction.insert(
        a=ids["Diego Álvarez"],
        b=ids["Arjun Mehta"],
        a_gains="How Helix moved its pipelines to streaming, from the person who did it",
        a_value=4,
        b_gains="Meridian's routing know-how for scheduling home-care visits",
        b_value=3,
        status="asked",
        asked_on=day(9),
        created_at=at(day(12)),
        updated_at=at(day(9), 17),
    ).execute()
    Introduction.insert(
        a=ids["Aisha Rahman"],
        b=ids["Elena Vasquez"],
        a_gains="An experienced advisor for data due diligence on deals",
        a_value=4,
        b_gains="Possible paid diligence work",
        b_value=2,
        status="idea",
        created_at=at(day(3)),
        updated_at=at(day(3)),
    ).execute()
    return [
        _exchange(
            ids["Kenji Watanabe"],
            day(74),
            "gave",
            "introduction",
            4,
            "Introduced Kenji to Julia Novak at Helix Health",
            introduction=made,
        ),
        _exchange(
            ids["Julia Novak"],
            day(74),
            "gave",
            "introduction",
            3,
            "Introduced Julia to Kenji Watanabe of Tidepool Labs",
            introduction=made,
        ),
        _exchange(
            ids["Kenji Watanabe"],
            day(52),
            "received",
            "access",
            2,
            "Invited me to Tidepool's advisory pilot",
            introduction=made,
        ),
    ]


def add_meetings(ids: dict[str, int], today: dt.date) -> list[dict[str, Any]]:
    """One upcoming meeting with a full worksheet and one done; returns the latter's exchanges."""
    Meeting.insert(
        contact=ids["Grace Liu"],
        introducer=ids["Miriam Cohen"],
        scheduled_at=at(today + dt.timedelta(days=3), 8, 30),
        place="Café Einstein, Unter den Linden, Berlin",
        purpose="Learn how Helix Health plans to build its data team",
        who_they_are="Co-founder and CEO of Helix Health, a 120-person health-tech company.",
        career_path="Product lead at Siemens Healthineers, then co-founded Helix Health "
        "with Miriam Cohen.",
        expertise="Health tech, regulated products, fundraising (Series B led by Brightwater).",
        key_connections="Miriam Cohen (co-founder), Nadia Petrova and James Whitfield "
        "(Brightwater, board), Samuel Adeyemi (CMO).",
        interests="Data strategy, leadership, turning clinical data into products.",
        helps_them="A Head of Data who has migrated a platform without stopping the business.",
        give_first="Our data-platform migration playbook, and an intro to Kenji Watanabe "
        "(anomaly detection for pipelines).",
        reasons="I led Northwind's platform migration; Julia Novak on her team already "
        "works with people I introduced.",
        questions="What must the first data hire fix in year one?\n"
        "How do clinical and product data teams work together today?\n"
        "What would make her say no to a candidate?",
        ask="Be considered for the Head of Data role when the search opens.",
        created_at=at(today - dt.timedelta(days=6)),
        updated_at=at(today - dt.timedelta(days=1), 21),
    ).execute()
    past = Meeting.insert(
        contact=ids["Dana Levi"],
        scheduled_at=at(today - dt.timedelta(days=21), 12, 30),
        place="Lunch near the Globex office",
        purpose="Compare notes on ML platforms",
        who_they_are="Head of Data Science at Globex.",
        expertise="Machine learning, credit risk.",
        give_first="Our migration playbook.",
        questions="How does Globex review models before release?",
        ask="Her view on Sofia Rossi's product analytics plans.",
        done=True,
        outcome="Dana will share Globex's model-review checklist; I sent our playbook. "
        "She suggested I meet Sofia Rossi.",
        follow_up=today + dt.timedelta(days=9),
        created_at=at(today - dt.timedelta(days=30)),
        updated_at=at(today - dt.timedelta(days=21), 15),
    ).execute()
    day = today - dt.timedelta(days=21)
    return [
        _exchange(
            ids["Dana Levi"],
            day,
            "gave",
            "knowledge",
            3,
            "Sent our data-platform migration playbook",
            meeting=past,
        ),
        _exchange(
            ids["Dana Levi"],
            day,
            "received",
            "information",
            3,
            "Globex's model-review checklist",
            meeting=past,
        ),
    ]


def _exchange(
    contact_id: int,
    day: dt.date,
    direction: str,
    currency: str,
    value: int,
    note: str,
    *,
    meeting: int | None = None,
    introduction: int | None = None,
) -> dict[str, Any]:
    return {
        "contact": contact_id,
        "date": day,
        "direction": direction,
        "currency": currency,
        "value": value,
        "note": note,
        "meeting": meeting,
        "introduction": introduction,
        "created_at": at(day, 19),
    }


def exchange_counts(rng: random.Random, total: int) -> dict[str, int]:
    """How many ledger entries each first-degree contact gets, ``total`` in all."""
    base = {5: 6, 4: 5, 3: 3, 2: 2, 1: 1}
    counts = {
        person.name: base[person.closeness] + rng.randint(0, 1)
        for person in PEOPLE
        if not person.second and person.name not in NO_EXCHANGES
    }
    mixed = sorted(
        name for name in counts if name not in ONLY_GAVE_TO | ONLY_RECEIVED_FROM | DORMANT
    )
    while sum(counts.values()) < total:
        counts[rng.choice(mixed)] += 1
    while sum(counts.values()) > total:
        counts[max(counts, key=counts.__getitem__)] -= 1
    return counts


def add_exchanges(ids: dict[str, int], today: dt.date, rng: random.Random, total: int) -> None:
    """``total`` entries over the last two years, every currency, both directions."""
    rows = []
    currencies = iter(CURRENCIES)  # the first entries cover every currency
    for name, count in exchange_counts(rng, total).items():
        for _ in range(count):
            if name in DORMANT:
                days_ago = rng.randint(240, 720)
            else:
                days_ago = round(rng.triangular(2, 728, 45))
            if name in ONLY_RECEIVED_FROM:
                direction = "received"
            elif name in ONLY_GAVE_TO:
                direction = "gave"
            else:
                direction = "gave" if rng.random() < 0.55 else "received"
            currency = next(currencies, None) or rng.choices(CURRENCIES, CURRENCY_WEIGHTS)[0]
            value = rng.choices((1, 2, 3, 4, 5), (2, 4, 4, 2, 1))[0]
            note = rng.choice(NOTES[currency][direction])
            day = today - dt.timedelta(days=days_ago)
            rows.append(_exchange(ids[name], day, direction, currency, value, note))
    Exchange.insert_many(rows).execute()


GOODS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Data-platform migration playbook",
        "knowledge",
        "How we moved Northwind's warehouse to streaming without downtime: plan, "
        "checklists, and the mistakes.",
        "data engineering, streaming, ml platforms",
    ),
    (
        "Pricing and churn analytics",
        "expertise",
        "Two years of building pricing experiments and churn models for a SaaS business.",
        "pricing, analytics, saas",
    ),
    (
        "Warm line to Brightwater Capital",
        "connection",
        "Nadia Petrova will take a call from founders I vouch for.",
        "startups, venture capital, fundraising",
    ),
    (
        "Salary benchmarks for data teams",
        "information",
        "Anonymised ranges from three recent hiring rounds, by level and city.",
        "hiring, career growth",
    ),
    (
        "Guest passes to the Data Leaders meetup",
        "access",
        "Two passes a month for the meetup Patrick O'Neill runs.",
        "community, speaking",
    ),
    (
        "Mock interviews for senior data roles",
        "other",
        "An hour of realistic interview practice with feedback.",
        "career growth, mentoring",
    ),
)


def add_goods(today: dt.date) -> None:
    """The bank of goods, each with tags that match some contacts' interests."""
    for n, (title, kind, description, tags) in enumerate(GOODS):
        created = at(today - dt.timedelta(days=200 - 25 * n), 21)
        good = Good.insert(
            title=title,
            kind=kind,
            description=description,
            created_at=created,
            updated_at=created,
        ).execute()
        names = clean_tags(split_tags(tags))
        tag_map = tag_ids(names)
        GoodTag.insert_many([{"good": good, "tag": tag_map[name]} for name in names]).execute()


GOALS: tuple[tuple[str, str, str, str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Head of Data at a health-tech company",
        "My next role: lead a data team where the data changes patients' lives.",
        "Helix Health\nMeridian Logistics",
        "Head of Data\nVP Data\nChief Data Officer",
        "health tech, leadership, data strategy",
        (
            ("Miriam Cohen", "Can introduce me to Grace Liu"),
            ("Julia Novak", "Knows the data team from the inside"),
            ("Nadia Petrova", "On the Helix Health board"),
        ),
    ),
    (
        "Join a start-up's advisory board",
        "Advise one early-stage data company, a few hours a month.",
        "Tidepool Labs",
        "Advisor\nBoard member",
        "startups, venture capital",
        (
            ("Kenji Watanabe", "Tidepool is looking for advisors"),
            ("Rebecca Moss", "Advises three start-ups; knows how it works"),
        ),
    ),
    (
        "Speak at DataConf",
        "A main-stage talk about migrating a data platform.",
        "DataConf",
        "Speaker",
        "speaking, community",
        (("Patrick O'Neill", "Runs the meetup track that feeds the shortlist"),),
    ),
)


def add_goals(ids: dict[str, int], today: dt.date) -> None:
    """Career goals with target organisations, roles and tags, and the contacts serving them."""
    for n, (title, description, orgs, roles, tags, contacts) in enumerate(GOALS):
        created = at(today - dt.timedelta(days=120 - 30 * n), 22)
        goal = Goal.insert(
            title=title,
            description=description,
            target_organisations=orgs,
            target_roles=roles,
            created_at=created,
            updated_at=created,
        ).execute()
        names = clean_tags(split_tags(tags))
        tag_map = tag_ids(names)
        GoalTag.insert_many([{"goal": goal, "tag": tag_map[name]} for name in names]).execute()
        GoalContact.insert_many(
            [{"goal": goal, "contact": ids[name], "note": note} for name, note in contacts]
        ).execute()


def add_settings() -> None:
    Setting.insert_many(
        [
            {"key": "my_name", "value": ME},
            {"key": "my_organisation", "value": MY_ORGANISATION},
            {"key": "default_cadence", "value": "90"},
            {"key": "half_life_days", "value": "365"},
        ]
    ).execute()
