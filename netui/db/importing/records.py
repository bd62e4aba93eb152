"""Applying parsed records to the database in one pass: match (:mod:`.dedupe`),
merge, then write new contacts, updates, tags and ties in batches, recording each
change for undo (:mod:`netui.db.journal`).

RELATED entries of vCards become ties (strength 3, the relation type as context)
when the other person is known: another card of the file by UID, or any contact
by email, LinkedIn URL, or a unique exact name. Others are counted, not stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from netui.core.importers import ImportCancelled, ParsedFile
from netui.core.uids import new_uids, normalise_uid
from netui.db import journal
from netui.db.contacts import (
    RELATIONSHIP_FIELDS,
    search_text_for,
    sort_key_for,
    write_relationship,
)
from netui.db.importing.bulk import insert_rows, update_rows
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
from netui.db.models import Contact, ContactTag, Relationship, Tie, database, now, on_server
from netui.db.rows import tuples
from netui.db.tags import TAG_FIELDS, clean_tags, contact_tags, tag_ids

PROGRESS_EVERY = 500


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


class Importer(Matcher):
    """One import: the records of a parsed file, matched, merged and written."""

    def __init__(
        self,
        kind: str,
        parsed: ParsedFile,
        on_progress: Progress | None,
        cancelled: Callable[[], bool],
    ) -> None:
        super().__init__()
        self.kind = kind
        self.parsed = parsed
        self.on_progress = on_progress
        self.cancelled = cancelled
        self.new: list[Person] = []
        self.repeated = 0
        self.before_update: Callable[[], Path | None] | None = None
        self.backup: Path | None = None
        self.targets: list[Person] = []

    # -- the run ---------------------------------------------------------------

    def tick(self, done: int, total: int) -> None:
        if self.cancelled():
            raise ImportCancelled()
        if self.on_progress is not None and done < total:
            self.on_progress(done, total)

    def run(self, total: int) -> ImportReport:
        self.tick(0, total)
        self.load()
        targets: list[Person] = []
        self.targets = targets
        for done, record in enumerate(self.parsed.records):
            if done % PROGRESS_EVERY == 0 and done:
                self.tick(done, total)
            found = self.match(record)
            if found is None:
                person = self.new_person(record)
                self.new.append(person)
                self.index(record, person)
            else:
                if isinstance(found, Person) and found.id is None:
                    self.repeated += 1
                person = self.person(found)
                self.merge(person, record)
                self.index(record, found)
            targets.append(person)

        self.load_stored_tags()
        if self.before_update is not None and any(
            p.snapshot() != p.original for p in self.touched.values()
        ):
            if self.cancelled():  # a last chance to cancel before the copy
                raise ImportCancelled()
            self.backup = self.before_update()
        updated, unchanged = self.write()
        ties_added, unknown = self.add_ties(targets)
        self.tick(total, total)
        return ImportReport(
            kind=self.kind,
            added=len(self.new),
            updated=updated,
            unchanged=unchanged,
            skipped=len(self.parsed.skipped),
            skipped_where=self.parsed.skipped,
            repeated=self.repeated,
            ties_added=ties_added,
            related_unknown=unknown,
            backup=str(self.backup) if self.backup is not None else "",
        )

    def load_stored_tags(self) -> None:
        """Put each matched contact's stored tags before the ones the file added."""
        people = list(self.touched.values())
        stored = contact_tags([p.id for p in people if p.id is not None])
        for person in people:
            assert person.id is not None and person.before is not None
            mine = stored[person.id]
            person.original = (person.before, tuple(tuple(mine[a]) for a in TAG_FIELDS))
            person.tags = {a: list(clean_tags([*mine[a], *person.tags[a]])) for a in TAG_FIELDS}

    # -- writing ---------------------------------------------------------------

    def write(self) -> tuple[int, int]:
        stamp = now()
        for person, new_id in zip(self.new, new_contact_ids(len(self.new)), strict=True):
            person.id = new_id
        without_uid = [person for person in self.new if not person.uid]
        for person, uid in zip(without_uid, new_uids(len(without_uid)), strict=True):
            person.uid = uid

        insert_columns = ("id", *CONTACT_COLUMNS, "archived", "created_at", "updated_at",
                          "sort_name", "search_text", "uid")  # fmt: skip
        created = Contact.created_at.db_value(stamp)
        live = Contact.archived.db_value(False)
        rows = (  # made a batch at a time as they are written, not all at once
            (
                person.id,
                *(person.values[c] for c in CONTACT_COLUMNS[:-1]),
                Contact.second_degree.db_value(person.values["second_degree"]),
                live,
                created,
                created,
                sort_key_for(str(person.values["name"])),
                search_text_for(person.fields()),
                person.uid,
            )
            for person in self.new
        )
        insert_rows(Contact, insert_columns, rows)
        member = current_member_id()
        insert_rows(
            Relationship,
            ("member", "contact", "closeness", "cadence_days", "shared"),
            (
                (member, p.id, p.values["closeness"], p.values["cadence_days"], False)
                for p in self.new
            ),
        )
        recorder = journal.current()
        if recorder is not None and self.new:
            ids = [int(p.id) for p in self.new if p.id is not None]
            first, last = ids[0], ids[-1]
            stored = database.execute_sql(
                f'SELECT "updated_at" FROM "contact" WHERE "id" = {database.param}', [first]
            ).fetchone()[0]
            op = {"op": "created_range", "first": first, "last": last, "stamp": stored}
            if last - first + 1 != len(ids):  # another import took ids in between
                op["ids"] = ids
            recorder.add(op)

        changed = [p for p in self.touched.values() if p.snapshot() != p.original]
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
            for p in changed
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
        if recorder is not None:
            self.record_updates(recorder, changed)

        self.write_tags([*self.new, *changed])
        return len(changed), len(self.touched) - len(changed)

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
                stored = dict(zip(COLUMNS, self.rows[row[0]][1 : 1 + len(COLUMNS)], strict=True))
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

    def write_tags(self, people: Sequence[Person]) -> None:
        wanted = {name for p in people for attribute in TAG_FIELDS for name in p.tags[attribute]}
        if not wanted:
            return
        ids: dict[str, int] = {}
        names = sorted(wanted)
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
                        if recorder is not None and p.original is not None:
                            key = {"contact_id": p.id, "tag_id": ids[name], "kind": kind}
                            recorder.add({"op": "created", "table": "contact_tag", "key": key})
        insert_rows(ContactTag, ("contact", "tag", "kind"), rows)

    # -- ties from RELATED -----------------------------------------------------

    def add_ties(self, targets: Sequence[Person]) -> tuple[int, int]:
        records = self.parsed.records
        if not any(record.related for record in records):
            return 0, 0
        by_uid = {uid: self._id(found) for uid, found in self.by_uid.items()}
        names: dict[str, set[int]] = {}
        for cid, row in self.rows.items():
            names.setdefault(row[-1], set()).add(cid)
        for p in targets:
            assert p.id is not None  # every target was written by now
            names.setdefault(sort_key_for(str(p.values["name"])), set()).add(p.id)

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
        for record, person in zip(records, targets, strict=True):
            for related in record.related:
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
        first_new = min((p.id for p in self.new if p.id is not None), default=None)
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
