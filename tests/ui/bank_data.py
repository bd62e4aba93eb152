"""A small fixed network for the Bank & goals tests and snapshots."""

from __future__ import annotations

from pathlib import Path

from netui.db.connection import close_database, open_database
from netui.db.contacts import ContactFields, create_contact
from netui.db.goals import GoalFields, create_goal, link_contact
from netui.db.goods import GoodFields, create_good
from netui.db.ties import set_tie

PEOPLE = (
    ContactFields(
        name="Dana Levi",
        organisation="Globex",
        role="Head of Pricing",
        interests=("pricing", "climbing"),
        closeness=4,
    ),
    ContactFields(name="Avi Cohen", organisation="Initech", role="CTO", expertise=("analytics",)),
    ContactFields(
        name="[bold]Eve[/bold]",
        organisation="Acme \x1b[31mRed\x1b]0;pwned\x07",
        role="[/]",
        interests=("pricing",),
    ),
    ContactFields(
        name="Bo Ek",
        organisation="Tidepool Labs",
        role="Head of Data",
        tags=("health tech",),
        second_degree=True,
    ),
    ContactFields(name="Cy Park", organisation="Helix Health", role="Nurse", closeness=2),
)


def build_bank_db(path: Path, *, with_bank: bool = False) -> Path:
    """The people above (Avi knows Bo); with ``with_bank``, two goods and a goal too."""
    open_database(path)
    ids = {person.name: create_contact(person) for person in PEOPLE}
    set_tie(ids["Avi Cohen"], ids["Bo Ek"], strength=4, context="worked together")
    if with_bank:
        create_good(
            GoodFields(
                "Pricing and churn analytics",
                "expertise",
                "Two years of pricing experiments for a SaaS business.",
                ("pricing", "saas"),
            )
        )
        create_good(GoodFields("[red]Markup[/red] in a title", "other", "", ("gardening",)))
        goal_id = create_goal(
            GoalFields(
                "Head of Data in health tech",
                "My next role.",
                organisations=("Helix Health", "Tidepool Labs", "Nowhere Inc"),
                roles=("Head of Data",),
                tags=("health tech",),
            )
        )
        link_contact(goal_id, ids["Dana Levi"], "Knows the Helix board")
    close_database()
    return path
