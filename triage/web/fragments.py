"""{% cache key, ... %}...{% endcache %}: pieces of a page that depend only on the content, rendered once.

A result page is mostly content: a syndrome's name, summary and care approaches, a rule's criterion and
source. Such a piece is the same HTML for every result with the same syndrome, grade or rule, so it is
rendered once and reused. The key a template gives must name everything the piece shows (content ids,
grades, the view); the URL prefix and the glossary view are added here. Glossary terms are linked at their
first mention on a page, so a piece that mentions terms also depends on which of them the page has linked
before it: that is part of the key, and the terms a piece links are replayed on a hit, as if it had been
rendered. Keys hold content ids only, never a value a user typed, so nothing entered is kept; the cache
is bounded by the content and emptied if it ever grows past MAX_PIECES.
tests/web/test_fragment_cache.py renders many pages with and without the cache and compares them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, request
from jinja2 import nodes
from jinja2.ext import Extension

MAX_PIECES = 4096


@dataclass
class Links:
    """Glossary terms on the page being rendered: those linked so far, and those mentioned at all."""

    linked: set = field(default_factory=set)
    mentioned: set = field(default_factory=set)


def page_links(state=g) -> Links:
    """The page's Links, kept on `g` (the request's globals)."""
    links = state.get("page_links")
    if links is None:
        links = state.page_links = Links()
    return links


def ids(items, name: str) -> tuple:
    """`{% cache "notes", s.notes|ids("rule") %}`: each item's id (a key or an attribute), for a cache key."""
    return tuple(item[name] if isinstance(item, dict) else getattr(item, name) for item in items)


class FragmentCache(Extension):
    tags = {"cache"}

    def __init__(self, environment):
        super().__init__(environment)
        # pieces: full key -> (html, terms it links); mentions: key -> the glossary terms its text mentions
        environment.extend(fragment_cache={}, fragment_mentions={}, fragment_cache_enabled=True)
        environment.filters["ids"] = ids

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = parser.parse_tuple()
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_piece", [key]), [], [], body).set_lineno(lineno)

    def _piece(self, key, caller):
        env = self.environment
        if not env.fragment_cache_enabled:
            return caller()
        state = g._get_current_object()  # one look-up of the request's globals, not one per use
        links = page_links(state)
        key = (key, request.script_root, state.get("glossary_view"))
        mentions = env.fragment_mentions.get(key)
        if mentions is not None:
            hit = env.fragment_cache.get((key, frozenset(links.linked & mentions)))
            if hit is not None:
                html, added = hit
                links.linked |= added
                links.mentioned |= mentions
                return html
        linked_before, mentioned_before = set(links.linked), set(links.mentioned)
        links.mentioned = set()
        html = caller()
        mentions = frozenset(links.mentioned)
        links.mentioned |= mentioned_before
        if len(env.fragment_cache) >= MAX_PIECES:
            env.fragment_cache.clear()
        env.fragment_mentions[key] = mentions
        env.fragment_cache[(key, frozenset(linked_before & mentions))] = (html, frozenset(links.linked - linked_before))
        return html
