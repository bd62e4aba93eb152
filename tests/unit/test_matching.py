"""The matching rules on plain values: words, goods, goals, gaps, and the reasons why."""

from __future__ import annotations

from netui.core.matching import (
    GoalMatcher,
    GoalTargets,
    Reason,
    Served,
    bag_of_words,
    explain,
    find_gaps,
    good_profile,
    key_words,
    match_good,
    matching_tags,
    search_parts,
    serves_target,
    split_lines,
    target_counts,
)


def test_words_are_casefolded_stemmed_and_keep_symbols():
    assert key_words("Start-ups in E-Commerce, C++ and M&A") == {
        "startup",
        "ecommerce",
        "c++",
        "m&a",
    }
    # Hyphen parts count in a bag, never as a requirement.
    assert {"start", "startup", "commerce"} <= bag_of_words("start-up e-commerce")
    assert key_words("Brightwater Capital's founders") == {"brightwater", "capital", "founder"}
    assert key_words("the of and a") == frozenset()
    assert key_words("Überall Analytics") == {"uberall", "analytic"}  # folded
    assert key_words("Zürich Re") == key_words("zurich RE") == {"zurich", "re"}


def test_search_parts_are_substrings_of_the_stored_text():
    for target, stored in (("Analytics", "Helix Analytics"), ("Start-up", "start-up labs")):
        for part in search_parts(target):
            assert part in stored.casefold()


def test_split_lines_trims_and_deduplicates_ignoring_case():
    assert split_lines(" Helix  Health \n\nhelix health\nTidepool; DataConf ") == (
        "Helix Health",
        "Tidepool",
        "DataConf",
    )


PRICING = good_profile(
    "expertise",
    "Pricing and churn analytics",
    "Two years of pricing experiments for a SaaS business.",
    ["pricing", "SaaS"],
)


def test_a_good_matches_interests_expertise_and_tags_and_says_why():
    match = match_good(
        PRICING,
        [("interest", "pricing"), ("expertise", "analytics"), ("tag", "climbing")],
        role="Head of Pricing",
        organisation="Globex",
    )
    assert match is not None
    assert match.reasons[0] == Reason("interest", "pricing", "tag")
    assert Reason("expertise", "analytics", "word") in match.reasons
    assert Reason("role", "pricing", "word") in match.reasons
    assert all(r.term != "climbing" for r in match.reasons)
    assert match.why == (
        "interested in pricing · expert in analytics (mentioned) · role mentions pricing"
    )
    # interest 3 × tag 1 + expertise 1.5 × word 0.6 + one role word 0.5
    assert match.score == 4.4


def test_role_and_organisation_alone_never_make_a_match():
    assert match_good(PRICING, [("interest", "climbing")], role="Pricing Lead") is None
    assert match_good(PRICING, []) is None


def test_interest_outranks_expertise_and_explicit_tags_outrank_words():
    interest = match_good(PRICING, [("interest", "pricing")])
    expertise = match_good(PRICING, [("expertise", "pricing")])
    mentioned = match_good(PRICING, [("interest", "experiment")])
    assert interest and expertise and mentioned
    assert interest.score > expertise.score
    assert interest.score > mentioned.score


def test_multi_word_tags_need_every_word():
    profile = good_profile("knowledge", "Machine learning in production", "", [])
    assert profile.tag_via("machine learning") == "word"
    assert profile.tag_via("deep learning") is None
    assert matching_tags(profile, {"machine learning": 1, "learning": 2, "rust": 3}) == {
        1: "word",
        2: "word",
    }


def test_a_connection_leaves_out_people_already_there():
    line = good_profile(
        "connection",
        "Warm line to Brightwater Capital",
        "A partner takes my calls.",
        ["fundraising"],
    )
    tags = [("interest", "fundraising")]
    assert match_good(line, tags, organisation="Brightwater Capital") is None
    founder = match_good(line, tags, role="Founder", organisation="Tidepool Labs")
    assert founder is not None
    # The organisation is not a reason for a connection, it is the destination.
    assert all(r.field != "organisation" for r in founder.reasons)


def test_explain_groups_by_field_and_keeps_text_literal():
    reasons = (
        Reason("interest", "[bold]x[/]"),
        Reason("interest", "saas"),
        Reason("linked", "", "hand"),
    )
    assert explain(reasons) == "interested in [bold]x[/], saas · linked by hand"


TARGETS = GoalTargets(
    organisations=("Helix Health", "Tidepool Labs"),
    roles=("Head of Data", "CTO"),
    tags=("health tech", "startups"),
)


def test_goal_targets_match_organisations_roles_and_tags():
    matcher = GoalMatcher(TARGETS)
    match = matcher.match("Helix Health Ltd", "Head of Data & Analytics", ["start-ups", "python"])
    assert match is not None
    assert [r.field for r in match.reasons] == ["target_organisation", "target_role", "goal_tag"]
    assert match.why == "works at Helix Health · is a Head of Data · tagged startups"
    assert match.score == 4 + 3 + 1
    assert matcher.match("Helix Bio", "Data Engineer", ["python"]) is None
    assert serves_target("CTO", "CTO & co-founder")
    assert not serves_target("Head of Data", "Data Engineer")


def test_a_linked_contact_always_serves_and_says_so():
    match = GoalMatcher(TARGETS).match("Acme", "Chef", [], linked=True)
    assert match is not None and match.why == "linked by hand"


def served(cid, name, first, orgs=(), roles=(), score=4.0, closeness=3):
    return Served(cid, name, first, score, closeness, tuple(orgs), tuple(roles))


def test_gaps_are_targets_no_first_degree_contact_serves():
    people = [
        served(1, "Ann", True, orgs=["Helix Health"]),
        served(2, "Bo", False, roles=["CTO"], score=3),
        served(3, "Cy", False, roles=["CTO"], score=3, closeness=5),
        served(4, "Di", False, orgs=["Helix Health"]),
    ]
    gaps = find_gaps(TARGETS, people)
    assert [(g.kind, g.target) for g in gaps] == [
        ("organisation", "Tidepool Labs"),
        ("role", "Head of Data"),
        ("role", "CTO"),
    ]
    tidepool, head, cto = gaps
    assert tidepool.nobody and head.nobody
    assert (cto.best_id, cto.best_name, cto.second_degree) == (3, "Cy", 2)  # the closer one
    counts = {
        (c.kind, c.target): (c.first_degree, c.second_degree)
        for c in target_counts(TARGETS, people)
    }
    assert counts[("organisation", "Helix Health")] == (1, 1)
    assert counts[("role", "CTO")] == (0, 2)


def test_no_targets_no_gaps():
    assert find_gaps(GoalTargets(tags=("python",)), []) == []
