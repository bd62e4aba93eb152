"""The columns of the contact list, shared by its header and its rows."""

from __future__ import annotations

from dataclasses import dataclass

from netui.db.contacts import SortKey

MARKER = 3  # "2° " for second-degree contacts
LAST_CONTACT = 12
METER = 10
GAP = 1


@dataclass(frozen=True)
class Columns:
    name: int
    organisation: int
    role: int
    last_contact: int = LAST_CONTACT
    meter: int = METER

    def spans(self) -> list[tuple[SortKey | None, int, int]]:
        """``(sort key, start, width)`` of every column, left to right."""
        spans: list[tuple[SortKey | None, int, int]] = []
        x = MARKER
        for key, width in (
            (SortKey.NAME, self.name),
            (SortKey.ORGANISATION, self.organisation),
            (SortKey.ROLE, self.role),
            (SortKey.LAST_CONTACT, self.last_contact),
            (SortKey.METER, self.meter),
        ):
            spans.append((key, x, width))
            x += width + GAP
        return spans

    def key_at(self, x: int) -> SortKey | None:
        for key, start, width in self.spans():
            if start <= x < start + width + GAP:
                return key
        return None


def columns_for(width: int) -> Columns:
    """Share the width left after the fixed columns between name, organisation and role."""
    flexible = max(width - MARKER - LAST_CONTACT - METER - 5 * GAP, 18)
    name = max(8, flexible * 40 // 100)
    organisation = max(5, flexible * 31 // 100)
    role = max(5, flexible - name - organisation)
    return Columns(name=name, organisation=organisation, role=role)
