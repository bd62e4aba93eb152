"""What the worksheet's pickers list: my goods to give first, contacts to pick,
introducers to a target (the brokers first) and names like one typed ("did you
mean"). Reads only; no Textual here."""

from __future__ import annotations

from dataclasses import dataclass

from netui.core.folding import fold, fold_words
from netui.db.brokers import brokers_for
from netui.db.contacts import contact_rows
from netui.db.models import Contact, Good
from netui.db.rows import tuples
from netui.db.search import search_contacts


@dataclass(frozen=True)
class GoodRow:
    """An item of my bank of goods, for the give-first picker."""

    id: int
    title: str
    kind: str
    description: str


@dataclass(frozen=True)
class PickableContact:
    id: int
    name: str
    organisation: str
    role: str
    note: str = ""  # why they are listed first (an introducer: how they reach the target)

def list_goods(query: str = "") -> list[GoodRow]:
    """My bank of goods whose title, kind or description contains every word of ``query``."""
    select = Good.select().order_by(Good.title, Good.id)
    rows = [GoodRow(g.id, g.title, g.kind, g.description) for g in select]
    terms = fold_words(query)
    if not terms:
        return rows
    return [
        row
        for row in rows
        if all(t in fold(f"{row.title} {row.kind} {row.description}") for t in terms)
    ]


def find_contacts(query: str = "", limit: int = 100) -> list[PickableContact]:
    """Contacts for a picker: the search of the Contacts screen, first ``limit``."""
    ids = search_contacts(query)[:limit]
    return [PickableContact(r.id, r.name, r.organisation, r.role) for r in contact_rows(ids)]


def find_introducers(target_id: int, query: str = "", limit: int = 100) -> list[PickableContact]:
    """Who could introduce me to ``target_id``, for the introducer picker: the brokers
    first, in the brokers ranking (:func:`netui.db.brokers.brokers_for`), then everyone
    else the search finds, by name; the target never. Every word of ``query`` must
    match, as in the Contacts search."""
    matches = set(search_contacts(query)) if fold_words(query) else None
    ranked: list[tuple[int, str]] = []
    for path in brokers_for(target_id, limit=limit):
        broker = path.ids[0]
        if broker in dict(ranked) or (matches is not None and broker not in matches):
            continue
        how = "knows them" if path.kind == "direct" else f"through {path.path[1]}"
        ranked.append((broker, f"{how} · score {path.score:.1f}"))
    notes = dict(ranked)
    rows = {row.id: row for row in contact_rows(list(notes))}
    first = [
        PickableContact(cid, rows[cid].name, rows[cid].organisation, rows[cid].role, note)
        for cid, note in ranked
        if cid in rows
    ]
    rest = [
        contact
        for contact in find_contacts(query, limit)
        if contact.id not in notes and contact.id != target_id
    ]
    return (first + rest)[:limit]

def similar_names(name: str, limit: int = 10) -> list[str]:
    """Names of contacts sharing a word with ``name``, for "did you mean"."""
    words = [w for w in fold_words(name) if len(w) >= 2]
    if not words:
        return []
    condition = None
    for word in words:
        term = Contact.sort_name.contains(word)
        condition = term if condition is None else condition | term
    query = tuples(
        Contact.select(Contact.name)
        .where(~Contact.archived & condition)
        .order_by(Contact.sort_name)
        .limit(limit)
    )
    return [row[0] for row in query]
