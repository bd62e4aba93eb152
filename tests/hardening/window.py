"""A second netui window: the app in a process of its own, driven by Pilot.

    python tests/hardening/window.py DB STEP [STEP ...]

It opens ``DB`` with :func:`netui.app.make_app` (as ``netui`` does), runs the
steps, waits for its database work, and prints each notification it showed
(``notified: TEXT``), then ``ok``. Steps:

``search:TEXT``     ``/``, the text, enter: the cursor on the first match
``press:KEY,KEY``   keys, one at a time
``set:ID=VALUE``    the value of the Input ``#ID`` of the screen on top
``undo``            ctrl+z

Used by the two-window tests: the other window is a real second process with its
own connections, as when the user runs netui in two terminals.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path


async def run(db: Path, steps: list[str]) -> int:
    from textual.widgets import Input

    from netui.app import make_app
    from netui.screenshots import settle

    app = make_app(db, config_path=db.with_name("no-config.toml"))
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        for step in steps:
            kind, _, argument = step.partition(":")
            if kind == "search":
                await pilot.press("slash", *argument, "enter")
            elif kind == "press":
                for key in argument.split(","):
                    await pilot.press(key)
                    await settle(pilot)
            elif kind == "set":
                widget_id, _, value = argument.partition("=")
                app.screen.query_one(f"#{widget_id}", Input).value = value
            elif kind == "undo":
                await pilot.press("ctrl+z")
            else:
                raise SystemExit(f"unknown step {step!r}")
            await settle(pilot)
        await settle(pilot)
        for notification in app._notifications:
            print(f"notified: {notification.message}")
    print("ok")
    return 0


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    if hasattr(asyncio, "eager_task_factory"):  # as App.run() does on 3.12+
        loop.set_task_factory(asyncio.eager_task_factory)
    sys.exit(loop.run_until_complete(run(Path(sys.argv[1]), sys.argv[2:])))
