"""Moving in: ``netui team push URL --member NAME`` copies a personal network into a
team database as one member.

The personal database is read whole first (read-only, never changed; a file from an
older netui is read from a migrated copy made in a temporary folder, never from the
file itself); then the team database is written in one transaction, all or nothing:

- **contacts** are matched against the team's as an import matches them
  (:mod:`netui.db.importing`'s keys): the UID, then the email, then the LinkedIn URL,
  then name and organisation. A matched contact is the team's: a field the team
  left empty is filled from the personal file (and the report says which), a field
  the team filled is never changed, and the personal file's tags it lacks are added.
  A new one is added with its UID, so a second push finds it;
- **ties** between the pushed contacts are added where the team has none between the
  two (an existing tie is the team's and is left alone);
- **goods** are added unless the team has one of the same kind and title;
  **introductions** unless one between the same two people, made the same moment;
- the member's own: their **relationship** with each contact (closeness, cadence)
  and their **private notes** are written as the personal file has it; **ledger entries**,
  **meetings** (worksheets), **goals** (with their tags and linked contacts),
  **touches** and **snoozes** are added unless the member already has the same one
  (same contact, same moment and values).

Pushing the same file twice therefore changes nothing the second time. The member is
added to the team database if new. Settings, the undo history and vdir state stay in
the personal file. No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from netui import clock
from netui.core.text import plural
from netui.core.uids import normalise_uid
from netui.db.connection import close_database, open_database
from netui.db.contacts import FIELD_LABELS, refresh_search_text
from netui.db.importing.dedupe import name_org_key as _name_org_key
from netui.db.importing.dedupe import url_key as _url_key
from netui.db.models import (
    Contact,
    ContactTag,
    Exchange,
    Goal,
    GoalContact,
    GoalTag,
    Good,
    GoodTag,
    Introduction,
    Meeting,
    Member,
    PrivateNote,
    Relationship,
    Snooze,
    Tie,
    Touch,
    database,
)
from netui.db.rows import tuples
from netui.db.tags import tag_ids
from netui.db.team_push_reading import Personal, PushError, Row, read_personal

__all__ = ["PushError", "PushReport", "push_network"]


@dataclass
class PushReport:
    """What a push did: counts by kind of record."""

    member: str
    member_added: bool = False
    added: dict[str, int] = field(default_factory=dict)
    matched: int = 0  # contacts the team already had
    skipped: dict[str, int] = field(default_factory=dict)  # already there
    #: Matched contacts whose empty fields the personal file filled: name -> fields.
    filled: dict[str, list[str]] = field(default_factory=dict)

    def count(self, what: str, added: bool) -> None:
        target = self.added if added else self.skipped
        target[what] = target.get(what, 0) + 1

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def sentence(self) -> str:
        added = ", ".join(f"{n:,} {what}" for what, n in self.added.items() if n) or "nothing"
        skipped = sum(self.skipped.values())
        joined = " (a new member)" if self.member_added else ""
        filled = ""
        if self.filled:
            fields = sum(len(names) for names in self.filled.values())
            filled = (
                f" filled {plural(fields, 'empty field')} of "
                f"{plural(len(self.filled), 'matched contact')} ("
                + "; ".join(f"{name}: {', '.join(names)}" for name, names in self.filled.items())
                + ");"
            )
        return (
            f"Pushed as {self.member}{joined}: added {added};{filled} {self.matched:,} "
            f"contacts matched the team's; {skipped:,} records were already there."
        )


# --- writing into the team database -------------------------------------------------------


class _Matcher:
    """The team's contacts by UID, email, LinkedIn URL and name + organisation."""

    def __init__(self) -> None:
        self.by_uid: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self.by_name_org: dict[tuple[str, str], int] = {}
        query = Contact.select(
            Contact.id, Contact.uid, Contact.email, Contact.linkedin_url, Contact.name,
            Contact.organisation,
        ).order_by(Contact.archived.desc(), Contact.id.desc())  # fmt: skip
        for cid, uid, email, url, name, organisation in tuples(query):
            self.add(cid, uid, email, url, name, organisation)

    def add(self, cid: int, uid: str, email: str, url: str, name: str, org: str) -> None:
        self.by_uid[normalise_uid(uid)] = cid
        if email.strip():
            self.by_email[email.strip().casefold()] = cid
        if _url_key(url):
            self.by_url[_url_key(url)] = cid
        self.by_name_org[_name_org_key(name, org)] = cid

    def match(self, row: Row) -> int | None:
        keys: tuple[tuple[dict[Any, int], Any], ...] = (
            (self.by_uid, normalise_uid(row["uid"])),
            (self.by_email, row["email"].strip().casefold()),
            (self.by_url, _url_key(row["linkedin_url"])),
            (self.by_name_org, _name_org_key(row["name"], row["organisation"])),
        )
        for index, key in keys:
            if key and key in index:
                return index[key]
        return None


