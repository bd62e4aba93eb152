"""Contact writes, search, sorting, scopes and name resolution on a real file."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import IntegrityError

from netui.db.contacts import (
    AmbiguousNameError,
    ContactFields,
    ContactNotFoundError,
    Scope,
    SortKey,
    contact_rows,
    count_contacts,
    create_contact,
    get_contact,
    refresh_search_text,
    set_archived,
    update_contact,
)
from netui.db.last_contact import last_contacts
from netui.db.models import Contact, ContactTag, Exchange, Meeting, Tag, database
from netui.db.names import resolve_name
from netui.db.search import list_contact_ids
from netui.db.tags import clean_tags
from tests.pinned_day import TODAY

pytestmark = pytest.mark.backends  # on SQLite and on PostgreSQL (tests/conftest.py)


def add(name: str, **fields) -> int:
    return create_contact(ContactFields(name=name, **fields))


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def log_exchange(contact_id: int, day: dt.date) -> None:
    Exchange.create(contact=contact_id, date=day, direction="gave", currency="knowledge", value=3)


def meet(contact_id: int, when: dt.datetime) -> None:
    Meeting.create(contact=contact_id, scheduled_at=when)


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12, 0))


FULL = ContactFields(
    name="Dana Whitfield",
    organisation="Northwind Labs",
    role="VP Engineering",
    email="dana@northwind.example",
    phone="+44 20 7946 0018",
    linkedin_url="https://www.linkedin.com/in/danawhitfield",
    location="London",
    how_we_met="PyCon UK 2019",
    career_path="Consultant, staff engineer, VP",
    notes="Hiring a platform lead.\nLoves sailing.",
    closeness=5,
    cadence_days=30,
    second_degree=True,
    tags=(" Python ", "python", "PYTHON", "Machine   Learning", "", "  "),
    expertise=("Platform Engineering", "platform engineering"),
    interests=("Sailing", "Jazz", "sailing"),
)


# --- writes and reads -------------------------------------------------------------------


def test_create_and_get_round_trip_every_field(db):
    contact_id = create_contact(FULL)
    detail = get_contact(contact_id)
    assert detail.id == contact_id
    assert detail.fields == ContactFields(
        **{
            **vars(FULL),
            # As first typed, spaces trimmed; the other spellings are the same tag.
            "tags": ("Python", "Machine Learning"),
            "expertise": ("Platform Engineering",),
            "interests": ("Sailing", "Jazz"),
        }
    )
    assert detail.archived is False
    assert detail.fields.second_degree is True
    assert isinstance(detail.created_at, dt.datetime)
    assert detail.last_contact is None


def test_defaults_round_trip(db):
    detail = get_contact(add("Solo"))
    assert detail.fields == ContactFields(name="Solo")
    assert detail.fields.cadence_days is None
    assert detail.fields.second_degree is False


def test_update_replaces_every_field_and_the_tags(db):
    contact_id = create_contact(FULL)
    created = get_contact(contact_id).created_at
    changed = ContactFields(
        name="Dana W. Okafor",
        organisation="Southwind",
        role="CTO",
        email="dana@southwind.example",
        phone="+1 555 0100",
        linkedin_url="",
        location="Lisbon",
        how_we_met="Conference",
        career_path="VP, then CTO",
        notes="",
        closeness=2,
        cadence_days=None,
        second_degree=False,
        tags=("Rust",),
        expertise=(),
        interests=("Jazz", "Cycling"),
    )
    update_contact(contact_id, changed)
    detail = get_contact(contact_id)
    assert detail.fields == ContactFields(
        **{**vars(changed), "tags": ("Rust",), "interests": ("Jazz", "Cycling")}
    )
    assert detail.created_at == created
    assert detail.updated_at >= created
    # The old search text went with the old values.
    assert list_contact_ids("northwind") == []
    assert list_contact_ids("southwind") == [contact_id]
    assert list_contact_ids("python") == []
    assert list_contact_ids("cycling") == [contact_id]


def test_tags_are_shared_rows_and_one_per_kind(db):
    a = add("Ann", tags=("Python",), expertise=("python",))
    b = add("Bob", interests=(" PYTHON ",))
    assert Tag.select().where(Tag.key == "python").count() == 1
    assert ContactTag.select().where(ContactTag.contact == a).count() == 2
    # One tag, shown as first typed: Bob's spelling does not change what Ann shows.
    assert get_contact(a).fields.expertise == ("Python",)
    assert get_contact(b).fields.interests == ("Python",)
    assert set(list_contact_ids("python")) == {a, b}


def test_tags_keep_their_case_and_match_folded(db):
    dana = add("Dana", tags=("B2B SaaS",), interests=("Øresund sailing",))
    assert get_contact(dana).fields.tags == ("B2B SaaS",)
    assert get_contact(dana).fields.interests == ("Øresund sailing",)
    for query in ("b2b saas", "B2B", "oresund", "ØRESUND SAIL"):
        assert list_contact_ids(query) == [dana], query
    # the same tag, whatever the case or accents
    other = add("Eli", tags=("b2b saas", "oresund SAILING"))
    assert get_contact(other).fields.tags == ("B2B SaaS", "Øresund sailing")
    assert Tag.select().count() == 2


def test_a_tag_only_one_contact_uses_takes_the_corrected_spelling(db):
    dana = add("Dana", tags=("b2b saas",))
    update_contact(dana, ContactFields(name="Dana", tags=("B2B SaaS",)))
    assert get_contact(dana).fields.tags == ("B2B SaaS",)
    eli = add("Eli", tags=("B2B SAAS",))  # used by Dana too: kept as Dana has it
    assert get_contact(eli).fields.tags == ("B2B SaaS",)
    assert get_contact(dana).fields.tags == ("B2B SaaS",)


def test_clean_tags():
    assert clean_tags(["  Data  Science ", "data science", "", "ÉCOLE", "école", "ecole"]) == (
        "Data Science",
        "ÉCOLE",
    )


def test_missing_contacts_raise(db):
    with pytest.raises(ContactNotFoundError):
        get_contact(404)
    with pytest.raises(ContactNotFoundError):
        update_contact(404, ContactFields(name="Nobody"))
    with pytest.raises(ContactNotFoundError):
        set_archived(404, True)
    assert Contact.select().count() == 0


def test_update_of_a_missing_contact_writes_no_tags(db):
    with pytest.raises(ContactNotFoundError):
        update_contact(404, ContactFields(name="Nobody", tags=("ghost",)))
    assert ContactTag.select().count() == 0


def test_database_checks_closeness(db):
    with pytest.raises(IntegrityError):
        add("Too close", closeness=6)
    assert Contact.select().count() == 0


# --- search ------------------------------------------------------------------------------


@pytest.fixture
def people(db) -> dict[str, int]:
    return {
        "dana": add(
            "Dana Whitfield",
            organisation="Northwind Labs",
            role="VP Engineering",
            email="dana@northwind.example",
            notes="Writes about sailing boats",
            tags=("Hiring",),
            expertise=("Kubernetes",),
            interests=("Jazz",),
            phone="+44 1234 5678",
            location="Reykjavik",
        ),
        "elodie": add("Élodie Martin", organisation="Banque Lumière", role="Head of Data"),
        "strasse": add("Jonas Weber", organisation="Straße AG", role="Engineer"),
        "yael": add("יעל כהן", organisation="אור ונצ'רס", second_degree=True),
        "percent": add("Growth Co", organisation="100% Growth", notes="under_score note"),
        "eve": add("[bold]Eve[/bold]", role="Security researcher", second_degree=True),
    }


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("whitfield", "dana"),  # name
        ("northwind", "dana"),  # organisation
        ("VP", "dana"),  # role
        ("dana@northwind.example", "dana"),  # email
        ("hiring", "dana"),  # tag
        ("kubernetes", "dana"),  # expertise
        ("jazz", "dana"),  # interest
        ("sailing", "dana"),  # notes
        ("lumière", "elodie"),
        ("כהן", "yael"),
        ("[bold]", "eve"),
    ],
)
def test_search_by_each_field(people, query, who):
    assert list_contact_ids(query) == [people[who]]


def test_search_is_a_substring_match(people):
    assert list_contact_ids("whit") == [people["dana"]]
    assert list_contact_ids("orthwin") == [people["dana"]]


def test_every_word_must_match(people):
    assert list_contact_ids("dana northwind") == [people["dana"]]
    assert list_contact_ids("northwind   DANA") == [people["dana"]]
    assert list_contact_ids("dana lumière") == []
    assert set(list_contact_ids("engineer")) == {people["dana"], people["strasse"]}
    assert list_contact_ids("engineer weber") == [people["strasse"]]


def test_search_is_case_insensitive_beyond_ascii(people):
    assert list_contact_ids("ÉLODIE") == [people["elodie"]]
    assert list_contact_ids("élodie") == [people["elodie"]]
    assert list_contact_ids("BANQUE LUMIÈRE") == [people["elodie"]]
    assert list_contact_ids("STRASSE") == [people["strasse"]]  # ß casefolds to ss
    assert list_contact_ids("straße") == [people["strasse"]]


def test_like_wildcards_are_literal(people):
    assert list_contact_ids("%") == [people["percent"]]
    assert list_contact_ids("100%") == [people["percent"]]
    assert list_contact_ids("_") == [people["percent"]]
    assert list_contact_ids("under_score") == [people["percent"]]
    assert list_contact_ids("d_na") == []
    assert list_contact_ids("%wind") == []


def test_empty_query_lists_everyone(people):
    assert set(list_contact_ids("")) == set(people.values())
    assert set(list_contact_ids("   ")) == set(people.values())


def test_fields_outside_the_search_are_not_searched(people):
    # DESIGN: name, organisation, role, email, tags and notes; not location.
    assert list_contact_ids("reykjavik") == []


def test_archived_contacts_are_hidden_until_restored(people):
    dana = people["dana"]
    total = len(people)
    set_archived(dana, True)
    assert get_contact(dana).archived is True
    assert dana not in list_contact_ids("")
    assert list_contact_ids("northwind") == []
    for scope in (Scope.EVERYONE, Scope.NETWORK, Scope.SECOND_DEGREE):
        assert dana not in list_contact_ids(scope=scope)
    # ...except from the archived scope, which shows only them, searchable too.
    assert list_contact_ids(scope=Scope.ARCHIVED) == [dana]
    assert list_contact_ids("northwind", scope=Scope.ARCHIVED) == [dana]
    assert count_contacts() == total - 1
    assert count_contacts(include_archived=True) == total
    set_archived(dana, False)
    assert get_contact(dana).archived is False
    assert list_contact_ids("northwind") == [dana]
    assert list_contact_ids(scope=Scope.ARCHIVED) == []
    assert count_contacts() == total


def test_archiving_keeps_the_data(people):
    dana = people["dana"]
    log_exchange(dana, days_ago(3))
    set_archived(dana, True)
    set_archived(dana, False)
    assert get_contact(dana).fields.tags == ("Hiring",)
    assert Exchange.select().where(Exchange.contact == dana).count() == 1


# --- scopes ------------------------------------------------------------------------------


def test_scopes(people):
    second = {people["yael"], people["eve"]}
    everyone = set(people.values())
    assert set(list_contact_ids(scope=Scope.EVERYONE)) == everyone
    assert set(list_contact_ids(scope=Scope.NETWORK)) == everyone - second
    assert set(list_contact_ids(scope=Scope.SECOND_DEGREE)) == second
    assert list_contact_ids("researcher", scope=Scope.NETWORK) == []
    assert list_contact_ids("researcher", scope=Scope.SECOND_DEGREE) == [people["eve"]]


# --- sorting -----------------------------------------------------------------------------


def names(ids: list[int]) -> list[str]:
    return [row.name for row in contact_rows(ids)]


def test_sort_by_name(db):
    for name in ("carol", "Bob", "alice", "  Dave   Smith ", "bob"):
        add(name)
    assert names(list_contact_ids(sort=SortKey.NAME)) == [
        "alice", "Bob", "bob", "carol", "  Dave   Smith ",
    ]  # fmt: skip
    # Reversing reverses the whole list, equal names included.
    assert names(list_contact_ids(sort=SortKey.NAME, descending=True)) == [
        "  Dave   Smith ", "carol", "bob", "Bob", "alice",
    ]  # fmt: skip


def test_accented_names_sort_among_their_letters(db):
    for name in ("Zoe Adams", "Ørjan Berg", "Émile Durand", "Łukasz Nowak", "Eve Stone",
                 "Lara Croft", "Oscar Wilde", "Ærin Hall", "adam", "יעל כהן"):  # fmt: skip
        add(name)
    assert names(list_contact_ids(sort=SortKey.NAME)) == [
        "adam", "Ærin Hall", "Émile Durand", "Eve Stone", "Lara Croft", "Łukasz Nowak",
        "Ørjan Berg", "Oscar Wilde", "Zoe Adams", "יעל כהן",
    ]  # fmt: skip


def test_accented_organisations_sort_among_their_letters(db):
    add("a", organisation="Zeta")
    add("b", organisation="Ärzte ohne Grenzen")
    add("c", organisation="Øresund Bank")
    add("d", organisation="banque")
    add("e", organisation="Oslo Kommune")
    assert names(list_contact_ids(sort=SortKey.ORGANISATION)) == ["b", "d", "c", "e", "a"]


@pytest.mark.parametrize(("key", "field"), [(SortKey.ORGANISATION, "organisation"),
                                            (SortKey.ROLE, "role")])  # fmt: skip
def test_sort_by_organisation_and_role_puts_empty_last(db, key, field):
    add("w", **{field: ""})
    add("x", **{field: "beta"})
    add("y", **{field: "Alpha"})
    add("z", **{field: "gamma"})
    add("v", **{field: ""})
    assert names(list_contact_ids(sort=key)) == ["y", "x", "z", "v", "w"]
    assert names(list_contact_ids(sort=key, descending=True)) == ["z", "x", "y", "v", "w"]


def test_sort_by_last_contact(db):
    by_exchange = add("By exchange")  # exchange 10 days ago, meeting 20 days ago
    log_exchange(by_exchange, days_ago(10))
    meet(by_exchange, at_noon(days_ago(20)))
    by_meeting = add("By meeting")  # exchange 20 days ago, meeting 5 days ago
    log_exchange(by_meeting, days_ago(20))
    meet(by_meeting, at_noon(days_ago(5)))
    old = add("Old friend")  # exchange 30 days ago; a meeting next week does not count
    log_exchange(old, days_ago(30))
    meet(old, at_noon(TODAY + dt.timedelta(days=7)))
    only_future = add("Only future")  # a meeting next week only: never met
    meet(only_future, at_noon(TODAY + dt.timedelta(days=7)))
    never = add("Never met")

    recent_first = list_contact_ids(sort=SortKey.LAST_CONTACT)
    assert recent_first == [by_meeting, by_exchange, old, never, only_future]
    oldest_first = list_contact_ids(sort=SortKey.LAST_CONTACT, descending=True)
    assert oldest_first == [old, by_exchange, by_meeting, never, only_future]

    assert last_contacts([by_exchange, by_meeting, old, only_future, never]) == {
        by_exchange: days_ago(10),
        by_meeting: days_ago(5),
        old: days_ago(30),
    }


def test_meeting_earlier_today_counts(db):
    contact_id = add("Breakfast")
    meet(contact_id, dt.datetime.combine(TODAY, dt.time(0, 0)))
    assert get_contact(contact_id).last_contact == TODAY


def test_sort_and_search_combine(people):
    ids = list_contact_ids("engineer", sort=SortKey.NAME, descending=True)
    assert ids == [people["strasse"], people["dana"]]


# --- resolve_name ------------------------------------------------------------------------


@pytest.fixture
def names_db(db) -> dict[str, int]:
    return {
        "ann": add("Ann"),
        "anna": add("Anna Lee"),
        "joanne": add("Joanne Smith"),
        "bob": add("Bob Stone"),
        "élodie": add("Élodie Martin"),
    }


def test_exact_match_beats_substring(names_db):
    assert resolve_name("ann") == (names_db["ann"], "Ann")
    assert resolve_name("  ANN ") == (names_db["ann"], "Ann")


def test_unique_substring(names_db):
    assert resolve_name("stone") == (names_db["bob"], "Bob Stone")
    assert resolve_name("anna   LEE") == (names_db["anna"], "Anna Lee")
    assert resolve_name("ÉLODIE") == (names_db["élodie"], "Élodie Martin")


def test_ambiguous_substring_lists_candidates(names_db):
    with pytest.raises(AmbiguousNameError) as caught:
        resolve_name("an")
    assert {name for _, name, _ in caught.value.candidates} == {"Ann", "Anna Lee", "Joanne Smith"}
    assert "Anna Lee" in str(caught.value)
    assert "3 contacts" in str(caught.value)


def test_duplicate_exact_names_are_ambiguous(names_db):
    add("Bob Stone")
    with pytest.raises(AmbiguousNameError) as caught:
        resolve_name("bob stone")
    assert [name for _, name, _ in caught.value.candidates] == ["Bob Stone", "Bob Stone"]


def test_not_found(names_db):
    with pytest.raises(ContactNotFoundError):
        resolve_name("Zed")
    with pytest.raises(ContactNotFoundError):
        resolve_name("   ")
    with pytest.raises(ContactNotFoundError):
        resolve_name("%")
    with pytest.raises(ContactNotFoundError):
        resolve_name("a_n")


def test_archived_contacts_are_not_resolved(names_db):
    set_archived(names_db["ann"], True)
    # The archived exact match no longer wins; the live substring match does.
    with pytest.raises(AmbiguousNameError) as caught:
        resolve_name("ann")
    assert [name for _, name, _ in caught.value.candidates] == ["Anna Lee", "Joanne Smith"]
    set_archived(names_db["bob"], True)
    with pytest.raises(ContactNotFoundError):
        resolve_name("Bob Stone")
    assert resolve_name("Bob Stone", include_archived=True) == (names_db["bob"], "Bob Stone")


def test_names_match_without_their_accents_and_with_them(names_db):
    names = ("Zoë Hartmann", "Jürgen Müller", "Łukasz Nowak", "Ørjan Berg", "Tomás Ruiz",
             "Diego Álvarez")  # fmt: skip
    people = {name: add(name) for name in names}
    for typed, name in (("zoe", "Zoë Hartmann"), ("muller", "Jürgen Müller"),
                        ("lukasz", "Łukasz Nowak"), ("ORJAN", "Ørjan Berg"),
                        ("tomas ruiz", "Tomás Ruiz"), ("Alvarez", "Diego Álvarez"),
                        ("ZOË", "Zoë Hartmann"), ("Zoë", "Zoë Hartmann")):  # fmt: skip
        assert resolve_name(typed) == (people[name], name), typed
    assert resolve_name("elodie martin") == (names_db["élodie"], "Élodie Martin")


def test_same_named_contacts_are_picked_by_organisation_or_id(db):
    globex = add("Rita Alvarez", organisation="Globex Inc.")
    initech = add("Rita Álvarez", organisation="Initech")
    nowhere = add("Rita Alvarez")
    with pytest.raises(AmbiguousNameError) as caught:
        resolve_name("Rita Alvarez")
    message = str(caught.value)
    assert message == (
        f'"Rita Alvarez" matches 3 contacts: Rita Alvarez @ Globex Inc. (#{globex}), '
        f"Rita Álvarez @ Initech (#{initech}), Rita Alvarez (#{nowhere}); pick one as "
        f'NAME@ORG or #ID, e.g. "Rita Alvarez@Globex Inc." or "#{globex}".'
    )
    assert resolve_name("Rita Alvarez@Globex Inc.") == (globex, "Rita Alvarez")
    assert resolve_name("rita alvarez@globex") == (globex, "Rita Alvarez")
    assert resolve_name("Rita@GLOBEX, INC") == (globex, "Rita Alvarez")
    assert resolve_name("alvarez@initech") == (initech, "Rita Álvarez")
    assert resolve_name(f"#{nowhere}") == (nowhere, "Rita Alvarez")
    assert resolve_name(f" # {initech} ") == (initech, "Rita Álvarez")
    with pytest.raises(ContactNotFoundError, match='No contact matches "Rita" at "Contoso"'):
        resolve_name("Rita@Contoso")
    with pytest.raises(ContactNotFoundError, match="no contact with id #999"):
        resolve_name("#999")
    set_archived(initech, True)
    with pytest.raises(ContactNotFoundError, match=f"#{initech} is archived"):
        resolve_name(f"#{initech}")
    assert resolve_name(f"#{initech}", include_archived=True)[0] == initech


def test_a_name_with_an_at_sign_is_still_a_name(db):
    odd = add("dana@home")
    add("Dana Levi", organisation="home")
    assert resolve_name("dana@home") == (odd, "dana@home")


def test_when_the_organisation_does_not_tell_them_apart_the_id_does(db):
    first = add("Sam Lee", organisation="Globex")
    second = add("Sam Lee", organisation="globex")
    with pytest.raises(AmbiguousNameError) as caught:
        resolve_name("sam lee@globex")
    assert str(caught.value).endswith(f'pick one by its #ID, e.g. "#{first}".')
    assert resolve_name(f"#{second}") == (second, "Sam Lee")


def test_resolve_name_follows_renames(names_db):
    update_contact(names_db["bob"], ContactFields(name="Robert Stone"))
    assert resolve_name("robert") == (names_db["bob"], "Robert Stone")
    with pytest.raises(ContactNotFoundError):
        resolve_name("bob")


# --- contact_rows ------------------------------------------------------------------------


def test_contact_rows_keep_the_given_order_and_report_last_contact(db):
    a = add("Ann", organisation="Acme", role="CTO")
    b = add("Bob", second_degree=True)
    c = add("Cy")
    log_exchange(b, days_ago(2))
    meet(c, at_noon(days_ago(1)))
    rows = contact_rows([c, a, 999, b])
    assert [row.id for row in rows] == [c, a, b]
    assert rows[1].name == "Ann"
    assert rows[1].organisation == "Acme"
    assert rows[1].role == "CTO"
    assert rows[1].second_degree is False
    assert rows[2].second_degree is True
    assert [row.last_contact for row in rows] == [days_ago(1), None, days_ago(2)]
    assert contact_rows([]) == []


def test_many_contacts_across_chunks(db):
    """More ids than one IN (...) chunk: order and completeness hold."""
    count = 1234
    orgs = ("Northwind", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark")
    with database.atomic():
        Contact.insert_many(
            [{"name": f"Person {n:04d}", "organisation": orgs[n % 7]} for n in range(count)]
        ).execute()
    ids = [row[0] for row in Contact.select(Contact.id).tuples()]
    refresh_search_text(ids)
    for contact_id in ids[::300]:
        log_exchange(contact_id, days_ago(1))

    listed = list_contact_ids(sort=SortKey.NAME)
    assert len(listed) == count
    assert names(listed) == [f"Person {n:04d}" for n in range(count)]
    assert names(list_contact_ids("HOOLI")) == [f"Person {n:04d}" for n in range(4, count, 7)]
    backwards = list(reversed(ids))
    rows = contact_rows(backwards)
    assert [row.id for row in rows] == backwards
    assert {row.id for row in rows if row.last_contact} == set(ids[::300])
