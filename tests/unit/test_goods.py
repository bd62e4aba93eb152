"""The bank of goods on a real SQLite file: CRUD with tags, and matching both ways."""

from __future__ import annotations

import pytest

from netui.db.contacts import ContactFields, ContactNotFoundError, create_contact, set_archived
from netui.db.goods import (
    GoodError,
    GoodFields,
    GoodNotFoundError,
    all_goods,
    contacts_for_good,
    create_good,
    delete_good,
    get_good,
    goods_for_contact,
    update_good,
)
from netui.db.history import undo_latest
from netui.db.models import GoodTag, Tag

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def person(name: str, **fields) -> int:
    return create_contact(ContactFields(name=name, **fields))


@pytest.fixture
def people(db) -> dict[str, int]:
    return {
        "dana": person("Dana Levi", role="Head of Pricing", interests=("pricing", "climbing")),
        "avi": person("Avi Cohen", expertise=("analytics",), tags=("saas",)),
        "bo": person("Bo Ek", interests=("fundraising",), second_degree=True),
        "cy": person("Cy Park", interests=("pricing",)),
        "eve": person(
            "[b]Eve[/b]\x1b[31m", interests=("venture capital",), organisation="Brightwater Capital"
        ),
        "zed": person("Zed Nobody", interests=("gardening",)),
    }


def test_create_read_update_with_tags(db):
    good_id = create_good(
        GoodFields(
            "  Pricing   playbook ",
            "expertise",
            " How to price. ",
            ("Pricing", " SaaS ", "pricing"),
        )
    )
    good = get_good(good_id)
    assert (good.title, good.kind, good.description) == (
        "Pricing playbook",
        "expertise",
        "How to price.",
    )
    assert good.tags == ("Pricing", "SaaS")
    update_good(good_id, GoodFields("Pricing playbook", "knowledge", "", ("churn",)))
    assert get_good(good_id).tags == ("churn",)
    assert get_good(good_id).kind == "knowledge"
    assert [g.title for g in all_goods()] == ["Pricing playbook"]
    assert Tag.select().where(Tag.name == "churn").exists()


def test_bad_goods_are_refused(db):
    with pytest.raises(GoodError):
        create_good(GoodFields("   "))
    with pytest.raises(GoodError):
        create_good(GoodFields("Title", kind="favour"))
    with pytest.raises(GoodNotFoundError):
        update_good(999, GoodFields("Title"))
    with pytest.raises(GoodNotFoundError):
        get_good(999)


def test_delete_and_undo_keep_id_and_tags(db):
    good_id = create_good(GoodFields("Intro to a VC", "connection", "Warm.", ("fundraising",)))
    record = delete_good(good_id)  # a step of its own: kept in the trash
    assert all_goods() == []
    assert GoodTag.select().count() == 0
    undo_latest()
    restored = get_good(good_id)
    assert restored == record


def test_contacts_for_good_ranks_and_explains(people):
    good_id = create_good(
        GoodFields(
            "Pricing and churn analytics",
            "expertise",
            "Experiments for a SaaS business.",
            ("pricing",),
        )
    )
    result = contacts_for_good(good_id)
    names = [m.name for m in result.contacts]
    assert result.total == 3
    # Dana: interest pricing + role word; Cy: interest pricing; Avi: words only.
    assert names == ["Dana Levi", "Cy Park", "Avi Cohen"]
    dana, _, avi = result.contacts
    assert dana.why == "interested in pricing · role mentions pricing"
    assert "expert in analytics (mentioned)" in avi.why
    assert "tagged saas (mentioned)" in avi.why
    assert contacts_for_good(good_id, limit=1).contacts[0].name == "Dana Levi"


def test_archived_contacts_never_match(people):
    good_id = create_good(GoodFields("Pricing", tags=("pricing",)))
    set_archived(people["dana"], True)
    assert [m.name for m in contacts_for_good(good_id).contacts] == ["Cy Park"]


def test_a_connection_finds_people_i_could_introduce(people):
    good_id = create_good(
        GoodFields(
            "Warm line to Brightwater Capital",
            "connection",
            "A partner takes calls from founders I vouch for.",
            ("fundraising", "venture capital"),
        )
    )
    result = contacts_for_good(good_id)
    # Eve already works at Brightwater: no introduction needed. Bo is second degree.
    assert [(m.name, m.second_degree) for m in result.contacts] == [("Bo Ek", True)]
    assert result.total == 1


def test_a_good_without_tags_or_matching_words_matches_nobody(people):
    good_id = create_good(GoodFields("Something vague"))
    result = contacts_for_good(good_id)
    assert (result.total, result.contacts) == (0, [])


def test_goods_for_contact(people):
    pricing = create_good(GoodFields("Pricing playbook", tags=("pricing",)))
    create_good(GoodFields("Climbing gym passes", "access", "", ("climbing",)))
    create_good(GoodFields("Rust mentoring", tags=("rust",)))
    found = goods_for_contact(people["dana"])
    assert [g.title for g in found] == ["Pricing playbook", "Climbing gym passes"]
    assert found[0].good_id == pricing
    assert found[0].why == "interested in pricing · role mentions pricing"
    assert goods_for_contact(people["dana"], limit=1)[0].title == "Pricing playbook"
    assert goods_for_contact(people["zed"]) == []
    with pytest.raises(ContactNotFoundError):
        goods_for_contact(12345)


def test_both_directions_agree(people):
    good_id = create_good(GoodFields("Pricing and SaaS analytics", tags=("pricing",)))
    for match in contacts_for_good(good_id).contacts:
        (mine,) = goods_for_contact(match.contact_id)
        assert (mine.score, mine.why) == (match.score, match.why)


def test_goods_match_tags_and_words_whatever_their_case_and_accents(db):
    zoe = create_contact(
        ContactFields(name="Zoë", interests=("Café culture",), expertise=("B2B SaaS",))
    )
    muller = create_contact(ContactFields(name="Jürgen Müller", organisation="Zürich Re"))
    good_id = create_good(
        GoodFields("Cafe CULTURE walks", "knowledge", "For b2b saas founders.", ("cafe culture",))
    )
    result = contacts_for_good(good_id)
    assert [m.name for m in result.contacts] == ["Zoë"]
    # The reasons show the tags as the contact has them.
    assert result.contacts[0].why == (
        "interested in Café culture · expert in B2B SaaS (mentioned)"
    )
    assert [g.good_id for g in goods_for_contact(zoe)] == [good_id]
    intro = create_good(GoodFields("Warm line to Zurich Re", "connection", "", ("insurance",)))
    create_contact(ContactFields(name="Ana", interests=("Insurance",)))
    # Müller already works at Zürich Re: no introduction needed.
    assert [m.name for m in contacts_for_good(intro).contacts] == ["Ana"]
    assert muller not in {m.contact_id for m in contacts_for_good(intro).contacts}
