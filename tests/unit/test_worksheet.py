"""The worksheet as plain data: pre-fill, gauge, warnings, intro request, Markdown."""

from __future__ import annotations

import datetime as dt

import pytest

from netui.core import worksheet as ws
from netui.core.worksheet import ContactSnapshot, KnownPerson, Worksheet

DANA = ContactSnapshot(
    name="Dana Levi",
    organisation="Globex",
    role="Head of Data",
    location="London",
    how_we_met="PyCon 2024",
    career_path="Analyst, then data lead.",
    expertise=("pricing", "ml ops"),
    interests=("climbing",),
    knows=(
        KnownPerson("Avi Cohen", "Initech", "CTO", 5, "worked together", i_know_them=True),
        KnownPerson("Mia Park", "Hooli", "", 2, "", i_know_them=False),
        KnownPerson("Bruno Díaz", "", "Advisor", 4, "", i_know_them=True),
    ),
)


def sheet(**sections: str) -> Worksheet:
    extra = {k: sections.pop(k) for k in ("purpose", "place") if k in sections}
    return Worksheet(id=7, contact_id=1, contact_name="Dana Levi", sections=sections, **extra)


def test_sections_have_titles_in_order():
    assert ws.SECTION_KEYS[0] == "who_they_are"
    assert ws.SECTION_KEYS[-1] == "ask"
    assert len(ws.SECTIONS) == 10
    assert ws.TOTAL_SECTIONS == 11
    assert all(section.title for section in ws.SECTIONS)


def test_prefill_from_the_contact_and_ties():
    filled = ws.prefill(DANA)
    assert filled["who_they_are"].splitlines() == [
        "Dana Levi",
        "Head of Data · Globex",
        "Location: London",
        "How we met: PyCon 2024",
    ]
    assert filled["career_path"] == "Analyst, then data lead."
    assert filled["expertise"] == "pricing, ml ops"
    assert filled["interests"] == "climbing"
    lines = filled["key_connections"].splitlines()
    assert lines[0] == "Whom they know that I know:"
    # Strongest first.
    assert lines[1] == "- Avi Cohen (CTO · Initech) — worked together"
    assert lines[2] == "- Bruno Díaz (Advisor)"
    assert "Whom else they know:" in lines
    assert lines[-1] == "- Mia Park (Hooli)"


def test_prefill_without_ties_leaves_key_connections_empty():
    filled = ws.prefill(ContactSnapshot(name="Solo"))
    assert filled["key_connections"] == ""
    assert filled["who_they_are"] == "Solo"


def test_gauge_counts_the_meeting_and_each_filled_section():
    empty = sheet()
    assert ws.gauge(empty) == (0, 11)
    partly = sheet(career_path="x", ask="  ", questions="Why?")
    assert ws.gauge(partly) == (2, 11)
    planned = partly.__class__(
        **{**partly.__dict__, "scheduled_at": dt.datetime(2026, 9, 3, 9, 30), "purpose": "Coffee"}
    )
    assert ws.gauge(planned) == (3, 11)
    assert ws.filled_sections(planned)[0] == "The meeting"
    assert ws.gauge_bar(3, 11, 11) == "███░░░░░░░░"


def test_warnings_ask_before_giving_and_owing():
    assert ws.warnings(sheet()) == []
    assert ws.warnings(sheet(ask="An intro to Avi")) == [ws.ASK_BEFORE_GIVING]
    assert ws.warnings(sheet(ask="An intro", give_first="My pricing deck")) == []
    assert ws.warnings(sheet(), meter=-20) == [ws.YOU_OWE_THEM]
    assert ws.warnings(sheet(), meter=0) == []
    assert ws.warnings(sheet(ask="x"), meter=-1) == [ws.ASK_BEFORE_GIVING, ws.YOU_OWE_THEM]


def test_intro_request_needs_an_introducer():
    assert ws.intro_request(sheet(reasons="x")) == ""


def test_intro_request_gives_reasons_and_what_i_give_first():
    base = sheet(
        reasons="- I ran pricing at Initech\nI know the Hooli data team",
        give_first="- Pricing teardown of their product",
        purpose="pricing for marketplaces.",
    )
    with_introducer = base.__class__(
        **{**base.__dict__, "introducer_id": 2, "introducer_name": "Avi Cohen"}
    )
    text = ws.intro_request(with_introducer, my_name="Sam Roe")
    lines = text.splitlines()
    assert lines[0] == "Hi Avi,"
    assert (
        "Would you be willing to introduce me to Dana Levi? "
        "I would like to talk about pricing for marketplaces." in lines
    )
    assert "Why Dana might want to meet me:" in lines
    assert "- I ran pricing at Initech" in lines
    assert "- I know the Hooli data team" in lines
    assert "What I can offer first:" in lines
    assert "- Pricing teardown of their product" in lines
    assert lines[-1] == "Sam Roe"


