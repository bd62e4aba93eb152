"""Contacts: writes, name resolution, and the list and detail queries.

Everything returns plain dataclasses; widgets never see a Peewee row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from peewee import ColumnBase, Expression, SqliteDatabase, fn

from netui import clock
from netui.core.contact_fields import RELATIONSHIP_FIELDS as RELATIONSHIP_FIELDS
from netui.core.contact_fields import ContactFields as ContactFields
from netui.core.contact_fields import search_text_for as search_text_for
from netui.core.contact_fields import sort_key_for as sort_key_for
from netui.core.folding import fold_key, normalise_tag
from netui.db import journal
from netui.db.backends import lock_row
from netui.db.edits import EditOutcome, plan
from netui.db.id_lists import among
from netui.db.last_contact import last_contacts
from netui.db.members import current_member_id, has_team, in_my_network, with_mine
from netui.db.meter_sums import meters
from netui.db.models import (
    DEFAULT_CLOSENESS,
    Contact,
    ContactTag,
    Relationship,
    Tag,
    database,
)
from netui.db.private_notes import write_private_notes
from netui.db.rows import chunks, first_tuple, tuples
from netui.db.statements import read_among
from netui.db.tags import TAG_FIELDS, clean_tags, contact_tags, tag_ids, tag_used_elsewhere


class ContactNotFoundError(LookupError):
    """No contact matches a name or id."""


class AmbiguousNameError(LookupError):
    """Several contacts match a name: each candidate is ``(id, name, organisation)``."""

    def __init__(self, name: str, candidates: Sequence[tuple[int, str, str]]) -> None:
        self.name = name
        self.candidates = list(candidates)
        shown = ", ".join(candidate_label(*c) for c in self.candidates[:10])
        more = f" and {len(self.candidates) - 10} more" if len(self.candidates) > 10 else ""
        super().__init__(
            f'"{name}" matches {len(self.candidates)} contacts: {shown}{more}; '
            f"{pick_hint(self.candidates)}."
        )


def candidate_label(contact_id: int, name: str, organisation: str) -> str:
    """``Name @ Org (#ID)``, or ``Name (#ID)`` without an organisation."""
    where = f" @ {' '.join(organisation.split())}" if organisation.strip() else ""
    return f"{name}{where} (#{contact_id})"


def pick_hint(candidates: Sequence[tuple[int, str, str]]) -> str:
    """How to name one of ``candidates``, with the first as the example: as
    ``NAME@ORG`` or ``#ID``, or only by id when the organisation does not tell it apart."""
    contact_id, name, organisation = candidates[0]
    org = " ".join(organisation.split())
    same = [c for c in candidates if fold_key(c[2]) == fold_key(org)]
    if not org or len(same) > 1:
        return f'pick one by its #ID, e.g. "#{contact_id}"'
    at = f"{' '.join(name.split())}@{org}"
    return f'pick one as NAME@ORG or #ID, e.g. "{at}" or "#{contact_id}"'




@dataclass(frozen=True)
class ContactRow:
    """One line of the contact list."""

    id: int
    name: str
    organisation: str
    role: str
    second_degree: bool
    last_contact: dt.date | None
    meter: float | None = None  # None: nothing exchanged yet


@dataclass(frozen=True)
class ContactDetail:
    """What the detail pane shows about one contact."""

    id: int
    fields: ContactFields
    archived: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    last_contact: dt.date | None
    #: On a team database (more than one member): whether it is in my network
    #: (:func:`netui.db.members.in_my_network`); ``None`` on one person's database.
    mine: bool | None = None
    #: Whether the closeness and cadence shown are mine (a relationship row of mine),
    #: not the defaults: always on one person's database; on a team's, a contact I
    #: only know through a ledger entry or a meeting, or not at all, has none yet.
    closeness_set: bool = True

    @property
    def in_my_network(self) -> bool:
        """Mine (a team's database), else first degree (one person's)."""
        return self.mine if self.mine is not None else not self.fields.second_degree

    @property
    def degree(self) -> str:
        """The detail's Degree line: first or second degree, and on a team database
        whether they are in my network or only the team's."""
        second = self.fields.second_degree
        if self.mine is None:
            return "2nd, known through someone" if second else "1st, in my network"
        where = "in my network" if self.mine else "not in my network (the team's)"
        return f"2nd, known through someone; {where}" if second else f"1st, {where}"


class SortKey(StrEnum):
    NAME = "name"
    ORGANISATION = "organisation"
    ROLE = "role"
    LAST_CONTACT = "last_contact"
    METER = "meter"


class Scope(StrEnum):
    EVERYONE = "everyone"
    NETWORK = "network"
    SECOND_DEGREE = "second_degree"
    ARCHIVED = "archived"  # the only scope that shows archived contacts


# --- tags and the search index -------------------------------------------------------


def _write_tags(contact_id: int, attribute: str, names: Sequence[str]) -> None:
    """Make the contact's tags of one kind ``names``: tags no longer wanted are
    removed, new ones added after those kept, a respelled one takes the new spelling
    if nothing else uses it. Each change goes through the journal (undo)."""
    kind = TAG_FIELDS[attribute]
    wanted = {normalise_tag(name): name for name in clean_tags(names)}
    stored = {
        key: (row_id, tag_id, name)
        for row_id, tag_id, key, name in tuples(
            ContactTag.select(ContactTag.id, Tag.id, Tag.key, Tag.name)
            .join(Tag)
            .where((ContactTag.contact == contact_id) & (ContactTag.kind == kind))
        )
    }
    gone = [row_id for key, (row_id, _, _) in stored.items() if key not in wanted]
    if gone:
        journal.delete(ContactTag, ContactTag.id.in_(gone))
    for key, name in wanted.items():
        if key in stored:
            row_id, tag_id, spelled = stored[key]
            if spelled != name and not tag_used_elsewhere(tag_id, contact_tag_id=row_id):
                journal.update(Tag, Tag.id == tag_id, name=name)
    new = [name for key, name in wanted.items() if key not in stored]
    ids = tag_ids(new, respell=True)
    for name in new:
        journal.insert(ContactTag, contact=contact_id, tag=ids[name], kind=kind)


def refresh_search_text(contact_ids: Sequence[int]) -> None:
    """Recompute the sort key and search text of the given contacts from the database
    (ids of contacts that are gone are skipped)."""
    param = database.param
    sql = (
        f'UPDATE "contact" SET "sort_name" = {param}, "search_text" = {param} WHERE "id" = {param}'
    )
    columns = (Contact.id, Contact.name, Contact.organisation, Contact.role, Contact.email,
               Contact.notes)  # fmt: skip
    for chunk in chunks(contact_ids):
        tags = contact_tags(chunk)
        rows = []
        query = Contact.select(*columns).where(Contact.id.in_(chunk))
        for cid, name, organisation, role, email, notes in database.execute(query).fetchall():
            mine = tags[cid]
            values = ContactFields(
                name=name, organisation=organisation, role=role, email=email, notes=notes,
                tags=tuple(mine["tags"]), expertise=tuple(mine["expertise"]),
                interests=tuple(mine["interests"]),
            )  # fmt: skip
            rows.append((sort_key_for(name), search_text_for(values), cid))
        database.cursor().executemany(sql, rows)


# --- writes --------------------------------------------------------------------------

#: How the contact form names each field (for a conflict).
FIELD_LABELS = {
    "name": "Name",
    "organisation": "Organisation",
    "role": "Role",
    "email": "Email",
    "phone": "Phone",
    "linkedin_url": "LinkedIn URL",
    "location": "Location",
    "how_we_met": "How we met",
    "career_path": "Career path",
    "notes": "Notes",
    "closeness": "Closeness",
    "cadence_days": "Keep in touch every (days)",
    "second_degree": "Second degree",
    "tags": "Tags",
    "expertise": "Expertise",
    "interests": "Interests",
}


def create_contact(values: ContactFields) -> int:
    """Add a contact and return its id."""
    with database.atomic():
        contact_id = journal.insert(
            Contact,
            **values.columns(),
            sort_name=sort_key_for(values.name),
            search_text=search_text_for(values),
        )
        for attribute in TAG_FIELDS:
            _write_tags(contact_id, attribute, getattr(values, attribute))
        write_relationship(contact_id, values.relationship())
    return int(contact_id)


def write_relationship(contact_id: int, values: dict[str, object]) -> None:
    """Make my relationship with the contact hold ``values`` (closeness, cadence),
    starting one if I have none (through the journal: undone like the rest).
    ``private_notes`` among them go to my private note (:mod:`netui.db.private_notes`),
    which the team never reads."""
    if "private_notes" in values:
        values = dict(values)
        write_private_notes(contact_id, str(values.pop("private_notes") or ""))
    member = current_member_id()
    where = (Relationship.member == member) & (Relationship.contact == contact_id)
    row = first_tuple(Relationship.select(Relationship.dropped).where(where))
    if row is not None:
        if values:
            # Setting my closeness or cadence again puts someone I had taken out of
            # my network back in (netui.db.my_network).
            back = {"dropped": False} if row[0] else {}
            journal.update(Relationship, where, **values, **back)
        return
    fields = {"closeness": DEFAULT_CLOSENESS, "cadence_days": None, **values}
    journal.insert(Relationship, member=member, contact=contact_id, shared=False, **fields)


def _apply(contact_id: int, current: ContactFields, writes: dict[str, object]) -> None:
    """Write ``writes`` (fields of :class:`ContactFields`) over ``current``."""
    if not writes:
        return
    values = ContactFields(**{**asdict(current), **writes})
    columns = {
        name: value
        for name, value in writes.items()
        if name not in TAG_FIELDS and name not in RELATIONSHIP_FIELDS
    }
    journal.update(Contact, Contact.id == contact_id, **columns, updated_at=clock.now())
    own = {name: value for name, value in writes.items() if name in RELATIONSHIP_FIELDS}
    if own:
        write_relationship(contact_id, own)
    for attribute in TAG_FIELDS:
        if attribute in writes:
            _write_tags(contact_id, attribute, getattr(values, attribute))
    Contact.update(sort_name=sort_key_for(values.name), search_text=search_text_for(values)).where(
        Contact.id == contact_id
    ).execute()


def update_contact(contact_id: int, values: ContactFields) -> None:
    """Make the contact ``values``, writing only the fields that differ."""
    with database.atomic():
        current = get_contact(contact_id).fields
        changed = {
            name: value for name, value in asdict(values).items() if value != getattr(current, name)
        }
        _apply(contact_id, current, changed)


def edit_contact(contact_id: int, loaded: ContactFields, wanted: ContactFields) -> EditOutcome:
    """Save a contact form that showed ``loaded`` and was saved as ``wanted``: only
    the fields the user changed are written, each only if nobody changed it since
    (:mod:`netui.db.edits`); otherwise nothing is written and the conflicts say why."""
    with database.atomic():
        lock_row(Contact, contact_id)  # PostgreSQL: another member's save waits
        current = get_contact(contact_id).fields
        writes, conflicts = plan(
            asdict(loaded), asdict(wanted), asdict(current), sets=TAG_FIELDS, labels=FIELD_LABELS
        )
        if conflicts:
            return EditOutcome(conflicts=tuple(conflicts))
        _apply(contact_id, current, writes)
    return EditOutcome(written=tuple(writes))


def set_archived(contact_id: int, archived: bool) -> None:
    """Archive (hide) or restore a contact. Nothing is deleted."""
    updated = journal.update(
        Contact, Contact.id == contact_id, archived=archived, updated_at=clock.now()
    )
    if not updated:
        raise ContactNotFoundError(f"There is no contact with id {contact_id}.")


# --- reads ---------------------------------------------------------------------------


def contact_fields(contact: Contact, tags: dict[str, list[str]]) -> ContactFields:
    """A contact row's fields (my relationship's columns where the query selected them)."""
    return ContactFields(
        name=contact.name,
        organisation=contact.organisation,
        role=contact.role,
        email=contact.email,
        phone=contact.phone,
        linkedin_url=contact.linkedin_url,
        location=contact.location,
        how_we_met=contact.how_we_met,
        career_path=contact.career_path,
        notes=contact.notes,
        closeness=getattr(contact, "closeness", None) or DEFAULT_CLOSENESS,
        cadence_days=getattr(contact, "cadence_days", None),
        second_degree=bool(contact.second_degree),
        tags=tuple(tags["tags"]),
        expertise=tuple(tags["expertise"]),
        interests=tuple(tags["interests"]),
    )


def get_contact(contact_id: int) -> ContactDetail:
    contact = (
        with_mine(
            Contact.select(
                Contact,
                Relationship.closeness,
                Relationship.cadence_days,
                Relationship.id.alias("relationship_id"),
            )
        )
        .where(Contact.id == contact_id)
        .objects()
        .first()
    )
    if contact is None:
        raise ContactNotFoundError(f"There is no contact with id {contact_id}.")
    tags = contact_tags([contact_id])[contact_id]
    team = has_team()
    return ContactDetail(
        id=contact.id,
        fields=contact_fields(contact, tags),
        archived=bool(contact.archived),
        created_at=contact.created_at,
        updated_at=contact.updated_at,
        last_contact=last_contacts([contact_id]).get(contact_id),
        mine=_mine_on_team(contact_id) if team else None,
        closeness_set=not team or getattr(contact, "relationship_id", None) is not None,
    )


def _mine_on_team(contact_id: int) -> bool:
    """Whether the contact is in my network (asked on a team database)."""
    return bool(
        Contact.select(Contact.id)
        .where((Contact.id == contact_id) & in_my_network(team=True))
        .exists()
    )


def contains(column: ColumnBase, term: str) -> Expression:
    """``term`` occurs in ``column`` (both already folded)."""
    if isinstance(database.obj, SqliteDatabase):
        # SQLite speed-up: instr() is about twice as fast as an escaped LIKE.
        found: Expression = fn.instr(column, term) > 0
        return found
    return column.contains(term)


def in_scope(scope: Scope = Scope.EVERYONE) -> Expression:
    """The contacts a scope shows: the live ones, or only the archived ones."""
    if scope is Scope.ARCHIVED:
        return Contact.archived == True  # noqa: E712 - SQL, not Python
    condition = Contact.archived == False  # noqa: E712
    if scope is Scope.NETWORK:
        condition &= in_my_network()  # on a team: mine; on my own file: the 1st degree
    elif scope is Scope.SECOND_DEGREE:
        condition &= Contact.second_degree == True  # noqa: E712
    return condition


def _row_fields(contact_ids: Sequence[int]) -> Any:  # a peewee query
    return Contact.select(
        Contact.id, Contact.name, Contact.organisation, Contact.role, Contact.second_degree
    ).where(among(Contact.id, contact_ids))


def contact_rows(contact_ids: Sequence[int]) -> list[ContactRow]:
    """The list rows for ``contact_ids``, in the same order (missing ids dropped)."""
    if not contact_ids:
        return []
    found: dict[int, tuple[Any, ...]] = {}
    for chunk in chunks(contact_ids):
        found.update((row[0], row) for row in read_among("contact rows", _row_fields, chunk))

    latest = last_contacts(list(found))
    balances = meters(list(found))
    return [
        ContactRow(
            id=cid,
            name=found[cid][1],
            organisation=found[cid][2],
            role=found[cid][3],
            second_degree=bool(found[cid][4]),
            last_contact=latest.get(cid),
            meter=balances[cid].meter if cid in balances else None,
        )
        for cid in contact_ids
        if cid in found
    ]


def count_contacts(*, include_archived: bool = False) -> int:
    query = Contact.select()
    if not include_archived:
        query = query.where(in_scope())
    return query.count()
