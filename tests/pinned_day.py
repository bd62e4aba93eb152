"""The day every test lives on: netui's clock is pinned to it (tests/conftest.py).

By default a fixed, ordinary day, so no test depends on the date it happens to run.
``NETUI_TEST_TODAY`` runs the whole suite on another day, to catch what breaks on
awkward ones (``.ci/awkward-days``)::

    NETUI_TEST_TODAY=2028-02-29 pytest            # that day, at noon
    NETUI_TEST_TODAY=2026-03-29T02:30 pytest      # that moment (local time, naive)
    NETUI_TEST_TODAY=today pytest                 # the real date, pinned at the start

Tests that build data relative to "today" use :data:`TODAY` (not ``date.today()``),
so their data and netui's clock agree whatever the day.
"""

from __future__ import annotations

import datetime as dt
import os

ENV = "NETUI_TEST_TODAY"

#: The day when ``NETUI_TEST_TODAY`` is not set: an ordinary Saturday.
DEFAULT_NOW = dt.datetime(2026, 11, 28, 12, 0)


def parse(value: str | None) -> dt.datetime:
    """The moment ``value`` (as ``NETUI_TEST_TODAY`` takes it) stands for."""
    value = (value or "").strip()
    if not value:
        return DEFAULT_NOW
    if value.casefold() == "today":
        return dt.datetime.now().replace(microsecond=0)  # the real date, on purpose
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{ENV}={value!r} is not a day like 2028-02-29, a moment like "
            "2026-03-29T02:30, or 'today'."
        ) from None
    if moment.tzinfo is not None:
        raise ValueError(f"{ENV}={value!r}: give a local time without a time zone.")
    if len(value) == 10:  # a day alone: its noon
        moment = dt.datetime.combine(moment.date(), dt.time(12, 0))
    return moment


#: The moment netui's clock stands still at in every test.
NOW = parse(os.environ.get(ENV))
#: Its day.
TODAY = NOW.date()
