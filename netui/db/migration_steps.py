"""The numbered steps between netui's schema versions (:data:`STEPS`), each with its
own SQL or frozen models, never the live ones: the live models describe the latest
schema, and selecting through them in an older file asks for columns it does not
have yet. :mod:`netui.db.migrations` walks a file through them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from peewee import SQL, Database, PostgresqlDatabase, TextField

from netui import clock
from netui.core.contact_fields import TAG_FIELDS, ContactFields, search_text_for, sort_key_for
from netui.core.folding import normalise_tag
from netui.core.uids import new_uid
from netui.db.portable_sql import execute as _execute
from netui.db.portable_sql import execute_many as _execute_many

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

Step = Callable[["SchemaMigrator", Database], None]


def on_server(db: Database) -> bool:
    """The database is PostgreSQL (else an SQLite file)."""
    return isinstance(db, PostgresqlDatabase)


def run_operations(*operations: Any) -> None:
    """``playhouse.migrate.migrate``, imported only when a database is upgraded: it
    imports psycopg (through ``playhouse.cockroachdb``), 0.1 s that every command on
    an up-to-date file would pay."""
    from playhouse.migrate import migrate

    migrate(*operations)


#: Migrations touching at least this many contacts report their progress on stderr.
PROGRESS_FROM = 20_000
#: Contacts refreshed per chunk of a migration step.
CHUNK = 5_000


def report(message: str) -> None:
    """A line of progress for the user (the app is not running yet during a migration)."""
    print(f"netui: {message}", file=sys.stderr, flush=True)


# Every step reads and writes through its own SQL, naming only the columns that
# exist at its version: the live models describe the latest schema, and selecting
# through them in an older file asks for columns it does not have yet.
#
# Every step runs on PostgreSQL too: its SQL is written once, in SQLite's words, and
# :mod:`netui.db.portable_sql` says it in PostgreSQL's.


def _refresh_search_columns(db: Database, what: str) -> None:
    """Recompute every contact's ``sort_name`` and ``search_text`` (schema 2 or later)
    from the columns and tags they are made of."""
    tags: dict[int, dict[str, list[str]]] = {}
    attribute_of = {kind: attribute for attribute, kind in TAG_FIELDS.items()}
    for contact_id, kind, name in db.execute_sql(
        "SELECT contact_tag.contact_id, contact_tag.kind, tag.name FROM contact_tag"
        " JOIN tag ON tag.id = contact_tag.tag_id ORDER BY contact_tag.id"
    ).fetchall():
        mine = tags.setdefault(contact_id, {attribute: [] for attribute in TAG_FIELDS})
        mine[attribute_of.get(kind, "tags")].append(name)
    rows = db.execute_sql(
        "SELECT id, name, organisation, role, email, notes FROM contact ORDER BY id"
    ).fetchall()
    updates = []
    total = len(rows)
    loud = total >= PROGRESS_FROM
    every = max(CHUNK, (total // 10) // CHUNK * CHUNK)
    for done, (contact_id, name, organisation, role, email, notes) in enumerate(rows, 1):
        mine = tags.get(contact_id, {})
        values = ContactFields(
            name=name,
            organisation=organisation,
            role=role,
            email=email,
            notes=notes,
            tags=tuple(mine.get("tags", ())),
            expertise=tuple(mine.get("expertise", ())),
            interests=tuple(mine.get("interests", ())),
        )
        updates.append((sort_key_for(name), search_text_for(values), contact_id))
        if len(updates) == CHUNK or done == total:
            _execute_many(
                db, "UPDATE contact SET sort_name = ?, search_text = ? WHERE id = ?", updates
            )
            updates = []
            if loud and (done % every == 0 or done == total):
                report(f"{what}: {done:,} of {total:,} contacts")


def _v2_search_index(migrator: SchemaMigrator, db: Database) -> None:
    """Version 2: a casefolded sort key and search text on every contact, and an
    index covering the reciprocity meter's aggregation."""
    run_operations(
        migrator.add_column("contact", "sort_name", TextField(default="")),
        migrator.add_column("contact", "search_text", TextField(default="")),
        migrator.add_index("contact", ("archived", "sort_name"), False),
        migrator.add_index("exchange", ("contact_id", "direction", "date", "value"), False),
    )
    _refresh_search_columns(db, "building the search index")


