"""Regenerate the SVGs in ``screenshots/`` from the demo network.

    python -m netui.screenshots [--out screenshots] [--width 140] [--height 42]

Builds the demo network in a temporary folder (your data is never touched), opens
the app headless at a fixed size and saves one SVG per screen and main dialog.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from netui.core.demo import build_demo

Step = Callable[[Pilot], Awaitable[None]]


async def settle(pilot: Pilot) -> None:
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)
    await pilot.pause(0.3)
    await settle(pilot)


SHOTS: dict[str, tuple[str, ...]] = {
    "contacts": ("down", "down", "down", "down", "down", "down"),
    "contact-form": ("down", "down", "down", "down", "down", "down", "e"),
    "brokers": ("slash", *"grace", "enter", "b"),
    "log-exchange": ("down", "down", "l"),
    "prep": ("2",),
    "reciprocity": ("3",),
    "bank": ("4",),
}


async def take(out: Path, size: tuple[int, int]) -> list[Path]:
    from netui.app import make_app
    from netui.db.connection import close_database

    written = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        build_demo(db)
        close_database()
        for name, keys in SHOTS.items():
            app = make_app(db)
            async with app.run_test(size=size) as pilot:
                await settle(pilot)
                await _press(pilot, *keys)
                path = out / f"{name}.svg"
                app.save_screenshot(filename=path.name, path=str(out))
                written.append(path)
            close_database()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m netui.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--width", type=int, default=140)
    parser.add_argument("--height", type=int, default=42)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(take(args.out, (args.width, args.height))):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
