"""Applying a file's records to the database a slice at a time: match
(:mod:`.dedupe`), merge, write the slice's new contacts; then the updates of stored
contacts, tags and ties, recording each change for undo (:mod:`netui.db.journal`).

RELATED entries of vCards become ties (strength 3, the relation type as context)
when the other person is known: another card of the file by UID, or any contact
by email, LinkedIn URL, or a unique exact name. Others are counted, not stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from netui.core.folding import fold
from netui.core.importers import ImportCancelled, RecordStream, Related
from netui.core.uids import new_uids, normalise_uid
from netui.db import journal
from netui.db.contacts import (
    RELATIONSHIP_FIELDS,
    search_text_for,
    sort_key_for,
    write_relationship,
)
from netui.db.importing.bulk import IndexesAside, batches, insert_rows, rows_among, update_rows
from netui.db.importing.dedupe import (
    COLUMNS,
    CONTACT_COLUMNS,
    Matcher,
    Person,
    email_key,
    url_key,
)
from netui.db.importing.report import ImportReport, Progress
from netui.db.members import current_member_id
from netui.db.models import (
    DEFAULT_CLOSENESS,
    Contact,
    ContactTag,
    Relationship,
    Tag,
    Tie,
    database,
    now,
    on_server,
)
from netui.db.rows import tuples
from netui.db.tags import TAG_FIELDS, clean_tags, tag_ids

PROGRESS_EVERY = 500
#: :func:`~netui.core.folding.fold` remembered: organisations, roles and tags repeat.
_fold = functools.lru_cache(maxsize=16_384)(fold)
_texts = operator.itemgetter("name", "organisation", "role", "email", "notes")
_values = operator.attrgetter("values")
_own = operator.itemgetter("closeness", "cadence_days")  # my relationship's, of values


def search_text(person: Person) -> str:
    """:func:`~netui.db.contacts.search_text_for` of the person's values and tags,
    without making its ``ContactFields`` (the same texts, in the same order: a test
    holds them together)."""
    values, tags = person.values, person.tags
    name, organisation, role, email, notes = cast(tuple[str, ...], _texts(values))
    # The name folded once, with the dedupe keys, for a new contact.
    folded = [person.folded_name or fold(name)] if name else []
    if organisation:
        folded.append(_fold(organisation))
    if role:
        folded.append(_fold(role))
    if email:
        folded.append(fold(email))  # each contact's own: not remembered
    if notes:
        folded.append(fold(notes))
    if tags["tags"] or tags["expertise"] or tags["interests"]:
        folded.extend(_fold(tag) for tag in (*tags["tags"], *tags["expertise"],
                                             *tags["interests"]) if tag)  # fmt: skip
    return "\n".join(folded)


def stored_tags(
    contact_ids: Sequence[int], made: dict[str, Any]
) -> dict[int, dict[str, list[str]]]:
    """:func:`~netui.db.tags.contact_tags`, the SQL made once (:func:`.bulk.rows_among`,
    ``made``): an import reads the tags of every stored contact it matches."""
    result: dict[int, dict[str, list[str]]] = {
        cid: {attribute: [] for attribute in TAG_FIELDS} for cid in contact_ids
    }
    attribute_of = {kind: attribute for attribute, kind in TAG_FIELDS.items()}
    query = (
        ContactTag.select(ContactTag.contact, ContactTag.kind, Tag.name)
        .join(Tag)
        .order_by(ContactTag.id)
    )
    for contact_id, kind, name in rows_among(query, ContactTag.contact, contact_ids, made):
        result[contact_id][attribute_of.get(kind, "tags")].append(name)
    return result


#: Records matched and written together; all the import holds of the file at once.
SLICE = 2_000
#: Contacts added, and more than there were, from which the indexes of the contact
#: and relationship tables are set aside until the end (:class:`.bulk.IndexesAside`).
ASIDE_FROM = 20_000


def new_contact_ids(count: int) -> list[int]:
    """Ids for ``count`` new contacts, ascending. SQLite's writers take turns, so the
    ids after the highest are free; on PostgreSQL another member may be importing at
    the same moment, so they come from the contact table's sequence, which hands each
    id out once (not always in one unbroken run)."""
    if count <= 0:
        return []
    if on_server():
        rows = database.execute_sql(
            "SELECT nextval(pg_get_serial_sequence('contact', 'id')) FROM generate_series(1, %s)",
            (count,),
        ).fetchall()
        return sorted(int(row[0]) for row in rows)
    first = (Contact.select(Contact.id).order_by(Contact.id.desc()).scalar() or 0) + 1
    return list(range(first, first + count))


#: int(), of a value typed as object (a flag: a bool, or an int from a stored row).
_int = cast(Callable[[object], int], int)


def _one(column: str) -> Callable[[dict[str, object]], tuple[object, ...]]:
    """A getter of one column as a tuple (``itemgetter`` of one gives the value)."""
    return lambda values: (values[column],)


def same_values(new: Sequence[Person]) -> list[tuple[str, object]]:
    """The contact columns but the name whose value is the same empty one ("",
    None, False) in every one of ``new`` (most files leave several empty)."""
    values = [person.values for person in new]
    same: list[tuple[str, object]] = []
    for column in CONTACT_COLUMNS[1:]:
        value = values[0][column]
        # A text column's only empty value is "", a day's None, a flag's False: the
        # same value in every row when none is anything else.
        empty = value is None or value is False or (type(value) is str and not value)
        if empty and not any(map(operator.itemgetter(column), values)):
            same.append((column, value))
    return same


class Importer(Matcher):
    """One import: the records of a file, matched, merged and written a slice at a
    time inside the import's one transaction. New contacts are written with their
    slice, and then all the import keeps of them is their dedupe keys (a later
    record matching one reads it back); the stored contacts a file updates are
    written at the end, when every record has had its say."""

    def __init__(
        self,
        kind: str,
        stream: RecordStream,
        on_progress: Progress | None,
        cancelled: Callable[[], bool],
    ) -> None:
        super().__init__()
        self.kind = kind
        self.stream = stream
        self.on_progress = on_progress
        self.cancelled = cancelled
        self.new: list[Person] = []  # the slice's new contacts, until written
        self.added: list[tuple[int, int]] = []  # the ids written, as runs first..last
        self.repeated = 0
        self.related: list[tuple[Person, tuple[Related, ...]]] = []
        self.before_update: Callable[[], Path | None] | None = None
        self.backup: Path | None = None
        self.ids: list[int] | None = None  # each record's contact id, when asked for
        self.tag_id: dict[str, int] = {}
        self.made_tags: dict[str, Any] = {}  # the SQL reading stored tags (bulk.rows_among)
        self.tagged = False  # whether a record so far had tags, expertise or interests
        self.aside = IndexesAside("contact")
        created = Contact.created_at.db_value(now())
        # As sqlite3 would store it, once rather than for every row (a datetime there).
        if isinstance(created, dt.datetime) and not on_server():
            created = created.isoformat(" ")
        self.created = created
        self.member = current_member_id()

    # -- the run ---------------------------------------------------------------

    def tick(self, start: bool = False) -> None:
        if self.cancelled():
            raise ImportCancelled()
        if self.on_progress is not None:
            done = 0 if start else self.stream.position()
            if done < self.stream.total:
                self.on_progress(done, self.stream.total)

    def run(self) -> ImportReport:
        self.tick(start=True)
        self.load()
        for chunk in batches(self.stream.records, SLICE):
            targets: list[Person] = []
            merged: list[Person] = []  # stored contacts this slice merged records into
            slice_keys = [self.keys(record) for record in chunk]
            self.prefetch(slice_keys)
            for done, (record, keys) in enumerate(zip(chunk, slice_keys, strict=True), 1):
                found = self.match(keys)
                if found is None:
                    person = self.new_person(record)
                    person.sort_name = keys.name_org.partition("\x00")[0]
                    person.folded_name = keys.folded_name
                    person.url = (record.linkedin_url, keys.url)
                    self.new.append(person)
                    self.index(keys, person)
                else:
                    if self.is_added(found):
                        self.repeated += 1
                    person = self.person(found)
                    if person.id in self.touched:
                        merged.append(person)
                    self.merge(person, record)
                    self.index(keys, found)
                if record.related:
                    self.related.append((person, record.related))
                if record.tags or record.expertise or record.interests:
                    self.tagged = True
                if self.ids is not None:
                    targets.append(person)
                if done % PROGRESS_EVERY == 0:
                    self.tick()
            self.load_stored_tags()
            self.back_up_if_updating(merged)
            self.write_new()
            if self.ids is not None:
                self.ids.extend(int(p.id) for p in targets if p.id is not None)
            self.let_go_unchanged(self.slice_touched)
            if self.added_count() >= max(self.stored_count, ASIDE_FROM):
                self.aside.drop()  # once: made again below, over every row
        self.aside.restore()

        self.record_added()
        updated, unchanged = self.write_touched()
        ties_added, unknown = self.add_ties()
        self.tick()
        skipped = tuple(self.stream.skipped)
        return ImportReport(
            kind=self.kind,
            added=self.added_count(),
            updated=updated,
            unchanged=unchanged,
            skipped=len(skipped),
            skipped_where=skipped,
            repeated=self.repeated,
            ties_added=ties_added,
            related_unknown=unknown,
            backup=str(self.backup) if self.backup is not None else "",
        )

    def added_count(self) -> int:
        return sum(last - first + 1 for first, last in self.added)

    def load_stored_tags(self) -> None:
        """Put the stored tags of each contact first matched in this slice before the
        ones the file added."""
        people = self.slice_touched = self.first_touched
        if not people:
            return
        stored = stored_tags([p.id for p in people if p.id is not None], self.made_tags)
        for person in people:
            assert person.id is not None and person.before is not None
            mine = stored[person.id]
            person.original = (person.before, tuple(tuple(mine[a]) for a in TAG_FIELDS))
            if any(mine.values()) or any(person.tags.values()):  # most have none
                person.tags = {
                    a: list(clean_tags([*mine[a], *person.tags[a]])) for a in TAG_FIELDS
                }
        self.first_touched = []

    def back_up_if_updating(self, merged: Sequence[Person]) -> None:
        """The copy of the database before the first slice that changes a stored
        contact (read through another connection: what this transaction wrote is
        not in it). Only the contacts this slice merged into can have changed."""
        if self.before_update is None or self.backup is not None:
            return
        if any(p.snapshot() != p.original for p in merged):
            if self.cancelled():  # a last chance to cancel before the copy
                raise ImportCancelled()
            self.backup = self.before_update()
            self.before_update = None

    # -- writing ---------------------------------------------------------------

    def write_new(self) -> None:
        """The slice's new contacts, their relationships and tags."""
        new = self.new
        if not new:
            return
        ids = new_contact_ids(len(new))
        for person, new_id in zip(new, ids, strict=True):
            person.id = new_id
        without_uid = [person for person in new if not person.uid]
        for person, uid in zip(without_uid, new_uids(len(without_uid)), strict=True):
            person.uid = uid
        for new_id in ids:
            if self.added and self.added[-1][1] + 1 == new_id:
                self.added[-1] = (self.added[-1][0], new_id)
            else:
                self.added.append((new_id, new_id))

        if on_server():
            self.insert_new(new)
        else:
            self.insert_new_sqlite(new)
        self.write_relationships(new, ids)
        if self.tagged:
            self.write_tags(new, record=False)
        self.written()
        self.new = []

    def insert_new(self, new: Sequence[Person]) -> None:
        """The contact rows of ``new``, each value bound (PostgreSQL)."""
        created = self.created
        live = Contact.archived.db_value(False)
        second_degree: Callable[[object], object] = Contact.second_degree.db_value
        columns = operator.itemgetter(*CONTACT_COLUMNS[:-1])
        rows = [
            (
                person.id,
                *columns(person.values),
                second_degree(person.values["second_degree"]),
                live,
                created,
                created,
                person.sort_name,
                search_text(person),
                person.uid,
            )
            for person in new
        ]
        insert_rows(Contact, ("id", *CONTACT_COLUMNS, "archived", "created_at", "updated_at",
                              "sort_name", "search_text", "uid"), rows)  # fmt: skip

    def insert_new_sqlite(self, new: Sequence[Person]) -> None:
        """The contact rows of ``new``: what every row has the same value of goes in
        the SQL rather than bound to each row (the time stamps, the columns most
        files leave empty); a flag is bound as an int, which SQLite stores it as,
        without the adapter lookup a bool makes sqlite3 do."""
        same: list[tuple[str, object]] = [
            ("archived", int(Contact.archived.db_value(False))),
            ("created_at", self.created),
            ("updated_at", self.created),
            *same_values(new),
        ]
        named = {name for name, _ in same}
        plain = [c for c in CONTACT_COLUMNS if c not in named and c != "second_degree"]
        columns = operator.itemgetter(*plain) if len(plain) > 1 else _one(plain[0])
        if "second_degree" in named:
            rows = [
                (person.id, *columns(person.values), person.sort_name, search_text(person),
                 person.uid)
                for person in new
            ]  # fmt: skip
            flag: tuple[str, ...] = ()
        else:
            rows = [
                (person.id, *columns(person.values), _int(person.values["second_degree"]),
                 person.sort_name, search_text(person), person.uid)
                for person in new
            ]  # fmt: skip
            flag = ("second_degree",)
        insert_rows(Contact, ("id", *plain, *flag, "sort_name", "search_text", "uid"), rows, same)

    def write_relationships(self, new: Sequence[Person], ids: Sequence[int]) -> None:
        """My relationship with each new contact: in one statement when they all have
        the defaults (a file without netui's own closeness or cadence) and one run of
        ids (always on SQLite), else a row each."""
        if (
            ids[-1] - ids[0] + 1 == len(ids)
            and set(map(_own, map(_values, new))) == {(DEFAULT_CLOSENESS, None)}
        ):
            param = database.param
            database.execute_sql(
                'INSERT INTO "relationship" ("member_id", "contact_id", "closeness",'
                f' "cadence_days", "shared") SELECT {param}, "id", {param}, NULL, {param}'
                f' FROM "contact" WHERE "id" BETWEEN {param} AND {param} ORDER BY "id"',
                [self.member, DEFAULT_CLOSENESS, Relationship.shared.db_value(False),
                 ids[0], ids[-1]],
            )  # fmt: skip
            return
        insert_rows(
            Relationship,
            ("member", "contact", "closeness", "cadence_days", "shared"),
            [
                (self.member, p.id, p.values["closeness"], p.values["cadence_days"], False)
                for p in new
            ],
        )

    def record_added(self) -> None:
        """The undo of the contacts added: one range, with their ids when another
        import took ids in between (PostgreSQL)."""
        recorder = journal.current()
        if recorder is None or not self.added:
            return
        first, last = self.added[0][0], self.added[-1][1]
        stored = database.execute_sql(
            f'SELECT "updated_at" FROM "contact" WHERE "id" = {database.param}', [first]
        ).fetchone()[0]
        op: dict[str, Any] = {"op": "created_range", "first": first, "last": last, "stamp": stored}
        if len(self.added) > 1:
            op["ids"] = [cid for start, end in self.added for cid in range(start, end + 1)]
        recorder.add(op)

    def write_touched(self) -> tuple[int, int]:
        """The stored contacts the file changed (and the added ones a later record
        changed); how many stored ones were updated and how many left as they were."""
        created = self.created
        changed = [p for p in self.touched.values() if p.snapshot() != p.original]
        again = [p for p in self.fresh.values() if p.snapshot() != p.original]
        update_columns = (*CONTACT_COLUMNS, "updated_at", "sort_name", "search_text")
        updates = [
            (
                *(p.values[c] for c in CONTACT_COLUMNS[:-1]),
                Contact.second_degree.db_value(p.values["second_degree"]),
                created,
                sort_key_for(str(p.values["name"])),
                search_text_for(p.fields()),
                p.id,
            )
            for p in [*changed, *again]
        ]
        update_rows(Contact, update_columns, updates)
        for p in self.touched.values():  # my relationship: rarely changed, one by one
            assert p.id is not None and p.before is not None
            own = {c: p.values[c] for c in RELATIONSHIP_FIELDS}
            before = dict(zip(COLUMNS, p.before, strict=True))
            if p.id in self.strangers:
                write_relationship(p.id, own)
            elif any(own[c] != before[c] for c in RELATIONSHIP_FIELDS):
                write_relationship(
                    p.id, {c: own[c] for c in RELATIONSHIP_FIELDS if own[c] != before[c]}
                )
        for p in again:  # removed with the contact on undo: not journalled
            own = {c: p.values[c] for c in RELATIONSHIP_FIELDS}
            Relationship.update(**own).where(
                (Relationship.member == self.member) & (Relationship.contact == p.id)
            ).execute()
        recorder = journal.current()
        if recorder is not None:
            self.record_updates(recorder, changed)
        self.write_tags(changed, record=True)
        self.write_tags(again, record=False)
        unchanged = len(self.touched) - len(changed) + len(self.unchanged - self.touched.keys())
        return len(changed), unchanged

    def record_updates(self, recorder: journal.Recorder, changed: Sequence[Person]) -> None:
        """The undo of the updates: each changed column, before and after, as stored."""
        for start in range(0, len(changed), 500):
            chunk = {p.id: p for p in changed[start : start + 500]}
            marks = ", ".join([database.param] * len(chunk))
            names = ", ".join(f'"{c}"' for c in CONTACT_COLUMNS)
            cursor = database.execute_sql(
                f'SELECT "id", {names} FROM "contact" WHERE "id" IN ({marks})', list(chunk)
            )
            for row in cursor.fetchall():
                was = chunk[row[0]].stored
                assert was is not None  # a stored contact
                stored = dict(zip(COLUMNS, was, strict=True))
                before = [stored[c] for c in CONTACT_COLUMNS]
                fields = {
                    column: [old, new]
                    for column, old, new in zip(CONTACT_COLUMNS, before, row[1:], strict=True)
                    if old != new
                }
                if fields:
                    recorder.add(
                        {"op": "set", "table": "contact", "key": {"id": row[0]}, "fields": fields}
                    )

    def write_tags(self, people: Sequence[Person], *, record: bool) -> None:
        if not any(p.tags["tags"] or p.tags["expertise"] or p.tags["interests"] for p in people):
            return
        wanted = {name for p in people for attribute in TAG_FIELDS for name in p.tags[attribute]}
        if not wanted:
            return
        ids = self.tag_id
        names = sorted(wanted - ids.keys())
        for start in range(0, len(names), 500):
            ids.update(tag_ids(names[start : start + 500]))
        existing: set[tuple[int | None, int, str]] = set()
        stored_ids = [p.id for p in people if p.original is not None]
        for start in range(0, len(stored_ids), 500):
            chunk = stored_ids[start : start + 500]
            existing.update(
                tuples(
                    ContactTag.select(ContactTag.contact, ContactTag.tag, ContactTag.kind).where(
                        ContactTag.contact.in_(chunk)
                    )
                )
            )
        rows = []
        recorder = journal.current()
        for p in people:
            for attribute, kind in TAG_FIELDS.items():
                for name in p.tags[attribute]:
                    row = (p.id, ids[name], kind)
                    if row not in existing:
                        existing.add(row)
                        rows.append(row)
                        if record and recorder is not None:
                            key = {"contact_id": p.id, "tag_id": ids[name], "kind": kind}
                            recorder.add({"op": "created", "table": "contact_tag", "key": key})
        insert_rows(ContactTag, ("contact", "tag", "kind"), rows)

    # -- ties from RELATED -----------------------------------------------------

    def add_ties(self) -> tuple[int, int]:
        if not self.related:
            return 0, 0
        by_uid = {uid: self._id(found) for uid, found in self.by_uid.items()}
        names: dict[str, set[int]] = {}  # every contact, stored or written by now
        for cid, sort_name in database.execute_sql('SELECT "id", "sort_name" FROM "contact"'):
            names.setdefault(sort_name, set()).add(cid)

        def resolve(value: str) -> int | None:
            text = value.strip()
            lowered = text.casefold()
            found = by_uid.get(normalise_uid(text))
            if found is not None:
                return found
            if lowered.startswith("mailto:") or ("@" in text and " " not in text):
                person = self.by_email.get(email_key(text.removeprefix("mailto:")))
                return self._id(person)
            if "linkedin.com/" in lowered:
                return self._id(self.by_url.get(url_key(text)))
            if ":" in text and " " not in text:
                return None  # some other URI
            matches = names.get(sort_key_for(text), set())
            return next(iter(matches)) if len(matches) == 1 else None

        pairs: dict[tuple[int, int], tuple[int, str]] = {}
        unknown = 0
        for person, relations in self.related:
            for related in relations:
                other = resolve(related.value)
                if other is None or other == person.id:
                    unknown += other is None
                    continue
                assert person.id is not None
                pair = (min(person.id, other), max(person.id, other))
                strength = 3 if related.strength is None else related.strength
                context = related.kind if related.context is None else related.context
                pairs.setdefault(pair, (strength, context))
        if not pairs:
            return 0, unknown
        existing: set[tuple[Any, ...]] = set()
        ids = sorted({cid for pair in pairs for cid in pair})
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            existing.update(tuples(Tie.select(Tie.a, Tie.b).where(Tie.a.in_(chunk))))
        stamp = Tie.created_at.db_value(now())
        rows = [
            (a, b, strength, context, stamp)
            for (a, b), (strength, context) in pairs.items()
            if (a, b) not in existing
        ]
        insert_rows(Tie, ("a", "b", "strength", "context", "created_at"), rows)
        recorder = journal.current()
        first_new = self.added[0][0] if self.added else None
        if recorder is not None:
            for a, b, strength, context, _ in rows:
                if first_new is None or a < first_new:  # the new ones go with their contact
                    recorder.add({"op": "created", "table": "tie", "key": {"a_id": a, "b_id": b},
                                  "row": {"strength": strength, "context": context}})  # fmt: skip
        return len(rows), unknown

    def _id(self, found: int | Person | None) -> int | None:
        if isinstance(found, Person):
            return found.id
        return found
