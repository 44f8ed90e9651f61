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

    root: str  # the app's URL prefix (request.script_root), part of every piece's key
    linked: set = field(default_factory=set)
    mentioned: set = field(default_factory=set)
    pending: list = field(default_factory=list)  # pieces being rendered (nested ones last)


def page_links(state=g) -> Links:
    """The page's Links, kept on `g` (the request's globals)."""
    links = state.get("page_links")
    if links is None:
        links = state.page_links = Links(request.script_root)
    return links


def ids(items, name: str) -> tuple:
    """`{% cache "notes", s.notes|ids("rule") %}`: each item's id (a key or an attribute), for a cache key."""
    return tuple(item[name] if isinstance(item, dict) else getattr(item, name) for item in items)


class FragmentCache(Extension):
    """`{% cache key %}body{% endcache %}` compiles to: `{% set h = _hit(key) %}{% if h %}{{ h }}{% else %}
    {% set b %}body{% endset %}{{ _store(b) }}{% endif %}`, so a hit costs one call."""

    tags = {"cache"}

    def __init__(self, environment):
        super().__init__(environment)
        # pieces: full key -> (html, terms it links); mentions: key -> the glossary terms its text mentions
        environment.extend(fragment_cache={}, fragment_mentions={}, fragment_cache_enabled=True)
        environment.filters["ids"] = ids
        self.count = 0

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = parser.parse_tuple()
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        self.count += 1
        hit, html = f"_piece_{self.count}", f"_piece_html_{self.count}"
        return [
            nodes.Assign(nodes.Name(hit, "store"), self.call_method("_hit", [key])).set_lineno(lineno),
            nodes.If(nodes.Name(hit, "load"), [nodes.Output([nodes.Name(hit, "load")])], [], [
                nodes.AssignBlock(nodes.Name(html, "store"), None, body),
                nodes.Output([self.call_method("_store", [nodes.Name(html, "load")])]),
            ]).set_lineno(lineno),
        ]

    def _hit(self, key):
        """The piece's HTML if kept (its linked terms replayed), else None, having noted what _store needs."""
        env = self.environment
        state = g._get_current_object()  # one look-up of the request's globals, not one per use
        links = page_links(state)
        if not env.fragment_cache_enabled:
            links.pending.append(None)
            return None
        key = (key, links.root, state.get("glossary_view"))
        mentions = env.fragment_mentions.get(key)
        if mentions is not None:
            hit = env.fragment_cache.get((key, frozenset(links.linked & mentions)))
            if hit is not None:
                html, added = hit
                links.linked |= added
                links.mentioned |= mentions
                return html
        links.pending.append((key, set(links.linked), links.mentioned))
        links.mentioned = set()
        return None

    def _store(self, html):
        """Keep the piece just rendered, under the key and the terms it mentions that were already linked."""
        env, links = self.environment, page_links()
        pending = links.pending.pop()
        if pending is None:
            return html
        key, linked_before, mentioned_before = pending
        mentions = frozenset(links.mentioned)
        links.mentioned |= mentioned_before
        if len(env.fragment_cache) >= MAX_PIECES:
            env.fragment_cache.clear()
        env.fragment_mentions[key] = mentions
        env.fragment_cache[(key, frozenset(linked_before & mentions))] = (html, frozenset(links.linked - linked_before))
        return html
