"""The process's local time zone, set for a block: calendar times are converted with it.

Tests that read calendars set ``TZ`` explicitly (and ``time.tzset()``), so nothing
depends on the zone of the machine running them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    """Within the block, the process's local time zone is ``name``."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
