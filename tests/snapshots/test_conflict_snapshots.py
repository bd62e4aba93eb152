"""SVG snapshots of what two windows on one file show: the conflict dialog (both
values of each field, hostile text literal) and a form told what changed underneath
it, at 120x40 and at 80x24."""

from __future__ import annotations

import pytest

from netui.app import make_app
from netui.db.edits import Conflict
from netui.modals.conflict import ConflictDialog
from tests.ui.helpers import build_contacts_db, settle

CONFLICTS = [
    Conflict("role", "Role", "Head of Data", "CFO [bold]now[/]", "CTO \x1b[31mred"),
    Conflict("tags", "Tags", ("fintech",), ("fintech", "AI"), ("fintech", "Zoë ✨")),
    Conflict("notes", "Notes", "", "A long note " * 30, "Met at PyCon.\nSecond line."),
]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_conflict_dialog(snap_compare, tmp_path, size):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))

    async def ask(pilot):
        await settle(pilot)
        app.push_screen(ConflictDialog(CONFLICTS, "Dana Levi"))
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=ask)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_a_form_told_what_changed_underneath(snap_compare, tmp_path, size):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))

    async def told(pilot):
        await settle(pilot)
        await pilot.press("e")  # Avi Cohen, the first
        await settle(pilot)
        app.screen.changed_underneath({"role": "VP [red]Eng[/]", "phone": "+44 20 7946 0000"})
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=told)
