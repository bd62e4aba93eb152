"""Pilot tests of the Bank & goals screen: keys in, widgets and the database out."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Static, TextArea

from netui.app import NetuiApp, make_app
from netui.db.goal_suggestions import linked_contacts
from netui.db.goals import all_goals
from netui.db.goods import all_goods
from netui.modals.goal_form import GoalForm
from netui.modals.good_form import GoodForm
from netui.screens.bank import BankScreen
from tests.ui.bank_data import build_bank_db
from tests.ui.helpers import palette_titles, settle


@pytest.fixture
def app(tmp_path) -> NetuiApp:
    return make_app(build_bank_db(tmp_path / "netui.db"))


@pytest.fixture
def filled(tmp_path) -> NetuiApp:
    return make_app(build_bank_db(tmp_path / "netui.db", with_bank=True))


async def open_bank(pilot) -> BankScreen:
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BankScreen)
    return screen


def plain(widget_or_option) -> str:
    prompt = getattr(widget_or_option, "prompt", None)
    if prompt is None:
        prompt = widget_or_option.content
    return getattr(prompt, "plain", str(prompt))


def head(screen: BankScreen) -> str:
    return plain(screen.query_one("#detail-head", Static))


def options(screen: BankScreen, list_id: str) -> list[str]:
    return [plain(option) for option in screen.query_one(list_id, OptionList).options]


async def test_empty_bank_says_what_to_do(app):
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_bank(pilot)
        assert options(screen, "#goods")[0].startswith("No goods yet. Press n")
        assert options(screen, "#goals")[0].startswith("No goals yet. Press N")
        assert "Pick a good or a goal" in head(screen)


async def test_add_a_good_and_see_who_it_would_interest(app):
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_bank(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GoodForm)
        form.query_one("#title", Input).value = "Pricing playbook"
        form.query_one("#tags", Input).value = "pricing, analytics"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [g.title for g in all_goods()] == ["Pricing playbook"]
        assert app.screen is screen
        assert "Would interest 3 contacts" in head(screen)
        people = options(screen, "#people")
        assert people[0].startswith("· Dana Levi")
        assert "interested in pricing · role mentions pricing" in people[0]
        # Hostile text is shown literally: markup as typed, escapes as visible symbols.
        eve = next(line for line in people if "Eve" in line)
        assert "[bold]Eve[/bold]" in eve
        assert "\x1b" not in eve and "␛[31m" in eve
        assert any("expert in analytics" in line for line in people)


async def test_a_good_without_tags_says_how_to_match(app):
    async with app.run_test(size=(130, 36)) as pilot:
        screen = await open_bank(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#title", Input).value = "Something vague"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Nobody matches yet: give this good tags" in head(screen)


async def test_add_a_goal_then_link_and_unlink_a_suggestion(app):
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await open_bank(pilot)
        await pilot.press("N")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GoalForm)
        form.query_one("#title", Input).value = "Next role"
        form.query_one("#organisations", TextArea).text = "Helix Health\nTidepool Labs"
        form.query_one("#tags", Input).value = "health tech"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (goal,) = all_goals()
        assert goal.organisations == ("Helix Health", "Tidepool Labs")
        text = head(screen)
        assert "Serves it: 1 of my contacts and 1 of their connections" in text
        # Tidepool Labs: only Bo (second degree) is there; Avi knows him.
        assert (
            "Tidepool Labs: best way in is Bo Ek (2nd degree), introduced by Avi Cohen → Bo Ek"
            in text
        )
        people = options(screen, "#people")
        assert people[0].startswith("Linked by hand (0)")
        assert any(
            line.startswith("+ Cy Park") and "works at Helix Health" in line for line in people
        )

        # Link the first suggestion with l.
        people_list = screen.query_one("#people", OptionList)
        people_list.focus()
        await pilot.pause()
        index = next(i for i, line in enumerate(people) if line.startswith("+ Cy Park"))
        people_list.highlighted = index
        await pilot.press("l")
        await settle(pilot)
        assert [m.name for m in linked_contacts(goal.id)] == ["Cy Park"]
        assert any(line.startswith("✓ Cy Park") for line in options(screen, "#people"))

        # Unlink with x, then undo brings the link back.
        people = options(screen, "#people")
        people_list.highlighted = next(
            i for i, line in enumerate(people) if line.startswith("✓ Cy Park")
        )
        await pilot.press("x")
        await settle(pilot)
        assert linked_contacts(goal.id) == []
        await pilot.press("u")
        await settle(pilot)
        assert [m.name for m in linked_contacts(goal.id)] == ["Cy Park"]


async def test_remove_a_good_and_undo(filled):
    async with filled.run_test(size=(130, 36), notifications=True) as pilot:
        screen = await open_bank(pilot)
        assert screen.query_one("#goods", OptionList).has_focus
        # By title, case-insensitively: "[" sorts before "p"; the markup shown literally.
        shown = options(screen, "#goods")
        assert [line.split("  ")[0] for line in shown] == [
            "[red]Markup[/red] in a title",
            "Pricing and churn analytics",
        ]
        before = [g.title for g in all_goods()]
        await pilot.press("d")
        await settle(pilot)
        assert len(all_goods()) == len(before) - 1
        assert len(options(screen, "#goods")) == len(before) - 1
        await pilot.press("u")
        await settle(pilot)
        assert [g.title for g in all_goods()] == before
        assert len(options(screen, "#goods")) == len(before)


async def test_remove_a_goal_with_its_links_and_undo(filled):
    async with filled.run_test(size=(130, 36)) as pilot:
        screen = await open_bank(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert screen.query_one("#goals", OptionList).has_focus
        assert screen.selection is not None and screen.selection[0] == "goal"
        goal_id = screen.selection[1]
        await pilot.press("d")
        await settle(pilot)
        assert all_goals() == []
        assert options(screen, "#goals")[0].startswith("No goals yet")
        await pilot.press("u")
        await settle(pilot)
        assert [m.name for m in linked_contacts(goal_id)] == ["Dana Levi"]


async def test_toggle_active_and_edit_a_goal(filled):
    async with filled.run_test(size=(130, 36)) as pilot:
        screen = await open_bank(pilot)
        await pilot.press("tab")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert not all_goals()[0].active
        assert "inactive" in head(screen)
        await pilot.press("e")
        await settle(pilot)
        form = filled.screen
        assert isinstance(form, GoalForm)
        form.query_one("#title", Input).value = "Renamed goal"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert all_goals()[0].title == "Renamed goal"
        assert head(screen).startswith("Renamed goal")


async def test_markup_in_titles_is_literal_and_every_action_is_in_the_palette(filled):
    async with filled.run_test(size=(130, 36)) as pilot:
        screen = await open_bank(pilot)
        assert any(
            line.startswith("[red]Markup[/red] in a title") for line in options(screen, "#goods")
        )
        titles = await palette_titles(filled)
        for action in (
            "New good",
            "New goal",
            "Edit",
            "Remove",
            "Link",
            "Link contact",
            "Unlink",
            "Active",
        ):
            assert any(title.startswith(f"{action}  (") for title in titles), action
        # Not listed when the palette opens (one per good and goal): found by searching,
        # and shown as typed, markup and all.
        shown = await palette_titles(filled, "Show good")
        assert "Show good: [red]Markup[/red] in a title" in shown
        assert "Show goal: Head of Data in health tech" in await palette_titles(filled, "Show goal")
