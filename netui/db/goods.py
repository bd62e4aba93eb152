"""The bank of goods: what I can offer, and whom each good would interest.

Writes (create, update, edit against what a form loaded, delete into the trash) and
two matching reads:

- :func:`contacts_for_good`: the contacts a good would interest, best first, each
  with the reasons. Tag ids come from the small ``tag`` table; the contacts come
  from one indexed lookup of ``contact_tag`` by those ids, scored as the rows
  stream in; only the candidates that can still reach the top are read from
  ``contact`` for the role and organisation pass. Never a loop over the network.
- :func:`goods_for_contact`: the goods that would interest one contact (the
  Contacts detail pane and the worksheet's give-first picker call it): four small
  queries.

The rules and weights are in :mod:`netui.core.matching`. No Textual here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, cast

from peewee import Expression, Query

from netui import clock
from netui.core.matching import (
    KIND_WEIGHTS,
    MAX_WORD_BONUS,
    VIA_WEIGHTS,
    GoodProfile,
    Match,
    Reason,
    good_profile,
    key_words,
    match_good,
    matching_tags,
    search_parts,
)
from netui.db import journal
from netui.db.backends import lock_row
from netui.db.contacts import ContactNotFoundError, contains
from netui.db.edits import EditOutcome, plan
from netui.db.members import relationship_sql
from netui.db.models import (
    DEFAULT_CLOSENESS,
    GOOD_KINDS,
    Contact,
    ContactTag,
    Good,
    GoodTag,
    Tag,
    database,
)
from netui.db.rows import first_tuple, tuples
from netui.db.tags import clean_tags, write_item_tags

#: How many contacts :func:`contacts_for_good` returns unless told otherwise.
DEFAULT_LIMIT = 50
#: Ids per ``IN (...)`` list, well under SQLite's variable limit.
CHUNK = 500
#: Candidates read from ``contact`` at a time while filling the top.
PAGE = 100


class GoodNotFoundError(LookupError):
    """No good with that id."""


class GoodError(ValueError):
    """A good that cannot be saved: one sentence for the user."""


@dataclass(frozen=True)
class GoodFields:
    """Everything a user edits about a good."""

    title: str
    kind: str = "knowledge"
    description: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoodRecord:
    """A stored good with its tags."""

    id: int
    title: str
    kind: str
    description: str
    tags: tuple[str, ...]
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def fields(self) -> GoodFields:
        return GoodFields(self.title, self.kind, self.description, self.tags)


@dataclass(frozen=True)
class ContactMatch:
    """A contact a good would interest (or who serves a goal), and why."""

    contact_id: int
    name: str
    organisation: str
    role: str
    second_degree: bool
    closeness: int
    score: float
    reasons: tuple[Reason, ...]
    why: str
    #: On a team database: whether they are in my network
    #: (:func:`netui.db.members.in_my_network`); ``None`` on one person's database.
    mine: bool | None = None

    @property
    def in_my_network(self) -> bool:
        """Mine (a team's database), else first degree (one person's)."""
        return self.mine if self.mine is not None else not self.second_degree


@dataclass(frozen=True)
class GoodMatches:
    """The answer of :func:`contacts_for_good`."""

    good: GoodRecord
    total: int  # every contact the good would interest
    contacts: list[ContactMatch]  # the best ``limit`` of them, best first


@dataclass(frozen=True)
class GoodMatch:
    """A good that would interest one contact, and why."""

    good_id: int
    title: str
    kind: str
    description: str
    score: float
    reasons: tuple[Reason, ...]
    why: str


# --- writes --------------------------------------------------------------------------


def check_fields(values: GoodFields) -> GoodFields:
    """The fields trimmed, or :class:`GoodError`."""
    title = " ".join(values.title.split())
    if not title:
        raise GoodError("A good needs a title.")
    if values.kind not in GOOD_KINDS:
        raise GoodError(f"{values.kind!r} is not a kind of good ({', '.join(GOOD_KINDS)}).")
    return GoodFields(title, values.kind, values.description.strip(), clean_tags(values.tags))


def _set_tags(good_id: int, names: Sequence[str]) -> None:
    write_item_tags(GoodTag, "good", good_id, names)


def create_good(values: GoodFields) -> int:
    values = check_fields(values)
    with database.atomic():
        good_id = journal.insert(
            Good, title=values.title, kind=values.kind, description=values.description
        )
        _set_tags(good_id, values.tags)
    return int(good_id)


def _apply(good_id: int, writes: dict[str, object]) -> None:
    columns = {name: value for name, value in writes.items() if name != "tags"}
    if writes:
        journal.update(Good, Good.id == good_id, **columns, updated_at=clock.now())
    if "tags" in writes:
        _set_tags(good_id, cast("Sequence[str]", writes["tags"]))


def update_good(good_id: int, values: GoodFields) -> None:
    """Make the good ``values``, writing only the fields that differ."""
    values = check_fields(values)
    with database.atomic():
        lock_row(Good, good_id)  # PostgreSQL: another member's save waits
        current = get_good(good_id).fields
        _apply(good_id, {k: v for k, v in asdict(values).items() if v != getattr(current, k)})


#: How the good form names each field (for a conflict).
FIELD_LABELS = {"title": "Title", "kind": "Kind", "description": "Description", "tags": "Tags"}


def edit_good(good_id: int, loaded: GoodFields, wanted: GoodFields) -> EditOutcome:
    """Save the good form: only the fields the user changed, each only if nobody
    changed it since it was loaded (:mod:`netui.db.edits`)."""
    wanted = check_fields(wanted)
    with database.atomic():
        current = get_good(good_id).fields
        writes, conflicts = plan(
            asdict(loaded), asdict(wanted), asdict(current), sets=("tags",), labels=FIELD_LABELS
        )
        if conflicts:
            return EditOutcome(conflicts=tuple(conflicts))
        _apply(good_id, writes)
    return EditOutcome(written=tuple(writes))


def delete_good(good_id: int) -> GoodRecord:
    """Remove a good (kept in the trash for undo); returns it as it was."""
    with database.atomic():
        record = get_good(good_id)
        journal.delete(Good, Good.id == good_id)
    return record


# --- reads ---------------------------------------------------------------------------


def _tags_of(good_ids: Sequence[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {good_id: [] for good_id in good_ids}
    if not good_ids:
        return result
    query = tuples(
        GoodTag.select(GoodTag.good, Tag.name)
        .join(Tag)
        .where(GoodTag.good.in_(list(good_ids)))
        .order_by(GoodTag.good, Tag.key)
    )
    for good_id, name in query:
        result[good_id].append(name)
    return result


def _record(good: Good, tags: Iterable[str]) -> GoodRecord:
    return GoodRecord(
        id=good.id,
        title=good.title,
        kind=good.kind,
        description=good.description,
        tags=tuple(tags),
        created_at=good.created_at,
        updated_at=good.updated_at,
    )


def get_good(good_id: int) -> GoodRecord:
    good = Good.get_or_none(Good.id == good_id)
    if good is None:
        raise GoodNotFoundError(f"There is no good with id {good_id}.")
    return _record(good, _tags_of([good_id])[good_id])


def all_goods() -> list[GoodRecord]:
    """Every good with its tags, by title."""
    goods = list(Good.select())
    tags = _tags_of([good.id for good in goods])
    records = [_record(good, tags[good.id]) for good in goods]
    records.sort(key=lambda r: (r.title.casefold(), r.id))
    return records


def profile_of(record: GoodRecord) -> GoodProfile:
    return good_profile(record.kind, record.title, record.description, record.tags)


def _rows(query: Query) -> list[tuple[Any, ...]]:
    """Run a query straight on the cursor (no per-row model overhead)."""
    rows: list[tuple[Any, ...]] = database.execute(query).fetchall()
    return rows


def _archived_ids() -> set[int]:
    # The (archived, sort_name) index covers this: only the archived few are read.
    return {row[0] for row in _rows(Contact.select(Contact.id).where(Contact.archived == True))}  # noqa: E712


def contains_word(word: str) -> Expression:
    """A contact's folded search text contains ``word`` (folded): a pre-filter for an
    organisation or role word, refined in Python. The search text holds the folded
    organisation and role, so ``zurich`` finds ``Zürich`` and ``Zürich`` ``Zurich``."""
    return contains(Contact.search_text, word)


def _already_there(profile: GoodProfile, title: str) -> set[int]:
    """For a connection: the contacts at an organisation the good's title names."""
    words = profile.named_organisation_words
    parts = search_parts(title)
    if profile.kind != "connection" or not words or not parts:
        return set()
    condition = None
    for part in parts:
        term = contains_word(part)
        condition = term if condition is None else condition | term
    query = Contact.select(Contact.id, Contact.organisation).where(condition)
    return {
        contact_id
        for contact_id, organisation in _rows(query)
        if (key := key_words(organisation)) and key <= words
    }


