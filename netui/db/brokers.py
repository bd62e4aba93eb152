"""Who can introduce me to a contact: reads ties, contacts and meters, ranks in core.

The ranking and its formula are in :mod:`netui.core.brokers`; this module only
fetches what the ranking needs, with indexed SQL:

1. the target's ties with the other person's name, closeness and flags: two lookups,
   on the ``(a, b)`` and ``(b, a)`` indexes;
2. only when there are fewer than :data:`~netui.core.brokers.MIN_DIRECT` direct
   brokers: the ties of the target's non-archived neighbours to first-degree,
   non-archived contacts (the same two indexes, by chunks of ids);
3. :func:`netui.db.meter_sums.meters` for the brokers that can still reach the top
   ``limit`` (:func:`~netui.core.brokers.shortlist`), never the whole network: by
   rounds, the ``limit`` most promising first, then only those that can still beat
   them.

Meters already fetched on this thread are reused while the database is unchanged
(the SQLite speed-up block below explains the freshness check); ties and contacts
are always read afresh.

No Textual here.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import replace

from peewee import SQL, Expression, SqliteDatabase

from netui import clock
from netui.core.brokers import (
    MIN_DIRECT,
    BrokerPath,
    Person,
    Route,
    TeamLink,
    TeamPath,
    find_routes,
    most_promising,
    rank,
    rank_team,
    shortlist,
)
from netui.db.contacts import ContactNotFoundError
from netui.db.members import (
    closeness_of,
    current_member_id,
    has_team,
    in_my_network_of,
    networks_among,
    with_mine,
)
from netui.db.meter_sums import meters, team_meters
from netui.db.models import DEFAULT_CLOSENESS, Contact, Member, Relationship, Tie, database
from netui.db.rows import first_tuple, tuples

#: Ids per ``IN (...)`` list, well under SQLite's variable limit.
CHUNK = 500

#: How many paths :func:`brokers_for` returns unless told otherwise.
DEFAULT_LIMIT = 20

#: Rounds of meter fetching before the rest is fetched at once (see brokers_for).
MAX_ROUNDS = 4


def brokers_for(
    target_id: int, *, limit: int = DEFAULT_LIMIT, today: dt.date | None = None
) -> list[BrokerPath]:
    """The best ways to be introduced to ``target_id``, best first (at most ``limit``).

    ``today`` is the day my credit is faded to (default: the real today). Raises
    :class:`ContactNotFoundError` for an unknown id. An empty list: nobody can.
    """
    row = first_tuple(Contact.select(Contact.name).where(Contact.id == target_id))
    if row is None:
        raise ContactNotFoundError(f"There is no contact with id {target_id}.")
    people: dict[int, Person] = {target_id: Person(target_id, row[0])}
    ties: list[tuple[int, int, int]] = []

    columns = (
        Tie.strength,
        Contact.name,
        closeness_of(),
        Contact.second_degree,
        Contact.archived,
    )
    for mine, theirs in ((Tie.a, Tie.b), (Tie.b, Tie.a)):
        query = tuples(
            with_mine(Tie.select(theirs, *columns).join(Contact, on=(Contact.id == theirs))).where(
                mine == target_id
            )
        )
        for other, strength, name, closeness, second, archived in query:
            people[other] = Person(other, name, closeness, bool(second), bool(archived))
            ties.append((target_id, other, strength))

    team = has_team()
    if team:  # my network is the contacts I have something with, not the first degree
        my_ids = in_my_network_of([cid for cid in people if cid != target_id], team=True)
        people = {
            cid: person if cid == target_id else replace(person, mine=cid in my_ids)
            for cid, person in people.items()
        }
    direct = sum(1 for cid in people if cid != target_id and people[cid].can_broker)
    if direct < MIN_DIRECT:
        relays = [cid for cid, p in people.items() if cid != target_id and not p.archived]
        ties.extend(_ties_to_my_network(relays, people, team))

    routes: list[Route] = shortlist(find_routes(target_id, people, ties), limit)
    # Meters by rounds: the most promising unknown brokers first; each round's exact
    # scores raise the bar the others must be able to reach, so fewer remain. After
    # MAX_ROUNDS, whatever can still reach the top is fetched at once.
    credit: dict[int, float] = {}
    for round_ in range(MAX_ROUNDS + 1):
        unknown = [route for route in routes if route.broker.id not in credit]
        if not unknown:
            break
        batch = unknown if round_ == MAX_ROUNDS else most_promising(unknown, limit)
        _fetch_meters({route.broker.id for route in batch}, credit, today)
        routes = shortlist(routes, limit, credit)
    return rank(routes, credit, limit=limit)


def _fetch_meters(ids: set[int], credit: dict[int, float], today: dt.date | None) -> None:
    """Add my meter with each of ``ids`` to ``credit`` (0 for those with no exchange)."""
    if not ids:
        return
    cache = _meter_cache(today)
    missing = sorted(ids - cache.keys()) if cache is not None else sorted(ids)
    if missing:
        found = meters(missing, today=today)
        fetched = {cid: found[cid].meter if cid in found else 0.0 for cid in missing}
        if cache is not None:
            cache.update(fetched)
        credit.update(fetched)
    if cache is not None:
        credit.update((cid, cache[cid]) for cid in ids if cid in cache)


# --- SQLite speed-up: meters remembered while the database is unchanged ---------------
# Fading every exchange of a hundred busy brokers is the slowest part of a lookup, and
# the same brokers come back for the next target. Meters fetched (only for the ids
# asked, never the whole network) are kept per thread, and forgotten as soon as
# anything may have changed them:
# - ``PRAGMA data_version`` changes when another connection (another thread, another
#   process) commits;
# - ``sqlite3.Connection.total_changes`` changes with every row this connection
#   writes, committed or not;
# - the day the meters are faded to is part of the key.
# PRAGMA data_version is SQLite-only: on any other database nothing is kept.

_local = threading.local()


def _meter_cache(today: dt.date | None) -> dict[int, float] | None:
    """This thread's remembered meters, empty again if the database may have changed."""
    db = database.obj
    if not isinstance(db, SqliteDatabase):
        return None
    connection = db.connection()
    version = connection.execute("PRAGMA data_version").fetchone()[0]
    key = (version, connection.total_changes, today or clock.today(), current_member_id())
    # The connection itself is kept (not its id), so a new connection is never taken
    # for the old one.
    if getattr(_local, "connection", None) is not connection or _local.key != key:
        _local.connection = connection
        _local.key = key
        _local.meters = {}
    meters: dict[int, float] = _local.meters
    return meters