def test_markdown_has_every_section_and_shows_brackets_as_typed():
    hostile = Worksheet(
        id=3,
        contact_id=1,
        contact_name="[bold]Eve[/bold]",
        scheduled_at=dt.datetime(2026, 9, 3, 9, 30),
        place="Café [Nero]",
        purpose="Coffee",
        introducer_id=2,
        introducer_name="Avi Cohen",
        sections={
            "who_they_are": "[red]x[/]",
            "reasons": "I know [link=x]things[/link]",
            "ask": "An \x1b[31mintro\x1b]0;pwned\x07",
        },
    )
    md = ws.to_markdown(hostile, my_name="Sam")
    # brackets are backslash-escaped: a Markdown viewer shows them exactly as typed
    assert md.startswith("# Meeting with \\[bold\\]Eve\\[/bold\\]\n")
    for title in [ws.MEETING_TITLE, *(s.title for s in ws.SECTIONS)]:
        assert f"\n## {title}\n" in md
    assert "- **When:** 2026-09-03 09:30" in md
    assert "- **Where:** Café \\[Nero\\]" in md
    assert "\\[red\\]x\\[/\\]" in md
    assert "I know \\[link=x\\]things\\[/link\\]" in md
    assert "\x1b" not in md and "\x07" not in md
    assert "␛\\[31mintro" in md
    assert "## Intro request for the introducer" in md
    assert "> Hi Avi," in md
    assert ws.ASK_BEFORE_GIVING in md
    assert "_(empty)_" in md  # the sections left empty say so


def test_markdown_after_the_meeting():
    done = Worksheet(
        id=3,
        contact_id=1,
        contact_name="Dana",
        done=True,
        outcome="She will intro me to Avi.",
        follow_up=dt.date(2026, 9, 10),
    )
    md = ws.to_markdown(done)
    assert "## After the meeting" in md
    assert "- **Follow up on:** 2026-09-10" in md
    assert "She will intro me to Avi." in md
    assert "## Intro request" not in md


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-09-03 09:30", dt.datetime(2026, 9, 3, 9, 30)),
        ("2026-09-03", dt.datetime(2026, 9, 3)),
        ("  2026-09-03   14:05 ", dt.datetime(2026, 9, 3, 14, 5)),
        ("", None),
    ],
)
def test_parse_when(text, expected):
    assert ws.parse_when(text) == (expected, None)


def test_parse_when_and_day_errors():
    when, error = ws.parse_when("tomorrow")
    assert when is None and "is not a date and time" in error
    day, error = ws.parse_day("2026-13-01")
    assert day is None and "is not a date" in error
    assert ws.parse_day("2026-09-10") == (dt.date(2026, 9, 10), None)


def test_export_filename_is_safe():
    hostile = Worksheet(
        id=9, contact_id=1, contact_name="../[bold]Eve/ \x1b", scheduled_at=dt.datetime(2026, 9, 3)
    )
    name = ws.export_filename(hostile)
    assert name == "prep-bold-eve-2026-09-03-9.md"
    assert "/" not in name


@pytest.mark.parametrize(
    ("purpose", "sentence"),
    [
        ("Learn how Helix plans to build its data team",
         "I would like to talk about how Helix plans to build its data team."),
        ("learn about their Series B.", "I would like to talk about their Series B."),
        ("To discuss Helix's hiring plans", "I would like to talk about Helix's hiring plans."),
        ("Compare notes on ML platforms", "I would like to compare notes on ML platforms."),
        ("pricing for marketplaces.", "I would like to talk about pricing for marketplaces."),
        ("The EU AI Act", "I would like to talk about the EU AI Act."),
        ("AI Act compliance", "I would like to talk about AI Act compliance."),
        ("Understand [b]why[/b] churn rose", "I would like to talk about [b]why[/b] churn rose."),
        ("   ", ""),
    ],
)  # fmt: skip
def test_the_purpose_is_worded_as_a_sentence(purpose, sentence):
    assert ws.purpose_sentence(purpose) == sentence


def test_the_demo_purpose_reads_correctly_in_the_request():
    request = ws.intro_request(
        Worksheet(
            id=1,
            contact_id=1,
            contact_name="Dana Levi",
            purpose="Learn how Helix Health plans to build its data team",
            introducer_id=2,
            introducer_name="Avi Cohen",
        ),
        my_name="Sam Roe",
    )
    assert "talk about Learn" not in request
    assert "I would like to talk about how Helix Health plans to build its data team." in request
    assert request.endswith("Thank you,\nSam Roe")
