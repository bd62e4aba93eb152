"""Write ``netui-v1.db``: a real database file at schema version 1, with data.

Version 1 is the schema before migration step 2, which added ``contact.sort_name``,
``contact.search_text`` and the index on ``sort_name``. The DDL below is FROZEN: it
was copied from ``sqlite_master`` of a fresh database and those two columns and the
index were taken out. Never import netui's models here; they describe the newest
schema and will keep changing, while this file must stay what version 1 wrote.

Run it from the repository root to regenerate the committed fixture:

    python tests/data/make_v1_db.py [OUTPUT]
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

DEFAULT_OUTPUT = Path(__file__).with_name("netui-v1.db")

SCHEMA_V1 = """
CREATE TABLE "contact" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "organisation" TEXT NOT NULL, "role" TEXT NOT NULL, "email" TEXT NOT NULL, "phone" TEXT NOT NULL, "linkedin_url" TEXT NOT NULL, "location" TEXT NOT NULL, "how_we_met" TEXT NOT NULL, "career_path" TEXT NOT NULL, "notes" TEXT NOT NULL, "closeness" INTEGER NOT NULL CHECK (closeness BETWEEN 1 AND 5), "cadence_days" INTEGER, "second_degree" INTEGER NOT NULL, "archived" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL);
CREATE INDEX "contact_archived" ON "contact" ("archived");
CREATE TABLE "tag" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL);
CREATE UNIQUE INDEX "tag_name" ON "tag" ("name");
CREATE TABLE "contact_tag" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL, "kind" TEXT NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE);
CREATE INDEX "contact_tag_contact_id" ON "contact_tag" ("contact_id");
CREATE INDEX "contact_tag_tag_id" ON "contact_tag" ("tag_id");
CREATE UNIQUE INDEX "contact_tag_contact_id_tag_id_kind" ON "contact_tag" ("contact_id", "tag_id", "kind");
CREATE TABLE "meeting" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, "introducer_id" INTEGER, "scheduled_at" DATETIME, "place" TEXT NOT NULL, "purpose" TEXT NOT NULL, "who_they_are" TEXT NOT NULL, "career_path" TEXT NOT NULL, "expertise" TEXT NOT NULL, "key_connections" TEXT NOT NULL, "interests" TEXT NOT NULL, "helps_them" TEXT NOT NULL, "give_first" TEXT NOT NULL, "reasons" TEXT NOT NULL, "questions" TEXT NOT NULL, "ask" TEXT NOT NULL, "done" INTEGER NOT NULL, "outcome" TEXT NOT NULL, "follow_up" DATE, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, FOREIGN KEY ("introducer_id") REFERENCES "contact" ("id") ON DELETE SET NULL);
CREATE INDEX "meeting_contact_id" ON "meeting" ("contact_id");
CREATE INDEX "meeting_introducer_id" ON "meeting" ("introducer_id");
CREATE INDEX "meeting_scheduled_at" ON "meeting" ("scheduled_at");
CREATE TABLE "introduction" ("id" INTEGER NOT NULL PRIMARY KEY, "a_id" INTEGER NOT NULL, "b_id" INTEGER NOT NULL, "a_gains" TEXT NOT NULL, "a_value" INTEGER NOT NULL CHECK (a_value BETWEEN 0 AND 5), "b_gains" TEXT NOT NULL, "b_value" INTEGER NOT NULL CHECK (b_value BETWEEN 0 AND 5), "status" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "asked_on" DATE, "made_on" DATE, FOREIGN KEY ("a_id") REFERENCES "contact" ("id") ON DELETE CASCADE, FOREIGN KEY ("b_id") REFERENCES "contact" ("id") ON DELETE CASCADE);
CREATE INDEX "introduction_a_id" ON "introduction" ("a_id");
CREATE INDEX "introduction_b_id" ON "introduction" ("b_id");
CREATE TABLE "exchange" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, "date" DATE NOT NULL, "direction" TEXT NOT NULL, "currency" TEXT NOT NULL, "value" INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5), "note" TEXT NOT NULL, "meeting_id" INTEGER, "introduction_id" INTEGER, "created_at" DATETIME NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE SET NULL, FOREIGN KEY ("introduction_id") REFERENCES "introduction" ("id") ON DELETE SET NULL);
CREATE INDEX "exchange_contact_id" ON "exchange" ("contact_id");
CREATE INDEX "exchange_meeting_id" ON "exchange" ("meeting_id");
CREATE INDEX "exchange_introduction_id" ON "exchange" ("introduction_id");
CREATE INDEX "exchange_contact_id_date" ON "exchange" ("contact_id", "date");
CREATE TABLE "goal" ("id" INTEGER NOT NULL PRIMARY KEY, "title" TEXT NOT NULL, "description" TEXT NOT NULL, "target_organisations" TEXT NOT NULL, "target_roles" TEXT NOT NULL, "active" INTEGER NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL);
CREATE TABLE "goal_contact" ("goal_id" INTEGER NOT NULL, "contact_id" INTEGER NOT NULL, "note" TEXT NOT NULL, PRIMARY KEY ("goal_id", "contact_id"), FOREIGN KEY ("goal_id") REFERENCES "goal" ("id") ON DELETE CASCADE, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE);
CREATE INDEX "goal_contact_goal_id" ON "goal_contact" ("goal_id");
CREATE INDEX "goal_contact_contact_id" ON "goal_contact" ("contact_id");
CREATE TABLE "goal_tag" ("goal_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL, PRIMARY KEY ("goal_id", "tag_id"), FOREIGN KEY ("goal_id") REFERENCES "goal" ("id") ON DELETE CASCADE, FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE);
CREATE INDEX "goal_tag_goal_id" ON "goal_tag" ("goal_id");
CREATE INDEX "goal_tag_tag_id" ON "goal_tag" ("tag_id");
CREATE TABLE "good" ("id" INTEGER NOT NULL PRIMARY KEY, "title" TEXT NOT NULL, "kind" TEXT NOT NULL, "description" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL);
CREATE TABLE "good_tag" ("good_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL, PRIMARY KEY ("good_id", "tag_id"), FOREIGN KEY ("good_id") REFERENCES "good" ("id") ON DELETE CASCADE, FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE);
CREATE INDEX "good_tag_good_id" ON "good_tag" ("good_id");
CREATE INDEX "good_tag_tag_id" ON "good_tag" ("tag_id");
CREATE TABLE "setting" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "tie" ("id" INTEGER NOT NULL PRIMARY KEY, "a_id" INTEGER NOT NULL, "b_id" INTEGER NOT NULL, "strength" INTEGER NOT NULL CHECK (strength BETWEEN 1 AND 5), "context" TEXT NOT NULL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("a_id") REFERENCES "contact" ("id") ON DELETE CASCADE, FOREIGN KEY ("b_id") REFERENCES "contact" ("id") ON DELETE CASCADE, CHECK (a_id < b_id));
CREATE INDEX "tie_a_id" ON "tie" ("a_id");
CREATE INDEX "tie_b_id" ON "tie" ("b_id");
CREATE UNIQUE INDEX "tie_a_id_b_id" ON "tie" ("a_id", "b_id");
CREATE INDEX "tie_b_id_a_id" ON "tie" ("b_id", "a_id");
"""  # noqa: E501

CREATED = "2024-03-01 09:00:00"

# id, name, organisation, role, email, phone, linkedin_url, location, how_we_met,
# career_path, notes, closeness, cadence_days, second_degree, archived
CONTACTS = [
    (1, "Dana Whitfield", "Northwind Labs", "VP Engineering", "dana@northwind.example",
     "+44 20 7946 0018", "https://www.linkedin.com/in/danawhitfield", "London",
     "PyCon UK 2019, hallway track", "Consultant, then staff engineer, now VP",
     "Hiring a platform lead; loves sailing.", 5, 30, 0, 0),
    (2, "Élodie Martin", "Banque Lumière", "Head of Data", "elodie.martin@lumiere.example",
     "+33 1 70 36 39 50", "", "Paris", "Introduced by Dana",
     "Quant, then data science lead", "Writes a newsletter on open banking.", 4, 60, 0, 0),
    (3, "[bold]Eve[/bold]", "Acme Security", "Security researcher", "eve@acme.example",
     "", "", "Berlin", "CTF team", "", "Name has square brackets on purpose.", 2, None, 0, 0),
    (4, "יעל כהן", "אור ונצ'רס", "שותפה מנהלת", "yael@or-ventures.example",
     "+972 3 555 0142", "", "תל אביב", "Met at a fintech meetup", "", "", 3, 90, 1, 0),
    (5, "Marcus Oyelaran", "", "", "", "", "", "Lagos", "Dana's former colleague",
     "", "Knows everyone in payments.", 1, None, 1, 0),
    (6, "Tom Archer", "Initech", "Product manager", "tom@initech.example", "", "", "",
     "", "", "Moved on; archived.", 2, None, 0, 1),
]

TAGS = [(1, "python"), (2, "hiring"), (3, "fintech"), (4, "platform engineering"),
        (5, "sailing"), (6, "security"), (7, "open banking"), (8, "venture capital")]

# id, contact_id, tag_id, kind
CONTACT_TAGS = [
    (1, 1, 1, "tag"), (2, 1, 2, "tag"), (3, 1, 4, "expertise"), (4, 1, 5, "interest"),
    (5, 2, 3, "tag"), (6, 2, 7, "expertise"), (7, 3, 6, "expertise"),
    (8, 4, 8, "expertise"), (9, 4, 3, "interest"), (10, 5, 3, "tag"),
]

# id, a_id, b_id, strength, context
TIES = [
    (1, 1, 2, 4, "worked together at Northwind Labs"),
    (2, 1, 5, 5, "former colleagues"),
    (3, 2, 4, 2, "fintech meetup"),
]

INTRODUCTIONS = [
    # id, a_id, b_id, a_gains, a_value, b_gains, b_value, status, asked_on, made_on
    (1, 2, 4, "Seed funding contacts", 4, "Deal flow in open banking", 3, "made",
     "2024-04-02", "2024-04-10"),
]

MEETINGS = [
    (1, 1, 2, "2024-05-14 08:30:00", "Coffee at Monmouth", "Platform lead role",
     "VP Engineering at Northwind", "Consultant, staff engineer, VP", "Platform engineering",
     "Élodie Martin", "Sailing", "An intro to a good SRE", "Intro to Marcus",
     "I built the same platform twice", "What does success look like in year one?",
     "An interview loop", 1, "Positive; follow up in June.", "2024-06-15"),
]

EXCHANGES = [
    # id, contact_id, date, direction, currency, value, note, meeting_id, introduction_id
    (1, 1, "2024-03-10", "gave", "knowledge", 3, "Reviewed their hiring rubric", None, None),
    (2, 1, "2024-05-14", "received", "information", 4, "Role details", 1, None),
    (3, 2, "2024-04-10", "gave", "introduction", 5, "Introduced to Yael", None, 1),
    (4, 4, "2024-04-12", "received", "access", 2, "", None, 1),
    (5, 3, "2024-02-01", "received", "favour", 1, "Looked at our threat model", None, None),
]

GOODS = [(1, "Hiring rubric for platform teams", "knowledge", "A one-page rubric."),
         (2, "Intro to Northwind's CTO", "connection", "")]
GOOD_TAGS = [(1, 2), (1, 4), (2, 1)]

GOALS = [(1, "Head of Platform at a fintech", "Next role, within 18 months",
          "Banque Lumière\nNorthwind Labs", "Head of Platform\nVP Engineering", 1)]
GOAL_TAGS = [(1, 3), (1, 4)]
GOAL_CONTACTS = [(1, 1, "Hiring now"), (1, 2, "Knows the data side")]

SETTINGS = [("my_name", "Sam Rivera"), ("my_organisation", "Freelance"),
            ("default_cadence_days", "90"), ("half_life_days", "365")]


def write(path: Path) -> Path:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    try:
        # Small pages keep the committed binary small (one page per table and index).
        conn.execute("PRAGMA page_size = 1024")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA foreign_keys = ON")
        with conn:
            conn.executescript(f"BEGIN;{SCHEMA_V1}COMMIT;")
        with conn:
            conn.executemany(
                "INSERT INTO contact (id, name, organisation, role, email, phone, linkedin_url,"
                " location, how_we_met, career_path, notes, closeness, cadence_days,"
                " second_degree, archived, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(*row, CREATED, CREATED) for row in CONTACTS],
            )
            conn.executemany("INSERT INTO tag (id, name) VALUES (?,?)", TAGS)
            conn.executemany(
                "INSERT INTO contact_tag (id, contact_id, tag_id, kind) VALUES (?,?,?,?)",
                CONTACT_TAGS,
            )
            conn.executemany(
                "INSERT INTO tie (id, a_id, b_id, strength, context, created_at)"
                " VALUES (?,?,?,?,?,?)",
                [(*row, CREATED) for row in TIES],
            )
            conn.executemany(
                "INSERT INTO introduction (id, a_id, b_id, a_gains, a_value, b_gains, b_value,"
                " status, asked_on, made_on, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(*row, CREATED, CREATED) for row in INTRODUCTIONS],
            )
            conn.executemany(
                "INSERT INTO meeting (id, contact_id, introducer_id, scheduled_at, place,"
                " purpose, who_they_are, career_path, expertise, key_connections, interests,"
                " helps_them, give_first, reasons, questions, ask, done, outcome, follow_up,"
                " created_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(*row, CREATED, CREATED) for row in MEETINGS],
            )
            conn.executemany(
                "INSERT INTO exchange (id, contact_id, date, direction, currency, value, note,"
                " meeting_id, introduction_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(*row, CREATED) for row in EXCHANGES],
            )
            conn.executemany(
                "INSERT INTO good (id, title, kind, description, created_at, updated_at)"
                " VALUES (?,?,?,?,?,?)",
                [(*row, CREATED, CREATED) for row in GOODS],
            )
            conn.executemany("INSERT INTO good_tag (good_id, tag_id) VALUES (?,?)", GOOD_TAGS)
            conn.executemany(
                "INSERT INTO goal (id, title, description, target_organisations, target_roles,"
                " active, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                [(*row, CREATED, CREATED) for row in GOALS],
            )
            conn.executemany("INSERT INTO goal_tag (goal_id, tag_id) VALUES (?,?)", GOAL_TAGS)
            conn.executemany(
                "INSERT INTO goal_contact (goal_id, contact_id, note) VALUES (?,?,?)",
                GOAL_CONTACTS,
            )
            conn.executemany("INSERT INTO setting (key, value) VALUES (?,?)", SETTINGS)
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            raise SystemExit("foreign key check failed")
        conn.execute("PRAGMA user_version = 1")
        conn.execute("VACUUM")
    finally:
        conn.close()
    return path


if __name__ == "__main__":
    out = write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
    print(f"wrote {out} ({out.stat().st_size} bytes)")
