"""The contact list's columns at every width: numbers are never cut, columns drop
by priority instead (at 80×24 the meter's number showed as ``-2`` for −20)."""

from __future__ import annotations

import pytest

from netui.core.reciprocity import meter_label
from netui.db.contacts import SortKey
from netui.widgets.contact_columns import (
    GAP,
    LAST_CONTACT,
    MARKER,
    METER,
    METER_NUMBER,
    columns_for,
)


@pytest.mark.parametrize("width", range(8, 260))
def test_the_columns_fit_and_every_number_is_whole(width):
    columns = columns_for(width)
    spans = columns.spans()
    end = spans[-1][1] + spans[-1][2]
    assert end <= max(width, MARKER + GAP + METER_NUMBER + 1)
    assert columns.meter >= METER_NUMBER  # "-100" and "+100" always fit
    assert columns.meter >= len(meter_label(-100))
    assert columns.last_contact in (0, LAST_CONTACT, LAST_CONTACT + 2)  # a date, whole
    assert columns.visible()[0][0] is SortKey.NAME
    assert columns.visible()[-1][0] is SortKey.METER


def test_columns_drop_by_priority_as_the_list_narrows():
    # The list at 120 columns, at 80 (46 cells beside the detail pane), and narrower.
    wide, small, narrow, tiny = (columns_for(w) for w in (70, 46, 36, 20))
    assert [k for k, _ in wide.visible()] == list(SortKey)
    assert wide.meter == METER  # the bar beside the number
    assert [k for k, _ in small.visible()] == [
        SortKey.NAME, SortKey.ORGANISATION, SortKey.LAST_CONTACT, SortKey.METER,
    ]  # fmt: skip
    assert small.name >= 12 and small.meter == METER_NUMBER  # no bar, the number whole
    assert [k for k, _ in narrow.visible()] == [SortKey.NAME, SortKey.LAST_CONTACT, SortKey.METER]
    assert [k for k, _ in tiny.visible()] == [SortKey.NAME, SortKey.METER]


def test_the_meter_is_written_one_way():
    assert [meter_label(m) for m in (-100, -20, -0.4, 0, 0.4, 20, 100, 250)] == [
        "−100", "−20", "0", "0", "0", "+20", "+100", "+100",
    ]  # fmt: skip
    assert meter_label(float("nan")) == "0"
