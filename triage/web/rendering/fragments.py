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
from operator import attrgetter

from flask import g, request
from jinja2 import nodes, pass_context
from jinja2.ext import Extension

MAX_PIECES = 4096


@dataclass
class Links:
    """Glossary terms on the page being rendered: those linked so far, and those mentioned at all."""

    scope: tuple  # the app's URL prefix (request.script_root) and the glossary view: part of every piece's key
    linked: set = field(default_factory=set)
    mentioned: set = field(default_factory=set)
    pending: list = field(default_factory=list)  # pieces being rendered (nested ones last)


def page_links() -> Links:
    """The page's Links, kept on `g` (the request's globals)."""
    # Each attribute read through the `g` proxy costs five times a read of the object behind it, and every
    # piece of every page asks: so the proxy is asked once.
    state = g._get_current_object()
    links = getattr(state, "page_links", None)
    if links is None:
        links = state.page_links = Links((request.script_root, state.get("glossary_view")))
    return links


def ids(items, name: str) -> tuple:
    """`{% cache "notes", s.notes|ids("rule.id") %}`: each item's attribute `name` (dotted), for a cache key."""
    return tuple(map(attrgetter(name), items))


class FragmentCache(Extension):
    """`{% cache key %}body{% endcache %}` compiles to: `{% set h = key|piece_hit %}{% if h %}{{ h }}{% else %}
    {% set b %}body{% endset %}{{ b|piece_store }}{% endif %}`, so a hit costs one direct call.

    environment.fragment_cache: full key -> (the glossary terms the piece mentions, {the terms among them
    already linked when it was rendered -> (its html, the terms it linked)}).
    """

    tags = {"cache"}

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(fragment_cache={}, fragment_cache_enabled=True)
        # Filters, not calls: Jinja calls a filter directly. pass_context keeps Jinja from calling them
        # while it compiles a template (it does so for a filter of a constant, such as {% cache "head" %}).
        environment.filters.update(ids=ids, piece_hit=self._hit, piece_store=self._store)
        self.count = 0

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        key = parser.parse_tuple()
        body = parser.parse_statements(("name:endcache",), drop_needle=True)
        self.count += 1
        hit, html = f"_piece_{self.count}", f"_piece_html_{self.count}"
        return [
            nodes.Assign(nodes.Name(hit, "store"), _filter(key, "piece_hit")).set_lineno(lineno),
            nodes.If(nodes.Name(hit, "load"), [nodes.Output([nodes.Name(hit, "load")])], [], [
                nodes.AssignBlock(nodes.Name(html, "store"), None, body),
                nodes.Output([_filter(nodes.Name(html, "load"), "piece_store")]),
            ]).set_lineno(lineno),
        ]

    @pass_context
    def _hit(self, _context, key):
        """The piece's HTML if kept (its linked terms replayed), else None, having noted what _store needs."""
        links = page_links()
        if not self.environment.fragment_cache_enabled:
            links.pending.append(None)
            return None
        key = (key, links.scope)
        kept = self.environment.fragment_cache.get(key)
        if kept is not None:
            mentions, variants = kept
            hit = variants.get(mentions & links.linked)
            if hit is not None:
                html, added = hit
                if mentions:
                    links.linked |= added
                    links.mentioned |= mentions
                return html
        links.pending.append((key, set(links.linked), links.mentioned))
        links.mentioned = set()
        return None

    @pass_context
    def _store(self, _context, html):
        """Keep the piece just rendered, under the key and the terms it mentions that were already linked."""
        cache, links = self.environment.fragment_cache, page_links()
        pending = links.pending.pop()
        if pending is None:
            return html
        key, linked_before, mentioned_before = pending
        mentions = frozenset(links.mentioned)
        links.mentioned |= mentioned_before
        if len(cache) >= MAX_PIECES:
            cache.clear()
        kept = cache.get(key)
        if kept is None:
            kept = cache[key] = (mentions, {})
        kept[1][mentions & linked_before] = (html, frozenset(links.linked - linked_before))
        return html


def _filter(node, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None)
