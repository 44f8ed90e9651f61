"""The Jinja set-up of every page: filters, globals, and glossary links, on Flask's and Jinja's public API."""

from __future__ import annotations

import re

from flask import Flask, current_app, g, url_for
from jinja2.ext import Extension

from triage import __version__
from triage.engine import number_text

from ..navigation import HEADER

AFTER_TAG = r"([%#]\}\n)[ \t]+"
INDENT = r"(?<![%#]\}\n)^[ \t]+"


class Dedent(Extension):
    """Drops template lines' indentation when a template is compiled (Extension.preprocess, Jinja's hook for
    this): the pages mean the same (no <pre> or <textarea> anywhere) and a long result weighs a few KB less.
    After a block or comment tag Jinja drops the newline (trim_blocks), so one space stays there to keep the
    words on either side apart."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return re.sub(INDENT, "", re.sub(AFTER_TAG, r"\1 ", source), flags=re.M)


def register_templating(app: Flask) -> None:
    app.jinja_env.add_extension(Dedent)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(linked=linked, sentence=sentence, num=number_text)
    app.jinja_env.globals.update(nav=HEADER, version=__version__, page_url=page_url,
                                 content=app.extensions["triage"].content)


def page_url(endpoint: str) -> str:
    """url_for(endpoint), built once per request (result pages link their sources often)."""
    urls = g.setdefault("page_urls", {})
    if endpoint not in urls:
        urls[endpoint] = url_for(endpoint)
    return urls[endpoint]


def linked(text: str):
    """`text` with the first mention on this page of each glossary term linked to the glossary."""
    href = page_url("pages.glossary") + ("?view=student" if g.get("glossary_view") == "student" else "")
    return current_app.extensions["triage"].linker.link(text, g.setdefault("glossary_linked", set()), href)


def sentence(text: str) -> str:
    """The first letter upper-cased, the rest untouched (unlike Jinja's capitalize)."""
    return text[:1].upper() + text[1:]
