"""One-key changes (archive, merge, delete, remove, unlink, mark made) act only from the
list they are about: with the focus anywhere else they change nothing and say where
to go."""

from __future__ import annotations

from textual.widgets import OptionList

from netui.app import make_app
from netui.db.connection import close_database, open_database
from netui.db.goal_suggestions import linked_contacts
from netui.db.goals import all_goals
from netui.db.goods import all_goods
from netui.db.introductions import record_introduction
from netui.db.models import Contact, Exchange, Introduction
from netui.modals.contact_picker import ContactPicker
from netui.widgets.contact_list import ContactList
from netui.widgets.introduction_table import IntroductionTable
from netui.widgets.ledger_history import LedgerHistory
from tests.ui.bank_data import build_bank_db
from tests.ui.helpers import build_contacts_db, settle
from tests.ui.reciprocity_data import build_reciprocity_db


def said(app, words: str) -> bool:
    return any(words in str(n.message) for n in app._notifications)


async def test_archive_and_merge_act_only_from_the_contact_list(tmp_path):
    app = make_app(build_contacts_db(tmp_path / "netui.db"))
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("slash")  # the focus in the search box, as from the palette
        await app.run_action("screen.archive_contact")
        await app.run_action("screen.merge")
        await settle(pilot)
        assert not Contact.select().where(Contact.archived).exists()
        assert not isinstance(app.screen, ContactPicker)
        assert said(app, "Go to the contact list (escape) to archive")
        await pilot.press("escape", "d")  # from the list, d archives
        await settle(pilot)
        assert app.screen.query_one(ContactList).has_focus
        assert Contact.select().where(Contact.archived).count() == 1


async def test_delete_and_mark_made_act_only_from_their_tables(tmp_path):
    ids = build_reciprocity_db(tmp_path / "netui.db")
    open_database(tmp_path / "netui.db")
    record_introduction(ids["dana"], ids["avi"], "a data lead", 3, "a pricing view", 3)
    close_database()
    app = make_app(tmp_path / "netui.db")
    async with app.run_test(size=(150, 45), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        exchanges = Exchange.select().count()
        await pilot.press("d")  # the ranked list has the focus
        await settle(pilot)
        assert Exchange.select().count() == exchanges
        await pilot.press("h")
        assert screen.focused is screen.query_one(LedgerHistory)
        await pilot.press("d")
        await settle(pilot)
        assert Exchange.select().count() == exchanges - 1

        # Introductions: m from the history changes no status.
        screen.show_list("intros")
        await settle(pilot)
        statuses = [i.status for i in Introduction.select().order_by(Introduction.id)]
        assert statuses == ["idea"]
        screen.history.focus()
        await pilot.pause()
        await pilot.press("m")
        await settle(pilot)
        assert [i.status for i in Introduction.select().order_by(Introduction.id)] == statuses
        assert said(app, "Go to the introductions (h) to mark one made")
        assert screen.focused is not screen.query_one(IntroductionTable)


async def test_remove_and_unlink_act_only_from_their_lists(tmp_path):
    app = make_app(build_bank_db(tmp_path / "netui.db", with_bank=True))
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("4", "tab")  # the goals
        await settle(pilot)
        screen = app.screen
        goal_id = all_goals()[0].id
        goods = len(all_goods())
        people = screen.query_one("#people", OptionList)
        keys = [option.id or "" for option in people.options]
        people.highlighted = next(i for i, key in enumerate(keys) if key.startswith("linked-"))
        await pilot.press("x")  # the goals list has the focus, not the people
        await settle(pilot)
        assert [m.name for m in linked_contacts(goal_id)] == ["Dana Levi"]
        people.focus()
        await pilot.pause()
        await pilot.press("d")  # from the people: removes no goal
        await settle(pilot)
        assert len(all_goals()) == 1 and len(all_goods()) == goods
        assert said(app, "Go to the goods or the goals (tab) to remove one.")
        await pilot.press("x")  # from the people, x unlinks
        await settle(pilot)
        assert linked_contacts(goal_id) == []
