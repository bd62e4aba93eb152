"""One clock: every "today" and "now" in netui comes from netui.clock, so it can be pinned."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import netui
from netui import clock
from netui.db.models import Exchange, now

NETUI = Path(netui.__file__).parent

#: Reading the system's date or time anywhere but netui/clock.py.
SYSTEM_CLOCK = re.compile(
    r"\b(?:date|datetime)\s*\.\s*(?:today|now|utcnow|fromtimestamp)\b"
    r"|\btime\s*\.\s*(?:time|localtime|gmtime|strftime)\s*\("
    r"|\bdate\s*\(\s*['\"]now['\"]|julianday\s*\(\s*['\"]now['\"]"
)


def system_clock_reads(text: str) -> list[int]:
    """The line numbers of ``text`` that read the system clock."""
    return [n for n, line in enumerate(text.splitlines(), 1) if SYSTEM_CLOCK.search(line)]


def test_the_check_sees_every_way_of_reading_the_system_clock():
    for line in (
        "day = dt.date.today()",
        "stamp = datetime.now().isoformat()",
        "date = DateField(default=dt.date.today)",
        "moment = dt.datetime.utcnow()",
        "seconds = time.time()",
        "query = \"SELECT date('now')\"",
    ):
        assert system_clock_reads(line) == [1], line
    for line in ("day = clock.today()", "stamp = clock.now()", "DateField(default=clock.today)"):
        assert system_clock_reads(line) == [], line


def test_nothing_in_netui_reads_the_system_clock_but_netui_clock():
    found = [
        f"{path.relative_to(NETUI.parent)}:{line}"
        for path in sorted(NETUI.rglob("*.py"))
        if path != NETUI / "clock.py"
        for line in system_clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use netui.clock.today()/now() instead: " + ", ".join(found)


def test_pinned_stands_still_and_puts_the_previous_clock_back():
    before = clock.now()
    with clock.pinned(dt.date(2028, 2, 29)):
        assert clock.today() == dt.date(2028, 2, 29)
        assert clock.now() == dt.datetime(2028, 2, 29, 12, 0)
        with clock.pinned(dt.datetime(2026, 12, 31, 23, 59, 59)):
            assert clock.today() == dt.date(2026, 12, 31)
        assert clock.today() == dt.date(2028, 2, 29)
    assert clock.today() == before.date()


def test_the_database_defaults_come_from_the_clock(db):  # a row's member is read from it
    with clock.pinned(dt.datetime(2026, 3, 29, 2, 30)):
        assert now() == dt.datetime(2026, 3, 29, 2, 30)
        assert Exchange().date == dt.date(2026, 3, 29)
        assert Exchange().created_at == dt.datetime(2026, 3, 29, 2, 30)


def test_set_clock_none_gives_back_the_system_clock():
    # (the autouse fixture in tests/conftest.py puts the test's pinned clock back)
    clock.set_clock(lambda: dt.datetime(2001, 1, 1, 8, 0))
    assert clock.today() == dt.date(2001, 1, 1)
    clock.set_clock(None)
    # the system clock: a real moment, to the second (not the pinned one)
    assert clock.now() != dt.datetime(2001, 1, 1, 8, 0)
    assert clock.now().microsecond == 0
