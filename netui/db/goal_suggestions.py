"""Which contacts serve a goal: suggestions, the contacts linked by hand, coverage
and the gaps (with who could broker into each).

How a goal is matched against the whole network:

- tags: one aggregate over the ``contact_tag.tag_id`` index gives, for every
  contact with a target tag, how many target tags they carry;
- organisations and roles: one pass over two short columns of the live contacts,
  each distinct value folded and judged once in Python (SQL's ``LIKE`` knows no
  accents);
- in my network or not: on one person's database the ids of the (few)
  second-degree and archived contacts, each one indexed or cheap query; on a team's,
  the candidates in my network (:func:`netui.db.members.in_my_network_of`, by
  chunks of ids), the one definition every screen reads;
- rows (name, closeness) and the tags behind the reasons are read only for the
  suggestions shown, a page at a time.

No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from peewee import Query

from netui.core.brokers import BrokerPath
from netui.core.folding import normalise_tag
from netui.core.matching import (
    GOAL_TAG,
    Gap,
    GoalMatcher,
    Match,
    Served,
    TargetCount,
    find_gaps,
    tag_key,
    target_counts,
)
from netui.db.brokers import brokers_for
from netui.db.goals import GoalRecord, get_goal
from netui.db.goods import ContactMatch
from netui.db.members import has_team, in_my_network_of, relationship_sql
from netui.db.models import DEFAULT_CLOSENESS, Contact, GoalContact, Tag, database

#: How many suggestions :func:`suggest_contacts` returns unless told otherwise.
DEFAULT_LIMIT = 50
#: How many brokers :func:`coverage` names for each gap.
GAP_BROKERS = 3
#: Suggestion candidates read from ``contact`` at a time.
PAGE = 100
#: Ids per ``IN (...)`` list.
CHUNK = 500

@dataclass(frozen=True)
class GapView:
    """A gap and who could broker into it (best first; empty: nobody can)."""

    gap: Gap
    brokers: tuple[BrokerPath, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """How much of the network serves a goal, and where it does not reach."""

    goal: GoalRecord
    first_degree: int  # my contacts who serve it (on a team database: in my network)
    second_degree: int  # contacts known through them who serve it (team: the others)
    linked: int
    by_target: int  # serve a target organisation or role
    by_tags_only: int
    targets: tuple[TargetCount, ...]
    gaps: tuple[GapView, ...]
    #: A team database: "mine" is my network (the contacts I have a relationship,
    #: ledger entry or meeting with), the rest are the team's or known through someone.
    team: bool = False


@dataclass(frozen=True)
class GoalOverview:
    """Everything the Bank & goals screen shows about one goal, in one call."""

    coverage: Coverage
    linked: list[ContactMatch]
    suggestions: list[ContactMatch]
    suggestions_total: int


# --- writes --------------------------------------------------------------------------
def _int_list(ids: Iterable[int]) -> str:
    """Ids inlined into SQL: plain ints from the database itself, nothing to escape."""
    return ",".join(str(int(i)) for i in ids)


def _rows(query: Query) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = database.execute(query).fetchall()
    return rows


@dataclass
class _Candidates:
    """Every contact who serves a goal, with what is known without reading their rows."""

    matcher: GoalMatcher
    goal_tags: dict[int, str]  # tag id -> the goal tag it stands for
    tag_counts: dict[int, int]  # contact id -> how many target tags they carry
    target_rows: dict[int, tuple[Any, ...]]  # contact id -> row, for those serving an org or role
    target_scores: dict[int, float]  # org and role part of the score
    linked: dict[int, str]  # contact id -> note, non-archived linked contacts
    # Those among all the above outside my network: on one person's database the
    # second degree; on a team's, those I have nothing with (or took out of it).
    second: set[int]
    team: bool  # a team database: ``second`` is "not mine", not "2nd degree"
    scores: dict[int, float]  # the full score of each candidate


def _columns_from() -> str:
    """The candidate columns (my closeness with each) and the tables they come from."""
    return (
        "contact.id, name, organisation, role, second_degree,"
        f" COALESCE(rel.closeness, {DEFAULT_CLOSENESS}) FROM contact{relationship_sql()}"
    )


def _candidates(record: GoalRecord) -> _Candidates:
    matcher = GoalMatcher(record.targets)
    archived = {row[0] for row in _rows(Contact.select(Contact.id).where(Contact.archived == True))}  # noqa: E712

    # Target tags and every tag with the same key (``startups`` and ``start-up``).
    goal_tags: dict[int, str] = {}
    if record.tags:
        normal = {normalise_tag(tag) for tag in record.tags}
        keys = {tag_key(tag) for tag in record.tags}
        for name, tag_id in _rows(Tag.select(Tag.key, Tag.id)):
            if name in normal or tag_key(name) in keys:
                goal_tag = matcher.goal_tag_for(name)
                if goal_tag is not None:
                    goal_tags[tag_id] = goal_tag
    tag_counts: dict[int, int] = {}
    if goal_tags:
        groups = sorted(set(goal_tags.values()))
        case = " ".join(
            f"WHEN {tag_id} THEN {groups.index(tag)}" for tag_id, tag in goal_tags.items()
        )
        sql = (
            f"SELECT contact_id, COUNT(DISTINCT CASE tag_id {case} END) FROM contact_tag"
            f" WHERE tag_id IN ({_int_list(goal_tags)}) GROUP BY contact_id"
        )
        tag_counts = dict(database.execute_sql(sql).fetchall())
        for cid in archived:
            tag_counts.pop(cid, None)

    # Organisations and roles: one pass over the live contacts' short columns; each
    # distinct organisation and role is judged once, folded, in Python (SQL's LIKE
    # knows no accents: "Zurich" must find "Zürich"). The same pass notes the ids of
    # the second-degree contacts (few: about a tenth of a network).
    target_rows: dict[int, tuple[Any, ...]] = {}
    target_scores: dict[int, float] = {}
    live = Contact.archived == False  # noqa: E712
    all_second: set[int] = set()
    if not (record.organisations or record.roles):
        query = Contact.select(Contact.id).where(live & (Contact.second_degree == True))  # noqa: E712
        all_second = {row[0] for row in _rows(query)}
    else:
        query = Contact.select(
            Contact.id, Contact.organisation, Contact.role, Contact.second_degree
        ).where(live)
        rows = _rows(query)
        all_second = {row[0] for row in rows if row[3]}
        orgs = {org for org in {row[1] for row in rows} if matcher.organisations_served(org)}
        roles = {role for role in {row[2] for row in rows} if matcher.roles_served(role)}
        hits = [row[0] for row in rows if row[1] in orgs or row[2] in roles]
        for start in range(0, len(hits), CHUNK):
            listed = _int_list(hits[start : start + CHUNK])
            for row in database.execute_sql(
                f"SELECT {_columns_from()} WHERE contact.id IN ({listed})"
            ).fetchall():
                match = matcher.match(row[2], row[3], ())
                if match is not None:
                    target_rows[row[0]] = row
                    target_scores[row[0]] = match.score

    linked = {
        contact_id: note
        for contact_id, note in _rows(
            GoalContact.select(GoalContact.contact, GoalContact.note).where(
                GoalContact.goal == record.id
            )
        )
        if contact_id not in archived
    }
    everyone = tag_counts.keys() | target_scores.keys() | linked.keys()
    team = has_team()
    if team:  # my network is the contacts I have something with, not the first degree
        second = set(everyone) - in_my_network_of(everyone, team=True)
    else:
        second = all_second & everyone
    scores: dict[int, float] = dict.fromkeys(linked, 0.0)
    scores.update((cid, count * GOAL_TAG) for cid, count in tag_counts.items())
    for cid, score in target_scores.items():
        scores[cid] = scores.get(cid, 0.0) + score
    return _Candidates(
        matcher, goal_tags, tag_counts, target_rows, target_scores, linked, second, team, scores
    )


def _contact_matches(found: _Candidates, ids: Sequence[int]) -> dict[int, ContactMatch]:
    """Rows, tags and reasons for ``ids`` (a page of candidates)."""
    if not ids:
        return {}
    listed = _int_list(ids)
    rows = database.execute_sql(
        f"SELECT {_columns_from()} WHERE contact.id IN ({listed})"
    ).fetchall()
    tags: dict[int, list[str]] = {}
    if found.goal_tags:
        for contact_id, tag_id in database.execute_sql(
            "SELECT contact_id, tag_id FROM contact_tag"
            f" WHERE contact_id IN ({listed}) AND tag_id IN ({_int_list(found.goal_tags)})"
        ).fetchall():
            tags.setdefault(contact_id, []).append(found.goal_tags[tag_id])
    result = {}
    for cid, name, organisation, role, second_degree, closeness in rows:
        match = found.matcher.match(
            organisation, role, tags.get(cid, ()), linked=cid in found.linked
        ) or Match(0.0, ())
        why = match.why
        note = found.linked.get(cid, "")
        if note:
            why = f"{why} · {note}" if why else note
        result[cid] = ContactMatch(
            contact_id=cid,
            name=name,
            organisation=organisation,
            role=role,
            second_degree=bool(second_degree),
            closeness=closeness,
            score=match.score,
            reasons=match.reasons,
            why=why,
            mine=cid not in found.second if found.team else None,
        )
    return result


def _rank_key(match: ContactMatch) -> tuple[Any, ...]:
    return (
        -match.score,
        not match.in_my_network,
        -match.closeness,
        match.name.casefold(),
        match.contact_id,
    )


def _suggestions(found: _Candidates, limit: int) -> tuple[list[ContactMatch], int]:
    """The best ``limit`` candidates not linked yet, and how many there are in all.

    Read a page at a time in (score, first degree first, id) order; among equal
    score and degree, the pages read decide by closeness, then name (a tie spread over
    more than a page is cut in id order).
    """
    # Buckets by (score, second degree): a few keys to sort, not every candidate.
    buckets: dict[tuple[float, bool], list[int]] = {}
    second, linked = found.second, found.linked
    for cid, score in found.scores.items():
        if cid not in linked:
            buckets.setdefault((-score, cid in second), []).append(cid)
    best: list[ContactMatch] = []
    for key in sorted(buckets):
        if len(best) >= limit and key > (-best[-1].score, not best[-1].in_my_network):
            break  # nobody further down can reach the top any more
        bucket = sorted(buckets[key])
        for start in range(0, len(bucket), PAGE):
            if len(best) >= limit and key >= (-best[-1].score, not best[-1].in_my_network):
                break  # ties: the first ids read compete on closeness and name
            best.extend(_contact_matches(found, bucket[start : start + PAGE]).values())
            best.sort(key=_rank_key)
            del best[limit:]
    total = sum(len(bucket) for bucket in buckets.values())
    return best, total


def suggest_contacts(goal_id: int, limit: int = DEFAULT_LIMIT) -> list[ContactMatch]:
    """Contacts (first and second degree, not archived, not linked yet) whose
    organisation, role or tags match the goal's targets, best first, each with why."""
    return _suggestions(_candidates(get_goal(goal_id)), limit)[0]