def _merge_tags(db: Database, keep: int, drop: int) -> None:
    """Point every use of tag ``drop`` at tag ``keep`` (once per contact and kind, good,
    goal), then remove ``drop``."""
    _execute(
        db,
        "UPDATE contact_tag SET tag_id = ? WHERE tag_id = ? AND NOT EXISTS (SELECT 1 FROM"
        " contact_tag AS other WHERE other.contact_id = contact_tag.contact_id"
        " AND other.kind = contact_tag.kind AND other.tag_id = ?)",
        (keep, drop, keep),
    )
    for table, owner in (("good_tag", "good_id"), ("goal_tag", "goal_id")):
        _execute(
            db,
            f"UPDATE {table} SET tag_id = ? WHERE tag_id = ? AND NOT EXISTS (SELECT 1 FROM"
            f" {table} AS other WHERE other.{owner} = {table}.{owner} AND other.tag_id = ?)",
            (keep, drop, keep),
        )
    for table in ("contact_tag", "good_tag", "goal_tag"):
        _execute(db, f"DELETE FROM {table} WHERE tag_id = ?", (drop,))
    _execute(db, "DELETE FROM tag WHERE id = ?", (drop,))


def _v3_folding(migrator: SchemaMigrator, db: Database) -> None:
    """Version 3: accents fold too (:mod:`netui.core.folding`). Tags keep their
    spelling in ``name`` and are matched by a folded ``key``; tags whose names now
    fold alike (``zoë``, ``zoe``) become one, the oldest; every contact's sort key and
    search text are folded again."""
    run_operations(migrator.add_column("tag", "key", TextField(null=True)))
    keep_of: dict[str, int] = {}
    for tag_id, name in db.execute_sql("SELECT id, name FROM tag ORDER BY id").fetchall():
        key = normalise_tag(name)
        if key in keep_of:
            _merge_tags(db, keep_of[key], tag_id)
        else:
            keep_of[key] = tag_id
    _execute_many(
        db,
        "UPDATE tag SET key = ? WHERE id = ?",
        [(key, tag_id) for key, tag_id in keep_of.items()],
    )
    run_operations(
        migrator.add_not_null("tag", "key"),
        migrator.add_index("tag", ("key",), True),
    )
    _refresh_search_columns(db, "folding accents in the search index")


def _v4_history(migrator: SchemaMigrator, db: Database) -> None:
    """Version 4: undo that lasts. ``undo_step`` holds each step the user can take
    back (what, where, by which run of netui, and its revert as JSON); ``trash`` the
    rows a delete took out, until their step is undone or forgotten."""
    _execute(
        db,
        'CREATE TABLE "undo_step" ("id" INTEGER NOT NULL PRIMARY KEY,'
        ' "created_at" DATETIME NOT NULL, "description" TEXT NOT NULL,'
        ' "screen" TEXT NOT NULL, "origin" TEXT NOT NULL, "revert" TEXT NOT NULL)',
    )
    _execute(
        db,
        'CREATE TABLE "trash" ("id" INTEGER NOT NULL PRIMARY KEY,'
        ' "step_id" INTEGER NOT NULL, "table_name" TEXT NOT NULL, "data" TEXT NOT NULL,'
        ' "deleted_at" DATETIME NOT NULL, FOREIGN KEY ("step_id")'
        ' REFERENCES "undo_step" ("id") ON DELETE CASCADE)',
    )
    _execute(db, 'CREATE INDEX "trash_step_id" ON "trash" ("step_id")')


def _add_column(table: str, column: str, definition: str) -> str:
    return f'ALTER TABLE "{table}" ADD COLUMN "{column}" {definition}'


_EMPTY_TEXT = "TEXT NOT NULL DEFAULT ''"
_V5_SQL = (
    _add_column("contact", "first_contact", "DATE"),
    _add_column("contact", "helps_them", _EMPTY_TEXT),
    _add_column("meeting", "title", _EMPTY_TEXT),
    _add_column("meeting", "calendar_uid", _EMPTY_TEXT),
    _add_column("meeting", "calendar_key", _EMPTY_TEXT),
    _add_column("meeting", "calendar_said", _EMPTY_TEXT),
    _add_column("meeting", "cancelled", "<BOOL> NOT NULL DEFAULT <FALSE>"),
    'CREATE INDEX "meeting_calendar_uid_calendar_key" ON "meeting"'
    ' ("calendar_uid", "calendar_key")',
    'CREATE TABLE "touch" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL,'
    ' "day" DATE NOT NULL, "source" TEXT NOT NULL, "calendar_uid" TEXT NOT NULL,'
    ' "calendar_key" TEXT NOT NULL, "created_at" DATETIME NOT NULL,'
    ' FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "touch_contact_id_day" ON "touch" ("contact_id", "day")',
    'CREATE INDEX "touch_calendar_uid_calendar_key" ON "touch" ("calendar_uid", "calendar_key")',
    'CREATE TABLE "snooze" ("kind" TEXT NOT NULL, "ref" INTEGER NOT NULL, "until" DATE,'
    ' PRIMARY KEY ("kind", "ref"))',
)


