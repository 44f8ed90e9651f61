"""The app factory: a table of contents of named steps, each a few lines."""

from __future__ import annotations

from types import MappingProxyType

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from triage import paths
from triage.engine import Content, load_content

from .api.openapi import openapi_document
from .api.views import bp as api
from .app_content import Site
from .compression import register_compression
from .config import load_config
from .errors import register_errors
from .live.api import bp as live_api
from .live.host import bp as live_pages  # the learner's and the host's pages
from .live.room import Limits, Room
from .live.store import open_store
from .log_filters import register_quiet_logs
from .pages.forms import compose_form
from .pages.share import VIEWS
from .pages.team_number import bp as team_number
from .pages.views import bp as pages
from .rendering.glossary import GlossaryLinker
from .rendering.templating import register_templating
from .security import register_security
from .teaching.scenarios import bp as scenarios


def build_app(test_config: dict | None = None, content: Content | None = None) -> Flask:
    """Build the app; content=None loads rules/ (a ContentError stops start-up with file:line messages)."""
    app = Flask("triage", template_folder=str(paths.TEMPLATES_DIR), static_folder=str(paths.STATIC_DIR))
    load_config(app, test_config)
    register_site(app, content)
    register_proxy(app)
    register_security(app)
    register_templating(app)
    register_blueprints(app)
    register_live(app)
    register_errors(app)
    register_compression(app)
    register_quiet_logs(app)
    return app


def register_site(app: Flask, content: Content | None) -> None:
    if content is None:
        content = load_content(app.config.get("RULES_DIR") or paths.rules_dir())
    forms = MappingProxyType({view: compose_form(content, view) for view in VIEWS})
    app.extensions["triage"] = Site(content, forms, GlossaryLinker(content.glossary.values()),
                                    openapi_document(content))


def register_proxy(app: Flask) -> None:
    """Trust X-Forwarded-* only from as many proxies as TRIAGE_PROXY_HOPS says (default none)."""
    hops = int(app.config["PROXY_HOPS"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)


def register_live(app: Flask) -> None:
    """Live class sessions: their store (opened on first use) and their pages and API."""
    config = app.config
    limits = Limits(int(config["LIVE_MAX_ANSWERS_PER_STEP"]), int(config["LIVE_MAX_SESSIONS_PER_HOST"]),
                    int(config["LIVE_JOINS_PER_MINUTE"]))
    store = open_store(str(config["LIVE_STORE"]), app.instance_path)
    app.extensions["triage.live"] = Room(store, app.extensions["triage"].content, app.secret_key, limits)
    app.register_blueprint(live_api)
    app.register_blueprint(live_pages)


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(pages)
    app.register_blueprint(team_number)
    app.register_blueprint(api)
    app.register_blueprint(scenarios)  # scenarios, with practice nested in it
