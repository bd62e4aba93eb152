"""Who can introduce me to a target: the ranking, on plain values (no database, no Textual).

Definitions (T is the target; "me" is implicit, every contact is someone I know or
know of):

- A **direct broker** B of T is a contact who is tied to T, is in my network (on one
  person's database the first degree, not ``second_degree``; on a team's, the
  contacts the member at the keyboard has a relationship, ledger entry or meeting
  with: :attr:`Person.mine`) and is not archived. B ≠ T.
- A **chain** me → B1 → B2 → T goes through two people: B1 is in my network and not
  archived, B2 is any non-archived contact (second-degree allowed) tied to both B1
  and T; T, B1 and B2 are three different people, and B1 is not itself a direct
  broker of T (they would be asked directly). Chains are looked for only when T has
  fewer than :data:`MIN_DIRECT` (3) direct brokers.
- Archived contacts never broker and never appear in a path. T itself is never a
  broker.

The score, with ``closeness(B)`` my closeness to B (1-5), ``strength(X, Y)`` the tie
strength (1-5) and ``meter(B)`` my reciprocity meter with B (-100 … +100, 0 when
nothing was exchanged; see :mod:`netui.core.reciprocity`)::

    credit(B)     = 1 + meter(B) / 200                                  (0.5 … 1.5)
    direct score  = closeness(B) * strength(B, T) * credit(B)            (0.5 … 37.5)
    chain score   = closeness(B1) * strength(B1, B2) * strength(B2, T)
                    * credit(B1) / 5                                     (0.1 … 37.5)

A positive meter (I gave more than I received) raises the score by up to half, a
negative one lowers it by up to half: first give, then take.

Order: every direct broker comes before every chain; within each kind, the higher
score first, then the first broker's name (case-insensitive), then the ids. Each
first broker appears once, with their best route (for a chain: the B2 giving the
highest ``strength(B1, B2) * strength(B2, T)``, ties broken by B2's name).

Why chains rank below direct brokers: with equal strengths s = strength(B1, B2) =
strength(B2, T) = strength(B, T), equal closeness and credit, the chain score is
``direct * s / 5 ≤ direct`` (equal only when s = 5), so the formula alone already
puts such a chain at or below its direct counterpart, and the kind-first order makes
it strictly below any direct broker, whatever the strengths. The scores of the two
kinds are therefore comparable in size but the list is ordered by kind first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from netui.core.folding import fold_key
from netui.core.reciprocity import meter_label

#: Below this many direct brokers, chains through two people are looked for too.
MIN_DIRECT = 3
#: The chain score is divided by this (the highest tie strength).
CHAIN_DIVISOR = 5
#: The meter is divided by this to give the credit factor's offset from 1.
CREDIT_SPAN = 200

Kind = Literal["direct", "chain"]
DIRECT: Kind = "direct"
CHAIN: Kind = "chain"
_KIND_ORDER = {DIRECT: 0, CHAIN: 1}


@dataclass(frozen=True)
class Person:
    """What the ranking needs to know about a contact."""

    id: int
    name: str
    closeness: int = 3
    second_degree: bool = False
    archived: bool = False
    #: On a team database: whether they are in my network
    #: (:func:`netui.db.members.in_my_network`); ``None`` on one person's database,
    #: where my network is the first degree.
    mine: bool | None = None

    @property
    def in_my_network(self) -> bool:
        """Mine (a team's database), else first degree (one person's)."""
        return self.mine if self.mine is not None else not self.second_degree

    @property
    def can_broker(self) -> bool:
        """In my network and not archived: someone I can ask myself."""
        return self.in_my_network and not self.archived


@dataclass(frozen=True)
class Route:
    """A way to the target before my credit with the first broker is known.

    ``people`` runs from the first broker to the target; ``strengths`` are the ties
    along it (one for a direct broker, two for a chain).
    """

    people: tuple[Person, ...]
    strengths: tuple[int, ...]

    @cached_property
    def kind(self) -> Kind:
        return DIRECT if len(self.strengths) == 1 else CHAIN

    @property
    def broker(self) -> Person:
        return self.people[0]

    @cached_property
    def base(self) -> float:
        """The score with neutral credit (meter 0)."""
        product = self.broker.closeness
        for strength in self.strengths:
            product *= strength
        return product / CHAIN_DIVISOR if self.kind == CHAIN else float(product)


@dataclass(frozen=True)
class BrokerPath:
    """One way to be introduced to the target, as the command line and the UI show it."""

    name: str  # the first broker
    score: float
    path: tuple[str, ...]  # names from the first broker to the target
    ids: tuple[int, ...]  # contact ids, same order as ``path``
    kind: Kind
    reasons: str


def credit_factor(meter: float) -> float:
    """``1 + meter / 200``, the meter clamped to -100 … +100: 0.5 … 1.5."""
    meter = float(meter)
    if meter != meter:  # NaN
        meter = 0.0
    meter = max(-100.0, min(100.0, meter))
    return 1.0 + meter / CREDIT_SPAN


def direct_score(closeness: int, strength: int, meter: float = 0.0) -> float:
    """One member's route through one broker: closeness × tie × credit (who among us)."""
    return closeness * strength * credit_factor(meter)


