"""Same-named contacts told apart wherever a name is listed alone: the detail pane's
ties, the tie chooser, the brokers view, the introductions and the meeting list."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import OptionList, Static

from netui.app import NetuiApp, make_app
from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.introductions import introductions, record_introduction
from netui.db.meetings import create_worksheet, list_meetings
from netui.db.names import labels_for
from netui.db.ties import set_tie
from netui.modals.brokers_view import BrokersView, brokers_table
from netui.modals.choose import Choose
from netui.widgets.contact_list import ContactList
from tests.ui.helpers import settle
from tests.ui.test_contacts_screen import detail_text


@pytest.fixture
def people(tmp_path) -> dict[str, int]:
    open_database(tmp_path / "netui.db")
    ids = {
        "dana": create_contact(ContactFields(name="Dana Levi", closeness=5)),
        "globex": create_contact(ContactFields(name="Rita Alvarez", organisation="Globex")),
        "initech": create_contact(ContactFields(name="Rita Álvarez", organisation="Initech")),
        "nowhere": create_contact(ContactFields(name="Rita Alvarez")),
        "solo": create_contact(ContactFields(name="Sam Solo", organisation="Acme")),
    }
    set_tie(ids["dana"], ids["globex"], 4)
    set_tie(ids["dana"], ids["initech"], 3)
    set_tie(ids["dana"], ids["solo"], 2)
    record_introduction(ids["globex"], ids["initech"], "design", 3, "engineers", 3, "idea")
    create_worksheet(ids["globex"], purpose="Coffee")
    create_worksheet(ids["initech"], purpose="Lunch")
    close_database()
    return ids


@pytest.fixture
def app(tmp_path, people) -> NetuiApp:
    return make_app(tmp_path / "netui.db")


def test_labels_name_the_organisation_only_for_shared_names(tmp_path, people):
    open_database(tmp_path / "netui.db")
    try:
        assert labels_for(list(people.values())) == {
            people["dana"]: "Dana Levi",
            people["globex"]: "Rita Alvarez @ Globex",
            people["initech"]: "Rita Álvarez @ Initech",
            people["nowhere"]: f"Rita Alvarez (#{people['nowhere']})",
            people["solo"]: "Sam Solo",
        }
        (intro,) = introductions()
        assert (intro.a_name, intro.b_name) == ("Rita Alvarez @ Globex", "Rita Álvarez @ Initech")
        assert sorted(row.contact_name for row in list_meetings()) == [
            "Rita Alvarez @ Globex",
            "Rita Álvarez @ Initech",
        ]
    finally:
        close_database()


async def test_the_detail_pane_the_tie_chooser_and_the_brokers_view(app, people):
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        contact_list = app.screen.query_one(ContactList)
        assert contact_list.highlighted_id == people["dana"]
        text = detail_text(app)
        assert "Rita Alvarez @ Globex" in text and "Rita Álvarez @ Initech" in text
        assert "Sam Solo" in text and "Sam Solo @" not in text  # nobody else has that name

        await pilot.press("x")  # which tie to remove
        await settle(pilot)
        chooser = app.screen
        assert isinstance(chooser, Choose)
        options = chooser.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(s.endswith("Rita Alvarez @ Globex") for s in shown), shown
        assert any(s.endswith("Rita Álvarez @ Initech") for s in shown), shown
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("slash", *"globex", "enter")
        await settle(pilot)
        assert contact_list.highlighted_id == people["globex"]
        await pilot.press("b")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, BrokersView)
        title = str(view.query_one("#brokers-title", Static).content)
        assert title == "Who can introduce me to Rita Alvarez @ Globex"
        out = io.StringIO()
        console = Console(file=out, width=110, color_system=None)
        console.print(brokers_table(view.paths, view.labels))
        assert "Dana Levi → Rita Alvarez @ Globex" in out.getvalue()
