"""Matching goods and goals to contacts, with the reasons why (no database, no Textual).

Words
    Text is folded (case and accents, :func:`netui.core.folding.fold`) and cut into
    words: ``c++``, ``m&a`` and ``o'neill`` stay
    whole, a trailing ``'s`` goes, a hyphenated word counts whole and joined
    (``start-up`` → ``startup``; its parts ``start``, ``up`` also count in a
    bag of words but are never required). A plural ``s`` is dropped (``startups``
    → ``startup``; ``ies`` → ``y``), words of one letter and common English
    words (:data:`STOPWORDS`) are ignored. A tag's **key** is the set of its
    words; a tag occurs in a text when its whole key is among the text's words.

A good and a contact
    A contact's tag (of any kind: interest, expertise, tag) matches a good when it
    is one of the good's tags (``via="tag"``) or its key occurs in the good's title,
    description or tag words (``via="word"``). Each matching tag scores
    :data:`KIND_WEIGHTS` [kind] × :data:`VIA_WEIGHTS` [via]. Only a contact with at
    least one matching tag matches; then every word the good shares with the
    contact's role adds :data:`ROLE_WORD` (at most :data:`MAX_ROLE_WORDS` words) and
    every word shared with the organisation :data:`ORG_WORD` (at most one). So the
    role and organisation refine a match and never make one; the most they add is
    :data:`MAX_WORD_BONUS`, which lets the database fetch only the candidates that
    can still reach the top.

    A good of kind ``connection`` is access to someone: the contacts it would
    interest are the people I could introduce to that someone. People who already
    work at an organisation the good names (``Warm line to Brightwater Capital``)
    are left out.

A goal and a contact
    A contact serves a target organisation when the target's words are all in
    the contact's organisation (``Helix Health`` serves ``Helix Health Ltd``), a
    target role when the role's words are all in the contact's role (``Head of
    Data`` serves ``Head of Data & Analytics``, not ``Data Engineer``), and a target
    tag when they carry that tag or one with the same key (``startups`` and
    ``start-up``), any kind. Scores: :data:`GOAL_ORG`, :data:`GOAL_ROLE`, and
    :data:`GOAL_TAG` per tag.

Gaps
    A target organisation or role is a **gap** when nobody in my network (not
    archived; on one person's database the first degree, on a team's the contacts I
    have a relationship, ledger entry or meeting with: the caller says who with
    ``Served.first_degree``) serves it. The best way into a gap is the best-scoring
    contact outside my network who serves it (the caller asks the brokers ranking who can
    introduce me to them); when nobody at all serves it, the gap says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from netui.core.folding import fold, fold_key, normalise_tag

# --- words ---------------------------------------------------------------------------

STOPWORDS = frozenset(
    (
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and",
        "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
        "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
        "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he",
        "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off",
        "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she",
        "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
        "until", "up", "very", "via", "was", "we", "were", "what", "when", "where", "which",
        "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "per",
        "etc",
    )
)  # fmt: skip

# A word: letters or digits, joined by - & or ' inside, then any + or # (c++, c#).
_TOKEN = re.compile(r"[^\W_]+(?:[-&'’][^\W_]+)*[+#]*")


def stem(word: str) -> str:
    """The light stem of one folded word: a plural ``s`` (or ``ies``) dropped."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _tokens(text: str) -> Iterable[tuple[str, tuple[str, ...]]]:
    """Each word as (the word itself, its parts when it was hyphenated)."""
    for raw in _TOKEN.findall(fold(text)):
        raw = raw.replace("’", "'")
        if raw.endswith("'s"):
            raw = raw[:-2]
        if "-" in raw or "'" in raw:
            parts = tuple(re.split(r"[-']", raw))
            yield raw.replace("-", "").replace("'", ""), parts
        else:
            yield raw, ()


def _keep(word: str) -> bool:
    return len(word) > 1 and word not in STOPWORDS


@lru_cache(maxsize=8192)
def key_words(text: str) -> frozenset[str]:
    """The words a tag, organisation or role must find: hyphenated words joined."""
    return frozenset(stem(word) for word, _ in _tokens(text) if _keep(word))


