"""Jinja filters and globals: glossary links, numbers, error lists, and the content on every page."""

from __future__ import annotations

import re
from functools import lru_cache

from flask import Flask, current_app, g, request, url_for
from flask.templating import Environment
from jinja2 import Template
from jinja2.ext import Extension
from markupsafe import _escape_inner

from triage import __version__
from triage.engine import number_text

from ..app_content import current_site
from ..pages.forms import anchor_of, error_list
from .fragments import FragmentCache, page_links

NAV = (("pages.home", "Home"), ("pages.caregiver", "Caregivers"), ("pages.workbench", "Workbench"),
       ("pages.card", "Signs card"), ("pages.glossary", "Glossary"), ("pages.about", "About"))


class PageTemplate(Template):
    """A compiled template whose `{{ x }}` outputs are escaped by escape_output, not markupsafe.escape."""

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        # Jinja compiles each `{{ x }}` to `escape(x)`, a name looked up in the template's module namespace.
        namespace["escape"] = escape_output
        return super()._from_namespace(environment, namespace, globals)


def escape_output(value) -> str:
    """The text markupsafe.escape gives, left a plain str: what Jinja's output needs.

    Jinja only joins outputs into the page, or into a buffer it marks safe itself, so wrapping each one in
    a new Markup (markupsafe's escape is pure Python since 3.0, and Markup() asks hasattr) is work for
    nothing: about 4,000 instructions for every `{{ x }}`, a sixth of rendering a result page."""
    if type(value) is str:
        return _escape_inner(value)  # the C escaping markupsafe.escape itself calls
    html = getattr(value, "__html__", None)
    return str(html()) if html is not None else _escape_inner(str(value))


class PageEnvironment(Environment):
    """Jinja, with `x.name` on a plain dict read as the key first.

    Some pages read JSON-ready dicts (a student's trace), where `entry.grade` is a key and never a method;
    Jinja's default tries the attribute first, which on a dict raises and catches an AttributeError every
    time. A dict without that key still falls back to the attribute. Every `x.name` in a template comes
    here, so Jinja's own steps are written out rather than called."""

    template_class = PageTemplate

    def make_globals(self, d):
        """A template's globals as one dict, not Jinja's ChainMap over the environment's: each
        `{% from ... import %}` compares the two templates' globals, which over a ChainMap cost a
        result page 10 µs an import. Globals are all set when the app is built, before any template loads."""
        return {**self.globals, **(d or {})}

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


class Dedent(Extension):
    """Drops template lines' indentation when a template is compiled: the pages mean the same (no <pre> or
    <textarea> anywhere) and a long result weighs a few KB less. After a block or comment tag Jinja drops
    the newline (trim_blocks), so there one space stays to keep the words on either side apart."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return INDENT.sub("", AFTER_TAG.sub(r"\1 ", source))


AFTER_TAG = re.compile(r"([%#]\}\n)[ \t]+")
INDENT = re.compile(r"(?<![%#]\}\n)^[ \t]+", re.M)


def register_templating(app: Flask) -> None:
    app.jinja_env.add_extension(Dedent)
    app.jinja_env.add_extension(FragmentCache)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(linked=linked, sentence=sentence, num=number_text)
    # The content is the app's for its whole life: a global, not a context processor run for every page.
    app.jinja_env.globals.update(nav=NAV, anchor_of=anchor_of, error_list=error_list, version=__version__,
                                 page_url=page_url, content=app.extensions["triage"].content)


def page_url(endpoint: str) -> str:
    """url_for(endpoint) without arguments, built once per app and URL prefix (a url_for costs a result
    page 1.5 %, and result pages cite sources often).

    Such a URL is the prefix (request.script_root) and the rule's path: the app matches no subdomains or
    hosts and sets no URL defaults. The cached page pieces, which hold such links, rely on this too."""
    return _built_url(current_app._get_current_object(), endpoint, request._get_current_object().script_root)


@lru_cache(maxsize=256)
def _built_url(app: Flask, endpoint: str, script_root: str) -> str:
    return url_for(endpoint)


def linked(text: str):
    """`text` with the first mention on this page of each glossary term linked to the glossary."""
    href = page_url("pages.glossary") + ("?view=student" if g.get("glossary_view") == "student" else "")
    linker, links = current_site().linker, page_links()
    if linker.pattern and text:
        links.mentioned.update(span[2] for span in linker.spans(text))
    return linker.link(text, links.linked, href)


def sentence(text: str) -> str:
    """The first letter upper-cased, the rest untouched (unlike Jinja's capitalize)."""
    return text[:1].upper() + text[1:]
