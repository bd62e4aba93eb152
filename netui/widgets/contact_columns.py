"""The columns of the contact list, shared by its header and its rows.

Which columns show depends on the width, by priority: the name, the meter's number
and the last-contact date come first and are never cut; then the organisation,
the meter's bar and the role, as room allows (the detail pane shows them all). A
number either shows whole or its column is not there at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from netui.db.contacts import SortKey

MARKER = 3  # "2° " for second-degree contacts
GAP = 1
#: "2026-11-02"; with room to spare, as wide as its title, "Last contact".
LAST_CONTACT = 10
LAST_CONTACT_TITLED = 12
#: " -100": the meter's number, right-aligned (as wide as its title, "Meter").
METER_NUMBER = 5
#: The bar before the number, and the space between them.
METER_BAR = 5 + 1
METER = METER_BAR + METER_NUMBER
#: The name takes this much before any other column but the meter's number.
NAME_FIRST = 16
#: ... and gives up cells down to this for the organisation.
NAME_MIN = 12
ORGANISATION_MIN = 10
ROLE_MIN = 10


@dataclass(frozen=True)
class Columns:
    """The width of each column; 0 for a column left out at this width."""

    name: int
    organisation: int = 0
    role: int = 0
    last_contact: int = 0
    meter: int = METER_NUMBER

    @property
    def meter_bar(self) -> bool:
        """Whether the meter column has room for the bar besides the number."""
        return self.meter >= METER

    def visible(self) -> list[tuple[SortKey, int]]:
        """``(sort key, width)`` of every column shown, left to right."""
        return [
            (key, width)
            for key, width in (
                (SortKey.NAME, self.name),
                (SortKey.ORGANISATION, self.organisation),
                (SortKey.ROLE, self.role),
                (SortKey.LAST_CONTACT, self.last_contact),
                (SortKey.METER, self.meter),
            )
            if width > 0
        ]

    def spans(self) -> list[tuple[SortKey, int, int]]:
        """``(sort key, start, width)`` of every column shown, left to right."""
        spans: list[tuple[SortKey, int, int]] = []
        x = MARKER
        for key, width in self.visible():
            spans.append((key, x, width))
            x += width + GAP
        return spans

    def key_at(self, x: int) -> SortKey | None:
        for key, start, width in self.spans():
            if start <= x < start + width + GAP:
                return key
        return None


def columns_for(width: int) -> Columns:
    """The columns that fit in ``width`` cells, by priority, and their widths.

    Name and the meter's number always show (the name shrinks first, the number
    never); then, each only if it fits whole: the last-contact date, the
    organisation (the name gives up a few cells for it), the meter's bar, the role.
    What is left widens name, organisation and role.
    """
    room = width - MARKER
    if room < NAME_FIRST + GAP + METER_NUMBER:
        return Columns(name=max(1, room - GAP - METER_NUMBER))
    name = NAME_FIRST
    used = name + GAP + METER_NUMBER
    last = organisation = role = 0
    meter = METER_NUMBER
    if used + GAP + LAST_CONTACT <= room:
        last = LAST_CONTACT
        used += GAP + LAST_CONTACT
    short = max(0, used + GAP + ORGANISATION_MIN - room)
    if short <= NAME_FIRST - NAME_MIN:
        name -= short
        organisation = ORGANISATION_MIN
        used += GAP + ORGANISATION_MIN - short
    if organisation and used + METER_BAR <= room:
        meter = METER
        used += METER_BAR
    if meter == METER and used + GAP + ROLE_MIN <= room:
        role = ROLE_MIN
        used += GAP + ROLE_MIN
    spare = room - used
    if last and spare >= 2 * (LAST_CONTACT_TITLED - LAST_CONTACT):
        last = LAST_CONTACT_TITLED  # room for its whole title
        spare -= LAST_CONTACT_TITLED - LAST_CONTACT
    # The rest goes to the text columns shown, about 40 : 31 : 29.
    shares = {"name": 40, "organisation": 31 if organisation else 0, "role": 29 if role else 0}
    total = sum(shares.values())
    extra = {key: spare * share // total for key, share in shares.items()}
    extra["name"] += spare - sum(extra.values())
    return Columns(
        name=name + extra["name"],
        organisation=organisation + extra["organisation"] if organisation else 0,
        role=role + extra["role"] if role else 0,
        last_contact=last,
        meter=meter,
    )