def _v5_today(migrator: SchemaMigrator, db: Database) -> None:
    """Version 5 (the Today screen, calendars, continuity): a contact's first-contact
    day and what would help them; a meeting's title, calendar identity (UID and
    occurrence), what the calendar said last and whether it was cancelled; the
    ``touch`` table (contact outside the ledger: calendar events, "kept in touch") and
    the ``snooze`` table (Today items put off or done). Only columns and tables are
    added: every row stays as it was."""
    for statement in _V5_SQL:
        _execute(db, statement)


def _v6_stable_uids(migrator: SchemaMigrator, db: Database) -> None:
    """Version 6: stable identity: a random UID on every contact, kept
    forever (:mod:`netui.core.uids`), and the table ``netui sync vdir`` keeps what
    each card looked like at the last sync in (:mod:`netui.db.sync`)."""
    run_operations(migrator.add_column("contact", "uid", TextField(null=True)))
    ids = [row[0] for row in db.execute_sql("SELECT id FROM contact ORDER BY id").fetchall()]
    _execute_many(db, "UPDATE contact SET uid = ? WHERE id = ?", [(new_uid(), cid) for cid in ids])
    run_operations(
        migrator.add_not_null("contact", "uid"),
        migrator.add_index("contact", ("uid",), True),
    )
    _execute(
        db,
        'CREATE TABLE "vdir_card" ("folder" TEXT NOT NULL, "uid" TEXT NOT NULL, '
        '"contact_id" INTEGER, "file" TEXT NOT NULL, "etag" TEXT NOT NULL, '
        '"fields" TEXT NOT NULL, PRIMARY KEY ("folder", "uid"), FOREIGN KEY ("contact_id") '
        'REFERENCES "contact" ("id") ON DELETE SET NULL)',
    )
    _execute(db, 'CREATE INDEX "vdir_card_contact_id" ON "vdir_card" ("contact_id")')


#: Schema 7's tables: who is at the keyboard, and each one's relationship with a contact.
_V7_TABLES = (
    'CREATE TABLE "member" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL,'
    ' "db_role" TEXT NOT NULL, "created_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX "member_name" ON "member" ("name")',
    'CREATE TABLE "relationship" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "member_id" INTEGER NOT NULL, "contact_id" INTEGER NOT NULL,'
    ' "closeness" INTEGER NOT NULL CHECK (closeness BETWEEN 1 AND 5),'
    ' "cadence_days" INTEGER, "private_notes" TEXT NOT NULL, "shared" <BOOL> NOT NULL,'
    ' FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "relationship_member_id" ON "relationship" ("member_id")',
    'CREATE INDEX "relationship_contact_id" ON "relationship" ("contact_id")',
    'CREATE UNIQUE INDEX "relationship_member_id_contact_id" ON "relationship"'
    ' ("member_id", "contact_id")',
)
#: The tables holding each member's own rows (and whether they can be marked shared).
_V7_OWN = {"meeting": True, "touch": False, "snooze": False, "exchange": True, "goal": True}


