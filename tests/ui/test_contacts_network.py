"""Pilot tests of the Contacts screen's network actions: log, ties, brokers, filter, meter."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from rich.console import Console
from textual.widgets import Input, OptionList, Select

from netui import clock
from netui.app import NetuiApp, make_app
from netui.db.contacts import ContactFields, create_contact
from netui.db.journal import forget_old
from netui.db.ledger import exchanges_for
from netui.db.meter_sums import meters
from netui.db.models import Contact, Tie
from netui.db.names import resolve_name
from netui.db.ties import get_tie, set_tie
from netui.modals.brokers_view import BrokersView
from netui.modals.choose import Choose
from netui.modals.contact_picker import ContactPicker
from netui.modals.exchange_form import ExchangeForm
from netui.modals.tie_form import TieForm
from netui.screens.prep import PrepScreen
from netui.widgets.contact_list import ContactList
from tests.ui.helpers import build_contacts_db, settle, settle_until
from tests.ui.test_contacts_screen import detail_text, line_text, names


def plain_text(renderable) -> str:
    """What ``renderable`` shows, as plain text 120 cells wide."""
    console = Console(width=120, file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


@pytest.fixture
def app(tmp_path) -> NetuiApp:
    return make_app(build_contacts_db(tmp_path / "netui.db"))


async def go_to(pilot, name: str) -> int:
    """Search for ``name`` and put the cursor on it; returns its id."""
    contact_id, _ = resolve_name(name)
    await pilot.press("slash", *name, "enter")
    await settle(pilot)
    assert pilot.app.screen.query_one(ContactList).highlighted_id == contact_id
    return contact_id


async def test_log_an_exchange_from_the_list(app):
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        avi = await go_to(pilot, "Avi Cohen")
        before = len(exchanges_for(avi))
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExchangeForm)
        form.query_one("#direction", Select).value = "gave"
        form.query_one("#currency", Select).value = "introduction"
        form.query_one("#value", Select).value = 4
        form.query_one("#note", Input).value = "Introduced him to [b]Dana[/b]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        history = exchanges_for(avi)
        assert len(history) == before + 1
        newest = history[0]
        assert (newest.direction, newest.currency, newest.value) == ("gave", "introduction", 4)
        assert newest.note == "Introduced him to [b]Dana[/b]"
        assert newest.date == clock.today()
        assert "Logged: gave Avi Cohen introduction (4)." in [n.message for n in app._notifications]
        assert "Introduced him to [b]Dana[/b]" in detail_text(app)


async def test_a_future_day_is_refused_at_the_field(app):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        avi = await go_to(pilot, "Avi Cohen")
        before = len(exchanges_for(avi))
        await pilot.press("l")
        await pilot.pause()
        form = app.screen
        tomorrow = clock.today() + dt.timedelta(days=1)
        form.query_one("#date", Input).value = tomorrow.isoformat()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = form.query_one("#date-error")
        assert "in the future" in str(error.content)
        assert error.has_class("-shown")
        # Corrected, the error goes at once, before any save.
        form.query_one("#date", Input).value = clock.today().isoformat()
        await settle(pilot)
        assert not error.has_class("-shown")
        assert not form.query_one("#date", Input).has_class("-invalid")
        await pilot.press("escape")
        await settle(pilot)
        assert len(exchanges_for(avi)) == before


async def test_add_a_tie_with_the_picker_then_remove_and_undo(app):
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        dana = await go_to(pilot, "Dana Levi")
        avi, _ = resolve_name("Avi Cohen")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ContactPicker)
        # Everyone but Dana: she cannot be tied to herself.
        await settle_until(pilot, lambda: app.screen.query_one(OptionList).option_count > 0)
        offered = app.screen.query_one(OptionList)
        ids = {offered.get_option_at_index(i).id for i in range(offered.option_count)}
        assert f"c-{avi}" in ids and f"c-{dana}" not in ids
        await pilot.press(*"avi")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, TieForm)
        form.query_one("#strength", Select).value = 4
        form.query_one("#context", Input).value = "worked together at Globex"
        await pilot.press("ctrl+s")
        await settle(pilot)
        tie = get_tie(dana, avi)
        assert tie is not None and (tie.strength, tie.context) == (4, "worked together at Globex")
        assert "Avi Cohen · worked together at Globex" in detail_text(app)

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, Choose)
        app.screen.query_one(OptionList).highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        assert get_tie(dana, avi) is None
        assert "No ties yet" in detail_text(app)
        await pilot.press("u")
        await settle(pilot)
        restored = get_tie(dana, avi)
        assert restored is not None and restored.strength == 4


async def test_brokers_view_ranks_who_can_introduce_me(app):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        target = create_contact(ContactFields(name="Target Person", second_degree=True))
        dana, _ = resolve_name("Dana Levi")  # closeness 4
        avi, _ = resolve_name("Avi Cohen")  # closeness 5
        set_tie(dana, target, 5)
        set_tie(avi, target, 2)
        await pilot.press("f5")
        await settle(pilot)
        await go_to(pilot, "Target Person")
        await pilot.press("b")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, BrokersView)
        assert [path.name for path in view.paths] == ["Dana Levi", "Avi Cohen"]
        rows = [plain_text(option.prompt) for option in view.query_one(OptionList).options]
        scores = [f"{path.score:.1f}" for path in view.paths]  # Dana's ranks first
        assert [row.split()[:3] for row in rows] == [
            ["1", scores[0], "Dana"],
            ["2", scores[1], "Avi"],
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, BrokersView)


async def test_brokers_view_when_nobody_knows_them(app):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        await go_to(pilot, "Bruno Díaz")
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BrokersView)
        assert app.screen.paths == []
        assert "Nobody in your network" in str(app.screen.query_one("#brokers-table").content)


async def test_filter_cycles_everyone_network_second_degree(app):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        assert len(names(app)) == 6
        await pilot.press("f")
        await settle(pilot)
        assert "דנה לוי" not in names(app) and len(names(app)) == 5
        await pilot.press("f")
        await settle(pilot)
        assert names(app) == ["דנה לוי"]
        assert "2nd degree only" in str(app.screen.query_one("#list-status").content)
        assert line_text(app, 0).startswith("2°")
        await pilot.press("f")
        await settle(pilot)
        assert names(app) == []  # nobody archived
        await pilot.press("f")
        await settle(pilot)
        assert len(names(app)) == 6


async def test_meter_column_and_sort_by_meter(app):
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        # Dana: gave (meter +100); Avi: received (meter -100); others: nothing.
        balances = meters()
        dana, _ = resolve_name("Dana Levi")
        avi, _ = resolve_name("Avi Cohen")
        assert balances[dana].meter == 100 and balances[avi].meter == -100
        for _ in range(4):  # name → organisation → role → last contact → meter
            await pilot.press("s")
        await settle(pilot)
        assert names(app)[:2] == ["Avi Cohen", "Dana Levi"]  # give back first comes first
        assert line_text(app, 0).rstrip().endswith("\u2212100")  # −100
        assert line_text(app, 1).rstrip().endswith("+100")
        assert Contact.select().count() == 6 and Tie.select().count() == 0


async def test_w_starts_a_worksheet_and_opens_it_on_the_prep_screen(app):
    from netui.db.models import Meeting

    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        dana = await go_to(pilot, "Dana Levi")
        assert Meeting.select().where(Meeting.contact == dana).count() == 0
        await pilot.press("w")
        await settle_until(pilot, lambda: app.current_mode == "prep")
        assert app.current_mode == "prep", [n.message for n in app._notifications]
        meeting = Meeting.get(Meeting.contact == dana)
        assert "Pricing" in meeting.expertise or "pricing" in meeting.expertise
        assert isinstance(app.screen, PrepScreen)
        await settle_until(pilot, lambda: app.screen.editor.meeting_id == meeting.id)
        assert app.screen.editor.meeting_id == meeting.id
        # A second press from Contacts opens the same worksheet, not a new one.
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert Meeting.select().where(Meeting.contact == dana).count() == 1


async def test_the_detail_pane_shows_goods_that_would_interest_them(app):
    from netui.db.goods import GoodFields, create_good

    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        create_good(GoodFields(title="Climbing gym guest pass", kind="access", tags=("climbing",)))
        create_good(GoodFields(title="Tax advice", kind="knowledge", tags=("tax",)))
        await pilot.press("f5")
        await settle(pilot)
        await go_to(pilot, "Dana Levi")  # interested in climbing
        text = detail_text(app)
        assert "From my bank of goods" in text
        assert "Climbing gym guest pass" in text and "Tax advice" not in text


async def test_the_give_first_picker_puts_goods_for_this_contact_first(tmp_path):
    from netui.db.connection import close_database, open_database
    from netui.db.goods import GoodFields, create_good
    from netui.modals.give_first_picker import goods_to_give

    db = build_contacts_db(tmp_path / "netui.db")
    open_database(db)
    create_good(GoodFields(title="A tax primer", kind="knowledge", tags=("tax",)))
    create_good(GoodFields(title="Climbing partner intro", kind="connection", tags=("climbing",)))
    dana, _ = resolve_name("Dana Levi")
    ranked = goods_to_give("", dana)
    assert [good.title for good, _ in ranked] == ["Climbing partner intro", "A tax primer"]
    assert "climbing" in ranked[0][1] and ranked[1][1] == ""
    assert [good.title for good, _ in goods_to_give("", None)] == [
        "A tax primer",
        "Climbing partner intro",
    ]
    close_database()


async def test_meter_bars_line_up_whatever_the_number(app):
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        bruno, _ = resolve_name("Bruno Díaz")
        from netui.db.ledger import log_exchange

        log_exchange(bruno, "gave", "knowledge", 3)
        log_exchange(bruno, "received", "knowledge", 2)  # meter +20
        await pilot.press("f5")
        await settle(pilot)
        lines = [line_text(app, y) for y in range(6)]
        centres = {line.index("│") for line in lines if "│" in line}
        assert len([line for line in lines if "│" in line]) == 3  # Avi, Bruno, Dana
        assert len(centres) == 1, lines


async def test_archived_contacts_can_be_found_and_restored_later(app):
    async with app.run_test(size=(130, 40), notifications=True) as pilot:
        await settle(pilot)
        avi = await go_to(pilot, "Avi Cohen")
        await pilot.press("d")
        await settle(pilot)
        assert Contact.get_by_id(avi).archived
        await pilot.press("escape")
        forget_old(keep=0)  # long after: the undo is gone, the archive is not
        for _ in range(3):  # everyone -> network -> 2nd degree -> archived
            await pilot.press("f")
        await settle(pilot)
        assert names(app) == ["Avi Cohen"]
        assert "archived (d restores)" in str(app.screen.query_one("#list-status").content)
        await pilot.press("d")
        await settle(pilot)
        assert not Contact.get_by_id(avi).archived
        assert names(app) == []
        assert "Restored Avi Cohen. Press u to undo." in [n.message for n in app._notifications]
        await pilot.press("f")
        await settle(pilot)
        assert "Avi Cohen" in names(app)


def test_a_name_that_matches_only_archived_contacts_says_so(tmp_path):
    from netui.db.connection import close_database, open_database
    from netui.db.contacts import ContactNotFoundError, set_archived

    open_database(build_contacts_db(tmp_path / "netui.db"))
    avi, _ = resolve_name("Avi")
    set_archived(avi, True)
    with pytest.raises(ContactNotFoundError, match="matches only archived contacts"):
        resolve_name("Avi")
    with pytest.raises(ContactNotFoundError, match='No contact matches "Zed"'):
        resolve_name("Zed")
    close_database()
