"""The demo network's bank of goods, career goals and settings. No Textual here."""

from __future__ import annotations

import datetime as dt

from netui.core.validation import split_tags
from netui.db.demo_network import at
from netui.db.demo_people import ME, MY_ORGANISATION
from netui.db.models import Goal, GoalContact, GoalTag, Good, GoodTag, Setting
from netui.db.tags import clean_tags, tag_ids

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