def _int_list(ids: Iterable[int]) -> str:
    """Ids inlined into SQL: plain ints from the database itself, so nothing to escape,
    and no per-value cost of building a parameterised ``IN`` list."""
    return ",".join(str(int(i)) for i in ids)


def _tag_scores(wanted: dict[int, str]) -> list[tuple[int, float]]:
    """``(contact id, tag score)`` of every contact with a wanted tag, in no order.

    One aggregate over the ``contact_tag.tag_id`` index; the weights are those of
    :func:`netui.core.matching.tag_score`, as a CASE (portable SQL).
    """
    kinds = " ".join(
        f"WHEN '{kind}' THEN {weight!r}" for kind, weight in KIND_WEIGHTS.items() if kind != "tag"
    )
    by_word = [tag_id for tag_id, via in wanted.items() if via == "word"]
    via = (
        f"CASE WHEN tag_id IN ({_int_list(by_word)}) THEN {VIA_WEIGHTS['word']!r} "
        f"ELSE {VIA_WEIGHTS['tag']!r} END"
        if by_word
        else repr(VIA_WEIGHTS["tag"])
    )
    sql = (
        f"SELECT contact_id, SUM((CASE kind {kinds} ELSE {KIND_WEIGHTS['tag']!r} END) * {via})"
        f" AS score FROM contact_tag WHERE tag_id IN ({_int_list(sorted(wanted))})"
        " GROUP BY contact_id"
    )
    # float(): PostgreSQL sums decimal literals as NUMERIC (Python's Decimal).
    return [(cid, float(score)) for cid, score in database.execute_sql(sql).fetchall()]


