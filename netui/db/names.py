"""Naming one contact: the command line's NAME, and telling same-named contacts apart.

NAME is matched case- and accent-insensitively (:mod:`netui.core.folding`) against
the full name: an exact match wins, otherwise a unique substring. Several matches
are an error listing each as ``Name @ Org (#ID)``. Two ways pick one of them:

- ``#ID``: the contact with that id (``"#12"``; quote it, a shell takes ``#`` for a
  comment);
- ``NAME@ORG``: NAME as above among the contacts whose organisation is ORG (the same
  organisation by :func:`netui.core.organisations.organisation_key`, or containing
  ORG, folded). Tried only when the whole text names nobody, so a name with an
  ``@`` in it still works.

No Textual here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from netui.core.folding import fold_key
from netui.core.organisations import organisation_key
from netui.db.contacts import AmbiguousNameError, ContactNotFoundError, in_scope, sort_key_for
from netui.db.models import Contact, database
from netui.db.rows import tuples

_BY_ID = re.compile(r"#\s*(\d{1,18})")

Candidate = tuple[int, str, str]  # id, name, organisation
CHUNK = 500  # ids per IN (...) list
#: How the command line's help says it.
PICK = 'NAME@ORG or "#ID" picks one of same-named contacts'


def resolve_name(name: str, *, include_archived: bool = False) -> tuple[int, str]:
    """``(id, name)`` of the one contact ``name`` stands for (see the module's docstring).

    Raises :class:`ContactNotFoundError` or :class:`AmbiguousNameError`.
    """
    text = name.strip()
    by_id = _BY_ID.fullmatch(text)
    if by_id:
        return _by_id(int(by_id.group(1)), include_archived)
    if not sort_key_for(text):
        raise ContactNotFoundError("A contact name cannot be empty.")
    found = _by_name(text, include_archived)
    if not found and "@" in text:
        person, _, organisation = text.rpartition("@")
        if sort_key_for(person) and fold_key(organisation):
            found = _at_organisation(_by_name(person, include_archived), organisation)
            if not found:
                where = f'"{person.strip()}" at "{organisation.strip()}"'
                raise ContactNotFoundError(f"No contact matches {where}.")
    if len(found) == 1:
        return found[0][0], found[0][1]
    if not found:
        if not include_archived and _by_name(text, include_archived=True, archived_only=True):
            raise ContactNotFoundError(
                f'"{text}" matches only archived contacts; in the app, f shows them and d '
                "restores one."
            )
        raise ContactNotFoundError(f'No contact matches "{text}".')
    raise AmbiguousNameError(text, found)


def _by_id(contact_id: int, include_archived: bool) -> tuple[int, str]:
    row = Contact.select(Contact.name, Contact.archived).where(Contact.id == contact_id).first()
    if row is None:
        raise ContactNotFoundError(f"There is no contact with id #{contact_id}.")
    if row.archived and not include_archived:
        raise ContactNotFoundError(
            f"Contact #{contact_id} is archived; in the app, f shows archived contacts and d "
            "restores one."
        )
    return contact_id, row.name


def _by_name(name: str, include_archived: bool, *, archived_only: bool = False) -> list[Candidate]:
    """The exact matches of ``name``, else every contact whose name contains it."""
    key = sort_key_for(name)
    query = Contact.select(Contact.id, Contact.name, Contact.organisation)
    if archived_only:
        query = query.where(Contact.archived == True)  # noqa: E712
    elif not include_archived:
        query = query.where(in_scope())
    exact = list(tuples(query.where(Contact.sort_name == key).order_by(Contact.id)))
    if exact:
        return exact
    return list(
        tuples(query.where(Contact.sort_name.contains(key)).order_by(Contact.sort_name, Contact.id))
    )


def _at_organisation(found: Sequence[Candidate], organisation: str) -> list[Candidate]:
    wanted_key = organisation_key(organisation)
    wanted = fold_key(organisation)
    return [
        candidate
        for candidate in found
        if (wanted_key and organisation_key(candidate[2]) == wanted_key)
        or wanted in fold_key(candidate[2])
    ]


def labels_for(contact_ids: Sequence[int]) -> dict[int, str]:
    """Each contact's name, followed by `` @ Org`` when another live contact has the same
    name (folded), so that lists showing names alone tell them apart; by `` (#ID)`` too
    when the organisation does not."""
    rows: dict[int, tuple[str, str]] = {}
    ids = list(dict.fromkeys(contact_ids))
    for start in range(0, len(ids), CHUNK):
        query = Contact.select(Contact.id, Contact.name, Contact.organisation).where(
            Contact.id.in_(ids[start : start + CHUNK])
        )
        rows.update((cid, (name, org)) for cid, name, org in database.execute(query))
    keys = sorted({sort_key_for(name) for name, _ in rows.values()})
    namesakes: dict[str, list[str]] = {}  # name key -> organisation keys of live contacts
    org_keys: dict[str, str] = {}  # each organisation's key, worked out once
    for start in range(0, len(keys), CHUNK):
        query = Contact.select(Contact.sort_name, Contact.organisation).where(
            in_scope() & Contact.sort_name.in_(keys[start : start + CHUNK])
        )
        # Read straight off the cursor, all at once: a common name has thousands of
        # namesakes at 300,000 contacts (12,000 rows for one contact's 52 ties, read
        # by the detail pane as the cursor rests: 94 ms through Peewee's rows, most
        # of it holding the interpreter lock from the keys typed next; 55 ms so).
        for key, organisation in database.execute(query).fetchall():
            found = org_keys.get(organisation)
            if found is None:
                found = org_keys[organisation] = organisation_key(organisation)
            namesakes.setdefault(key, []).append(found)
    labels = {}
    for cid, (name, organisation) in rows.items():
        others = namesakes.get(sort_key_for(name), [])
        if len(others) < 2:
            labels[cid] = name
            continue
        org = " ".join(organisation.split())
        label = f"{name} @ {org}" if org else name
        if not org or others.count(organisation_key(organisation)) > 1:
            label += f" (#{cid})"
        labels[cid] = label
    return labels