def forget_meters() -> None:
    """Drop this thread's remembered meters (the benchmark measures the cold case)."""
    _local.connection = None
    _local.key = None
    _local.meters = {}


def _ties_to_my_network(
    relay_ids: Sequence[int], people: dict[int, Person], team: bool
) -> list[tuple[int, int, int]]:
    """The ties of ``relay_ids`` to non-archived contacts in my network (added to
    ``people``): on one person's database the first degree; on a team's, read as the
    live contacts tied to the relays, then narrowed to mine
    (:func:`netui.db.members.in_my_network_of`)."""
    found: list[tuple[int, int, int]] = []
    others: dict[int, Person] = {}
    for start in range(0, len(relay_ids), CHUNK):
        chunk = relay_ids[start : start + CHUNK]
        for mine, theirs in ((Tie.a, Tie.b), (Tie.b, Tie.a)):
            query = tuples(
                with_mine(
                    Tie.select(mine, theirs, Tie.strength, Contact.name, closeness_of()).join(
                        Contact, on=(Contact.id == theirs)
                    )
                ).where(_live_and_mine(mine.in_(chunk), team))
            )
            for relay, other, strength, name, closeness in query:
                if other not in people:
                    others[other] = Person(other, name, closeness, mine=True if team else None)
                found.append((relay, other, strength))
    if team:
        kept = in_my_network_of(others, team=True)
        others = {cid: person for cid, person in others.items() if cid in kept}
        found = [tie for tie in found if tie[1] in people or tie[1] in kept]
    people.update(others)
    return found


