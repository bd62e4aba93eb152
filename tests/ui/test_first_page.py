"""The Contacts screen's first search, made before its list is laid out, reads a
whole screen of rows: the first paint shows a page of names, not the first one with
"…" below it until a second read."""

from __future__ import annotations

from pathlib import Path

from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.screens import contacts_reads
from netui.screens.contacts import ContactsScreen
from tests.ui.helpers import settle, settle_until


def _network(path: Path, people: int) -> Path:
    open_database(path)
    for n in range(people):
        create_contact(ContactFields(name=f"Person {n:03}"))
    close_database()
    return path


async def test_the_first_search_reads_every_row_the_first_screen_shows(tmp_path, monkeypatch):
    asked: list[int] = []
    read = contacts_reads.contact_rows

    def contact_rows(ids):
        asked.append(len(ids))
        return read(ids)

    monkeypatch.setattr(contacts_reads, "contact_rows", contact_rows)
    app = make_app(_network(tmp_path / "netui.db", 120))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_until(pilot, lambda: isinstance(app.screen, ContactsScreen))
        await settle(pilot)
        shown = app.screen.contact_list.scrollable_content_region.height
        assert shown > 20
        assert asked and asked[0] >= shown  # the first read had the whole first screen