def _v7_members(migrator: SchemaMigrator, db: Database) -> None:
    """Version 7: members (:mod:`netui.db.members`). The file's one member is made
    (named after the ``my-name`` setting, else "me"); each contact's closeness and
    cadence become that member's ``relationship`` with it; every ledger entry, meeting,
    goal, touch and snooze becomes theirs (``member_id``), and entries, meetings and
    goals are private to them (``shared`` false) until marked shared."""
    from peewee import AutoField, BooleanField, ForeignKeyField, Model

    for statement in _V7_TABLES:
        _execute(db, statement)
    row = _execute(db, "SELECT value FROM setting WHERE key = 'my_name'").fetchone()
    name = (row[0] if row else "").strip() or "me"
    stamp = clock.now().isoformat(sep=" ")
    _execute(
        db,
        "INSERT INTO member (id, name, db_role, created_at) VALUES (1, ?, '', ?)",
        (name, stamp),
    )
    if on_server(db):  # the member's id was given: the next one counts on from it
        db.execute_sql("SELECT setval(pg_get_serial_sequence('member', 'id'), 1)")
    _execute(
        db,
        "INSERT INTO relationship (member_id, contact_id, closeness, cadence_days,"
        " private_notes, shared) SELECT 1, id, closeness, cadence_days, '', <FALSE> FROM"
        " contact ORDER BY id",
    )
    run_operations(
        migrator.drop_column("contact", "closeness"),
        migrator.drop_column("contact", "cadence_days"),
    )

    class _Member(Model):  # only as the target of the new foreign keys
        id = AutoField()

        class Meta:
            table_name = "member"
            database = db

    for table, shareable in _V7_OWN.items():
        member = ForeignKeyField(_Member, field=_Member.id, on_delete="CASCADE", default=1)
        run_operations(migrator.add_column(table, "member_id", member))
        if shareable:
            run_operations(
                migrator.add_column(
                    table, "shared", BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
                )
            )
    # The snooze's key is now the member's item: rebuilt with (member_id, kind, ref).
    db.execute_sql('ALTER TABLE "snooze" RENAME TO "snooze_v6"')
    if on_server(db):  # its key's name goes with it, or the new table's cannot take it
        db.execute_sql('ALTER TABLE "snooze_v6" DROP CONSTRAINT IF EXISTS "snooze_pkey"')
    db.execute_sql(
        'CREATE TABLE "snooze" ("kind" TEXT NOT NULL, "ref" INTEGER NOT NULL, "until" DATE,'
        ' "member_id" INTEGER NOT NULL, PRIMARY KEY ("member_id", "kind", "ref"),'
        ' FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)'
    )
    db.execute_sql(
        'INSERT INTO "snooze" ("member_id", "kind", "ref", "until")'
        ' SELECT 1, "kind", "ref", "until" FROM "snooze_v6"'
    )
    db.execute_sql('DROP TABLE "snooze_v6"')
    db.execute_sql(
        'CREATE INDEX "exchange_member_id_contact_id_direction_date_value" ON "exchange"'
        ' ("member_id", "contact_id", "direction", "date", "value")'
    )


#: Schema 8's table: each member's private notes about a contact.
_V8_TABLE = (
    'CREATE TABLE "private_note" ("id" INTEGER NOT NULL PRIMARY KEY,'
    ' "member_id" INTEGER NOT NULL, "contact_id" INTEGER NOT NULL, "text" TEXT NOT NULL,'
    ' FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE,'
    ' FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "private_note_member_id" ON "private_note" ("member_id")',
    'CREATE INDEX "private_note_contact_id" ON "private_note" ("contact_id")',
    'CREATE UNIQUE INDEX "private_note_member_id_contact_id" ON "private_note"'
    ' ("member_id", "contact_id")',
)


def _v8_private(migrator: SchemaMigrator, db: Database) -> None:
    """Version 8: what is a member's own stays theirs. Private notes leave the
    relationship (which the whole team reads) for ``private_note`` rows only their
    member reads; undo steps and the rows their deletes took out (``trash``) carry
    their member. A database with one member gives that member its history; a team's
    history from before, whose steps have no known member, is forgotten (its changes
    stay; they can no longer be undone)."""
    from peewee import AutoField, ForeignKeyField, Model

    for statement in _V8_TABLE:
        _execute(db, statement)
    _execute(
        db,
        "INSERT INTO private_note (member_id, contact_id, text) SELECT member_id,"
        " contact_id, private_notes FROM relationship WHERE private_notes <> ''"
        " ORDER BY id",
    )
    run_operations(migrator.drop_column("relationship", "private_notes"))

    members = [row[0] for row in db.execute_sql("SELECT id FROM member ORDER BY id").fetchall()]
    if len(members) != 1:
        db.execute_sql("DELETE FROM trash")
        db.execute_sql("DELETE FROM undo_step")
    owner = members[0] if members else 1

    class _Member(Model):  # only as the target of the new foreign keys
        id = AutoField()

        class Meta:
            table_name = "member"
            database = db

    for table in ("undo_step", "trash"):
        member = ForeignKeyField(_Member, field=_Member.id, on_delete="CASCADE", default=owner)
        run_operations(migrator.add_column(table, "member_id", member))


