"""The Peewee models of DESIGN.md. No Textual here, and no SQLite-only SQL.

Every model is bound to :data:`database`, a proxy that
:func:`netui.db.connection.open_database` points at a real file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peewee import (
    SQL,
    AutoField,
    BooleanField,
    Check,
    CompositeKey,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    TextField,
)

from netui import clock
from netui.core.uids import new_uid
from netui.locations import ServerURL

database = DatabaseProxy()


def current_path() -> Path | None:
    """The file the models are bound to, if any (``None`` on a PostgreSQL server)."""
    path = getattr(database.obj, "path", None)
    return path if isinstance(path, Path) else None


def current_location() -> Path | ServerURL | None:
    """Where the bound database is: its file, or its server's URL."""
    return getattr(database.obj, "path", None)


def on_server() -> bool:
    """Whether the models are bound to a PostgreSQL server rather than a file."""
    return isinstance(database.obj, PostgresqlDatabase)


CURRENCIES = ("knowledge", "information", "introduction", "access", "support", "favour", "other")
DIRECTIONS = ("gave", "received")
INTRO_STATUSES = ("idea", "asked", "made", "declined")
GOOD_KINDS = ("knowledge", "expertise", "connection", "information", "access", "other")
TAG_KINDS = ("tag", "expertise", "interest")
TOUCH_SOURCES = ("calendar", "today")
SNOOZE_KINDS = ("meeting", "overdue", "follow_up", "give_back")


def now() -> dt.datetime:
    return clock.now()


class BaseModel(Model):
    """Every table's model. ``id = AutoField()`` and ``contact_id: int`` lines below
    only name for the type checker what peewee adds anyway (an auto-increment key, the
    id column of a foreign key); they change no schema."""

    class Meta:
        database = database
        legacy_table_names = False


class Member(BaseModel):
    """Schema version 7: someone of the team at the keyboard (:mod:`netui.db.members`).
    An SQLite file has exactly one; a team database one per person. ``db_role`` is the
    member's login role on PostgreSQL ('' on SQLite)."""

    id = AutoField()
    name = TextField(unique=True)  # as the member spells it
    db_role = TextField(default="")
    created_at = DateTimeField(default=now)


#: Who is at the keyboard: :mod:`netui.db.members` (above the models) plugs its lookup in.
_member_source: list[Callable[[], int]] = []


def use_member_source(source: Callable[[], int]) -> None:
    """Say how :func:`current_member` finds the member at the keyboard."""
    _member_source[:] = [source]


def current_member() -> int:
    """The id of the member at the keyboard: what every member's own row is written as."""
    if not _member_source:
        raise RuntimeError("netui.db.members was not imported: nobody is at the keyboard")
    return _member_source[0]()


def _member_field(**kw: Any) -> ForeignKeyField:
    return ForeignKeyField(Member, default=current_member, on_delete="CASCADE", **kw)


class Contact(BaseModel):
    id = AutoField()
    name = TextField()
    organisation = TextField(default="")
    role = TextField(default="")
    email = TextField(default="")
    phone = TextField(default="")
    linkedin_url = TextField(default="")
    location = TextField(default="")
    how_we_met = TextField(default="")
    career_path = TextField(default="")
    notes = TextField(default="")
    second_degree = BooleanField(default=False)
    archived = BooleanField(default=False, index=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    # Search index maintained by netui.db.contacts (schema version 2, folded by
    # netui.core.folding since version 3): the name's collation key, for sorting and
    # naming, and every searchable field folded in one string.
    sort_name = TextField(default="")
    search_text = TextField(default="")
    # Schema version 5. The first contact (LinkedIn's "Connected On", a vCard's or a
    # calendar's earliest date): someone never contacted counts from it rather than
    # from the day they were added, so an imported network fades gradually.
    first_contact = DateField(null=True)
    # What would help them, as the last worksheet marked done said (netui.db.continuity).
    helps_them = TextField(default="", constraints=[SQL("DEFAULT ''")])
    # Schema version 6: the contact's stable identity (netui.core.uids), random, kept
    # forever; a vCard's UID.
    uid = TextField(unique=True, default=new_uid)

    class Meta:
        # Covers the default list order: live contacts by name, without touching rows.
        # Schema 9: with the id, the list's whole order (sort_name, id) is read from the
        # index, never sorted (on PostgreSQL a sort of 150,000 contacts spilled to disk).
        indexes = ((("archived", "sort_name", "id"), False),)


class Tag(BaseModel):
    """One tag, whatever its spelling: ``B2B SaaS`` and ``b2b saas`` are the same one."""

    id = AutoField()
    name = TextField(unique=True)  # as spelled by the user (spaces trimmed), shown
    # Schema version 3: what a tag is matched and de-duplicated by, normalise_tag(name)
    # (netui.core.folding: case and accents folded).
    key = TextField(unique=True)


class ContactTag(BaseModel):
    contact_id: int
    tag_id: int
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="contact_tags", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="contact_tags", on_delete="CASCADE")
    kind = TextField(default="tag")  # one of TAG_KINDS

    class Meta:
        indexes = ((("contact", "tag", "kind"), True),)


