"""Pilot tests of the Contacts screen: keys in, widgets and the database out."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, Static

from netui.app import NetuiApp, make_app
from netui.db.contacts import Scope, SortKey, get_contact
from netui.db.models import Contact
from netui.db.names import resolve_name
from netui.db.search import list_contact_ids
from netui.modals.contact_form import ContactForm
from netui.widgets.contact_detail import ContactDetailPane
from netui.widgets.contact_list import ContactList
from netui.widgets.contact_list_header import ContactListHeader
from tests.ui.helpers import build_contacts_db, palette_titles, settle


@pytest.fixture
def app(tmp_path) -> NetuiApp:
    return make_app(build_contacts_db(tmp_path / "netui.db"))


def names(app: NetuiApp) -> list[str]:
    contact_list = app.screen.query_one(ContactList)
    return [
        Contact.get_by_id(contact_id).name for contact_id in contact_list.contact_ids
    ]


def line_text(app: NetuiApp, y: int) -> str:
    return app.screen.query_one(ContactList).render_line(y).text


def detail_text(app: NetuiApp) -> str:
    return app.screen.query_one(ContactDetailPane).text.plain


async def test_opens_on_every_contact_sorted_by_name(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        contact_list = app.screen.query_one(ContactList)
        assert contact_list.has_focus
        assert names(app) == [
            "[bold]Eve[/bold]",
            "Avi Cohen",
            "Bruno Díaz",
            "Dana Levi",
            "Zoë Chen 🚀",
            "דנה לוי",
        ]
        assert "6 contacts" in str(app.screen.query_one("#list-status", Static).content)
        # The detail pane follows the cursor.
        await pilot.press("down")
        await settle(pilot)
        assert "Avi Cohen" in detail_text(app)
        assert "CTO · Initech" in detail_text(app)


async def test_search_filters_as_you_type_and_escape_clears(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        search = app.screen.query_one("#search", Input)
        assert search.has_focus
        for key in "glob":
            await pilot.press(key)
        await settle(pilot)
        assert names(app) == ["Dana Levi", "Zoë Chen 🚀"]
        assert app.screen.query_one(ContactList).applied_query == "glob"
        await pilot.press("escape")
        await settle(pilot)
        assert search.value == ""
        assert app.screen.query_one(ContactList).has_focus
        assert len(names(app)) == 6


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mentor", ["Dana Levi"]),  # a tag
        ("pycon", ["Dana Levi"]),  # the notes
        ("example.org", ["Bruno Díaz"]),  # the email
        ("cfo", ["Zoë Chen 🚀"]),  # the role, case-insensitively
        ("dana globex", ["Dana Levi"]),  # every word must match
        ("DÍAZ", ["Bruno Díaz"]),  # non-ASCII case folding
        ("nobody-like-this", []),
    ],
)
async def test_search_looks_in_every_field(app, query, expected):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*query)
        await settle(pilot)
        assert names(app) == expected
        if not expected:
            assert "No contact matches" in line_text(app, 1)


async def test_sort_cycles_and_reverses(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")  # organisation
        await settle(pilot)
        assert names(app)[:3] == ["[bold]Eve[/bold]", "Dana Levi", "Zoë Chen 🚀"]
        assert names(app)[-1] == "Bruno Díaz"  # no organisation: last
        await pilot.press("s", "s")  # role, then last contact
        await settle(pilot)
        assert names(app)[:3] == ["Dana Levi", "Zoë Chen 🚀", "Avi Cohen"]
        await pilot.press("S")
        await settle(pilot)
        assert names(app)[:3] == ["Avi Cohen", "Zoë Chen 🚀", "Dana Levi"]
        assert "sorted by last contact ▼" in str(
            app.screen.query_one("#list-status", Static).content
        )


async def test_clicking_a_column_title_sorts_by_it(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        header = app.screen.query_one("#list-header")
        columns = header.region
        # The "Role" title sits after the name and organisation columns.
        from netui.widgets.contact_columns import columns_for

        role_x = columns_for(columns.width).spans()[2][1] + 1
        await pilot.click("#list-header", offset=(role_x, 0))
        await settle(pilot)
        assert app.screen.sort.value == "role"
        assert names(app)[0] == "[bold]Eve[/bold]"  # role "[/]" sorts first


async def test_add_a_contact(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ContactForm)
        await pilot.press(*"Carla Mendes")
        app.screen.query_one("#organisation", Input).value = "Hooli"
        app.screen.query_one("#tags", Input).value = "design, Mentor"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ContactForm)
        contact_id, name = resolve_name("carla")
        assert name == "Carla Mendes"
        contact = Contact.get_by_id(contact_id)
        assert contact.organisation == "Hooli"
        contact_list = app.screen.query_one(ContactList)
        assert contact_list.highlighted_id == contact_id
        assert "design, mentor" in detail_text(app)


async def test_tags_expertise_and_interests_keep_what_was_typed(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ContactForm)
        await pilot.press(*"Carla Mendes")
        form.query_one("#tags", Input).value = "B2B SaaS, b2b saas"
        form.query_one("#expertise", Input).value = "Machine Learning"
        form.query_one("#interests", Input).value = "Øresund sailing"
        await pilot.press("ctrl+s")
        await settle(pilot)
        detail = detail_text(app)
        for typed in ("B2B SaaS", "Machine Learning", "Øresund sailing"):
            assert typed in detail, detail
        assert "b2b saas" not in detail
        await pilot.press("slash", *"oresund")
        await settle(pilot)
        assert names(app) == ["Carla Mendes"]


async def edit_form(pilot, query: str) -> ContactForm:
    """Search for ``query``, then open the edit form of the contact found."""
    await pilot.press("slash", *query, "enter")
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ContactForm)
    return form


async def test_edit_with_a_validation_error_saves_nothing_until_fixed(app):
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        dana_id, _ = resolve_name("Dana Levi")
        form = await edit_form(pilot, "dana")
        assert form.query_one("#name", Input).value == "Dana Levi"
        form.query_one("#email", Input).value = "dana-at-globex"
        form.query_one("#cadence", Input).value = "soon"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # still open
        email_error = form.query_one("#email-error", Static)
        assert email_error.has_class("-shown")
        assert "is not an email address" in str(email_error.content)
        assert "not a whole number" in str(form.query_one("#cadence-error", Static).content)
        assert form.query_one("#email", Input).has_focus  # first problem focused
        assert Contact.get_by_id(dana_id).email == "dana@globex.example"

        form.query_one("#email", Input).value = "dana@levi.example"
        form.query_one("#cadence", Input).value = "30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ContactForm)
        contact = Contact.get_by_id(dana_id)
        cadence = get_contact(dana_id).fields.cadence_days  # my relationship's (schema 7)
        assert (contact.email, cadence) == ("dana@levi.example", 30)
        assert "every 30 days" in detail_text(app)

        # An edit can be taken back, every field as it was.
        await pilot.press("u")
        await settle(pilot)
        contact = Contact.get_by_id(dana_id)
        cadence = get_contact(dana_id).fields.cadence_days
        assert (contact.email, cadence) == ("dana@globex.example", None)
        assert resolve_name("Dana")[0] == dana_id


async def test_escape_cancels_the_form(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Nobody")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ContactForm)
        assert len(list_contact_ids("nobody")) == 0


async def test_archive_then_undo(app):
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("down")  # Avi Cohen
        await settle(pilot)
        avi_id, _ = resolve_name("Avi Cohen")
        await pilot.press("d")
        await settle(pilot)
        assert "Avi Cohen" not in names(app)
        assert Contact.get_by_id(avi_id).archived
        messages = [n.message for n in app._notifications]
        assert any("Archived Avi Cohen. Press u to undo." in m for m in messages)
        # The cursor stays in place, on the next contact.
        assert app.screen.query_one(ContactList).highlighted_id == resolve_name("Bruno")[0]

        await pilot.press("u")
        await settle(pilot)
        assert not Contact.get_by_id(avi_id).archived
        assert "Avi Cohen" in names(app)
        # The contact who came back is where the cursor goes.
        assert app.screen.query_one(ContactList).highlighted_id == avi_id


async def test_markup_and_escapes_in_data_are_shown_literally(app):
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        first = line_text(app, 0)
        assert "[bold]Eve[/bold]" in first
        assert "\x1b" not in first and "\x07" not in first
        assert "␛[31mRed" in first
        detail = detail_text(app)
        assert "[link=https://evil.example]click[/link]" in detail
        assert "␛]0;pwned␇" in detail
        # No line of the list carries a control character to the terminal.
        for y in range(7):
            assert not any(ord(ch) < 32 for ch in line_text(app, y))


async def test_every_action_is_in_the_command_palette(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        titles = await palette_titles(app)
        for wanted in ("Search", "New", "Edit", "Archive", "Undo", "Sort", "Reverse", "Refresh"):
            assert any(title.startswith(wanted) for title in titles), wanted
        assert "Sort contacts by organisation" in titles
        assert any(title.startswith("Go to Prep") for title in titles)


async def test_palette_runs_a_command(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Sort contacts by role")
        await settle(pilot)  # the palette's search is a worker
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.sort.value == "role"


async def test_modes_switch_by_key_and_back(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert app.current_mode == "prep"
        await pilot.press("3")
        await pilot.pause()
        assert app.current_mode == "reciprocity"
        await pilot.press("4")
        await pilot.pause()
        assert app.current_mode == "bank"
        await pilot.press("1")
        await settle(pilot)
        assert app.current_mode == "contacts"
        assert len(names(app)) == 6


async def test_refresh_sees_changes_made_elsewhere(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        # Another process (or window) adds a contact behind the app's back.
        Contact.create(name="Outside Writer", sort_name="outside writer", search_text="outside")
        await pilot.press("f5")
        await settle(pilot)
        assert "Outside Writer" in names(app)


@pytest.mark.parametrize("size", [(120, 30), (80, 24)])
async def test_empty_database_teaches_what_to_do(tmp_path, size):
    app = make_app(tmp_path / "empty.db")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        hint = app.screen.query_one("#first-run", Static)
        assert hint.display
        # The whole hint, wrapped to the pane: it was one line cut at 80 and 120 columns.
        shown = " ".join(
            "".join(segment.text for segment in line).strip()
            for line in hint.render_lines(hint.region.reset_offset)
        )
        assert " ".join(shown.split()) == str(hint.content)
        assert str(hint.content).startswith("No contacts yet. Press n to add one")
        assert hint.region.width <= size[0]
        await pilot.press("e")  # nothing to edit: a notification, no crash
        await pilot.press("d")
        await settle(pilot)


async def test_ctrl_q_quits_cleanly(app):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_editing_keeps_control_characters_the_user_did_not_touch(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        eve_id, _ = resolve_name("[bold]Eve[/bold]")
        await pilot.press("e")  # Eve is first
        await settle(pilot)
        form = app.screen
        shown = form.query_one("#organisation", Input).value
        assert "\x1b" not in shown and "␛[31mRed" in shown
        form.query_one("#role", Input).value = "Chief [i]Everything[/i]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        contact = Contact.get_by_id(eve_id)
        assert contact.organisation == "Acme \x1b[31mRed\x1b]0;pwned\x07"
        assert contact.role == "Chief [i]Everything[/i]"


async def test_the_order_and_the_filter_are_reactive_state(app):
    """Setting the screen's sort, direction and scope is all it takes: the list is read
    again once in the new order, and the column titles and the status follow."""
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.sort = SortKey.ORGANISATION
        screen.descending = True
        await settle(pilot)
        organisations = [
            Contact.get_by_id(contact_id).organisation
            for contact_id in screen.query_one(ContactList).contact_ids
        ]
        assert organisations == sorted(organisations, key=str.casefold, reverse=True)
        header = screen.query_one(ContactListHeader)
        assert (header.sort, header.descending) == (SortKey.ORGANISATION, True)
        assert "sorted by organisation ▼" in str(screen.query_one("#list-status", Static).content)
        screen.scope = Scope.SECOND_DEGREE
        await settle(pilot)
        assert names(app) == ["דנה לוי"]


async def test_saving_a_contact_another_window_archived_says_so(app):
    """Window 2 edits Dana while window 1 archives her: the save lands (nothing is
    lost), and says where he went instead of letting him vanish from the list."""
    from netui.db.contacts import set_archived

    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        dana_id, _ = resolve_name("Dana Levi")
        form = await edit_form(pilot, "dana")
        set_archived(dana_id, True)  # the other window
        form.query_one("#role", Input).value = "VP Data"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Contact.get_by_id(dana_id).role == "VP Data"
        last = app._notifications
        messages = [n.message for n in last]
        assert (
            "Saved Dana Levi, but they were archived in another window "
            "(f shows the archived; d restores)." in messages
        )


async def test_the_detail_of_the_next_contact_lays_nothing_out(tmp_path):
    """The detail of the next contact is painted in the pane alone, whether it fits
    or is taller than the pane: a layout is the whole screen's, and each contact a
    search highlighted laid it out again while the next key was typed. A detail
    taller than the pane scrolls to its last line."""
    path = build_contacts_db(tmp_path / "netui.db")
    for size, fits in (((120, 30), True), ((120, 12), False)):  # a pane of 30, of 8 rows
        app = make_app(path)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            pane = app.screen.query_one(ContactDetailPane)
            screen = app.screen
            layouts: list[object] = []
            refresh_layout = screen._refresh_layout

            def counted(*args, refresh_layout=refresh_layout, layouts=layouts, **kwargs):
                layouts.append(args)
                return refresh_layout(*args, **kwargs)

            screen._refresh_layout = counted  # type: ignore[method-assign]
            for name in ("Avi Cohen", "Bruno Díaz"):
                await pilot.press("down")
                await settle(pilot)
                assert name in detail_text(app)
                lines = len(pane.text.wrap(app.console, pane.scrollable_content_region.width))
                height = pane.scrollable_content_region.height
                assert (lines <= height) == fits
                assert pane.max_scroll_y == max(0, lines - height)
            assert layouts == []
            if not fits:
                pane.post_message(
                    events.MouseScrollDown(pane, 2, 2, 0, 1, 0, False, False, False)
                )  # the mouse's wheel
                await settle(pilot)
                assert pane.scroll_y > 0
                pane.scroll_end(animate=False)
                await settle(pilot)
                last = pane.text.wrap(app.console, pane.scrollable_content_region.width)[-1]
                shown = pane.render_line(pane.scrollable_content_region.height - 1).text
                assert shown.rstrip() == last.plain.rstrip()


async def test_the_detail_can_be_selected_with_the_mouse(app):
    """The pane draws its own lines; the mouse still selects its text, as it did in
    a Static, and the selection is drawn."""
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        pane = app.screen.query_one(ContactDetailPane)
        before = pane.render_line(0)
        await pilot.mouse_down(pane, offset=(2, 0))
        await pilot.hover(pane, offset=(8, 1))
        await pilot.mouse_up(pane, offset=(8, 1))
        await settle(pilot)
        assert app.screen.get_selected_text() == "Avi Cohen\nCTO · I"
        assert pane.render_line(0).text == before.text
        assert list(pane.render_line(0)) != list(before)  # in the selection's style


async def test_a_detail_read_while_a_key_is_searched_waits_for_its_result(app, monkeypatch):
    """The detail pane's read that ends while a key's search is on its way is shown
    after that result is painted (laying it out would hold the result back), and
    only if the cursor is still on its contact."""
    import threading

    from netui.db.overview import contact_overview
    from netui.screens import contacts

    gate = threading.Event()
    gate.set()
    real_search = contacts.run_search

    def gated(state, cancelled):
        assert gate.wait(10)
        return real_search(state, cancelled)

    monkeypatch.setattr(contacts, "run_search", gated)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        pane = screen.query_one(ContactDetailPane)
        first = pane.shown_id
        assert first is not None and "[bold]Eve[/bold]" in detail_text(app)
        avi = resolve_name("Avi Cohen")[0]
        bruno = resolve_name("Bruno Díaz")[0]

        # A read of Avi ends while the search for "avi" is on its way: held, then
        # shown once the result (Avi, under the cursor) is painted.
        gate.clear()
        await pilot.press("slash", *"avi")
        await pilot.pause()
        screen.post_message(screen.DetailRead(contact_overview(avi)))
        await pilot.pause()
        assert pane.shown_id == first
        gate.set()
        await settle(pilot)
        assert names(app) == ["Avi Cohen"]
        assert pane.shown_id == avi and "CTO · Initech" in detail_text(app)

        # A read of Bruno held while "eve" is searched: the cursor lands on Eve, so
        # Bruno is never shown; Eve's own read is.
        gate.clear()
        await pilot.press("ctrl+u", *"eve")
        await pilot.pause()
        screen.post_message(screen.DetailRead(contact_overview(bruno)))
        await pilot.pause()
        assert pane.shown_id == avi
        gate.set()
        await settle(pilot)
        assert names(app) == ["[bold]Eve[/bold]"]
        assert pane.shown_id == first and "Bruno" not in detail_text(app)

        # With no search on its way a read is shown at once (the arrow keys' case).
        await pilot.press("escape")
        await settle(pilot)
        screen.post_message(screen.DetailRead(contact_overview(bruno)))
        await pilot.pause()
        assert pane.shown_id == bruno
