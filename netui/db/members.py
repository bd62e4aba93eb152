"""The members of a team database, and which one is at the keyboard.

A database has members (schema version 7, :class:`~netui.db.models.Member`). An
SQLite file has exactly one, made when the file is created or migrated (named after
the ``my-name`` setting, else "me"); a team database on a server has one per person.
Shared by the team: contacts, ties, goods, tags. Each member's own: their
relationship with a contact (closeness, cadence, private notes), their ledger,
meetings and worksheets, goals, touches and snoozes.

The current member is a process-wide choice: :func:`choose_member` records the name
the user gave (``--member NAME``, ``NETUI_MEMBER``, ``member`` in the config file);
:func:`current_member_id` resolves it against the open database, once per database.
With no name given, a database with one member means that member: nothing to type.

"My network" is the contacts I have a relationship, a ledger entry or a meeting with,
less those I took out of it (:mod:`netui.db.my_network`); "our network" is everyone's.
A contact without my relationship reads as closeness :data:`DEFAULT_CLOSENESS` (3, the
middle: not close, not far) and the default cadence, exactly as a new contact does.

No Textual here.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, Expression, IntegrityError, ModelSelect, SelectQuery, fn

from netui import clock
from netui.db import member_name
from netui.db.member_name import MEMBER_ENV as MEMBER_ENV
from netui.db.member_name import chosen_name as chosen_name
from netui.db.models import (
    DEFAULT_CLOSENESS,
    Contact,
    Exchange,
    Meeting,
    Member,
    Relationship,
    Setting,
    database,
    use_member_source,
)
from netui.db.rows import first_tuple, tuples

__all__ = [
    "DEFAULT_CLOSENESS",
    "MemberError",
    "add_member",
    "choose_member",
    "closeness_of",
    "current_member_id",
    "in_my_network",
    "in_my_network_of",
    "list_members",
    "my_contact_ids",
    "networks_among",
]


class MemberError(LookupError):
    """No such member, or no way to tell who is at the keyboard (one sentence)."""


@dataclass(frozen=True)
class MemberRow:
    id: int
    name: str
    db_role: str
    contacts: int  # relationships: the size of their own network


_lock = threading.Lock()
_resolved: tuple[object, int] | None = None  # (the database object, the member id)


def choose_member(name: str | None) -> None:
    """Say who is at the keyboard (``None``: whoever the database's only member is),
    over ``NETUI_MEMBER`` and the config file."""
    global _resolved
    with _lock:
        member_name.choose(name)
        _resolved = None


def read_config_with(source: Callable[[], str | None]) -> None:
    """Where the member named in the config file comes from (the UI layer's reader)."""
    global _resolved
    with _lock:
        member_name.read_config_with(source)
        _resolved = None


def reset() -> None:
    """Forget any member chosen in this process (``NETUI_MEMBER`` and the config
    file speak again)."""
    global _resolved
    with _lock:
        member_name.chosen = None
        _resolved = None


def _named_by_config() -> bool:
    """Whether the member asked for comes from the config file (neither chosen with
    ``--member`` nor in ``NETUI_MEMBER``)."""
    return member_name.chosen is None and not os.environ.get(MEMBER_ENV, "").strip()


def forget() -> None:
    """Resolve the member again on next use (a database was opened or changed)."""
    global _resolved
    with _lock:
        _resolved = None


def _same_name(name: str) -> str:
    """A member's name as compared: one Unicode form (``É`` typed as one character or
    as E and an accent is the same letter), caseless."""
    return unicodedata.normalize("NFC", name).casefold()


def _stored_as(name: str) -> str | None:
    """The member name as stored that ``name`` names, if any."""
    wanted = _same_name(name)
    for (stored,) in tuples(Member.select(Member.name)):
        if _same_name(str(stored)) == wanted:
            return str(stored)
    return None


def _find(name: str) -> int | None:
    row = first_tuple(Member.select(Member.id).where(Member.name == name))
    if row is None:  # the name as the member spells it, else in any form or case
        stored = _stored_as(name)
        if stored is None:
            return None
        row = first_tuple(Member.select(Member.id).where(Member.name == stored))
        return int(row[0]) if row is not None else None
    return int(row[0])


def resolve_member() -> int:
    """The id of the member at the keyboard in the open database, looked up now."""
    requested = chosen_name()
    if requested is not None:
        found = _find(requested)
        if found is None and _named_by_config():
            # The config file names who the user is in their team database; their own
            # one-member file is still theirs.
            ids = [int(row[0]) for row in tuples(Member.select(Member.id).limit(2))]
            if len(ids) == 1:
                return ids[0]
        return found if found is not None else member_id_of(requested)
    ids = [int(row[0]) for row in tuples(Member.select(Member.id).order_by(Member.id).limit(2))]
    if len(ids) == 1:
        return ids[0]
    if not ids:
        return ensure_sole_member()
    raise MemberError(
        "This database has several members: say who you are with --member NAME (or NETUI_MEMBER)."
    )


def current_member_id() -> int:
    """The member at the keyboard (cached per open database)."""
    global _resolved
    db = database.obj
    cached = _resolved
    if cached is not None and cached[0] is db:
        return cached[1]
    member_id = resolve_member()
    with _lock:
        _resolved = (db, member_id)
    return member_id


def ensure_sole_member(name: str = "") -> int:
    """The member of a database that has none yet, made now (named ``name``, else after
    the ``my-name`` setting, else "me")."""
    if not name:
        stored = Setting.select(Setting.value).where(Setting.key == "my_name").scalar()
        name = (stored or "").strip() or "me"
    return int(Member.insert(name=name, db_role="", created_at=clock.now()).execute())


def add_member(name: str, db_role: str = "") -> int:
    """Add a member; one sentence if the name is empty or taken."""
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    if not name:
        raise MemberError("A member needs a name.")
    taken = _stored_as(name)
    if taken is not None:
        raise MemberError(f'There is already a member named "{taken}".')
    try:
        with database.atomic():
            return int(Member.insert(name=name, db_role=db_role, created_at=clock.now()).execute())
    except IntegrityError:
        raise MemberError(f'There is already a member named "{name}".') from None


def member_id_of(name: str) -> int:
    found = _find(name.strip())
    if found is None:
        names = [str(n) for (n,) in tuples(Member.select(Member.name).order_by(Member.name))]
        raise MemberError(
            f'There is no member named "{name.strip()}" in this database '
            f"(members: {', '.join(names) if names else 'none yet'})."
        )
    return found


def has_team() -> bool:
    """Whether the database has more than one member (a team's, not one person's)."""
    return Member.select(Member.id).limit(2).count() > 1


def list_members() -> list[MemberRow]:
    """Every member with the size of their network (:func:`my_contact_ids`, as far as
    the one asking can read: another member's private ledger is not counted)."""
    pairs: Any = _network_rows(
        lambda source: (source.member.alias("mid"), source.contact.alias("cid")), None, None
    )
    networks = pairs.alias("networks")
    sizes = dict(
        tuples(
            Member.select(networks.c.mid, fn.COUNT(networks.c.cid))
            .from_(networks)
            .group_by(networks.c.mid)
        )
    )
    query = tuples(Member.select(Member.id, Member.name, Member.db_role).order_by(Member.id))
    return [MemberRow(mid, name, role, int(sizes.get(mid, 0))) for mid, name, role in query]


# --- my relationship with a contact, in queries ---------------------------------------


def own(model: Any) -> Expression:  # Any: a model class with a ``member`` field
    """The condition "this row is mine" on a member's own table (exchange, meeting,
    goal, touch, snooze): what my ledger, worksheets and Today read."""
    condition: Expression = model.member == current_member_id()
    return condition


def mine() -> Expression:
    """The join condition of my relationship row with ``Contact`` (LEFT OUTER)."""
    return (Relationship.contact == Contact.id) & (Relationship.member == current_member_id())


def closeness_of() -> Any:  # a peewee function call (fn.COALESCE)
    """My closeness to the joined contact, the default without a relationship."""
    return fn.COALESCE(Relationship.closeness, DEFAULT_CLOSENESS)


def with_mine(query: ModelSelect[Any], src: Any = None) -> ModelSelect[Any]:
    """``query`` (selecting from ``Contact``) LEFT JOINed with my relationship."""
    return query.join(Relationship, JOIN.LEFT_OUTER, on=mine(), src=src or Contact)


# --- my network ----------------------------------------------------------------------
# The one definition of "my network", read by Today's overdue list, the Contacts
# filter (``f``), the search index's scope, the detail pane and ``netui show``.


#: What puts a contact in a member's network: a row of theirs about the contact in
#: one of these (a relationship: closeness, cadence; a ledger entry; a meeting)...
_NETWORK_SOURCES: tuple[Any, ...] = (Relationship, Exchange, Meeting)
#: ... unless their relationship says they took the contact out of it
#: (``relationship.dropped``, schema 9: :mod:`netui.db.my_network`). Their ledger and
#: meetings with them stay, the record of what was exchanged; the contact stays the
#: team's.
_DROPPED = Relationship.dropped == True  # noqa: E712 - SQL


def _network_rows(
    columns: Callable[[Any], tuple[Any, ...]], me: int | None, among: Sequence[int] | None
) -> Any:
    """The rows putting contacts in networks, less the dropped: a set query of
    ``columns(source)`` (the member and the contact, or the contact alone). ``me``
    narrows it to one member, ``among`` to some contacts."""

    def narrowed(query: Any, source: Any) -> Any:
        if me is not None:
            query = query.where(source.member == me)
        if among is not None:
            query = query.where(source.contact.in_(list(among)))
        return query

    first = _NETWORK_SOURCES[0]
    pairs: Any = narrowed(first.select(*columns(first)).where(~_DROPPED), first)
    for source in _NETWORK_SOURCES[1:]:
        pairs = pairs | narrowed(source.select(*columns(source)), source)
    dropped = narrowed(Relationship.select(*columns(Relationship)).where(_DROPPED), Relationship)
    return pairs - dropped  # EXCEPT


def my_contact_ids(member_id: int | None = None, among: Sequence[int] | None = None) -> SelectQuery:
    """The ids of the contacts in a member's network (the member at the keyboard by
    default): those they have a relationship with (closeness, cadence), or a ledger
    entry or a meeting of their own with, less those they took out of it (a dropped
    relationship). A set query (``UNION`` … ``EXCEPT``), for ``IN``; ``among`` looks
    only at those contacts (each part then reads its index)."""
    me = current_member_id() if member_id is None else member_id
    query: SelectQuery = _network_rows(lambda source: (source.contact,), me, among)
    return query


def in_my_network(team: bool | None = None, member_id: int | None = None) -> Expression:
    """The condition "in my network" on ``Contact``. On a team database (more than
    one member; ``team`` says so when the caller knows) the contacts of
    :func:`my_contact_ids`; on one person's database, where every contact is that
    person's, the first degree (not known only through someone), as before members."""
    if has_team() if team is None else team:
        mine: Expression = Contact.id.in_(my_contact_ids(member_id))
        return mine
    first: Expression = Contact.second_degree == False  # noqa: E712 - SQL
    return first


def in_my_network_of(ids: Iterable[int], team: bool | None = None) -> set[int]:
    """Which of ``ids`` are in my network (:func:`in_my_network`), read by chunks of
    ids: on a team database each part of :func:`my_contact_ids` reads its index for
    those contacts only, never the whole of my network."""
    wanted = sorted({int(i) for i in ids})
    team = has_team() if team is None else team
    found: set[int] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        if team:
            query: Any = my_contact_ids(among=chunk)
            found.update(int(row[0]) for row in database.execute(query).fetchall())
        else:
            query = Contact.select(Contact.id).where(Contact.id.in_(chunk) & in_my_network(False))
            found.update(int(cid) for (cid,) in tuples(query))
    return found


def networks_among(ids: Iterable[int]) -> set[tuple[int, int]]:
    """Every member's network among ``ids``, as far as the one asking can read (another
    member's private ledger is not read): the ``(member id, contact id)`` pairs of
    :func:`my_contact_ids` for each member, by chunks of ids ("who among us")."""
    wanted = sorted({int(i) for i in ids})
    found: set[tuple[int, int]] = set()
    for start in range(0, len(wanted), _CHUNK):
        query = _network_rows(
            lambda source: (source.member, source.contact), None, wanted[start : start + _CHUNK]
        )
        found.update((int(m), int(c)) for m, c in database.execute(query).fetchall())
    return found


#: Ids per ``IN (...)`` list, well under SQLite's variable limit.
_CHUNK = 500


def relationship_sql(contact: str = "contact") -> str:
    """The same join for hand-written SQL: ``LEFT JOIN relationship AS rel ...``, with
    ``rel.closeness`` and ``rel.cadence_days`` readable (closeness may be NULL)."""
    return (
        f' LEFT JOIN "relationship" AS rel ON rel.contact_id = {contact}.id'
        f" AND rel.member_id = {int(current_member_id())}"
    )


use_member_source(current_member_id)
