"""Two netui processes writing at once lose nothing and never see "database is locked";
the app sees what another process wrote when it refreshes (f5) or switches screens."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.widgets.contact_list import ContactList
from tests.hardening import netui, writer
from tests.ui.helpers import settle

WRITES = 1_000


def test_two_writers_and_the_command_line_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "netui.db"
    open_database(db)
    create_contact(ContactFields(name="X-anchor"))
    close_database()

    # Each writer commits one row per transaction, as the app does.
    first = writer("exchanges", db, "X", WRITES)
    second = writer("contacts", db, "Y", WRITES)
    cli_runs = [netui("--db", str(db), "add", f"cli-{n}") for n in range(3)]
    results = [process.communicate(timeout=120) for process in (first, second)]

    for (out, err), process in zip(results, (first, second), strict=True):
        assert process.returncode == 0, out + err
        assert "locked" not in out + err
    for run in cli_runs:
        assert run.returncode == 0, run.stderr.decode()
        assert b"locked" not in run.stderr
    conn = sqlite3.connect(db)
    try:
        exchanges = conn.execute("SELECT COUNT(*) FROM exchange WHERE note LIKE 'X-%'").fetchone()
        contacts = conn.execute("SELECT COUNT(*) FROM contact WHERE name LIKE 'Y-%'").fetchone()
        cli = conn.execute("SELECT COUNT(*) FROM contact WHERE name LIKE 'cli-%'").fetchone()
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    assert (exchanges[0], contacts[0], cli[0]) == (WRITES, WRITES, 3)


def names_on_screen(app) -> list[str]:
    contact_list = app.screen.query_one(ContactList)
    return [row.name for row in map(contact_list.row_of, contact_list.contact_ids) if row]


async def test_the_app_sees_another_process_on_f5_and_on_switching_screens(
    tmp_path: Path,
) -> None:
    db = tmp_path / "netui.db"
    open_database(db)
    create_contact(ContactFields(name="Already here"))
    close_database()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert names_on_screen(app) == ["Already here"]

        assert netui("--db", str(db), "add", "From another window").returncode == 0
        await pilot.press("f5")
        await settle(pilot)
        assert "From another window" in names_on_screen(app)

        assert netui("--db", str(db), "add", "Added while on Prep").returncode == 0
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        assert "Added while on Prep" in names_on_screen(app)