def linked_contacts(goal_id: int) -> list[ContactMatch]:
    """The contacts linked to the goal by hand (not archived), best first, with why."""
    found = _candidates(get_goal(goal_id))
    return sorted(_contact_matches(found, list(found.linked)).values(), key=_rank_key)


def _coverage(record: GoalRecord, found: _Candidates, brokers: int) -> Coverage:
    everyone = found.scores.keys()
    by_target = len(found.target_scores)
    by_tags_only = sum(
        1 for cid in found.tag_counts if cid not in found.target_scores and cid not in found.linked
    )
    served = [
        Served(
            contact_id=cid,
            name=row[1],
            first_degree=cid not in found.second,
            score=found.scores[cid],
            closeness=row[5],
            organisations=tuple(found.matcher.organisations_served(row[2])),
            roles=tuple(found.matcher.roles_served(row[3])),
        )
        for cid, row in found.target_rows.items()
    ]
    gaps = []
    for gap in find_gaps(record.targets, served):
        paths: tuple[BrokerPath, ...] = ()
        if gap.best_id is not None and brokers > 0:
            paths = tuple(brokers_for(gap.best_id, limit=brokers))
        gaps.append(GapView(gap, paths))
    return Coverage(
        goal=record,
        first_degree=len(everyone) - len(found.second),
        second_degree=len(found.second),
        linked=len(found.linked),
        by_target=by_target,
        by_tags_only=by_tags_only,
        targets=tuple(target_counts(record.targets, served)),
        gaps=tuple(gaps),
        team=found.team,
    )


def coverage(goal_id: int, *, brokers: int = GAP_BROKERS) -> Coverage:
    """How many of my contacts (first degree) and of their connections (second degree)
    serve the goal; which target organisations and roles no first-degree contact
    serves (the gaps); and for each gap, who could introduce me to the best
    second-degree contact there (``brokers`` paths from the brokers ranking), or
    nobody known there at all."""
    record = get_goal(goal_id)
    return _coverage(record, _candidates(record), brokers)


def goal_overview(
    goal_id: int, *, limit: int = DEFAULT_LIMIT, brokers: int = GAP_BROKERS
) -> GoalOverview:
    """Coverage, linked contacts and suggestions of one goal, matching the network once."""
    record = get_goal(goal_id)
    found = _candidates(record)
    suggestions, total = _suggestions(found, limit)
    linked = sorted(_contact_matches(found, list(found.linked)).values(), key=_rank_key)
    return GoalOverview(_coverage(record, found, brokers), linked, suggestions, total)