_CONTACT_COPIED = (
    "name", "organisation", "role", "email", "phone", "linkedin_url", "location",
    "how_we_met", "career_path", "notes", "second_degree", "archived", "created_at",
    "updated_at", "sort_name", "search_text", "first_contact", "helps_them", "uid",
)  # fmt: skip


#: A matched contact's fields the personal file fills when the team left them empty.
_CONTACT_FILLED = (
    "organisation", "role", "email", "phone", "linkedin_url", "location", "how_we_met",
    "career_path", "notes", "first_contact", "helps_them",
)  # fmt: skip


def _fill_empty(team_id: int, row: Row, report: PushReport) -> bool:
    """Fill the matched team contact's empty fields from the personal ``row``; never a
    field the team filled. Whether anything was filled."""
    stored = Contact.select(Contact.name, *(getattr(Contact, f) for f in _CONTACT_FILLED))
    team = stored.where(Contact.id == team_id).dicts().first()
    if team is None:
        return False
    changes = {
        name: row[name] for name in _CONTACT_FILLED if _empty(team[name]) and not _empty(row[name])
    }
    if not changes:
        return False
    Contact.update(**changes, updated_at=clock.now()).where(Contact.id == team_id).execute()
    report.filled.setdefault(str(team["name"]), []).extend(
        FIELD_LABELS.get(name, name.replace("_", " ")) for name in changes
    )
    return True


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _copy(row: Row, drop: Iterable[str] = ("id",)) -> Row:
    gone = set(drop)
    return {key: value for key, value in row.items() if key not in gone}


