"""The README's pictures are what ``python -m netui.screenshots`` makes today.

Each shot of :data:`netui.screenshots.SHOTS` is regenerated into a temporary folder,
by the same code as the command, and compared byte for byte with the file in
``screenshots/``. A change to the look that forgets the pictures fails here; the
message says how to regenerate the one that is stale.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path

import pytest

from netui.screenshots import SHOTS, SIZE, Shot, take

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"


@pytest.fixture
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing in the environment that changes how Textual draws (NO_COLOR does)."""
    for name in list(os.environ):
        if name in ("NO_COLOR", "FORCE_COLOR") or name.startswith("TEXTUAL"):
            monkeypatch.delenv(name)


@pytest.mark.usefixtures("plain_environment")
@pytest.mark.parametrize("shot", SHOTS, ids=[shot.name for shot in SHOTS])
def test_the_picture_in_screenshots_is_current(tmp_path: Path, shot: Shot) -> None:
    (made,) = asyncio.run(take(tmp_path, SIZE, {shot.name}))
    kept = SCREENSHOTS / f"{shot.name}.svg"
    assert kept.is_file(), f"{kept} is missing: run python -m netui.screenshots --only {shot.name}"
    assert made.read_bytes() == kept.read_bytes(), (
        f"screenshots/{shot.name}.svg is stale: run python -m netui.screenshots "
        f"--only {shot.name} and review the picture"
    )


def test_every_picture_is_a_shot_and_every_readme_picture_exists() -> None:
    kept = {path.stem for path in SCREENSHOTS.glob("*.svg")}
    assert kept == {shot.name for shot in SHOTS}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\(screenshots/([\w-]+)\.svg\)", readme))
    assert shown, "the README shows no screenshots"
    assert shown <= kept


def test_a_pictures_threads_end_before_its_folder_goes() -> None:
    """A thread worker still running when its app exits (the search index's build,
    started by a timer as the app closed) is waited for: it ends before the block
    does, so nothing opens the demo's file once its folder is being removed."""
    import time

    from textual.app import App

    from netui.screenshots import threads_waited_for

    finished: list[str] = []

    class Exiting(App[None]):
        def on_mount(self) -> None:
            self.run_worker(self.slow, thread=True)

        def slow(self) -> None:
            time.sleep(0.3)
            finished.append("the worker's thread")

    async def picture() -> list[str]:
        async with threads_waited_for(), Exiting().run_test() as pilot:
            await pilot.pause()  # the worker's thread has started; the app exits now
        return list(finished)

    assert asyncio.run(picture()) == ["the worker's thread"]