class Tie(BaseModel):
    """X knows Y. Undirected, stored once with ``a_id < b_id``."""

    a_id: int
    b_id: int
    id = AutoField()
    a = ForeignKeyField(Contact, backref="ties_a", on_delete="CASCADE")
    b = ForeignKeyField(Contact, backref="ties_b", on_delete="CASCADE")
    strength = IntegerField(default=3, constraints=[Check("strength BETWEEN 1 AND 5")])
    context = TextField(default="")
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("a", "b"), True), (("b", "a"), False))
        constraints = [SQL("CHECK (a_id < b_id)")]


class Introduction(BaseModel):
    """An introduction I broker between two contacts."""

    a_id: int
    b_id: int
    id = AutoField()
    a = ForeignKeyField(Contact, backref="introductions_a", on_delete="CASCADE")
    b = ForeignKeyField(Contact, backref="introductions_b", on_delete="CASCADE")
    a_gains = TextField(default="")
    a_value = IntegerField(default=0, constraints=[Check("a_value BETWEEN 0 AND 5")])
    b_gains = TextField(default="")
    b_value = IntegerField(default=0, constraints=[Check("b_value BETWEEN 0 AND 5")])
    status = TextField(default="idea")  # one of INTRO_STATUSES
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    asked_on = DateField(null=True)
    made_on = DateField(null=True)


class Meeting(BaseModel):
    """A planned conversation and its worksheet."""

    id = AutoField()
    contact = ForeignKeyField(Contact, backref="meetings", on_delete="CASCADE")
    contact_id: int
    introducer = ForeignKeyField(
        Contact, backref="introduced_meetings", null=True, on_delete="SET NULL"
    )
    introducer_id: int | None
    scheduled_at = DateTimeField(null=True, index=True)
    place = TextField(default="")
    purpose = TextField(default="")
    who_they_are = TextField(default="")
    career_path = TextField(default="")
    expertise = TextField(default="")
    key_connections = TextField(default="")
    interests = TextField(default="")
    helps_them = TextField(default="")
    give_first = TextField(default="")
    reasons = TextField(default="")
    questions = TextField(default="")
    ask = TextField(default="")
    done = BooleanField(default=False)
    outcome = TextField(default="")
    follow_up = DateField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    # Schema version 5: meetings from a calendar (netui.db.calendar). ``calendar_uid``
    # and ``calendar_key`` (the occurrence: its RECURRENCE-ID, else its start) make a
    # re-import idempotent; ``calendar_said`` is what the calendar said last time, so
    # that only a change in the calendar updates the meeting. A cancelled meeting is
    # neither upcoming nor a contact.
    title = TextField(default="", constraints=[SQL("DEFAULT ''")])
    calendar_uid = TextField(default="", constraints=[SQL("DEFAULT ''")])
    calendar_key = TextField(default="", constraints=[SQL("DEFAULT ''")])
    calendar_said = TextField(default="", constraints=[SQL("DEFAULT ''")])
    cancelled = BooleanField(default=False, constraints=[SQL("DEFAULT false")])
    # Schema version 7: whose meeting and worksheet it is, private unless shared.
    member = _member_field(backref="meetings")
    shared = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])

    class Meta:
        indexes = ((("calendar_uid", "calendar_key"), False),)


