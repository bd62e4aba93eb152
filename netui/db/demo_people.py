"""The demo network's people and story, as data: who they are, whom they know, who
only gives or only takes, and what the exchanges between us say. No Textual here."""

from __future__ import annotations

from dataclasses import dataclass

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
