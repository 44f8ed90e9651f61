"""Jinja filters and globals: glossary links, numbers, error lists, and the content on every page."""

from __future__ import annotations

from flask import Flask, g, url_for

from triage import __version__

from .forms import anchor_of, error_list
from .share import number_text
from .site import current_site

NAV = (("pages.home", "Home"), ("pages.caregiver", "Caregivers"), ("pages.workbench", "Workbench"),
       ("pages.card", "Signs card"), ("pages.glossary", "Glossary"), ("pages.about", "About"))


def register_templating(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(linked=linked, sentence=sentence, num=number_text)
    app.jinja_env.globals.update(nav=NAV, anchor_of=anchor_of, error_list=error_list, version=__version__,
                                 page_url=page_url)
    app.context_processor(lambda: {"content": current_site().content})


def page_url(endpoint: str) -> str:
    """url_for(endpoint) without arguments, built once per request (result pages cite sources often)."""
    urls = g.setdefault("page_urls", {})
    if endpoint not in urls:
        urls[endpoint] = url_for(endpoint)
    return urls[endpoint]


def linked(text: str):
    """`text` with the first mention on this page of each glossary term linked to the glossary."""
    seen = g.setdefault("linked_terms", set())
    href = page_url("pages.glossary") + ("?view=student" if g.get("glossary_view") == "student" else "")
    return current_site().linker.link(text, seen, href)


def sentence(text: str) -> str:
    """The first letter upper-cased, the rest untouched (unlike Jinja's capitalize)."""
    return text[:1].upper() + text[1:]
