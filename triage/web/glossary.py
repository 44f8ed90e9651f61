"""Links glossary terms found in result text to /glossary#term-<id>, each term once per page."""

from __future__ import annotations

import re

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
        self.pattern = re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?![\w-])") if names else None

    def term_id(self, found: str) -> str | None:
        return self.ids.get(found) or self.ids.get(found.lower())

    def link(self, text: str, seen: set, href: str) -> Markup:
        """`text` escaped, with the first mention on the page of each term made a link."""
        if not self.pattern or not text:
            return escape(text)
        out, at = [], 0
        for match in self.pattern.finditer(text):
            term_id = self.term_id(match.group(1))
            if term_id is None or term_id in seen:
                continue
            seen.add(term_id)
            out += [escape(text[at:match.start()]),
                    Markup('<a class="term" href="{}#term-{}">{}</a>').format(href, term_id, match.group(1))]
            at = match.end()
        out.append(escape(text[at:]))
        return Markup("").join(out)
