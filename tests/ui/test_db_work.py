"""Database work as thread workers that post typed messages (netui.workers): the keys
typed meanwhile wait until the message was handled, a failure is one notification and
lets them go, and a newer search supersedes an older one."""

from __future__ import annotations

import threading

from textual.widgets import Input

import netui.screens.contacts_editing as contacts_editing
from netui.app import make_app
from netui.modals.contact_form import ContactForm
from tests.ui.helpers import build_contacts_db, burst, keys_handled, settle, settle_until


async def test_keys_typed_while_the_contact_is_read_go_into_the_form_it_opens(tmp_path):
    """e reads the contact in a worker; the form opens from the handler of the message
    it posts. The letters typed right behind e wait for it, and land in the form."""
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    may_read = threading.Event()
    real = contacts_editing.get_contact

    def slow_read(contact_id: int):
        may_read.wait(5)
        return real(contact_id)

    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        contacts_editing.get_contact = slow_read
        try:
            burst(app, "e", *"XY")
            await pilot.pause()
            assert app.keys_waiting, "the keys went on before the contact was read"
            may_read.set()
            await settle_until(pilot, lambda: isinstance(app.screen, ContactForm))
            await keys_handled(pilot)
        finally:
            contacts_editing.get_contact = real
        name = app.screen.query_one("#name", Input)
        assert name.value.endswith("XY")


async def test_a_failed_read_is_one_notification_and_lets_the_keys_go(tmp_path, monkeypatch):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))

    def broken(contact_id: int):
        raise LookupError("The contact was deleted in another window.")

    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        monkeypatch.setattr(contacts_editing, "get_contact", broken)
        burst(app, "e", "slash", *"dana")
        await settle_until(pilot, lambda: bool(app._notifications))
        await keys_handled(pilot)
        await settle(pilot)
        assert [str(n.message) for n in app._notifications] == [
            "The contact was deleted in another window."
        ]
        assert not isinstance(app.screen, ContactForm)
        assert app.screen.query_one("#search", Input).value == "dana"


async def test_reads_of_everyone_give_back_what_they_freed_and_others_do_not(tmp_path, monkeypatch):
    """The Reciprocity screen's read of the whole network runs with a small page cache
    and hands its freed memory back to the system once its message was handled
    (netui.heap.give_back_freed); a read of one contact does neither."""
    import netui.screens.reciprocity as reciprocity
    from netui import heap
    from netui.db.models import database
    from netui.modals.contact_form import ContactForm
    from netui.screens.reciprocity import ReciprocityScreen

    given_back: list[str] = []
    monkeypatch.setattr(heap, "give_back_freed", lambda: given_back.append(app.screen.id or ""))
    caches: dict[str, int] = {}  # each read's page cache, as its connection has it

    def noting_cache(name, read):
        def noted(*args):
            caches[name] = database.execute_sql("PRAGMA cache_size").fetchone()[0]
            return read(*args)

        return noted

    monkeypatch.setattr(
        contacts_editing, "get_contact", noting_cache("one", contacts_editing.get_contact)
    )
    monkeypatch.setattr(
        reciprocity, "load_overview", noting_cache("all", reciprocity.load_overview)
    )
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle_until(pilot, lambda: isinstance(app.screen, ContactForm))
        await pilot.press("escape")
        await settle(pilot)
        assert given_back == []
        await pilot.press("3")
        await settle_until(pilot, lambda: isinstance(app.screen, ReciprocityScreen))
        await settle_until(pilot, lambda: app.screen.overview is not None and given_back)
        assert len(given_back) == 1
    assert caches == {"one": -16_000, "all": -2_000}  # KiB: the small cache of a scan