def name_key(name: str) -> str:
    return fold_key(name)


# --- finding the routes -----------------------------------------------------------


def find_routes(
    target_id: int,
    people: Mapping[int, Person],
    ties: Iterable[tuple[int, int, int]],
    *,
    min_direct: int = MIN_DIRECT,
) -> list[Route]:
    """Every route to ``target_id``: the direct brokers, and chains if there are few.

    ``ties`` are ``(x_id, y_id, strength)``, undirected; they need only cover the
    ties of the target and of the target's neighbours. A contact missing from
    ``people`` is treated as unable to broker or relay (the caller may leave out the
    archived and second-degree contacts it already filtered away).
    """
    ties = list(ties)
    neighbours: dict[int, int] = {}  # neighbour of T -> strength
    for x, y, strength in ties:
        if x == target_id and y != target_id:
            neighbours[y] = strength
        elif y == target_id and x != target_id:
            neighbours[x] = strength

    routes: list[Route] = []
    target = people.get(target_id) or Person(target_id, "")
    direct_ids: set[int] = set()
    for broker_id, strength in neighbours.items():
        broker = people.get(broker_id)
        if broker is not None and broker.can_broker:
            direct_ids.add(broker_id)
            routes.append(Route((broker, target), (strength,)))
    if len(direct_ids) >= min_direct:
        return routes

    relays = {
        relay_id: strength
        for relay_id, strength in neighbours.items()
        if relay_id in people and not people[relay_id].archived
    }
    best: dict[int, Route] = {}  # first broker -> best chain
    for x, y, strength_1 in ties:
        for relay_id, broker_id in ((x, y), (y, x)):
            strength_2 = relays.get(relay_id)
            if strength_2 is None or broker_id in (target_id, relay_id):
                continue
            if broker_id in direct_ids:
                continue
            broker = people.get(broker_id)
            if broker is None or not broker.can_broker:
                continue
            route = Route((broker, people[relay_id], target), (strength_1, strength_2))
            current = best.get(broker_id)
            if current is None or _better_chain(route, current):
                best[broker_id] = route
    routes.extend(best.values())
    return routes


def _better_chain(route: Route, current: Route) -> bool:
    mine = route.strengths[0] * route.strengths[1]
    theirs = current.strengths[0] * current.strengths[1]
    if mine != theirs:
        return mine > theirs
    relay, other = route.people[1], current.people[1]
    return (name_key(relay.name), relay.id) < (name_key(other.name), other.id)


# --- ranking ----------------------------------------------------------------------

_LOW = credit_factor(-100)
_HIGH = credit_factor(100)


def shortlist(
    routes: Iterable[Route], limit: int, meters: Mapping[int, float] | None = None
) -> list[Route]:
    """The routes that can still reach the top ``limit``, whatever the unknown credit is.

    ``meters`` holds the meters already known (by first broker's id); a route whose
    meter is unknown can score from ``base * 0.5`` to ``base * 1.5``. A route is dropped
    only when its best possible score is strictly below the ``limit``-th best worst
    possible score of its kind-group (direct, then chains), so the caller needs meters
    only for the shortlist's brokers. Exact, not a heuristic.
    """
    routes = list(routes)
    if limit <= 0:
        return []
    known = meters or {}

    def bounds(route: Route) -> tuple[float, float]:
        meter = known.get(route.broker.id)
        if meter is None:
            return route.base * _LOW, route.base * _HIGH
        score = route.base * credit_factor(meter)
        return score, score

    kept: list[Route] = []
    room = limit
    for kind in (DIRECT, CHAIN):
        group = [route for route in routes if route.kind == kind]
        if room <= 0 or not group:
            continue
        if len(group) <= room:
            kept.extend(group)
        else:
            ranges = [bounds(route) for route in group]
            bar = sorted((low for low, _ in ranges), reverse=True)[room - 1]
            kept.extend(
                route for route, (_, high) in zip(group, ranges, strict=True) if high >= bar
            )
        room -= len(group)
    return kept


def most_promising(routes: Iterable[Route], limit: int) -> list[Route]:
    """The ``limit`` routes that would rank first with neutral credit.

    Fetching their meters first gives :func:`shortlist` a high bar, so that few other
    meters are needed.
    """
    ordered = sorted(routes, key=lambda route: (_KIND_ORDER[route.kind], -route.base))
    return ordered[:limit]


