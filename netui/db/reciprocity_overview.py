"""What the Reciprocity screen reads in its workers: the overview of the whole
network (its meter, each ranked list's top rows and count, the activity per month,
the introductions) and one contact's ledger.

The lists show their top :data:`TOP` rows (the whole network can be 300,000
contacts) and say how many there are in all; only those rows are held while the
network is read (:mod:`netui.db.meter_tops`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netui.core.reciprocity import Balance
from netui.db.contacts import contact_rows
from netui.db.introductions import IntroductionRecord, introductions
from netui.db.ledger import (
    ExchangeRecord,
    MeterRow,
    currency_breakdown,
    exchanges_for,
    monthly_activity,
)
from netui.db.meter_sums import meters
from netui.db.meter_tops import meter_tops
from netui.db.settings import get_setting

#: Rows shown per list; the status line says how many there are in all.
TOP = 300
#: Exchanges shown in a contact's history.
HISTORY_LIMIT = 500
MONTHS = 24


@dataclass(frozen=True)
class MeterList:
    """The first rows of one list of the Reciprocity screen, and how many it has."""

    rows: list[MeterRow]  # the first TOP
    count: int  # how many in all


@dataclass(frozen=True)
class Overview:
    """The network as the Reciprocity screen's left side shows it."""

    today: dt.date
    total: int  # live contacts
    exchanged: int  # contacts with at least one exchange
    network: Balance
    lists: dict[str, MeterList]
    my_organisation: str
    activity: list[tuple[str, int, int]]
    introductions: list[IntroductionRecord]


def load_overview(day: dt.date) -> Overview:
    """Every list of the screen, counted as of ``day``."""
    my_org = get_setting("my_organisation").strip()
    tops = meter_tops(day, my_org, TOP)
    return Overview(
        today=day,
        total=tops.total,
        exchanged=tops.exchanged,
        network=Balance(tops.given, tops.received),
        lists={key: MeterList(rows, count) for key, (rows, count) in tops.lists.items()},
        my_organisation=my_org,
        activity=monthly_activity(MONTHS, today=day),
        introductions=introductions(),
    )


@dataclass(frozen=True)
class ContactLedger:
    """Everything the pane shows about one contact (read in a worker)."""

    contact_id: int
    name: str
    organisation: str
    balance: Balance
    breakdown: dict[str, Balance]
    history: list[ExchangeRecord]
    activity: list[tuple[str, int, int]]
    today: dt.date


def load_contact_ledger(contact_id: int, day: dt.date) -> ContactLedger | None:
    """One contact's ledger as of ``day``; ``None`` when the contact is gone."""
    found = contact_rows([contact_id])
    if not found:
        return None
    contact = found[0]
    return ContactLedger(
        contact_id=contact_id,
        name=contact.name,
        organisation=contact.organisation,
        balance=meters([contact_id], today=day).get(contact_id, Balance()),
        breakdown=currency_breakdown(contact_id, today=day),
        history=exchanges_for(contact_id, limit=HISTORY_LIMIT),
        activity=monthly_activity(MONTHS, contact_id=contact_id, today=day),
        today=day,
    )
