"""The app's own database work (:mod:`netui.app_chores`): each step's message reaches
its handler, and what the user sees follows."""

from __future__ import annotations

from netui.app import make_app
from tests.ui.helpers import settle, settle_until


async def test_the_palettes_screenshot_is_written_and_named(db_path, tmp_path):
    folder = tmp_path / "shots"
    folder.mkdir()
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.deliver_screenshot(filename="shot.svg", path=str(folder))
        await settle_until(pilot, lambda: (folder / "shot.svg").exists())
        await settle_until(
            pilot, lambda: any("Saved a screenshot" in n.message for n in app._notifications)
        )
        assert (folder / "shot.svg").read_text().startswith("<svg")
        said = [n.message for n in app._notifications if "Saved a screenshot" in n.message]
        assert said == [f"Saved a screenshot to {folder / 'shot.svg'}."]


async def test_a_second_screenshot_of_the_same_name_is_refused_not_written_over(db_path, tmp_path):
    (tmp_path / "shot.svg").write_text("mine")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.deliver_screenshot(filename="shot.svg", path=str(tmp_path))
        await settle_until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        assert (tmp_path / "shot.svg").read_text() == "mine"
        assert not any("Saved a screenshot" in n.message for n in app._notifications)
