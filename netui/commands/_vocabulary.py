"""Words and numbers of the storage layer that the commands' ``--help`` shows.

``netui COMMAND --help`` imports neither Peewee nor the storage layer (it would
double the start-up of a bare Python), so the few values a command's help names are
copied here; ``tests/unit/test_cli_startup.py`` checks each against the storage
layer's own, so a copy never drifts.
"""

from __future__ import annotations

#: :data:`netui.db.names.PICK`: how to pick one of same-named contacts.
PICK = 'NAME@ORG or "#ID" picks one of same-named contacts'

#: :data:`netui.db.models.CURRENCIES`: what an exchange is in.
CURRENCIES = ("knowledge", "information", "introduction", "access", "support", "favour", "other")

#: :data:`netui.db.ties.DEFAULT_STRENGTH`: a new tie's strength.
DEFAULT_STRENGTH = 3

#: :data:`netui.db.today.OVERDUE_LIMIT`, ``FOLLOW_UP_LIMIT``, ``GIVE_BACK_LIMIT``.
OVERDUE_LIMIT = 10
FOLLOW_UP_LIMIT = 10
GIVE_BACK_LIMIT = 5

#: :data:`netui.db.importing.KINDS`: the contact files ``netui import`` reads.
CONTACT_KINDS = ("linkedin", "google", "outlook", "csv", "vcard", "json")

#: :data:`netui.db.sync.PREFER`: the sides a sync conflict may be settled for.
PREFER = ("netui", "vdir")

#: :data:`netui.db.settings.USER_SETTINGS`: each setting's name and help line.
USER_SETTINGS = (
    ("my-name", "signs the intro requests you send"),
    (
        "my-email",
        "your addresses, comma-separated: calendar imports leave you out of the attendees",
    ),
    ("my-organisation", "splits the network into inside and outside it (Reciprocity)"),
    ("half-life", "days after which an exchange counts half as much (default 365)"),
    (
        "cadence",
        "days between contacts before someone is overdue, unless they have their own (default 90)",
    ),
)