@lru_cache(maxsize=8192)
def bag_of_words(text: str) -> frozenset[str]:
    """Every word of a text, the parts of hyphenated words too."""
    found: set[str] = set()
    for word, parts in _tokens(text):
        if _keep(word):
            found.add(stem(word))
        found.update(stem(part) for part in parts if _keep(part))
    return frozenset(found)


def search_parts(text: str) -> tuple[str, ...]:
    """Substrings every text whose key holds this text's key contains (folded): the
    stems of the plain letter runs, for a database pre-filter on folded text."""
    parts = {stem(part) for part in re.findall(r"[^\W_]+", fold(text)) if _keep(part)}
    return tuple(sorted(parts))


def tag_key(tag: str) -> frozenset[str]:
    return key_words(tag)


def split_lines(value: str) -> tuple[str, ...]:
    """Targets stored one per line (a semicolon also separates them), de-duplicated."""
    seen: dict[str, str] = {}
    for part in re.split(r"[\n;]", value):
        clean = " ".join(part.split())
        if clean:
            seen.setdefault(fold(clean), clean)
    return tuple(seen.values())


# --- goods ---------------------------------------------------------------------------

KIND_WEIGHTS = {"interest": 3.0, "tag": 2.0, "expertise": 1.5}
VIA_WEIGHTS = {"tag": 1.0, "word": 0.6}
ROLE_WORD = 0.5
MAX_ROLE_WORDS = 2
ORG_WORD = 0.5
MAX_WORD_BONUS = ROLE_WORD * MAX_ROLE_WORDS + ORG_WORD

FIELD_LABELS = {
    "interest": "interested in",
    "expertise": "expert in",
    "tag": "tagged",
    "role": "role mentions",
    "organisation": "organisation mentions",
    "target_organisation": "works at",
    "target_role": "is a",
    "goal_tag": "tagged",
    "linked": "linked by hand",
}


@dataclass(frozen=True)
class Reason:
    """One reason a contact matches: which field, which tag or word, how it was found.

    ``field`` is ``interest``, ``expertise``, ``tag``, ``role`` or ``organisation`` for
    a good; ``target_organisation``, ``target_role``, ``goal_tag`` or ``linked`` for
    a goal. ``via`` is ``tag`` (one of the good's or goal's tags), ``word`` (a word
    of the good's title or description) or ``target``.
    """

    field: str
    term: str
    via: str = "tag"


def explain(reasons: Sequence[Reason]) -> str:
    """One line: ``interested in pricing, saas · expert in analytics (mentioned) · ...``.

    "(mentioned)": the tag is not one of the good's tags, its words are in the text.
    """
    groups: dict[str, list[str]] = {}
    for reason in reasons:
        mentioned = reason.via == "word" and reason.field in KIND_WEIGHTS
        term = f"{reason.term} (mentioned)" if mentioned else reason.term
        groups.setdefault(reason.field, []).append(term)
    parts = []
    for name, terms in groups.items():
        label = FIELD_LABELS.get(name, name)
        parts.append(label if name == "linked" else f"{label} {', '.join(terms)}")
    return " · ".join(parts)


@dataclass(frozen=True)
class GoodProfile:
    """What a good offers, in words."""

    kind: str
    tags: frozenset[str]  # the tags' keys (normalise_tag)
    words: frozenset[str]  # the bag of title, description and tag words
    named_organisation_words: frozenset[str] = frozenset()  # title words, for connections

    def tag_via(self, tag: str, key: frozenset[str] | None = None) -> str | None:
        """How a tag (any spelling) matches this good: ``tag``, ``word`` or ``None``."""
        if normalise_tag(tag) in self.tags:
            return "tag"
        key = tag_key(tag) if key is None else key
        if key and key <= self.words:
            return "word"
        return None


def good_profile(kind: str, title: str, description: str, tags: Iterable[str]) -> GoodProfile:
    tags = frozenset(normalise_tag(t) for t in tags if normalise_tag(t))
    words = bag_of_words(f"{title}\n{description}\n" + "\n".join(tags))
    return GoodProfile(
        kind=kind,
        tags=tags,
        words=words,
        named_organisation_words=bag_of_words(title) if kind == "connection" else frozenset(),
    )


