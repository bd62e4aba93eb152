"""Taking a contact out of my network, and putting them back (a team database).

On a team database archiving (``d``) takes a contact away from the whole team. A
member who no longer counts someone as theirs needs less: the contact stays the
team's, their ledger and meetings with them stay (the record of what was given and
received), but the contact leaves *their* network. That is a mark on the member's
own relationship row (``relationship.dropped``, schema 9), which
:func:`netui.db.members.in_my_network` honours even when the ledger or a meeting
would put the contact in: Today, the Contacts filter, brokers, goals and ``netui
list --my-network`` all stop counting them for that member alone.

Putting them back is the same action again, or setting my closeness or cadence with
them (:func:`netui.db.contacts.write_relationship`). On a team database the same
action also puts a team's contact I have nothing with into my network (a
relationship at the default closeness). Every change goes through the journal: one
undo step, taken back like any other.

On one person's database every first-degree contact is theirs: archive is the way,
and these refuse with one sentence. No Textual here.
"""

from __future__ import annotations

from netui.db import journal
from netui.db.contacts import get_contact
from netui.db.members import MemberError, current_member_id, has_team, in_my_network_of
from netui.db.models import DEFAULT_CLOSENESS, Relationship, database

ONE_PERSON = (
    "On one person's database every contact you know is in your network: "
    "archive them (d) instead."
)


def set_in_my_network(contact_id: int, wanted: bool) -> bool:
    """Put the contact in my network (``wanted``) or take them out; whether anything
    changed. Raises :class:`MemberError` on one person's database, and
    :class:`~netui.db.contacts.ContactNotFoundError` for an unknown id."""
    if not has_team():
        raise MemberError(ONE_PERSON)
    get_contact(contact_id)  # one sentence for an unknown id
    with database.atomic():
        if (contact_id in in_my_network_of([contact_id], team=True)) == wanted:
            return False
        member = current_member_id()
        where = (Relationship.member == member) & (Relationship.contact == contact_id)
        if Relationship.select().where(where).exists():
            journal.update(Relationship, where, dropped=not wanted)
        else:
            journal.insert(
                Relationship, member=member, contact=contact_id, closeness=DEFAULT_CLOSENESS,
                cadence_days=None, shared=False, dropped=not wanted,
            )  # fmt: skip
        return True


def toggle_my_network(contact_id: int) -> bool:
    """Take the contact out of my network if they are in it, else put them in; whether
    they are in it now."""
    inside = contact_id in in_my_network_of([contact_id], team=True) if has_team() else True
    set_in_my_network(contact_id, not inside)
    return not inside
