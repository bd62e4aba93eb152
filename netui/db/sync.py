"""``netui sync vdir DIR``: two-way sync between the database and a vdir, by UID.

What each card looked like at the last sync is kept in ``vdir_card`` (one row per
folder and card UID: the contact it is, its file, the file's hash, and a hash per
field of :data:`~netui.core.card_fields.FIELDS`). A sync then:

1. reads every ``.vcf`` of the folder; a file whose hash is the one kept is known
   to hold the last synced fields and is not parsed again;
2. brings in the cards the folder has and the state does not (new cards, and on
   the first sync every card): through the import's dedupe (UID first, then
   LinkedIn URL, email, name and organisation), merged into the contact they are,
   or added as new contacts keeping their UIDs;
3. compares each known card field by field with the state: a field changed only
   in the folder comes in, one changed only in netui goes out, one changed on both
   sides to different values is a conflict, settled by ``prefer`` (``"netui"`` or
   ``"vdir"``) or else reported and left as it is on both sides;
4. writes every card whose contact is new or changed (keeping the lines another
   client put on it that netui does not manage: a PHOTO, a birthday) and records the
   new state.

Nothing is removed without ``prune``: a card removed from the folder archives its
contact, a contact removed or archived in netui removes its card; without it they
are counted and left alone. Incoming ties are added or updated; a tie a card no
longer lists is removed only with ``prune``. Everything is one transaction, and a
dry run rolls it back and writes no file. Running it twice changes nothing the
second time. No Textual here.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from netui.core.card_fields import FIELDS, canonical, card_of_record, digests, other_lines
from netui.core.files import remove_file, write_files
from netui.core.importers import ContactRecord, ImportFileError, ParsedFile
from netui.core.uids import file_name, normalise_uid
from netui.core.vcards import CardData, CardTie, card_text
from netui.core.vdir import CardFile, card_names, etag, parse_card_file, read_card
from netui.db.contacts import ContactFields, set_archived, update_contact
from netui.db.exporters import contact_cards
from netui.db.importing import import_records
from netui.db.models import Contact, VdirCard, database
from netui.db.rows import tuples
from netui.db.ties import remove_tie, set_tie

PREFER = ("netui", "vdir")
_CONTACT_FIELDS = [f.name for f in fields(ContactFields)]


@dataclass(frozen=True)
class Conflict:
    """A field changed on both sides since the last sync."""

    name: str  # the contact's name
    field: str


@dataclass
class SyncReport:
    """What a sync did (or, for a dry run, would do)."""

    added: int = 0  # contacts added from new cards
    merged: int = 0  # new cards merged into contacts netui had
    updated: int = 0  # contacts changed from their cards
    written: int = 0  # cards written (new or changed)
    conflicts: list[Conflict] = field(default_factory=list)
    resolved: int = 0  # conflicts settled by prefer
    gone_from_folder: int = 0  # cards removed from the folder, contacts left (no prune)
    gone_from_netui: int = 0  # contacts removed or archived, cards left (no prune)
    archived: int = 0  # prune: contacts whose cards were removed
    removed: int = 0  # prune: cards of contacts netui removed
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return bool(
            self.added or self.merged or self.updated or self.written or self.archived
            or self.removed
        )  # fmt: skip

    def summary(self) -> str:
        verb = "Would sync" if self.dry_run else "Synced"
        text = (
            f"{verb}: {self.added:,} added and {self.updated + self.merged:,} updated in "
            f"netui, {self.written:,} cards written"
        )
        extras = []
        if self.archived:
            extras.append(f"{self.archived:,} contacts archived (their cards were removed)")
        if self.removed:
            extras.append(f"{self.removed:,} cards removed (their contacts were)")
        if self.gone_from_folder:
            extras.append(
                f"{self.gone_from_folder:,} cards removed from the folder, contacts kept "
                "(--prune archives them)"
            )
        if self.gone_from_netui:
            extras.append(
                f"{self.gone_from_netui:,} contacts removed or archived in netui, cards kept "
                "(--prune removes them)"
            )
        if self.resolved:
            extras.append(f"{self.resolved:,} conflicts settled")
        return text + (f" ({'; '.join(extras)})" if extras else "") + "."


@dataclass
class _Card:
    """A card of the folder: its file and, once parsed, what it says."""

    uid: str
    file: str
    etag: str
    data: bytes | None = None
    card: CardData | None = None  # None: unchanged since the last sync (not parsed)


@dataclass
class _State:
    uid: str
    contact_id: int | None
    file: str
    etag: str
    fields: dict[str, str]


def sync_vdir(
    folder: Path,
    *,
    prefer: str | None = None,
    prune: bool = False,
    dry_run: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> SyncReport:
    """Sync the bound database with ``folder`` (see the module docstring)."""
    if prefer not in (None, *PREFER):
        raise ValueError(f"prefer is one of {', '.join(PREFER)}, not {prefer!r}")
    key = os.path.realpath(folder)
    report = SyncReport(dry_run=dry_run)
    with database.atomic() as transaction:
        run = _Run(Path(key), key, prefer, prune, report)
        run.read()
        run.bring_in_new_cards()
        run.compare_known_cards()
        run.write_out()
        if dry_run:
            transaction.rollback()
    return report


class _Run:
    def __init__(
        self, folder: Path, key: str, prefer: str | None, prune: bool, report: SyncReport
    ) -> None:
        self.folder = folder
        self.key = key
        self.prefer = prefer
        self.prune = prune
        self.report = report
        self.state: dict[str, _State] = {}
        self.cards: dict[str, _Card] = {}
        self.new_state: dict[str, _State] = {}
        self.left: dict[str, set[str]] = {}  # card uid -> fields left in conflict
        self.theirs: dict[str, CardData] = {}  # card uid -> the card, for conflicts left
        self.records: dict[str, ContactRecord] = {}  # card uid -> as read, for new cards
        self._live: dict[int, CardData] | None = None
        self.dirty = False  # the database changed since live() read it

    # -- reading -----------------------------------------------------------------------

    def read(self) -> None:
        for uid, contact_id, file, tag, saved in tuples(
            VdirCard.select(
                VdirCard.uid, VdirCard.contact, VdirCard.file, VdirCard.etag, VdirCard.fields
            ).where(VdirCard.folder == self.key)
        ):
            self.state[uid] = _State(uid, contact_id, file, tag, json.loads(saved))
        known = {(s.file, s.etag): s.uid for s in self.state.values()}
        for name in card_names(self.folder):
            data = read_card(self.folder, name)
            tag = etag(data)
            uid = known.get((name, tag))
            if uid is not None:
                self.cards.setdefault(uid, _Card(uid, name, tag, data))
                continue
            parsed = parse_card_file(CardFile(name, data))
            if not parsed.records:
                continue  # a card without a name: nothing netui can keep
            record = parsed.records[0]
            uid = normalise_uid(record.uid) if record.uid else name.removesuffix(".vcf")
            if uid in self.cards:
                continue  # the same card twice: the first file wins
            self.cards[uid] = _Card(uid, name, tag, data, card_of_record(record, uid))
            self.records[uid] = record

    def live(self) -> dict[int, CardData]:
        """Every contact that is not archived, as the card netui would write (read
        again only after this sync changed the database)."""
        if self._live is None or self.dirty:
            uid_to_id = dict(tuples(Contact.select(Contact.uid, Contact.id)))
            self._live = {uid_to_id[card.uid]: card for card in contact_cards()}
            self.dirty = False
        return self._live

    def contact_of(self) -> dict[str, int]:
        """A UID (a contact's own, or its card's in this folder) -> the contact id."""
        found = dict(tuples(Contact.select(Contact.uid, Contact.id)))
        for uid, state in {**self.state, **self.new_state}.items():
            if state.contact_id is not None:
                found[uid] = state.contact_id
        return found

    # -- new cards ---------------------------------------------------------------------

    def bring_in_new_cards(self) -> None:
        new = [uid for uid in self.cards if uid not in self.state]
        if not new:
            return
        parsed = ParsedFile(records=tuple(self.records[uid] for uid in new))
        ids: list[int] = []
        imported = import_records("vcard", parsed, ids=ids)
        self.dirty = True
        self.report.added += imported.added
        self.report.merged += imported.updated
        for uid, contact_id in zip(new, ids, strict=True):
            card = self.cards[uid]
            # Known from now on; the fields are settled when the cards are written.
            self.new_state[uid] = _State(uid, contact_id, card.file, card.etag, {})

    # -- known cards -------------------------------------------------------------------

    def compare_known_cards(self) -> None:
        live = self.live()
        contact_of = self.contact_of()
        for uid, state in self.state.items():
            card = self.cards.get(uid)
            contact_id = state.contact_id
            contact = live.get(contact_id) if contact_id is not None else None
            if card is None or contact is None or contact_id is None:
                continue  # settled in write_out
            if card.card is None:
                continue  # the file is as it was: only netui's changes go out
            ours = canonical(contact, contact_of)
            theirs = canonical(card.card, contact_of)
            incoming: set[str] = set()
            for name in FIELDS:
                if ours[name] == theirs[name]:
                    continue
                base = state.fields.get(name)
                ours_changed = base is None or digests({name: ours[name]})[name] != base
                theirs_changed = base is None or digests({name: theirs[name]})[name] != base
                if theirs_changed and not ours_changed:
                    incoming.add(name)
                elif theirs_changed and ours_changed:
                    self.report.conflicts.append(Conflict(contact.name, name))
                    if self.prefer == "vdir":
                        incoming.add(name)
                        self.report.resolved += 1
                    elif self.prefer is None:
                        self.left.setdefault(uid, set()).add(name)
                        self.theirs[uid] = card.card
                    else:
                        self.report.resolved += 1
            if incoming:
                self.apply(contact_id, contact, card.card, incoming, contact_of)

    def apply(
        self,
        contact_id: int,
        ours: CardData,
        theirs: CardData,
        incoming: set[str],
        contact_of: dict[str, int],
    ) -> None:
        """Bring the fields named in ``incoming`` from the card into the contact."""
        values = {name: getattr(ours, name) for name in _CONTACT_FIELDS}
        self.dirty = True
        changed = False
        for name in incoming - {"ties"}:
            values[name] = getattr(theirs, name)
            changed = True
        if changed:
            update_contact(contact_id, ContactFields(**values))
            self.report.updated += 1
        if "ties" in incoming:
            wanted = {}
            for tie in theirs.ties:
                other = contact_of.get(normalise_uid(tie.uid))
                if other is not None and other != contact_id:
                    wanted[other] = tie
            for other, tie in wanted.items():
                set_tie(contact_id, other, tie.strength, tie.context)
            if self.prune:
                for tie in ours.ties:
                    other = contact_of.get(normalise_uid(tie.uid))
                    if other is not None and other not in wanted:
                        remove_tie(contact_id, other)
            if not changed:
                self.report.updated += 1

    # -- writing -----------------------------------------------------------------------

    def write_out(self) -> None:
        live = self.live()
        contact_of = self.contact_of()
        card_uid = {c: uid for uid, c in contact_of.items()}  # contact id -> card uid here
        for uid, state in {**self.state, **self.new_state}.items():
            if state.contact_id is not None:
                card_uid[state.contact_id] = uid
        known = {**self.state, **self.new_state}
        covered = {s.contact_id for s in known.values() if s.contact_id is not None}
        contents: dict[str, str] = {}
        rows: dict[str, _State] = {}
        dropped: list[str] = []
        for uid, state in known.items():
            card = self.cards.get(uid)
            contact = live.get(state.contact_id) if state.contact_id is not None else None
            if contact is None:
                if card is None:
                    dropped.append(uid)  # gone on both sides
                elif self.prune:
                    remove_file(self.folder / card.file) if not self.report.dry_run else None
                    self.report.removed += 1
                    dropped.append(uid)
                else:
                    self.report.gone_from_netui += 1
                continue
            if card is None and uid in self.state:
                if self.prune:
                    assert state.contact_id is not None  # its live contact was found by it
                    set_archived(state.contact_id, True)
                    self.report.archived += 1
                    dropped.append(uid)
                else:
                    self.report.gone_from_folder += 1
                continue
            self.settle(uid, state, contact, card, card_uid, contact_of, contents, rows)
        for contact_id, contact in live.items():
            if contact_id in covered or contact.uid in self.cards:
                continue
            # New in netui: its own UID.vcf.
            state = _State(contact.uid, contact_id, file_name(contact.uid), "", {})
            self.settle(contact.uid, state, contact, None, card_uid, contact_of, contents, rows)
        if contents and not self.report.dry_run:
            write_files(self.folder, contents, force=True)
        self.report.written += len(contents)
        if dropped:
            VdirCard.delete().where(
                (VdirCard.folder == self.key) & VdirCard.uid.in_(dropped)
            ).execute()
        self.save(rows)

    def settle(
        self,
        uid: str,
        state: _State,
        contact: CardData,
        card: _Card | None,
        card_uid: dict[int, str],
        contact_of: dict[str, int],
        contents: dict[str, str],
        rows: dict[str, _State],
    ) -> None:
        """Write the card of ``contact`` if it says anything else than the file, and
        note the fields both sides now share."""
        ties = tuple(
            sorted(
                (
                    CardTie(card_uid.get(contact_of.get(t.uid, -1), t.uid), t.strength, t.context)
                    for t in contact.ties
                ),
                key=lambda t: t.uid,
            )
        )
        ours = replace(contact, uid=uid, ties=ties)
        left = self.left.get(uid, set())
        out = ours
        if left:  # the card keeps its side of a conflict left alone
            theirs = self.theirs[uid]
            out = replace(ours, **{name: getattr(theirs, name) for name in left})
        settled = digests(canonical(ours, contact_of))
        for name in left:
            if name in state.fields:
                settled[name] = state.fields[name]
            else:
                settled.pop(name, None)
        if card is None:
            differs = True
        elif card.card is None:  # unchanged since the last sync
            differs = settled != state.fields
        else:
            differs = canonical(out, contact_of) != canonical(card.card, contact_of)
        name = card.file if card is not None else state.file
        # The file's hash says "this file holds the settled fields": not while a
        # conflict is left on it, so that the next sync reads it again.
        tag = card.etag if card is not None and not left else state.etag
        if differs:
            extra = other_lines(card.data.decode("utf-8", "replace")) if card and card.data else []
            text = card_text(out, extra)
            contents[name] = text
            tag = etag(text.encode("utf-8"))
        if differs or settled != state.fields or tag != state.etag or uid not in self.state:
            rows[uid] = _State(uid, state.contact_id, name, tag, settled)

    def save(self, rows: dict[str, _State]) -> None:
        if not rows:
            return
        uids = list(rows)
        for start in range(0, len(uids), 500):
            chunk = uids[start : start + 500]
            VdirCard.delete().where(
                (VdirCard.folder == self.key) & VdirCard.uid.in_(chunk)
            ).execute()
        values = [
            {
                "folder": self.key,
                "uid": row.uid,
                "contact": row.contact_id,
                "file": row.file,
                "etag": row.etag,
                "fields": json.dumps(row.fields, sort_keys=True),
            }
            for row in rows.values()
        ]
        for start in range(0, len(values), 500):
            VdirCard.insert_many(values[start : start + 500]).execute()


__all__ = ["PREFER", "Conflict", "ImportFileError", "SyncReport", "sync_vdir"]