def rank(
    routes: Iterable[Route], meters: Mapping[int, float], *, limit: int | None = None
) -> list[BrokerPath]:
    """The routes as :class:`BrokerPath`, best first (see the module docstring).

    ``meters`` maps a first broker's id to my meter with them; missing means 0.
    """
    scored: list[tuple[tuple[Any, ...], Route, float, float]] = []
    for route in routes:
        meter = float(meters.get(route.broker.id, 0.0))
        score = route.base * credit_factor(meter)
        key = (
            _KIND_ORDER[route.kind],
            -score,
            name_key(route.broker.name),
            tuple(person.id for person in route.people),
        )
        scored.append((key, route, score, meter))
    scored.sort(key=lambda item: item[0])
    if limit is not None:
        scored = scored[:limit]
    return [
        BrokerPath(
            name=route.broker.name,
            score=score,
            path=tuple(person.name for person in route.people),
            ids=key[3],
            kind=route.kind,
            reasons=reasons(route, meter),
        )
        for key, route, score, meter in scored
    ]


def brokers(
    target_id: int,
    people: Mapping[int, Person],
    ties: Iterable[tuple[int, int, int]],
    meters: Mapping[int, float],
    *,
    limit: int | None = None,
    min_direct: int = MIN_DIRECT,
) -> list[BrokerPath]:
    """:func:`find_routes` then :func:`rank`, for callers that have every meter."""
    return rank(find_routes(target_id, people, ties, min_direct=min_direct), meters, limit=limit)


def reasons(route: Route, meter: float) -> str:
    """Why this route scores what it does, in a few words."""
    parts = [f"closeness {route.broker.closeness}/5"]
    if route.kind == DIRECT:
        parts.append(f"tie {route.strengths[0]}/5")
    else:
        parts.append(f"ties {route.strengths[0]}/5 and {route.strengths[1]}/5")
    parts.append(credit_text(meter))
    return ", ".join(parts)


def credit_text(meter: float) -> str:
    """My credit with a broker, written as the meter is everywhere: ``credit +34``."""
    return f"credit {meter_label(meter)}"


# --- who among us: the team's routes -------------------------------------------------
# A team database (netui.db.members) asks "who among us can introduce us?": every
# (member, broker) route to the target, each scored by the formula above with that
# member's closeness to the broker and that member's credit with them::
#
#     route score  = closeness(M, B) * strength(B, T) * credit(M, B)
#
# where B is a contact M has a relationship with, first degree and not archived,
# tied to T. A member who knows T themselves is listed too, as kind "knows", scored
# as if they were their own broker at the strongest tie (T at strength 5):
#
#     knows score  = closeness(M, T) * 5 * credit(M, T)
#
# Order: members who know the target first (they need nobody), then every route; in
# each kind the higher score first, then the member's name, the broker's name, ids.

TeamKind = Literal["knows", "broker"]
KNOWS: TeamKind = "knows"
BROKER: TeamKind = "broker"
_TEAM_ORDER = {KNOWS: 0, BROKER: 1}
#: The tie strength a member who knows the target is scored at (the strongest).
KNOWS_STRENGTH = 5


@dataclass(frozen=True)
class TeamPath:
    """One way for the team to reach the target: a member, and their broker (or the
    target itself when the member knows them)."""

    member: str
    member_id: int
    name: str  # the broker, or the target for "knows"
    score: float
    path: tuple[str, ...]  # the member, the broker (for a route), the target
    ids: tuple[int, ...]  # contact ids: the broker and the target, or the target
    kind: TeamKind


@dataclass(frozen=True)
class TeamLink:
    """A member's relationship with a contact: how close, and their meter with them."""

    member_id: int
    contact_id: int
    closeness: int
    meter: float = 0.0


def rank_team(
    target: Person,
    members: Mapping[int, str],
    links: Iterable[TeamLink],
    neighbours: Mapping[int, tuple[Person, int]],
    *,
    limit: int | None = None,
) -> list[TeamPath]:
    """Every member's routes to ``target``, best first (see the formula above).

    ``links`` are members' relationships with the target and with its neighbours;
    ``neighbours`` maps each contact tied to the target to ``(person, strength)``.
    Members missing from ``members`` are skipped (they left the team).
    """
    paths: list[TeamPath] = []
    for link in links:
        member = members.get(link.member_id)
        if member is None:
            continue
        if link.contact_id == target.id:
            score = direct_score(link.closeness, KNOWS_STRENGTH, link.meter)
            paths.append(
                TeamPath(member, link.member_id, target.name, score,
                         (member, target.name), (target.id,), KNOWS)
            )  # fmt: skip
            continue
        found = neighbours.get(link.contact_id)
        if found is None:
            continue
        broker, strength = found
        if not broker.can_broker or broker.id == target.id:
            continue
        score = direct_score(link.closeness, strength, link.meter)
        paths.append(
            TeamPath(member, link.member_id, broker.name, score,
                     (member, broker.name, target.name), (broker.id, target.id), BROKER)
        )  # fmt: skip
    paths.sort(
        key=lambda p: (_TEAM_ORDER[p.kind], -p.score, name_key(p.member), name_key(p.name),
                       p.member_id, p.ids)
    )  # fmt: skip
    return paths if limit is None else paths[:limit]
