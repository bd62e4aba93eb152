"""Textual's stylesheet, each CSS source parsed once per set of theme variables.

Textual 8 parses the whole stylesheet again from scratch (every widget's default
CSS, the app's, every screen's) whenever a screen of ``MODES`` is first shown, twice
over (``App._load_screen_css``, then ``App.refresh_css``): its ``reparse`` makes a new
:class:`~textual.css.stylesheet.Stylesheet` with an empty cache. Before netui's first
paint that was two full parses beside the one it needs (30-40 ms of the time to the
first name at 30,000 contacts, on a loaded 2-core machine).

:class:`ParsedOnce` keeps the rules parsed from each source, for the variables (the
theme's colours) they were parsed with, across those reparses: a source is parsed
again only when its text or the variables change (a new theme). What a parse
returns depends on nothing else, and Textual already hands the same parsed rules out
again from its own cache within one stylesheet.
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

#: Parsed sources kept per set of variables (netui's own, Textual's widgets' and the
#: app's are about 70 when every screen has been shown); Textual keeps 64.
SOURCES_KEPT = 256
#: Sets of variables (themes) whose parses are kept.
THEMES_KEPT = 3

VariablesKey = tuple[tuple[str, str], ...]
_parsed: dict[VariablesKey, LRUCache[tuple, list[RuleSet]]] = {}


def _cache_for(variables: dict[str, str]) -> LRUCache[tuple, list[RuleSet]]:
    """The rules parsed with exactly ``variables``, shared by every stylesheet."""
    key = tuple(sorted(variables.items()))
    cache = _parsed.pop(key, None)
    if cache is None:
        cache = LRUCache(SOURCES_KEPT)
    _parsed[key] = cache  # the most recently used last
    while len(_parsed) > THEMES_KEPT:
        del _parsed[next(iter(_parsed))]
    return cache


class ParsedOnce(Stylesheet):
    """A stylesheet whose reparse reuses what was parsed with the same variables."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parse_cache = _cache_for(self._variables)

    def set_variables(self, variables: dict[str, str]) -> None:
        # Textual clears the cache in place: a cache of its own to clear, not the
        # one shared with the stylesheets of the old variables.
        self._parse_cache = LRUCache(1)
        super().set_variables(variables)
        self._parse_cache = _cache_for(self._variables)

    def reparse(self) -> None:
        """Textual's ``Stylesheet.reparse`` (8.2.8), the fresh stylesheet this class."""
        stylesheet = ParsedOnce(variables=self._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            stylesheet.add_source(
                css,
                read_from=read_from,
                is_default_css=is_defaults,
                tie_breaker=tie_breaker,
                scope=scope,
            )
        try:
            stylesheet.parse()
        except Exception:
            self._invalid_css.update(stylesheet._invalid_css)
            raise
        else:
            self._rules = stylesheet.rules
            self._rules_map = None
            self.source = stylesheet.source
            self._require_parse = False
