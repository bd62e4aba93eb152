"""SVG snapshots of every screen and main dialog on the demo network, on a fixed day,
at the README's size and at 80×24.

The same list of shots (and keys) makes ``screenshots/`` (``python -m
netui.screenshots``), so the README's pictures and these snapshots cannot part ways.
"""

from __future__ import annotations

import pytest

from netui.app import make_app
from netui.screenshots import SHOTS, SIZE, Shot, build_demo_db, frozen_today, play

#: The smallest terminal netui is made for: every screen and dialog is usable there.
SMALL = (80, 24)


@pytest.mark.parametrize("shot", SHOTS, ids=[shot.name for shot in SHOTS])
def test_demo_screens_and_dialogs(snap_compare, tmp_path, shot: Shot):
    with frozen_today():
        app = make_app(build_demo_db(tmp_path / "demo.db"))

        async def run_before(pilot) -> None:
            await play(pilot, shot.keys)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("shot", SHOTS, ids=[shot.name for shot in SHOTS])
def test_demo_screens_and_dialogs_at_80x24(snap_compare, tmp_path, shot: Shot):
    with frozen_today():
        app = make_app(build_demo_db(tmp_path / "demo.db"))

        async def run_before(pilot) -> None:
            await play(pilot, shot.keys)

        assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_the_clock_is_fixed_only_inside():
    import datetime as dt

    from netui import clock
    from netui.db.models import Exchange, now
    from netui.screenshots import DEMO_TODAY

    outside = clock.today()
    with frozen_today():
        assert clock.today() == DEMO_TODAY
        assert now() == dt.datetime(2026, 11, 2, 9, 0)
        assert Exchange().date == DEMO_TODAY  # the model's default comes from the clock too
    assert clock.today() == outside
