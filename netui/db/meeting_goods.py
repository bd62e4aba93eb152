"""The goods of my bank worth offering to the people of a meeting, for Today's view
(:func:`netui.db.today.today_view`'s ``goods``). A module of its own so that Today's
first view, read before the app's first paint, does not load the bank's matching.
"""

from __future__ import annotations

from collections.abc import Sequence

from netui.db.goods import goods_for_contact

#: Goods suggested per meeting.
GOODS_PER_MEETING = 3


def meeting_goods(people: Sequence[int]) -> tuple[str, ...]:
    """The titles of the goods that match ``people``, the first person's first, each
    once, :data:`GOODS_PER_MEETING` at the most."""
    titles: list[str] = []
    for contact_id in people:
        for match in goods_for_contact(contact_id, limit=GOODS_PER_MEETING):
            if match.title not in titles:
                titles.append(match.title)
    return tuple(titles[:GOODS_PER_MEETING])
