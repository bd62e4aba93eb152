"""Everything the Contacts detail pane shows about one contact, read in one go."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from netui.core.reciprocity import ZERO, Balance
from netui.db.contacts import ContactDetail, get_contact
from netui.db.goods import GoodMatch, goods_for_contact
from netui.db.ledger import ExchangeRecord, exchanges_for
from netui.db.meter_sums import meters
from netui.db.models import Contact
from netui.db.names import labels_for
from netui.db.private_notes import private_notes_of
from netui.db.rows import first_tuple
from netui.db.settings import default_cadence
from netui.db.ties import TieRecord, ties_of

RECENT_EXCHANGES = 5
GOODS_SHOWN = 3


@dataclass(frozen=True)
class ContactOverview:
    detail: ContactDetail
    default_cadence: int
    balance: Balance
    ties: list[TieRecord]  # strongest first; archived people left out
    recent: list[ExchangeRecord]  # newest first
    exchange_count: int
    goods: list[GoodMatch]  # from my bank of goods, what would interest them most
    # How to show each tie's person: the name, with " @ Org" when someone else has it.
    labels: dict[int, str] = field(default_factory=dict)
    # Schema 5: the first-contact day, and what would help them (from a worksheet).
    first_contact: dt.date | None = None
    helps_them: str = ""
    # Schema 8: my private notes about them (only I read them).
    private_notes: str = ""

    @property
    def known_by_my_network(self) -> list[TieRecord]:
        """The ties to people in my network (:attr:`TieRecord.in_my_network`)."""
        return [tie for tie in self.ties if tie.in_my_network]


def contact_overview(contact_id: int) -> ContactOverview:
    detail = get_contact(contact_id)
    history = exchanges_for(contact_id)
    ties = ties_of(contact_id, include_archived=False)
    first, helps = first_tuple(
        Contact.select(Contact.first_contact, Contact.helps_them).where(Contact.id == contact_id)
    ) or (None, "")
    if isinstance(first, str):
        first = dt.date.fromisoformat(first[:10])
    return ContactOverview(
        detail=detail,
        default_cadence=default_cadence(),
        balance=meters([contact_id]).get(contact_id, ZERO),
        ties=ties,
        recent=history[:RECENT_EXCHANGES],
        exchange_count=len(history),
        goods=goods_for_contact(contact_id, limit=GOODS_SHOWN),
        labels=labels_for([tie.other_id for tie in ties]),
        first_contact=first,
        helps_them=helps or "",
        private_notes=private_notes_of(contact_id),
    )
