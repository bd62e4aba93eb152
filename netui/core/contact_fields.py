"""A contact's fields as a user edits them, and the keys stored from them (its sort key
and the search's haystack): plain data, no database. :mod:`netui.db.contacts` stores
them; the schema's upgrade steps (:mod:`netui.db.migration_steps`) compute the keys of
old rows with the same functions, without loading the contacts' queries.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from netui.core.folding import fold, fold_key

#: The fields of :class:`ContactFields` that are tags, and the kind of tag each holds.
TAG_FIELDS = {"tags": "tag", "expertise": "expertise", "interests": "interest"}


@dataclass(frozen=True)
class ContactFields:
    """Everything a user edits about a contact."""

    name: str
    organisation: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    linkedin_url: str = ""
    location: str = ""
    how_we_met: str = ""
    career_path: str = ""
    notes: str = ""
    closeness: int = 3
    cadence_days: int | None = None
    second_degree: bool = False
    tags: tuple[str, ...] = ()
    expertise: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()

    def columns(self) -> dict[str, object]:
        """The values stored on the contact row itself (not the tags, nor my
        relationship with them)."""
        values = asdict(self)
        for name in (*TAG_FIELDS, *RELATIONSHIP_FIELDS):
            values.pop(name)
        return values

    def relationship(self) -> dict[str, object]:
        """The values stored on my relationship with them (schema 7)."""
        return {name: getattr(self, name) for name in RELATIONSHIP_FIELDS}


#: The fields of :class:`ContactFields` that are the member's own (``relationship``).
RELATIONSHIP_FIELDS = ("closeness", "cadence_days")


def search_text_for(values: ContactFields) -> str:
    """The folded haystack that search-as-you-type looks in (:mod:`netui.core.folding`)."""
    parts = [
        values.name,
        values.organisation,
        values.role,
        values.email,
        values.notes,
        *values.tags,
        *values.expertise,
        *values.interests,
    ]
    return "\n".join(fold(part) for part in parts if part)


def sort_key_for(name: str) -> str:
    """The name's collation key, stored as ``sort_name``: folded, so that Émile sorts
    among the E's and Łukasz among the L's, and the key exact names are matched by."""
    return fold_key(name)
