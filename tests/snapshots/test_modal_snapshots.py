"""SVG snapshots of every screen and main dialog on the demo network, on a fixed day.

The same list of shots (and keys) makes ``screenshots/`` (``python -m
netui.screenshots``), so the README's pictures and these snapshots cannot part ways.
"""

from __future__ import annotations

import pytest

from netui.app import make_app
from netui.screenshots import SHOTS, SIZE, Shot, build_demo_db, frozen_today, play


@pytest.mark.parametrize("shot", SHOTS, ids=[shot.name for shot in SHOTS])
def test_demo_screens_and_dialogs(snap_compare, tmp_path, shot: Shot):
    with frozen_today():
        app = make_app(build_demo_db(tmp_path / "demo.db"))

        async def run_before(pilot) -> None:
            await play(pilot, shot.keys)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_the_clock_is_fixed_only_inside():
    import datetime as dt

    from netui.db import ledger
    from netui.screenshots import DEMO_TODAY

    with frozen_today():
        assert ledger.dt.date.today() == DEMO_TODAY
        assert isinstance(dt.date(2020, 1, 1), ledger.dt.date)
        assert type(ledger.dt.date(2020, 1, 1)) is dt.date
        assert ledger.dt.datetime.now().date() == DEMO_TODAY
    assert ledger.dt is dt