def _page_of_contacts(
    ids: Sequence[int], wanted: Iterable[int]
) -> tuple[dict[int, tuple[Any, ...]], dict[int, list[tuple[str, int]]]]:
    """The contact rows of ``ids`` and their wanted tags (``contact id -> [(kind, tag id)]``)."""
    listed = _int_list(ids)
    rows = database.execute_sql(
        "SELECT contact.id, name, organisation, role, second_degree,"
        f" COALESCE(rel.closeness, {DEFAULT_CLOSENESS}) FROM contact{relationship_sql()}"
        f" WHERE contact.id IN ({listed})"
    ).fetchall()
    hits: dict[int, list[tuple[str, int]]] = {}
    # The (contact, tag, kind) index covers this.
    for contact_id, tag_id, kind in database.execute_sql(
        "SELECT contact_id, tag_id, kind FROM contact_tag"
        f" WHERE contact_id IN ({listed}) AND tag_id IN ({_int_list(wanted)})"
    ).fetchall():
        hits.setdefault(contact_id, []).append((kind, tag_id))
    return {row[0]: row for row in rows}, hits


def contacts_for_good(good_id: int, limit: int = DEFAULT_LIMIT) -> GoodMatches:
    """The contacts a good would interest, best first (at most ``limit``), with why.

    A contact matches through their interests, expertise and tags (see
    :mod:`netui.core.matching`); archived contacts never do. Second-degree contacts
    do, marked as such. ``total`` counts every contact it would interest.
    """
    record = get_good(good_id)
    profile = profile_of(record)
    tags = _rows(Tag.select(Tag.key, Tag.id, Tag.name))
    wanted = matching_tags(profile, {key: tag_id for key, tag_id, _ in tags})
    if not wanted:
        return GoodMatches(record, 0, [])
    names = {tag_id: name for _, tag_id, name in tags if tag_id in wanted}
    left_out = _archived_ids() | _already_there(profile, record.title)
    # Scores take few distinct values: bucket them rather than sort every candidate.
    buckets: dict[float, list[int]] = {}
    for cid, score in _tag_scores(wanted):
        if cid not in left_out:
            buckets.setdefault(score, []).append(cid)
    total = sum(len(bucket) for bucket in buckets.values())
    found: list[tuple[float, str, int, tuple[Any, ...], Match]] = []
    pages = (
        (score, bucket[start : start + PAGE])
        for score in sorted(buckets, reverse=True)
        for bucket in (sorted(buckets[score]),)
        for start in range(0, len(bucket), PAGE)
    )
    for score, page in pages:
        if len(found) >= limit and score + MAX_WORD_BONUS < found[-1][0]:
            break  # nobody further down can reach the top any more
        rows, hits = _page_of_contacts(page, wanted)
        for cid in page:
            row = rows.get(cid)
            if row is None:
                continue
            tags = [(kind, names[tag_id]) for kind, tag_id in hits.get(cid, ())]
            match = match_good(profile, tags, role=row[3], organisation=row[2])
            if match is not None:
                found.append((match.score, row[1], cid, row, match))
        found.sort(key=lambda item: (-item[0], item[1].casefold(), item[2]))
        del found[limit:]
    contacts = [
        ContactMatch(
            contact_id=cid,
            name=row[1],
            organisation=row[2],
            role=row[3],
            second_degree=bool(row[4]),
            closeness=row[5],
            score=score,
            reasons=match.reasons,
            why=match.why,
        )
        for score, _, cid, row, match in found
    ]
    return GoodMatches(record, total, contacts)


def goods_for_contact(contact_id: int, limit: int | None = None) -> list[GoodMatch]:
    """The goods in my bank that would interest one contact, best first, with why.

    One quick call (four small queries), for the Contacts detail pane and the
    worksheet's give-first picker. Raises :class:`ContactNotFoundError` for an
    unknown id.
    """
    row = first_tuple(
        Contact.select(Contact.organisation, Contact.role).where(Contact.id == contact_id)
    )
    if row is None:
        raise ContactNotFoundError(f"There is no contact with id {contact_id}.")
    organisation, role = row
    tags = _rows(
        ContactTag.select(ContactTag.kind, Tag.name)
        .join(Tag)
        .where(ContactTag.contact == contact_id)
    )
    if not tags:
        return []
    found = []
    for record in all_goods():
        match = match_good(profile_of(record), tags, role=role, organisation=organisation)
        if match is not None:
            found.append(
                GoodMatch(
                    good_id=record.id,
                    title=record.title,
                    kind=record.kind,
                    description=record.description,
                    score=match.score,
                    reasons=match.reasons,
                    why=match.why,
                )
            )
    found.sort(key=lambda m: (-m.score, m.title.casefold(), m.good_id))
    return found if limit is None else found[:limit]
