"""Tags: one per folded key, shown as typed.

A tag is stored once (``tag.name`` as first typed, ``tag.key`` its folded key,
:func:`netui.core.folding.normalise_tag`), so ``B2B SaaS`` and ``b2b saas`` are the
same tag, found by either, and shown as ``B2B SaaS``. Contacts carry tags of three
kinds (:data:`TAG_FIELDS`); goods and goals carry plain tags. No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from netui.core.contact_fields import TAG_FIELDS as TAG_FIELDS
from netui.core.folding import normalise_tag
from netui.db import journal
from netui.db.models import ContactTag, GoalTag, GoodTag, Tag
from netui.db.rows import tuples

#: Values per ``IN (...)`` list, well under SQLite's variable limit.
CHUNK = 500


def clean_tags(names: Iterable[str]) -> tuple[str, ...]:
    """Tags as typed (spaces trimmed and collapsed), without repeats in first-seen order;
    two spellings that fold alike (``B2B SaaS``, ``b2b saas``) are one tag."""
    seen: dict[str, str] = {}
    for name in names:
        tag = " ".join(name.split())
        if tag:
            seen.setdefault(normalise_tag(tag), tag)
    return tuple(seen.values())


def tag_ids(names: Iterable[str], *, respell: bool = False) -> dict[str, int]:
    """``{name: tag id}`` for the given tags, creating the missing ones as spelled.

    Tags are one per folded key: ``B2B SaaS`` and ``b2b saas`` get the same id, and a
    new tag is stored as first spelled. With ``respell`` (a user's own edit, after
    the edited item's links were removed), a tag nothing else uses takes the spelling
    given, so correcting its case takes effect; a tag others use keeps its spelling,
    so an edit never changes what other contacts show.
    """
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    key_of = {name: normalise_tag(name) for name in wanted}
    spelling: dict[str, str] = {}
    for name in wanted:  # the first spelling of each key
        spelling.setdefault(key_of[name], name)
    stored = _stored_tags(list(spelling))
    missing = [key for key in spelling if key not in stored]
    if missing:
        # Another member's import may be adding the same tag right now (PostgreSQL):
        # theirs then stands, and this one reads it.
        rows = [{"name": spelling[key], "key": key} for key in missing]
        Tag.insert_many(rows).on_conflict_ignore().execute()
        stored.update(_stored_tags(missing))
    if respell:
        for key, name in spelling.items():
            tag_id, stored_name = stored[key]
            if stored_name != name and not _tag_in_use(tag_id):
                journal.update(Tag, Tag.id == tag_id, name=name)
    return {name: stored[key_of[name]][0] for name in wanted}


def _stored_tags(keys: Sequence[str]) -> dict[str, tuple[int, str]]:
    """``{key: (id, name)}`` of the stored tags among ``keys``."""
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        query = tuples(Tag.select(Tag.key, Tag.id, Tag.name).where(Tag.key.in_(chunk)))
        found.update((key, (tag_id, name)) for key, tag_id, name in query)
    return found


def _tag_in_use(tag_id: int) -> bool:
    return any(
        model.select().where(model.tag == tag_id).exists()
        for model in (ContactTag, GoodTag, GoalTag)
    )


def write_item_tags(
    model: type[GoodTag] | type[GoalTag], owner: str, owner_id: int, names: Sequence[str]
) -> None:
    """Make the tags of a good or goal (``model`` is GoodTag or GoalTag, ``owner`` its
    ``good`` or ``goal`` field) exactly ``names``: unwanted links removed, new ones
    added, a respelled tag respelled if nothing else uses it. Through the journal."""
    column = getattr(model, owner)
    wanted = {normalise_tag(name): name for name in clean_tags(names)}
    stored = {
        key: (tag_id, name)
        for tag_id, key, name in tuples(
            model.select(Tag.id, Tag.key, Tag.name).join(Tag).where(column == owner_id)
        )
    }
    gone = [tag_id for key, (tag_id, _) in stored.items() if key not in wanted]
    if gone:
        journal.delete(model, (column == owner_id) & model.tag.in_(gone))
    for key, name in wanted.items():
        if key in stored and stored[key][1] != name:
            tag_id = stored[key][0]
            others = (
                ContactTag.select().where(ContactTag.tag == tag_id).exists()
                or model.select().where((model.tag == tag_id) & (column != owner_id)).exists()
                or any(
                    other.select().where(other.tag == tag_id).exists()
                    for other in (GoodTag, GoalTag)
                    if other is not model
                )
            )
            if not others:
                journal.update(Tag, Tag.id == tag_id, name=name)
    new = [name for key, name in wanted.items() if key not in stored]
    ids = tag_ids(new, respell=True)
    for name in new:
        journal.insert(model, **{owner: owner_id, "tag": ids[name]})


def tag_used_elsewhere(tag_id: int, *, contact_tag_id: int) -> bool:
    """Whether anything but the ``contact_tag`` row ``contact_tag_id`` uses the tag."""
    others = ContactTag.select().where(
        (ContactTag.tag == tag_id) & (ContactTag.id != contact_tag_id)
    )
    return others.exists() or any(
        model.select().where(model.tag == tag_id).exists() for model in (GoodTag, GoalTag)
    )


def contact_tags(contact_ids: Sequence[int]) -> dict[int, dict[str, list[str]]]:
    """``{contact_id: {"tags": [...], "expertise": [...], "interests": [...]}}``."""
    contact_ids = list(contact_ids)
    result: dict[int, dict[str, list[str]]] = {
        cid: {attribute: [] for attribute in TAG_FIELDS} for cid in contact_ids
    }
    kind_to_attribute = {kind: attribute for attribute, kind in TAG_FIELDS.items()}
    for start in range(0, len(contact_ids), CHUNK):
        chunk = contact_ids[start : start + CHUNK]
        query = tuples(
            ContactTag.select(ContactTag.contact, ContactTag.kind, Tag.name)
            .join(Tag)
            .where(ContactTag.contact.in_(chunk))
            .order_by(ContactTag.id)
        )
        for contact_id, kind, name in query:
            result[contact_id][kind_to_attribute.get(kind, "tags")].append(name)
    return result
