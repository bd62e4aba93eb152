"""Dedupe: which contact, stored or earlier in the file, an imported record is.

For the CSV formats and vCard, a record is the same person as a contact already
in the database, or as an earlier record of the same file, when it has

0. the same UID (a vCard's, :func:`~netui.core.uids.normalise_uid`), or else
1. the same LinkedIn URL (compared without scheme, ``www.``, query or trailing
   slash, case-insensitively), or else
2. one of the same email addresses (case-insensitively), or else
3. the same name (folded: case, accents and spaces ignored) and organisation (by
   :func:`~netui.core.organisations.organisation_key`: ``Globex Inc.`` and
   ``Globex, Marketing`` are ``Globex``), unless both have LinkedIn URLs and they
   differ, or both have UIDs and they differ (two cards of different UIDs are two
   people, as the vCard standard has it: a round trip of three Anna Smiths at Acme
   gives three).

Active contacts win over archived ones, then the oldest. A matched contact is
updated, not added: non-empty organisation, role, email (unless the contact's
current email is among the record's), phone, LinkedIn URL and location from the
file replace the stored ones; the name is kept; "how we met" is filled only when
empty; the file's notes are appended unless the stored notes already contain
them; tags, expertise and interests are added to the stored ones. A contact that
ends up exactly as it was counts as "unchanged", not "updated". Every index
lookup is done in memory against one pass over the contact table.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from netui.core.folding import fold
from netui.core.importers import ContactRecord
from netui.core.organisations import organisation_key
from netui.core.uids import normalise_uid
from netui.db.contacts import RELATIONSHIP_FIELDS, ContactFields, sort_key_for
from netui.db.importing.bulk import rows_among
from netui.db.members import with_mine
from netui.db.models import DEFAULT_CLOSENESS, Contact, Relationship, database
from netui.db.tags import TAG_FIELDS, clean_tags

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")

#: The columns of Contact that an import reads and writes, in this order.
COLUMNS = (
    "name",
    "organisation",
    "role",
    "email",
    "phone",
    "linkedin_url",
    "location",
    "how_we_met",
    "career_path",
    "notes",
    "first_contact",
    "closeness",
    "cadence_days",
    "second_degree",
)
#: The columns of the contact row itself; the others are my relationship's (schema 7).
CONTACT_COLUMNS = tuple(c for c in COLUMNS if c not in RELATIONSHIP_FIELDS)
#: Columns an imported record may overwrite when it has a value.
REPLACED = ("organisation", "role", "phone", "linkedin_url", "location", "career_path")
#: netui's own columns, from its vCards' X-NETUI-* properties: replaced when given.
NETUI_OWN = ("closeness", "cadence_days", "second_degree")


#: A Person's values of COLUMNS, and its lists of tags, as tuples (in C).
_column_values = operator.itemgetter(*COLUMNS)
_tag_lists = operator.itemgetter(*TAG_FIELDS)


def iso_day(day: object) -> str | None:
    """A first-contact day as stored (``YYYY-MM-DD``), so that stored and imported
    values compare as they are."""
    if isinstance(day, dt.date):  # a datetime too
        return day.isoformat()[:10]
    return None if day is None else cast(str, day)  # already as stored


# --- matching keys --------------------------------------------------------------------


@functools.lru_cache(maxsize=65_536)
def url_key(url: str) -> str:
    """A LinkedIn URL reduced to what identifies the profile (host and path, casefolded)."""
    key = url.strip().casefold()
    if not key:
        return ""
    if key.startswith("https://"):  # most: without the pattern's search
        key = key[8:].removeprefix("www.")
    else:
        key = _SCHEME.sub("", key, count=1).removeprefix("www.")
    for mark in "?#":
        if mark in key:
            key = key.split(mark, 1)[0]
    return key.rstrip("/") or url.strip().casefold()


def email_key(email: str) -> str:
    return email.strip().casefold()


def name_org_key(name: str, organisation: str) -> tuple[str, str]:
    return (sort_key_for(name), organisation_key(organisation))


def name_org(name: str, organisation: str) -> str:
    """:func:`name_org_key` as one string, the key an import keeps of each row
    (:meth:`Matcher.keys` makes it the same way)."""
    return f"{sort_key_for(name)}\x00{organisation_key(organisation)}"


class Keys(NamedTuple):
    """What a record is recognised by (see the module docstring)."""

    uid: str
    url: str
    emails: tuple[str, ...]
    name_org: str
    folded_name: str  # fold(name): sort_key_for() is it with its spaces made one


#: The tags of a new contact without any, shared: never changed in place (a Person's
#: tags are replaced by a new dict when they change).
NO_TAGS: dict[str, list[str]] = {attribute: [] for attribute in TAG_FIELDS}

_new_keys = cast(Callable[[type[Keys], tuple[Any, ...]], Keys], tuple.__new__)


@dataclass(slots=True)
class Person:
    """A contact being imported into: an existing row or a new one."""

    id: int | None
    values: dict[str, object]
    tags: dict[str, list[str]]  # "tags"/"expertise"/"interests" → names
    before: tuple[Any, ...] | None = None  # existing contacts: the column values before
    original: tuple[Any, ...] | None = None  # existing contacts: values and tags before
    uid: str = ""  # a new contact without one gets a new UID when it is written
    stored: tuple[Any, ...] | None = None  # existing contacts: COLUMNS as stored
    sort_name: str = ""  # a new contact's, from its dedupe key
    folded_name: str = ""  # a new contact's name folded, for its search text
    #: A new contact's LinkedIn URL and its key, from its dedupe keys (made once).
    url: tuple[str, str] | None = None

    def url_key(self) -> str:
        """:func:`url_key` of the LinkedIn URL, kept from the dedupe keys while the
        URL is the one they were made of."""
        text, known = self.values["linkedin_url"], self.url
        return known[1] if known is not None and known[0] is text else url_key(str(text))

    def snapshot(self) -> tuple[Any, ...]:
        return (_column_values(self.values), tuple(map(tuple, _tag_lists(self.tags))))

    def fields(self) -> ContactFields:
        values = {k: v for k, v in self.values.items() if k != "first_contact"}
        tags: dict[str, Any] = {a: tuple(self.tags[a]) for a in TAG_FIELDS}
        fields: dict[str, Any] = {**values, **tags}  # ContactFields' names, of mixed types
        return ContactFields(**fields)


class Matcher:
    """The dedupe indexes of one import, and the merging of a record into a contact."""

    def __init__(self) -> None:
        self.by_uid: dict[str, int | Person] = {}
        self.by_url: dict[str, int | Person] = {}
        self.by_email: dict[str, int | Person] = {}
        self.by_name_org: dict[str, int | Person] = {}  # name_org(): one string a key
        self.url_of: dict[int, str] = {}
        self.uid_of: dict[int, str] = {}  # of contacts this import wrote, from the file
        #: The highest id stored before the import: a higher one is the import's own.
        self.last_stored = 0
        self.stored_count = 0  # how many contacts were stored before the import
        #: Whole rows of stored contacts the slice being matched may match (id → the
        #: row of :meth:`query`), read by :meth:`prefetch`; forgotten slice by slice.
        self.rows: dict[int, tuple[Any, ...]] = {}
        self.made_rows: dict[str, Any] = {}  # the SQL reading them (bulk.rows_among)
        self.touched: dict[int, Person] = {}  # stored contacts the file matched
        #: Stored contacts matched and left as they were, whose Person was let go at
        #: the end of their slice (a later record reads them again).
        self.unchanged: set[int] = set()
        self.fresh: dict[int, Person] = {}  # contacts this import added, matched again
        self.first_touched: list[Person] = []  # touched or fresh since the last slice
        self.slice_touched: list[Person] = []  # the last slice's first_touched
        self.strangers: set[int] = set()  # contacts I have no relationship with yet
        # Keys pointing at a new Person not written yet: made its id once it is.
        self.pending: list[tuple[dict[Any, int | Person], Any, Person]] = []
        self.pending_names: list[tuple[str, Person]] = []  # by_name_org's, as (key, Person)

    # -- loading ---------------------------------------------------------------

    def query(self) -> Any:
        fields = [
            getattr(Relationship if column in RELATIONSHIP_FIELDS else Contact, column)
            for column in COLUMNS
        ]
        return with_mine(Contact.select(Contact.id, *fields, Contact.uid, Contact.sort_name))

    def load(self) -> None:
        """One pass over the contact table builds every dedupe index in memory,
        keeping of each stored contact its keys only (not its row)."""
        keys = (Contact.id, Contact.uid, Contact.sort_name, Contact.organisation,
                Contact.email, Contact.linkedin_url, Relationship.closeness)  # fmt: skip
        query = with_mine(Contact.select(*keys)).order_by(
            # Later rows overwrite earlier ones: archived first, then newest to oldest.
            Contact.archived.desc(),
            Contact.id.desc(),
        )
        by_uid, by_url, by_email = self.by_uid, self.by_url, self.by_email
        by_name_org, url_of, strangers = self.by_name_org, self.url_of, self.strangers
        last = count = 0
        # Straight from the cursor, a batch at a time: no per-row model conversion,
        # and never every row at once.
        cursor = database.execute(query)
        while batch := cursor.fetchmany(2_000):
            count += len(batch)
            for cid, uid, sort_name, organisation, email, url, closeness in batch:
                if cid > last:
                    last = cid
                if closeness is None:  # not in my network yet: the defaults
                    strangers.add(cid)
                by_uid[uid] = cid
                key = url_key(url) if url else ""
                if key:
                    by_url[key] = cid
                    url_of[cid] = key
                if email:
                    email = email_key(email)
                    if email:
                        by_email[email] = cid
                by_name_org[f"{sort_name}\x00{organisation_key(organisation)}"] = cid
        self.last_stored, self.stored_count = last, count

    def prefetch(self, slice_keys: list[Keys]) -> None:
        """Read the rows of the stored contacts the records of a slice (their
        ``slice_keys``) may match, in a few queries, in place of the last slice's.
        Matching within the slice only ever finds a stored contact through one of
        these keys (a key the slice adds points at a contact found through another),
        so :meth:`person` finds every row it needs here."""
        self.rows = {}
        if not self.last_stored:
            return
        last, touched = self.last_stored, self.touched
        wanted: set[int] = set()
        lookups = (self.by_uid, self.by_url, self.by_name_org)
        for keys in slice_keys:
            for index, key in zip(lookups, (keys.uid, keys.url, keys.name_org), strict=True):
                found = index.get(key) if key else None
                if type(found) is int and found <= last and found not in touched:
                    wanted.add(found)
            for email in keys.emails:
                found = self.by_email.get(email)
                if type(found) is int and found <= last and found not in touched:
                    wanted.add(found)
        if not wanted:
            return
        closeness_at = 1 + COLUMNS.index("closeness")
        for row in rows_among(self.query(), Contact.id, sorted(wanted), self.made_rows):
            if row[closeness_at] is None:  # not in my network yet: the defaults
                row = (*row[:closeness_at], DEFAULT_CLOSENESS, *row[closeness_at + 1 :])
            self.rows[row[0]] = row

    def is_added(self, found: int | Person) -> bool:
        """Whether a match is a contact of this import (a repeat within the file)."""
        return isinstance(found, Person) or found > self.last_stored

    def person(self, target: int | Person) -> Person:
        if isinstance(target, Person):
            return target
        found = self.touched.get(target) or self.fresh.get(target)
        if found is None:
            fresh = target > self.last_stored
            row = self.rows.get(target) or self.read_row(target)
            stored = row[1 : 1 + len(COLUMNS)]
            values = dict(zip(COLUMNS, stored, strict=True))
            values["second_degree"] = bool(values["second_degree"])
            found = Person(
                id=target,
                values=values,
                tags={a: [] for a in TAG_FIELDS},
                before=_column_values(values),
                uid=row[-2],
                stored=None if fresh else stored,
            )
            (self.fresh if fresh else self.touched)[target] = found
            self.first_touched.append(found)
        return found

    def read_row(self, target: int) -> tuple[Any, ...]:
        """The row of one contact (one added by this import in an earlier slice, as
        written), as :meth:`query` reads it."""
        row = database.execute(self.query().where(Contact.id == target)).fetchone()
        closeness_at = 1 + COLUMNS.index("closeness")
        if row[closeness_at] is None:
            row = (*row[:closeness_at], DEFAULT_CLOSENESS, *row[closeness_at + 1 :])
        return tuple(row)

    def let_go_unchanged(self, people: list[Person]) -> None:
        """Forget the Persons of ``people`` (the contacts a slice matched first) left
        as they were, but for the ids of the stored ones: a later record matching
        one reads it again. Kept: the ones changed, and the stored ones I have no
        relationship with yet (one is written for them at the end)."""
        for person in people:
            cid = person.id
            assert cid is not None
            if cid in self.strangers or person.snapshot() != person.original:
                continue
            if self.touched.pop(cid, None) is not None:
                self.unchanged.add(cid)
            else:
                self.fresh.pop(cid, None)

    def written(self) -> None:
        """The new Persons of the slice are written: the keys pointing at them hold
        their ids now, so that the import keeps no more of a row written than its keys."""
        for index, key, person in self.pending:
            index[key] = person.id  # type: ignore[assignment]  # written: not None
        by_name_org, url_of, uid_of = self.by_name_org, self.url_of, self.uid_of
        for key, person in self.pending_names:
            assert person.id is not None
            by_name_org[key] = person.id
            url = person.url_key()
            if url:
                url_of[person.id] = url
            if person.uid:
                uid_of[person.id] = person.uid
        self.pending.clear()
        self.pending_names.clear()

    # -- matching --------------------------------------------------------------

    @staticmethod
    def keys(record: ContactRecord) -> Keys:
        """The record's dedupe keys, worked out once for matching and indexing."""
        emails = record.emails
        folded = fold(record.name)  # once: the sort key, the name key and the search text
        return _new_keys(
            Keys,  # without the NamedTuple's __new__, a Python call
            (
                normalise_uid(record.uid) if record.uid else "",
                url_key.__wrapped__(record.linkedin_url),  # not remembered: each row's own
                tuple(key for key in map(email_key, emails) if key) if emails else (),
                f"{' '.join(folded.split())}\x00{organisation_key(record.organisation)}",
                folded,
            ),
        )

    def match(self, keys: Keys) -> int | Person | None:
        if keys.uid and keys.uid in self.by_uid:
            return self.by_uid[keys.uid]
        url = keys.url
        if url and url in self.by_url:
            return self.by_url[url]
        for email in keys.emails:
            found = self.by_email.get(email)
            if found is not None:
                return found
        found = self.by_name_org.get(keys.name_org)
        if found is not None and url:
            other = self._url_of(found)
            if other and other != url:
                return None  # same name and organisation, but another LinkedIn profile
        if found is not None and keys.uid:
            other = self._uid_of(found)
            if other and normalise_uid(other) != keys.uid:
                return None  # same name and organisation, but another card
        return found

    def _uid_of(self, target: int | Person) -> str:
        if isinstance(target, Person):
            return target.uid
        person = self.touched.get(target) or self.fresh.get(target)
        if person is not None:
            return person.uid
        if target in self.uid_of:
            return self.uid_of[target]
        row = self.rows.get(target)
        if row is None and target <= self.last_stored:
            row = self.read_row(target)
        return str(row[-2] or "") if row is not None else ""

    def _url_of(self, target: int | Person) -> str:
        if isinstance(target, Person):
            return target.url_key()
        person = self.touched.get(target) or self.fresh.get(target)
        if person is not None:
            return url_key(str(person.values["linkedin_url"]))
        return self.url_of.get(target, "")

    def index(self, keys: Keys, target: int | Person) -> None:
        """Point the keys no contact has yet at ``target`` (a new Person's are made
        its id once it is written: :meth:`written`)."""
        uid, url, emails, name_org, _ = keys
        new = target if isinstance(target, Person) else None
        if uid and uid not in self.by_uid:
            self.by_uid[uid] = target
            if new is not None:
                self.pending.append((self.by_uid, uid, new))
        if url and url not in self.by_url:
            self.by_url[url] = target
            if new is not None:
                self.pending.append((self.by_url, url, new))
        for email in emails:
            if email not in self.by_email:
                self.by_email[email] = target
                if new is not None:
                    self.pending.append((self.by_email, email, new))
        if name_org not in self.by_name_org:
            self.by_name_org[name_org] = target
            if new is not None:
                self.pending_names.append((name_org, new))

    # -- merging ---------------------------------------------------------------

    @staticmethod
    def new_person(record: ContactRecord) -> Person:
        emails, day = record.emails, record.first_contact
        values: dict[str, object] = {
            "name": record.name,
            "organisation": record.organisation,
            "role": record.role,
            "email": emails[0] if emails else "",  # record.email, without the property's call
            "phone": record.phone,
            "linkedin_url": record.linkedin_url,
            "location": record.location,
            "how_we_met": record.how_we_met,
            "career_path": record.career_path,
            "notes": record.notes,
            "first_contact": day.isoformat() if type(day) is dt.date else iso_day(day),
            "closeness": 3 if record.closeness is None else record.closeness,
            "cadence_days": record.cadence_days,
            "second_degree": bool(record.second_degree),
        }
        if record.tags or record.expertise or record.interests:
            tags = {a: list(clean_tags(getattr(record, a))) if getattr(record, a) else []
                    for a in TAG_FIELDS}  # fmt: skip
        else:  # most files have none
            tags = NO_TAGS
        # The card's own UID, so that it is recognised when it comes back (match()
        # found no contact with it); a new one, when it has none, as it is written.
        if record.uid:
            return Person(None, values, tags, uid=normalise_uid(record.uid))
        return Person(None, values, tags)  # positional: 300,000 of them in a big file

    @staticmethod
    def merge(person: Person, record: ContactRecord) -> None:
        values = person.values
        for column in REPLACED:
            value = getattr(record, column)
            if value:
                values[column] = value
        current = email_key(str(values["email"]))
        if record.emails and current not in {email_key(e) for e in record.emails}:
            values["email"] = record.email
        if record.how_we_met and not values["how_we_met"]:
            values["how_we_met"] = record.how_we_met
        first = iso_day(record.first_contact)
        if first and (not values["first_contact"] or first < str(values["first_contact"])):
            values["first_contact"] = first  # the earliest day any file knows of
        notes = str(values["notes"])
        if record.notes and record.notes not in notes:
            values["notes"] = f"{notes}\n\n{record.notes}" if notes else record.notes
        if record.tags or record.expertise or record.interests:
            tags = dict(person.tags)  # its own: a new contact's may be NO_TAGS
            for attribute in TAG_FIELDS:
                added = getattr(record, attribute)
                if added:
                    tags[attribute] = list(clean_tags([*tags[attribute], *added]))
            person.tags = tags
        for column in NETUI_OWN:
            value = getattr(record, column)
            if value is not None:
                values[column] = value