class Touch(BaseModel):
    """A moment of contact outside the ledger (schema version 5): an event of an
    imported calendar with them, or "kept in touch" marked on the Today screen. It
    counts as contact once its day has come."""

    contact_id: int
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="touches", on_delete="CASCADE", index=False)
    day = DateField()
    source = TextField(default="calendar")  # one of TOUCH_SOURCES
    calendar_uid = TextField(default="")
    calendar_key = TextField(default="")
    created_at = DateTimeField(default=now)
    member = _member_field(backref="touches")  # schema 7: whose

    class Meta:
        indexes = (
            (("contact", "day"), False),
            (("calendar_uid", "calendar_key"), False),
        )


class Snooze(BaseModel):
    """An item of the Today screen put off until a day, or done for good (schema 5),
    by one member (schema 7)."""

    kind = TextField()  # one of SNOOZE_KINDS
    ref = IntegerField()  # the meeting's or the contact's id
    until = DateField(null=True)  # shown again on this day; None: done, never again
    member = _member_field(backref="snoozes", index=False)  # schema 7: whose

    class Meta:
        primary_key = CompositeKey("member", "kind", "ref")


class Exchange(BaseModel):
    """One entry of the reciprocity ledger: one member's (schema 7)."""

    contact_id: int
    id = AutoField()
    contact = ForeignKeyField(Contact, backref="exchanges", on_delete="CASCADE")
    date = DateField(default=clock.today)
    direction = TextField()  # one of DIRECTIONS
    currency = TextField()  # one of CURRENCIES
    value = IntegerField(constraints=[Check("value BETWEEN 1 AND 5")])
    note = TextField(default="")
    meeting = ForeignKeyField(Meeting, backref="exchanges", null=True, on_delete="SET NULL")
    introduction = ForeignKeyField(
        Introduction, backref="exchanges", null=True, on_delete="SET NULL"
    )
    meeting_id: int | None
    introduction_id: int | None
    created_at = DateTimeField(default=now)
    # Schema version 7: whose entry it is, private unless shared.
    member = _member_field(backref="exchanges")
    shared = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])

    class Meta:
        indexes = (
            (("contact", "date"), False),
            # Covers the meter's aggregation, so it never sorts the whole ledger.
            (("contact", "direction", "date", "value"), False),
            # Schema 7: one member's ledger, and its meter per contact.
            (("member", "contact", "direction", "date", "value"), False),
        )


class Good(BaseModel):
    """An item in my bank of goods."""

    id = AutoField()
    title = TextField()
    kind = TextField(default="knowledge")  # one of GOOD_KINDS
    description = TextField(default="")
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)


class Relationship(BaseModel):
    """Schema version 7: one member's relationship with a contact: how close, how often
    to keep in touch. "My network" is the contacts I have one with; a contact without
    mine reads as :data:`DEFAULT_CLOSENESS` and the default cadence. The whole team
    reads relationships ("who among us"); notes only their member reads are
    :class:`PrivateNote` rows (schema 8)."""

    id = AutoField()
    member_id: int
    contact_id: int
    member = ForeignKeyField(Member, backref="relationships", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="relationships", on_delete="CASCADE")
    closeness = IntegerField(default=3, constraints=[Check("closeness BETWEEN 1 AND 5")])
    cadence_days = IntegerField(null=True)  # None: the default cadence setting
    shared = BooleanField(default=False)
    # Schema version 9: I took them out of my network (netui.db.my_network): they stay
    # the team's contact, my ledger and meetings with them stay, but they are no longer
    # in my network, whatever my ledger says. Setting my closeness or cadence again, or
    # the same action, puts them back.
    dropped = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])

    class Meta:
        indexes = ((("member", "contact"), True), (("contact",), False))


class PrivateNote(BaseModel):
    """Schema version 8: one member's private notes about a contact, read by that
    member alone (on PostgreSQL a row-level security policy says so: the team reads
    relationships, never these)."""

    id = AutoField()
    member_id: int
    contact_id: int
    member = _member_field(backref="private_notes")
    contact = ForeignKeyField(Contact, backref="private_notes", on_delete="CASCADE")
    text = TextField(default="")

    class Meta:
        indexes = ((("member", "contact"), True),)


