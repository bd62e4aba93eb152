"""Career goals: targets, the contacts linked to each, suggestions, coverage and gaps.

A goal has target organisations and roles (one per line in the ``goal`` row) and
target tags (``goal_tag``). Contacts serve it when linked by hand (``goal_contact``)
or when their organisation, role or tags match the targets (the rules are in
:mod:`netui.core.matching`).

How a goal is matched against the whole network:

- tags: one aggregate over the ``contact_tag.tag_id`` index gives, for every
  contact with a target tag, how many target tags they carry;
- organisations and roles: one pass over two short columns of the live contacts,
  each distinct value folded and judged once in Python (SQL's ``LIKE`` knows no
  accents);
- first or second degree: the ids of the (few) second-degree and archived
  contacts, each one indexed or cheap query;
- rows (name, closeness) and the tags behind the reasons are read only for the
  suggestions shown, a page at a time.

No Textual here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from peewee import Query

from netui import clock
from netui.core.brokers import BrokerPath
from netui.core.matching import (
    GOAL_TAG,
    Gap,
    GoalMatcher,
    GoalTargets,
    Match,
    Served,
    TargetCount,
    find_gaps,
    normalise_tag,
    split_lines,
    tag_key,
    target_counts,
)
from netui.db import journal
from netui.db.backends import lock_row
from netui.db.brokers import brokers_for
from netui.db.contacts import ContactNotFoundError
from netui.db.edits import EditOutcome, plan
from netui.db.goods import ContactMatch
from netui.db.members import own, relationship_sql
from netui.db.models import DEFAULT_CLOSENESS, Contact, Goal, GoalContact, GoalTag, Tag, database
from netui.db.rows import first_tuple, tuples
from netui.db.tags import clean_tags, write_item_tags

#: How many suggestions :func:`suggest_contacts` returns unless told otherwise.
DEFAULT_LIMIT = 50
#: How many brokers :func:`coverage` names for each gap.
GAP_BROKERS = 3
#: Suggestion candidates read from ``contact`` at a time.
PAGE = 100
#: Ids per ``IN (...)`` list.
CHUNK = 500


class GoalNotFoundError(LookupError):
    """No goal with that id."""


class GoalError(ValueError):
    """A goal that cannot be saved: one sentence for the user."""


@dataclass(frozen=True)
class GoalFields:
    """Everything a user edits about a goal."""

    title: str
    description: str = ""
    organisations: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class GoalRecord:
    id: int
    title: str
    description: str
    organisations: tuple[str, ...]
    roles: tuple[str, ...]
    tags: tuple[str, ...]
    active: bool
    created_at: dt.datetime
    updated_at: dt.datetime
    linked: int = 0  # contacts linked by hand
    shared: bool = False  # with the team (schema 7): the other members may read it

    @property
    def fields(self) -> GoalFields:
        return GoalFields(
            self.title, self.description, self.organisations, self.roles, self.tags, self.active
        )

    @property
    def targets(self) -> GoalTargets:
        return GoalTargets(self.organisations, self.roles, self.tags)


@dataclass(frozen=True)
class GoalLink:
    """A contact linked to a goal by hand."""

    goal_id: int
    contact_id: int
    note: str = ""


@dataclass(frozen=True)
class GapView:
    """A gap and who could broker into it (best first; empty: nobody can)."""

    gap: Gap
    brokers: tuple[BrokerPath, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """How much of the network serves a goal, and where it does not reach."""

    goal: GoalRecord
    first_degree: int  # my contacts who serve it
    second_degree: int  # contacts known through them who serve it
    linked: int
    by_target: int  # serve a target organisation or role
    by_tags_only: int
    targets: tuple[TargetCount, ...]
    gaps: tuple[GapView, ...]


@dataclass(frozen=True)
class GoalOverview:
    """Everything the Bank & goals screen shows about one goal, in one call."""

    coverage: Coverage
    linked: list[ContactMatch]
    suggestions: list[ContactMatch]
    suggestions_total: int


# --- writes --------------------------------------------------------------------------


def _clean_list(values: Iterable[str]) -> tuple[str, ...]:
    return split_lines("\n".join(values))


def check_fields(values: GoalFields) -> GoalFields:
    title = " ".join(values.title.split())
    if not title:
        raise GoalError("A goal needs a title.")
    return GoalFields(
        title=title,
        description=values.description.strip(),
        organisations=_clean_list(values.organisations),
        roles=_clean_list(values.roles),
        tags=clean_tags(values.tags),
        active=bool(values.active),
    )


def _set_tags(goal_id: int, names: Sequence[str]) -> None:
    write_item_tags(GoalTag, "goal", goal_id, names)


#: GoalFields field -> goal column (tags are in goal_tag).
COLUMNS = {
    "title": "title",
    "description": "description",
    "organisations": "target_organisations",
    "roles": "target_roles",
    "active": "active",
}


def _columns(values: GoalFields) -> dict[str, object]:
    return {
        "title": values.title,
        "description": values.description,
        "target_organisations": "\n".join(values.organisations),
        "target_roles": "\n".join(values.roles),
        "active": values.active,
    }


def create_goal(values: GoalFields) -> int:
    values = check_fields(values)
    with database.atomic():
        goal_id = journal.insert(Goal, **_columns(values))
        _set_tags(goal_id, values.tags)
    return int(goal_id)


def _apply(goal_id: int, current: GoalFields, writes: dict[str, object]) -> None:
    if not writes:
        return
    values = GoalFields(**{**asdict(current), **writes})
    stored = _columns(values)
    columns = {COLUMNS[name]: stored[COLUMNS[name]] for name in writes if name in COLUMNS}
    journal.update(Goal, Goal.id == goal_id, **columns, updated_at=clock.now())
    if "tags" in writes:
        _set_tags(goal_id, values.tags)


def update_goal(goal_id: int, values: GoalFields) -> None:
    """Make the goal ``values``, writing only the fields that differ."""
    values = check_fields(values)
    with database.atomic():
        lock_row(Goal, goal_id)  # PostgreSQL: another member's save waits
        current = get_goal(goal_id).fields
        changed = {k: v for k, v in asdict(values).items() if v != getattr(current, k)}
        _apply(goal_id, current, changed)


#: How the goal form names each field (for a conflict).
FIELD_LABELS = {"title": "Title", "description": "Description",
                "organisations": "Target organisations", "roles": "Target roles",
                "tags": "Target tags", "active": "Active"}  # fmt: skip


def edit_goal(goal_id: int, loaded: GoalFields, wanted: GoalFields) -> EditOutcome:
    """Save the goal form: only the fields the user changed, each only if nobody
    changed it since it was loaded (:mod:`netui.db.edits`)."""
    wanted = check_fields(wanted)
    with database.atomic():
        current = get_goal(goal_id).fields
        writes, conflicts = plan(
            asdict(loaded), asdict(wanted), asdict(current), sets=("tags",), labels=FIELD_LABELS
        )
        if conflicts:
            return EditOutcome(conflicts=tuple(conflicts))
        _apply(goal_id, current, writes)
    return EditOutcome(written=tuple(writes))


def set_active(goal_id: int, active: bool) -> None:
    updated = journal.update(Goal, Goal.id == goal_id, active=active, updated_at=clock.now())
    if not updated:
        raise GoalNotFoundError(f"There is no goal with id {goal_id}.")


def delete_goal(goal_id: int) -> GoalRecord:
    """Remove a goal, its tags and links (kept in the trash for undo); returns it."""
    with database.atomic():
        record = get_goal(goal_id)
        journal.delete(Goal, Goal.id == goal_id)
    return record


def link_contact(goal_id: int, contact_id: int, note: str = "") -> bool:
    """Link a contact to a goal by hand. ``False`` when they already were (note kept,
    or replaced when a new one is given)."""
    with database.atomic():
        if not Goal.select().where(Goal.id == goal_id).exists():
            raise GoalNotFoundError(f"There is no goal with id {goal_id}.")
        if not Contact.select().where(Contact.id == contact_id).exists():
            raise ContactNotFoundError(f"There is no contact with id {contact_id}.")
        link = (GoalContact.goal == goal_id) & (GoalContact.contact == contact_id)
        if GoalContact.select().where(link).exists():
            if note.strip():
                journal.update(GoalContact, link, note=note.strip())
            return False
        journal.insert(GoalContact, goal=goal_id, contact=contact_id, note=note.strip())
    return True


def unlink_contact(goal_id: int, contact_id: int) -> GoalLink | None:
    """Remove a hand-made link (kept in the trash for undo); the link as it was, or
    ``None``."""
    with database.atomic():
        link = (GoalContact.goal == goal_id) & (GoalContact.contact == contact_id)
        row = first_tuple(GoalContact.select(GoalContact.note).where(link))
        if row is None:
            return None
        journal.delete(GoalContact, link)
    return GoalLink(goal_id, contact_id, row[0])


# --- reads ---------------------------------------------------------------------------


def _tags_of(goal_ids: Sequence[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {goal_id: [] for goal_id in goal_ids}
    if not goal_ids:
        return result
    query = tuples(
        GoalTag.select(GoalTag.goal, Tag.name)
        .join(Tag)
        .where(GoalTag.goal.in_(list(goal_ids)))
        .order_by(GoalTag.goal, Tag.key)
    )
    for goal_id, name in query:
        result[goal_id].append(name)
    return result


def _link_counts(goal_ids: Sequence[int]) -> dict[int, int]:
    from peewee import fn

    query = tuples(
        GoalContact.select(GoalContact.goal, fn.COUNT(GoalContact.contact))
        .join(Contact)
        .where(GoalContact.goal.in_(list(goal_ids)) & (Contact.archived == False))  # noqa: E712
        .group_by(GoalContact.goal)
    )
    return dict(query)


def _records(goals: Sequence[Goal]) -> list[GoalRecord]:
    ids = [goal.id for goal in goals]
    tags = _tags_of(ids)
    counts = _link_counts(ids) if ids else {}
    return [
        GoalRecord(
            id=goal.id,
            title=goal.title,
            description=goal.description,
            organisations=split_lines(goal.target_organisations),
            roles=split_lines(goal.target_roles),
            tags=tuple(tags[goal.id]),
            active=bool(goal.active),
            created_at=goal.created_at,
            updated_at=goal.updated_at,
            linked=counts.get(goal.id, 0),
            shared=bool(goal.shared),
        )
        for goal in goals
    ]


def get_goal(goal_id: int) -> GoalRecord:
    goal = Goal.get_or_none(Goal.id == goal_id)
    if goal is None:
        raise GoalNotFoundError(f"There is no goal with id {goal_id}.")
    return _records([goal])[0]


def all_goals() -> list[GoalRecord]:
    """Every goal, active ones first, then by title."""
    records = _records(list(Goal.select().where(own(Goal))))
    records.sort(key=lambda r: (not r.active, r.title.casefold(), r.id))
    return records


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
    second: set[int]  # second-degree ids among all the above
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
    second = all_second & everyone
    scores: dict[int, float] = dict.fromkeys(linked, 0.0)
    scores.update((cid, count * GOAL_TAG) for cid, count in tag_counts.items())
    for cid, score in target_scores.items():
        scores[cid] = scores.get(cid, 0.0) + score
    return _Candidates(
        matcher, goal_tags, tag_counts, target_rows, target_scores, linked, second, scores
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
        )
    return result


def _rank_key(match: ContactMatch) -> tuple[Any, ...]:
    return (
        -match.score,
        match.second_degree,
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
        if len(best) >= limit and key > (-best[-1].score, best[-1].second_degree):
            break  # nobody further down can reach the top any more
        bucket = sorted(buckets[key])
        for start in range(0, len(bucket), PAGE):
            if len(best) >= limit and key >= (-best[-1].score, best[-1].second_degree):
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