def _live_and_mine(condition: Expression, team: bool) -> Expression:
    """``condition`` on a live contact, and (on one person's database) first degree."""
    condition &= ~Contact.archived
    return condition if team else condition & ~Contact.second_degree


# --- who among us: every member's routes (a team database) -----------------------------


def team_brokers_for(
    target_id: int, *, limit: int | None = None, today: dt.date | None = None
) -> list[TeamPath]:
    """Every (member, broker) route to ``target_id`` and every member who knows the
    target, best first (:func:`netui.core.brokers.rank_team`).

    A few indexed reads, whatever the number of members and routes (on a server each
    read is a round trip, and the round trips were most of the time): the target with
    its ties (the ``(a, b)`` and ``(b, a)`` indexes, one ``UNION ALL``), every
    member's network among the target and its neighbours
    (:func:`netui.db.members.networks_among`: the one definition of a member's
    network, each of its parts on its ``contact_id`` index), their closeness with them
    (``relationship.contact_id``), the members' names, and the members' ledgers with
    those people (:func:`netui.db.meter_sums.team_meters`).
    """
    columns = (Contact.name, Contact.second_degree, Contact.archived)
    own_row = Contact.select(Contact.id, SQL("NULL"), *columns).where(Contact.id == target_id)
    a_side, b_side = (
        Tie.select(theirs, Tie.strength, *columns)
        .join(Contact, on=(Contact.id == theirs))
        .where(mine == target_id)
        for mine, theirs in ((Tie.a, Tie.b), (Tie.b, Tie.a))
    )
    query = own_row + a_side + b_side  # UNION ALL
    target: Person | None = None
    neighbours: dict[int, tuple[Person, int]] = {}
    for other, strength, name, second, archived in tuples(query):
        person = Person(other, name, second_degree=bool(second), archived=bool(archived))
        if strength is None:  # the target's own row (a tie always has a strength)
            target = person
        else:
            neighbours[other] = (person, strength)
    if target is None:
        raise ContactNotFoundError(f"There is no contact with id {target_id}.")
    ids = [target_id, *neighbours]
    # Each member's network among them (the one definition: a relationship, a ledger
    # entry or a meeting of theirs, less those they took out), and the closeness of
    # those with a relationship; the others read as the default closeness.
    pairs = networks_among(ids)
    closeness: dict[tuple[int, int], int] = {}
    for start in range(0, len(ids), CHUNK):
        for member, contact, close in tuples(
            Relationship.select(Relationship.member, Relationship.contact, Relationship.closeness)
            .where(Relationship.contact.in_(ids[start : start + CHUNK]))
        ):
            closeness[(int(member), int(contact))] = int(close)
    members = {int(mid): str(name) for mid, name in tuples(Member.select(Member.id, Member.name))}
    relationships = [
        (member, contact, closeness.get((member, contact), DEFAULT_CLOSENESS))
        for member, contact in sorted(pairs)
        if member in members
    ]
    if len(members) > 1:
        # A team's: a link is a member's network, whatever the team's second-degree
        # flag says (as in each member's own brokers); on one person's file my network
        # is the first degree, as before members.
        neighbours = {
            cid: (replace(person, mine=True), strength)
            for cid, (person, strength) in neighbours.items()
        }
    wanted = {
        contact
        for _, contact, _ in relationships
        if contact == target_id or neighbours[contact][0].can_broker
    }
    balances = team_meters(sorted(wanted), today=today) if wanted else {}
    links = [
        TeamLink(member, contact, closeness, balances[(member, contact)].meter
                 if (member, contact) in balances else 0.0)
        for member, contact, closeness in relationships
        if contact in wanted
    ]  # fmt: skip
    return rank_team(target, members, links, neighbours, limit=limit)