def matching_tags(profile: GoodProfile, vocabulary: Mapping[str, int]) -> dict[int, str]:
    """``{tag id: via}`` for the tags of ``vocabulary`` (name or key → id) that match
    the good."""
    found: dict[int, str] = {}
    for name, tag_id in vocabulary.items():
        via = profile.tag_via(name)
        if via is not None:
            found[tag_id] = via
    return found


@dataclass(frozen=True)
class Match:
    """A contact (or a good, seen from a contact) that matches, how well and why."""

    score: float
    reasons: tuple[Reason, ...]

    @property
    def why(self) -> str:
        return explain(self.reasons)


def tag_score(kind: str, via: str) -> float:
    return KIND_WEIGHTS.get(kind, KIND_WEIGHTS["tag"]) * VIA_WEIGHTS[via]


def match_good(
    profile: GoodProfile,
    contact_tags: Iterable[tuple[str, str]],
    role: str = "",
    organisation: str = "",
) -> Match | None:
    """How well a contact matches a good, or ``None``.

    ``contact_tags`` are ``(kind, tag)`` pairs, the tag as spelled (the reasons show
    it so); tags that do not match are ignored, so a caller may pass only the
    candidates' matching ones.
    """
    if profile.kind == "connection" and organisation:
        org_key = key_words(organisation)
        if org_key and org_key <= profile.named_organisation_words:
            return None  # already works there: no introduction needed
    score = 0.0
    reasons: list[Reason] = []
    seen: set[tuple[str, str]] = set()
    for kind, name in contact_tags:
        if (kind, normalise_tag(name)) in seen:
            continue
        seen.add((kind, normalise_tag(name)))
        via = profile.tag_via(name)
        if via is None:
            continue
        score += tag_score(kind, via)
        reasons.append(Reason(kind if kind in KIND_WEIGHTS else "tag", name, via))
    if not reasons:
        return None
    reasons.sort(key=lambda r: (-tag_score(r.field, r.via), r.field, r.term))
    bonus, extra = word_bonus(profile, role, organisation)
    return Match(round(score + bonus, 3), (*reasons, *extra))


def word_bonus(profile: GoodProfile, role: str, organisation: str) -> tuple[float, list[Reason]]:
    """What a contact's role and organisation add to a tag match, and why."""
    reasons: list[Reason] = []
    bonus = 0.0
    if role:
        shared = sorted(bag_of_words(role) & profile.words)[:MAX_ROLE_WORDS]
        bonus += ROLE_WORD * len(shared)
        reasons.extend(Reason("role", word, "word") for word in shared)
    if organisation and profile.kind != "connection":
        shared = sorted(bag_of_words(organisation) & profile.words)[:1]
        bonus += ORG_WORD * len(shared)
        reasons.extend(Reason("organisation", word, "word") for word in shared)
    return bonus, reasons


# --- goals ---------------------------------------------------------------------------

GOAL_ORG = 4.0
GOAL_ROLE = 3.0
GOAL_TAG = 1.0


@dataclass(frozen=True)
class GoalTargets:
    """A goal's target organisations, roles and tags."""

    organisations: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # as spelled; matched by normalise_tag and tag_key

    @property
    def empty(self) -> bool:
        return not (self.organisations or self.roles or self.tags)


def _compiled(values: Sequence[str]) -> list[tuple[str, frozenset[str]]]:
    return [(value, key) for value in values if (key := key_words(value))]


def serves_target(target: str, value: str) -> bool:
    """Whether ``value`` (an organisation or a role) holds every word of ``target``."""
    key = key_words(target)
    return bool(key) and key <= key_words(value)