def _write(personal: Personal, member_name: str, report: PushReport) -> None:
    found = Member.select(Member.id).where(Member.name == member_name).scalar()
    if found is None:
        found = Member.insert(name=member_name, db_role="", created_at=clock.now()).execute()
        report.member_added = True
    member = int(found)

    # Contacts: matched, or added with their UID.
    matcher = _Matcher()
    ids: dict[int, int] = {}  # personal contact id -> team contact id
    retagged: list[int] = []
    for row in personal.contacts:
        team_id = matcher.match(row)
        if team_id is None:
            values = {key: row[key] for key in _CONTACT_COPIED}
            team_id = Contact.insert(**values).execute()
            matcher.add(team_id, row["uid"], row["email"], row["linkedin_url"], row["name"],
                        row["organisation"])  # fmt: skip
            report.count("contacts", True)
        else:
            report.matched += 1
            if _fill_empty(team_id, row, report):
                retagged.append(team_id)  # its search text, with what was filled
        ids[row["id"]] = team_id
    # Their tags (a matched contact gains the ones it lacks).
    wanted = sorted({name for pairs in personal.tags.values() for name, _ in pairs})
    tag_of = tag_ids(wanted) if wanted else {}
    for personal_id, pairs in personal.tags.items():
        team_id = ids[personal_id]
        have = set(
            tuples(
                ContactTag.select(ContactTag.tag, ContactTag.kind).where(
                    ContactTag.contact == team_id
                )
            )
        )
        added = False
        for name, kind in pairs:
            if (tag_of[name], kind) not in have:
                ContactTag.insert(contact=team_id, tag=tag_of[name], kind=kind).execute()
                have.add((tag_of[name], kind))
                added = True
        if added:
            retagged.append(team_id)
    if retagged:
        refresh_search_text(retagged)

    # The member's relationships, as the personal file has them.
    for personal_id, row in personal.relationships.items():
        values = {key: row[key] for key in ("closeness", "cadence_days", "shared")}
        where = (Relationship.member == member) & (Relationship.contact == ids[personal_id])
        stored = Relationship.select().where(where).dicts().first()
        if stored is None:
            Relationship.insert(member=member, contact=ids[personal_id], **values).execute()
            report.count("relationships", True)
        elif any(stored[key] != value for key, value in values.items()):
            Relationship.update(**values).where(where).execute()
            report.count("relationships updated", True)
        else:
            report.count("relationships", False)

    # The member's private notes, as the personal file has them.
    for personal_id, text in personal.private_notes.items():
        where = (PrivateNote.member == member) & (PrivateNote.contact == ids[personal_id])
        stored = PrivateNote.select(PrivateNote.text).where(where).scalar()
        if stored is None:
            PrivateNote.insert(member=member, contact=ids[personal_id], text=text).execute()
            report.count("private notes", True)
        elif stored != text:
            PrivateNote.update(text=text).where(where).execute()
            report.count("private notes updated", True)
        else:
            report.count("private notes", False)

    # Ties, where the team has none between the two.
    for row in personal.ties:
        a, b = sorted((ids[row["a"]], ids[row["b"]]))
        if a == b or Tie.select().where((Tie.a == a) & (Tie.b == b)).exists():
            report.count("ties", False)
            continue
        Tie.insert(a=a, b=b, strength=row["strength"], context=row["context"],
                   created_at=row["created_at"]).execute()  # fmt: skip
        report.count("ties", True)

    # Goods, unless the team has one of the same kind and title.
    for row, names in personal.goods:
        same = Good.select().where((Good.kind == row["kind"]) & (Good.title == row["title"]))
        if same.exists():
            report.count("goods", False)
            continue
        good = Good.insert(**_copy(row)).execute()
        ids_of = tag_ids(names) if names else {}
        for name in dict.fromkeys(names):
            GoodTag.insert(good=good, tag=ids_of[name]).execute()
        report.count("goods", True)

    # Introductions, unless the same two, made the same moment.
    introductions: dict[int, int] = {}
    for row in personal.introductions:
        a, b = ids[row["a"]], ids[row["b"]]
        existing = (
            Introduction.select(Introduction.id)
            .where(
                (Introduction.a == a)
                & (Introduction.b == b)
                & (Introduction.created_at == row["created_at"])
            )
            .scalar()
        )
        if existing is None:
            existing = Introduction.insert(**{**_copy(row), "a": a, "b": b}).execute()
            report.count("introductions", True)
        else:
            report.count("introductions", False)
        introductions[row["id"]] = existing

    # Meetings (worksheets): the member's, by contact and when it was made.
    meetings: dict[int, int] = {}
    for row in personal.meetings:
        contact = ids[row["contact"]]
        existing = (
            Meeting.select(Meeting.id)
            .where(
                (Meeting.member == member)
                & (Meeting.contact == contact)
                & (Meeting.created_at == row["created_at"])
            )
            .scalar()
        )
        if existing is None:
            introducer = ids.get(row["introducer"]) if row["introducer"] else None
            existing = Meeting.insert(
                **{**_copy(row), "member": member, "contact": contact, "introducer": introducer}
            ).execute()
            report.count("meetings", True)
        else:
            report.count("meetings", False)
        meetings[row["id"]] = existing

    # Ledger entries: the member's, by contact, moment and values.
    for row in personal.exchanges:
        values = {
            **_copy(row),
            "member": member,
            "contact": ids[row["contact"]],
            "meeting": meetings.get(row["meeting"]) if row["meeting"] else None,
            "introduction": introductions.get(row["introduction"]) if row["introduction"] else None,
        }
        same_entry = Exchange.select().where(
            (Exchange.member == member) & (Exchange.contact == values["contact"])
            & (Exchange.date == row["date"]) & (Exchange.direction == row["direction"])
            & (Exchange.currency == row["currency"]) & (Exchange.value == row["value"])
            & (Exchange.note == row["note"]) & (Exchange.created_at == row["created_at"])
        )  # fmt: skip
        if same_entry.exists():
            report.count("ledger entries", False)
            continue
        Exchange.insert(**values).execute()
        report.count("ledger entries", True)

    # Goals, with their tags and linked contacts.
    for row, names, links in personal.goals:
        existing = (
            Goal.select(Goal.id)
            .where(
                (Goal.member == member)
                & (Goal.title == row["title"])
                & (Goal.created_at == row["created_at"])
            )
            .scalar()
        )
        if existing is not None:
            report.count("goals", False)
            continue
        goal = Goal.insert(**{**_copy(row), "member": member}).execute()
        ids_of = tag_ids(names) if names else {}
        for name in dict.fromkeys(names):
            GoalTag.insert(goal=goal, tag=ids_of[name]).execute()
        for link in links:
            GoalContact.insert(goal=goal, contact=ids[link["contact"]],
                               note=link["note"]).execute()  # fmt: skip
        report.count("goals", True)

    # Touches and snoozes.
    for row in personal.touches:
        contact = ids[row["contact"]]
        same_touch = Touch.select().where(
            (Touch.member == member) & (Touch.contact == contact) & (Touch.day == row["day"])
            & (Touch.source == row["source"]) & (Touch.calendar_uid == row["calendar_uid"])
            & (Touch.calendar_key == row["calendar_key"])
        )  # fmt: skip
        if same_touch.exists():
            report.count("touches", False)
            continue
        Touch.insert(**{**_copy(row), "member": member, "contact": contact}).execute()
        report.count("touches", True)
    for row in personal.snoozes:
        ref = meetings.get(row["ref"]) if row["kind"] == "meeting" else ids.get(row["ref"])
        if ref is None:
            continue  # what it snoozed is not in the file any more
        where = (Snooze.member == member) & (Snooze.kind == row["kind"]) & (Snooze.ref == ref)
        if Snooze.select().where(where).exists():
            report.count("snoozes", False)
            continue
        Snooze.insert(member=member, kind=row["kind"], ref=ref, until=row["until"]).execute()
        report.count("snoozes", True)


def _target(url: str) -> str | Path:
    """A database URL as :func:`netui.db.connection.open_database` takes it: a path for
    SQLite (``sqlite:///PATH`` or a plain path), the URL itself otherwise."""
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).expanduser()
    if "://" in url:
        return url
    return Path(url).expanduser()


def push_network(source: Path, url: str, member_name: str) -> PushReport:
    """Copy the personal network at ``source`` into the team database at ``url`` as
    ``member_name`` (see the module docstring); the report of what it did."""
    member_name = " ".join(member_name.split())
    if not member_name:
        raise PushError("Say which member to push as: netui team push URL --member NAME.")
    target = _target(url)
    if isinstance(target, Path) and target.resolve() == Path(source).resolve():
        raise PushError("The team database is the personal one; push into another database.")
    personal = read_personal(Path(source))
    report = PushReport(member=member_name)
    open_database(target)
    try:
        with database.atomic():
            _write(personal, member_name, report)
    finally:
        close_database()
    return report