_V9_SQL = (
    _add_column("relationship", "dropped", "<BOOL> NOT NULL DEFAULT <FALSE>"),
    'DROP INDEX "contact_archived_sort_name"',
    'CREATE INDEX "contact_archived_sort_name_id" ON "contact" ("archived", "sort_name", "id")',
)


def _v9_my_network(migrator: SchemaMigrator, db: Database) -> None:
    """Version 9: a member can take a contact out of their network and keep the team's
    contact and their own history with them (``relationship.dropped``,
    :mod:`netui.db.my_network`); and the list's order (live contacts by sort name, then
    id) is read whole from one index, which a server no longer sorts (and spills to
    disk) at 150,000 contacts. Only a column and an index change: every row stays."""
    for statement in _V9_SQL:
        _execute(db, statement)


#: Schema 10's tables and triggers, on SQLite only (:mod:`netui.db.search_snapshots`).
_V10_SQL = (
    'CREATE TABLE "search_version" ("id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),'
    ' "counter" INTEGER NOT NULL)',
    'INSERT INTO "search_version" ("id", "counter") VALUES (1, 0)',
    'CREATE TABLE "search_snapshot" ("id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),'
    ' "counter" INTEGER NOT NULL, "data" BLOB NOT NULL)',
    'CREATE TRIGGER "contact_search_inserted" AFTER INSERT ON "contact"'
    ' BEGIN UPDATE "search_version" SET "counter" = "counter" + 1; END',
    'CREATE TRIGGER "contact_search_deleted" AFTER DELETE ON "contact"'
    ' BEGIN UPDATE "search_version" SET "counter" = "counter" + 1; END',
    'CREATE TRIGGER "contact_search_updated" AFTER UPDATE OF "search_text", "archived",'
    ' "second_degree", "sort_name", "id" ON "contact"'
    ' BEGIN UPDATE "search_version" SET "counter" = "counter" + 1; END',
)


def search_version_tables(db: Database) -> None:
    """The counter of the contacts' searchable data, raised by triggers on every
    change to it, and the table keeping the search index built at a value of it
    (:mod:`netui.db.search_snapshots`). SQLite only: a server's index is read in
    one statement, and keeps no snapshot."""
    if on_server(db):
        return
    for statement in _V10_SQL:
        db.execute_sql(statement)


def _v10_search_snapshot(migrator: SchemaMigrator, db: Database) -> None:
    """Version 10: a big network's search index is kept in the file and loaded when
    it is opened, rather than built (:func:`search_version_tables`). Only tables and
    triggers are added: every row stays."""
    search_version_tables(db)


#: Schema 11's table, on SQLite only (:mod:`netui.db.search_snapshots`).
_V11_SQL = (
    'CREATE TABLE "search_pairs" ("id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),'
    ' "counter" INTEGER NOT NULL, "data" BLOB NOT NULL)',
)


def search_pairs_table(db: Database) -> None:
    """The table keeping the pairs of the search index built at a value of the
    contacts' counter (:mod:`netui.core.search_pairs`, :mod:`netui.db.search_snapshots`):
    built seconds after the index at 300,000 contacts, and stored apart from it.
    SQLite only, as the snapshot."""
    if on_server(db):
        return
    for statement in _V11_SQL:
        db.execute_sql(statement)


def _v11_search_pairs(migrator: SchemaMigrator, db: Database) -> None:
    """Version 11: the pairs of a big network's search index (where punctuation meets
    a word: ``@gm``, ``a.``) are kept in the file too, so that such a word is answered
    from them as soon as it is opened (:func:`search_pairs_table`). Only a table is
    added: every row stays."""
    search_pairs_table(db)


#: STEPS[n] takes a file from version n - 1 to version n.
STEPS: dict[int, Step] = {
    2: _v2_search_index,
    3: _v3_folding,
    4: _v4_history,
    5: _v5_today,
    6: _v6_stable_uids,
    7: _v7_members,
    8: _v8_private,
    9: _v9_my_network,
    10: _v10_search_snapshot,
    11: _v11_search_pairs,
}
LATEST = max(STEPS)
