"""The demo network's history with me: the introductions I broker, the meetings
(with their worksheets) and the exchanges that feed the meter. No Textual here."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from netui.db.demo_network import at
from netui.db.demo_people import (
    CURRENCY_WEIGHTS,
    DORMANT,
    NO_EXCHANGES,
    NOTES,
    ONLY_GAVE_TO,
    ONLY_RECEIVED_FROM,
    PEOPLE,
)
from netui.db.models import CURRENCIES, Exchange, Introduction, Meeting


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
