"""Regenerate the SVGs in ``screenshots/`` from the demo network.

    python -m netui.screenshots --force [--out screenshots] [--only NAME ...]

(``--force`` replaces the pictures already there; without it an existing file is
refused, as everywhere netui writes.)

Builds the demo network in a temporary folder (your data is never touched) as of
a fixed day, :data:`DEMO_TODAY`, and runs the app headless on that same day at a
fixed size, so regenerating gives the same pictures. One SVG per screen and main
dialog; :data:`SHOTS` says which keys lead to each. The snapshot tests in
``tests/snapshots/test_modal_snapshots.py`` walk the same list.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
import threading
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from netui import clock
from netui.core.files import write_file
from netui.db.errors import StorageError

#: The day the screenshots and the snapshot tests live on (a Monday).
DEMO_TODAY = dt.date(2026, 11, 2)
#: The terminal size of every screenshot.
SIZE = (140, 42)


@dataclass(frozen=True)
class Shot:
    """One picture: its file name, the keys pressed after start, and what it shows."""

    name: str
    keys: tuple[str, ...]
    caption: str


DOWN6 = ("down",) * 6
#: The config file the pictures are taken with (the help screen shows its path): one
#: that is never there, at the same place on every machine, so the pictures are too.
PICTURE_CONFIG = Path("/home/you/.config/netui/config.toml")

SHOTS: tuple[Shot, ...] = (
    Shot("today", ("0",), "Today: meetings ahead, people overdue, follow-ups, give back"),
    Shot("contacts", DOWN6, "Contacts: the network, a contact's detail and meter"),
    Shot("contact-form", (*DOWN6, "e"), "Editing a contact"),
    Shot("log-exchange", ("down", "down", "l"), "Logging an exchange"),
    Shot("tie-form", ("down", "down", "t", *"marcus", "enter"), "Recording a tie"),
    Shot("brokers", ("slash", *"grace", "enter", "b"), "Who can introduce me"),
    Shot("import", ("i",), "Importing CSV (LinkedIn, Google, Outlook), vCard or JSON"),
    Shot("help", ("question_mark",), "The help screen"),
    Shot("prep", ("2",), "Prep: a meeting worksheet"),
    Shot("prep-done", ("2", "ctrl+t"), "Recording how a meeting went"),
    Shot("reciprocity", ("3", "down"), "Reciprocity: the meter for the whole network"),
    Shot("introduction-form", ("3", "i"), "Brokering an introduction"),
    Shot("bank", ("4",), "Bank & goals"),
    Shot("good-form", ("4", "n"), "Adding a good to the bank"),
    Shot("goal-form", ("4", "N"), "Adding a career goal"),
)


# --- a fixed "today" ----------------------------------------------------------------

#: The moment the pictures are taken: :data:`DEMO_TODAY`, at 09:00.
DEMO_NOW = dt.datetime.combine(DEMO_TODAY, dt.time(9, 0))


def frozen_today(day: dt.date = DEMO_TODAY) -> AbstractContextManager[None]:
    """Inside, netui's clock (:mod:`netui.clock`) stands still on ``day`` at 09:00."""
    return clock.pinned(dt.datetime.combine(day, DEMO_NOW.time()))


# --- taking the pictures ------------------------------------------------------------


def build_demo_db(path: Path) -> Path:
    """The demo network as of :data:`DEMO_TODAY`, written to ``path``."""
    from netui.db.connection import close_database
    from netui.db.demo import build_demo

    build_demo(path, today=DEMO_TODAY)
    close_database()
    return path


async def settle(pilot: Pilot) -> None:
    """Wait until every worker and the callbacks it triggers have finished.

    A worker superseded by a newer one of its group (the search of an earlier
    keystroke) ends cancelled; that is its normal end, not a failure.
    """
    for _ in range(4):
        for worker in list(pilot.app.workers):
            with suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()


async def play(pilot: Pilot, keys: tuple[str, ...]) -> None:
    """Press ``keys`` one at a time, letting the database work finish after each."""
    pilot.app.animation_level = "none"  # an indeterminate progress bar stands still
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
    await pilot.pause(0.3)
    await settle(pilot)
    for widget in pilot.app.screen.query("Input, TextArea"):
        # no blinking cursor in a picture: the same file every time
        if hasattr(widget, "cursor_blink"):
            widget.cursor_blink = False
            # Drawn again with the cursor shown, whatever its blink phase was: a
            # TextArea's cached lines do not know the cursor became steady (Textual 8).
            cache = getattr(widget, "_line_cache", None)
            if cache is not None:
                cache.clear()
            widget.refresh()
    await settle(pilot)


@asynccontextmanager
async def threads_waited_for() -> AsyncIterator[None]:
    """The thread workers started inside the block run on a pool of their own, and
    the block ends once they all have. An app that exits does not wait for its
    threads (Textual cancels their workers; the threads run on): the search index's
    build, started by its timer as a picture's app exits, went on reading the demo's
    file after its folder was removed, and SQLite made the file again, so the folder
    could not be removed (``Directory not empty``)."""
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(thread_name_prefix="netui-picture")
    loop.set_default_executor(pool)
    try:
        yield
    finally:
        # Waited for on a thread of its own: the loop stays free for a worker's last
        # call_from_thread, and a pool cannot wait for itself from one of its threads.
        ended = loop.create_future()

        def end() -> None:
            if not ended.done():  # (the block's task may have been cancelled)
                ended.set_result(None)

        def shut_down() -> None:
            pool.shutdown(wait=True)
            loop.call_soon_threadsafe(end)

        threading.Thread(target=shut_down, name="netui-picture-wait").start()
        await ended


async def take(
    out: Path, size: tuple[int, int], only: set[str] | None = None, *, force: bool = False
) -> list[Path]:
    from netui.app import make_app
    from netui.db.connection import close_database

    written = []
    with tempfile.TemporaryDirectory() as folder, frozen_today():
        db = build_demo_db(Path(folder) / "demo.db")
        for shot in SHOTS:
            if only and shot.name not in only:
                continue
            app = make_app(db, config_path=PICTURE_CONFIG)
            async with threads_waited_for(), app.run_test(size=size) as pilot:
                await play(pilot, shot.keys)
                path = out / f"{shot.name}.svg"
                written.append(write_file(path, app.export_screenshot(), force=force))
            close_database()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m netui.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--width", type=int, default=SIZE[0])
    parser.add_argument("--height", type=int, default=SIZE[1])
    parser.add_argument("--only", nargs="*", metavar="NAME", help="; ".join(s.name for s in SHOTS))
    parser.add_argument("--force", action="store_true", help="replace pictures already there")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    only = set(args.only) if args.only else None
    shots = take(args.out, (args.width, args.height), only, force=args.force)
    try:
        written = asyncio.run(shots)
    except StorageError as error:
        print(f"netui.screenshots: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
