"""The garbage collector is the whole process's: an app run in someone else's
process (here pytest's) leaves its thresholds and frozen objects as they were;
only the command line's ``netui``, whose process is netui's own, tunes them."""

from __future__ import annotations

import gc

from netui.app import make_app
from tests.ui.helpers import settle


async def test_an_app_in_another_process_leaves_the_collector_alone(db_path):
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.check_database()  # what the first paint's timer starts: the reads, the index
        await settle(pilot)
        assert gc.get_threshold() == thresholds
        assert gc.get_freeze_count() == frozen