#: The closeness of a contact I have no relationship with ("our network", not mine).
DEFAULT_CLOSENESS = 3


class GoodTag(BaseModel):
    good_id: int
    tag_id: int
    good = ForeignKeyField(Good, backref="good_tags", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="good_tags", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("good", "tag")


class Goal(BaseModel):
    """A career goal, such as the next role: one member's (schema 7)."""

    id = AutoField()
    title = TextField()
    description = TextField(default="")
    target_organisations = TextField(default="")  # one per line
    target_roles = TextField(default="")  # one per line
    active = BooleanField(default=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    # Schema version 7: whose goal it is, private unless shared.
    member = _member_field(backref="goals")
    shared = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])


class GoalTag(BaseModel):
    goal_id: int
    tag_id: int
    goal = ForeignKeyField(Goal, backref="goal_tags", on_delete="CASCADE")
    tag = ForeignKeyField(Tag, backref="goal_tags", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("goal", "tag")


class GoalContact(BaseModel):
    """A contact who serves a goal, linked by hand."""

    goal_id: int
    contact_id: int
    goal = ForeignKeyField(Goal, backref="goal_contacts", on_delete="CASCADE")
    contact = ForeignKeyField(Contact, backref="goal_contacts", on_delete="CASCADE")
    note = TextField(default="")

    class Meta:
        primary_key = CompositeKey("goal", "contact")


class Setting(BaseModel):
    key = TextField(primary_key=True)
    value = TextField()


class UndoStep(BaseModel):
    """Something the user can take back (schema version 4): what it was, where it was
    done, by which run of netui, and how to revert it (:mod:`netui.db.journal`'s
    operations as JSON, never code); by which member (schema 8: only they see it and
    take it back)."""

    id = AutoField()
    created_at = DateTimeField()
    description = TextField()  # "edit Dana Levi", shown as "Undone: edit Dana Levi"
    screen = TextField(default="")  # the mode it was done on, or "command line"
    origin = TextField(default="")  # the run of netui that did it (history.SESSION)
    revert = TextField(default="[]")
    member = _member_field(backref="undo_steps")  # schema 8: whose


class Trash(BaseModel):
    """A row taken out by a delete (schema version 4), kept for its undo step: the
    table it came from and every column as stored, as JSON; the member whose step it
    is (schema 8: only they read it)."""

    step_id: int
    id = AutoField()
    step = ForeignKeyField(UndoStep, backref="trash", on_delete="CASCADE")
    table_name = TextField()
    data = TextField()
    deleted_at = DateTimeField()
    member = _member_field(backref="trashed")  # schema 8: whose


class VdirCard(BaseModel):
    """Schema version 6: what one card of a vdir folder looked like at the last
    ``netui sync vdir`` (:mod:`netui.db.sync`). Local to this database: not exported."""

    folder = TextField()  # the folder's resolved path
    uid = TextField()  # the card's UID (normalised, netui.core.uids)
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    contact_id: int | None
    file = TextField()  # the file's name in the folder
    etag = TextField()  # sha256 of the file's bytes as last read or written
    fields = TextField()  # JSON: field name -> hash of its value at the last sync

    class Meta:
        primary_key = CompositeKey("folder", "uid")


MODELS: tuple[type[BaseModel], ...] = (
    Member,
    Contact,
    Tag,
    ContactTag,
    Tie,
    Introduction,
    Meeting,
    Exchange,
    Good,
    GoodTag,
    Goal,
    GoalTag,
    GoalContact,
    Setting,
    Touch,
    Snooze,
    Relationship,
    PrivateNote,
)
#: The history of changes: undo steps and what deletes took out. Not part of the
#: network (left out of exports and of "is this database empty").
HISTORY_MODELS: tuple[type[BaseModel], ...] = (UndoStep, Trash)
#: Tables that belong to this database file only: not in a JSON export.
LOCAL_MODELS: tuple[type[BaseModel], ...] = (VdirCard,)