class GoalMatcher:
    """Matches contacts against one goal's targets; build once, call per contact."""

    def __init__(self, targets: GoalTargets) -> None:
        self.targets = targets
        self._orgs = _compiled(targets.organisations)
        self._roles = _compiled(targets.roles)
        self._tag_keys = {normalise_tag(t): tag_key(t) for t in targets.tags}
        self._spelling = {normalise_tag(t): t for t in reversed(targets.tags)}
        self._key_to_tag = {key: tag for tag, key in self._tag_keys.items() if key}
        # Organisations and roles repeat across a network: each is judged once.
        self._org_memo: dict[str, tuple[str, ...]] = {}
        self._role_memo: dict[str, tuple[str, ...]] = {}

    def goal_tag_for(self, tag: str) -> str | None:
        """The goal tag (as the goal spells it) a contact's tag stands for, if any."""
        normal = normalise_tag(tag)
        if normal in self._tag_keys:
            return self._spelling[normal]
        same_key = self._key_to_tag.get(tag_key(tag))
        return None if same_key is None else self._spelling[same_key]

    def organisations_served(self, organisation: str) -> tuple[str, ...]:
        return self._served(organisation, self._orgs, self._org_memo)

    def roles_served(self, role: str) -> tuple[str, ...]:
        return self._served(role, self._roles, self._role_memo)

    @staticmethod
    def _served(
        value: str, targets: list[tuple[str, frozenset[str]]], memo: dict[str, tuple[str, ...]]
    ) -> tuple[str, ...]:
        if not value or not targets:
            return ()
        found = memo.get(value)
        if found is None:
            words = key_words(value)
            found = memo[value] = tuple(target for target, key in targets if key <= words)
        return found

    def match(
        self, organisation: str, role: str, tags: Iterable[str], *, linked: bool = False
    ) -> Match | None:
        """How well a contact serves the goal, or ``None`` (a linked contact always does)."""
        reasons: list[Reason] = []
        score = 0.0
        if linked:
            reasons.append(Reason("linked", "", "hand"))
        for target in self.organisations_served(organisation):
            score += GOAL_ORG
            reasons.append(Reason("target_organisation", target, "target"))
        for target in self.roles_served(role):
            score += GOAL_ROLE
            reasons.append(Reason("target_role", target, "target"))
        found: dict[str, None] = {}
        for tag in tags:
            goal_tag = self.goal_tag_for(tag)
            if goal_tag is not None:
                found.setdefault(goal_tag, None)
        for tag in found:
            score += GOAL_TAG
            reasons.append(Reason("goal_tag", tag, "tag"))
        if not reasons:
            return None
        return Match(score, tuple(reasons))


@dataclass(frozen=True)
class Served:
    """A contact who serves a goal, as gap detection sees them."""

    contact_id: int
    name: str
    first_degree: bool
    score: float
    closeness: int
    organisations: tuple[str, ...]  # the target organisations they serve
    roles: tuple[str, ...]  # the target roles they serve


@dataclass(frozen=True)
class Gap:
    """A target organisation or role nobody in my network serves."""

    kind: str  # "organisation" or "role"
    target: str
    second_degree: int  # how many known through someone serve it
    best_id: int | None  # the best of those, to ask the brokers ranking about
    best_name: str = ""

    @property
    def nobody(self) -> bool:
        """Nobody at all (not even second degree) serves it."""
        return self.best_id is None


@dataclass(frozen=True)
class TargetCount:
    kind: str
    target: str
    first_degree: int
    second_degree: int


def target_counts(targets: GoalTargets, served: Iterable[Served]) -> list[TargetCount]:
    """For every target organisation and role, how many first- and second-degree serve it."""
    served = list(served)
    counts = []
    for kind, values in (("organisation", targets.organisations), ("role", targets.roles)):
        for target in values:
            people = [s for s in served if target in getattr(s, f"{kind}s")]
            first = sum(1 for s in people if s.first_degree)
            counts.append(TargetCount(kind, target, first, len(people) - first))
    return counts


def find_gaps(targets: GoalTargets, served: Iterable[Served]) -> list[Gap]:
    """The target organisations and roles no first-degree contact serves, in target order.

    Each gap names the best second-degree contact who serves it (highest score, then
    closest, then name), or nobody.
    """
    served = list(served)
    gaps = []
    for kind, values in (("organisation", targets.organisations), ("role", targets.roles)):
        for target in values:
            people = [s for s in served if target in getattr(s, f"{kind}s")]
            if any(s.first_degree for s in people):
                continue
            people.sort(key=lambda s: (-s.score, -s.closeness, fold_key(s.name), s.contact_id))
            best = people[0] if people else None
            gaps.append(
                Gap(
                    kind=kind,
                    target=target,
                    second_degree=len(people),
                    best_id=best.contact_id if best else None,
                    best_name=best.name if best else "",
                )
            )
    return gaps
