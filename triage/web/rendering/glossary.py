"""Links glossary terms found in result text to /glossary#term-<id>, each term once per page."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

SHORT = 4  # terms and aliases this short match only with the exact case (ICE, CT, IV)


class GlossaryLinker:
    def __init__(self, terms):
        self.ids: dict[str, str] = {}
        for term in terms:
            for name in (term.term, *term.aliases):
                self.ids.setdefault(name if len(name) <= SHORT else name.lower(), term.id)
        names = sorted({n for term in terms for n in (term.term, *term.aliases)}, key=len, reverse=True)
        alternatives = [re.escape(n) if len(n) <= SHORT else f"(?i:{re.escape(n)})" for n in names]
        self.pattern = r"(?<![\w-])(" + "|".join(alternatives) + r")(?![\w-])" if names else None
        # Only content text is linked (criteria, notes, summaries), so the spans are worth keeping.
        self.spans = lru_cache(maxsize=2048)(self._spans)

    def _spans(self, text: str) -> tuple:
        """(start, end, term id, matched text) of every glossary term in `text`."""
        found = ((m.start(), m.end(), self.term_id(m.group(1)), m.group(1)) for m in re.finditer(self.pattern, text))
        return tuple(span for span in found if span[2] is not None)

    def term_id(self, found: str) -> str | None:
        return self.ids.get(found) or self.ids.get(found.lower())

    def link(self, text: str, seen: set, href: str) -> Markup:
        """`text` escaped, with the first mention on the page of each term made a link."""
        if not self.pattern or not text:
            return escape(text)
        out, at = [], 0
        for start, end, term_id, matched in self.spans(text):
            if term_id in seen:
                continue
            seen.add(term_id)
            # escape() and an f-string, not Markup.format: the same HTML for a tenth of the work
            out += [escape(text[at:start]),
                    Markup(f'<a class="term" href="{escape(href)}#term-{escape(term_id)}">{escape(matched)}</a>')]
            at = end
        out.append(escape(text[at:]))
        return Markup("").join(out)
