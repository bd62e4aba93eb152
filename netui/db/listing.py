"""What the scripting commands read: ``netui list``, ``netui show``, ``netui query``.

Plain dataclasses out, no Textual. The search is the app's (every word of the query,
folded, somewhere in the name, organisation, role, email, tags or notes); the
address-book query looks at names, emails and organisations only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netui import clock
from netui.core.folding import fold, fold_words
from netui.core.reciprocity import Balance, days_since_contact, is_overdue
from netui.db.contacts import Scope
from netui.db.last_contact import last_contacts
from netui.db.meter_sums import meters
from netui.db.models import Contact, database
from netui.db.overview import ContactOverview, contact_overview
from netui.db.rows import chunks
from netui.db.search import list_contact_ids
from netui.db.tags import contact_tags


@dataclass(frozen=True)
class ListedContact:
    """One line of ``netui list``."""

    id: int
    name: str
    organisation: str
    role: str
    email: str
    phone: str
    linkedin_url: str
    location: str
    second_degree: bool
    archived: bool
    tags: tuple[str, ...]
    last_contact: dt.date | None
    meter: float | None  # None: nothing exchanged yet


_LISTED = (
    Contact.id,
    Contact.name,
    Contact.organisation,
    Contact.role,
    Contact.email,
    Contact.phone,
    Contact.linkedin_url,
    Contact.location,
    Contact.second_degree,
    Contact.archived,
)


def listed_contacts(
    query: str = "", *, archived: bool = False, my_network: bool = False
) -> list[ListedContact]:
    """The contacts matching ``query`` in name order: the live ones, only my network's
    (the Contacts filter's "my network"), or the archived."""
    scope = Scope.ARCHIVED if archived else Scope.NETWORK if my_network else Scope.EVERYONE
    ids = list_contact_ids(query, scope=scope)
    rows: dict[int, tuple[int, str, str, str, str, str, str, str, int, int]] = {}  # _LISTED
    for chunk in chunks(ids):
        select = Contact.select(*_LISTED).where(Contact.id.in_(chunk))
        rows.update((row[0], row) for row in database.execute(select).fetchall())
    tags = contact_tags(ids)
    latest = last_contacts(ids)
    balances = meters(ids)
    return [
        ListedContact(
            *rows[cid][:8],
            second_degree=bool(rows[cid][8]),
            archived=bool(rows[cid][9]),
            tags=tuple(tags[cid]["tags"]),
            last_contact=latest.get(cid),
            meter=balances[cid].meter if cid in balances else None,
        )
        for cid in ids
        if cid in rows
    ]


@dataclass(frozen=True)
class Standing:
    """Where I stand with one contact: the meter, the last contact and the cadence."""

    balance: Balance
    last_contact: dt.date | None
    cadence_days: int  # their own, else the default
    overdue: bool


@dataclass(frozen=True)
class Profile:
    """Everything ``netui show`` says about one contact."""

    overview: ContactOverview
    standing: Standing


def profile(contact_id: int, today: dt.date | None = None) -> Profile:
    """One contact: fields, ties, meter, latest exchanges and the goods for them."""
    today = today or clock.today()
    overview = contact_overview(contact_id)
    fields = overview.detail.fields
    cadence = fields.cadence_days or overview.default_cadence
    last = overview.detail.last_contact
    since = days_since_contact(last, overview.detail.created_at, today)
    overdue = not overview.detail.archived and is_overdue(
        since, fields.cadence_days, overview.default_cadence, second_degree=fields.second_degree
    )
    standing = Standing(overview.balance, last, cadence, overdue)
    return Profile(overview, standing)


@dataclass(frozen=True)
class Address:
    """One line of ``netui query``: an email address and whose it is."""

    email: str
    name: str
    organisation: str


def address_book(query: str) -> list[Address]:
    """Live contacts with an email whose name, email or organisation holds every word
    of ``query`` (folded: case and accents ignored), in name order."""
    terms = fold_words(query)
    found = []
    ids = list_contact_ids(query)  # narrowed by the app's search first
    for chunk in chunks(ids):
        select = Contact.select(
            Contact.id, Contact.name, Contact.email, Contact.organisation
        ).where(Contact.id.in_(chunk) & (Contact.email != ""))
        found.extend(database.execute(select).fetchall())
    order = {cid: n for n, cid in enumerate(ids)}
    found.sort(key=lambda row: order[row[0]])
    result = []
    for _, name, email, organisation in found:
        haystack = fold(f"{name} {email} {organisation}")
        if all(term in haystack for term in terms):
            result.append(Address(email.strip(), name, organisation))
    return result

