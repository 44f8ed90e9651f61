"""Configuration: safe defaults, then TRIAGE_* environment variables, then the caller's overrides.

Read inside the factory only, never at import, so importing the package reads no environment.
"""

from __future__ import annotations

import secrets

from flask import Flask

DEFAULTS = {
    # Exists only for the CSRF token. Without TRIAGE_SECRET_KEY one is generated per start;
    # `triage serve` generates it before gunicorn forks, so every worker shares it.
    "SECRET_KEY": None,
    "MAX_CONTENT_LENGTH": 64 * 1024,  # a full workbench form or findings document is under 4 KB
    "MAX_FORM_PARTS": 300,
    "MAX_QUERY_LENGTH": 4096,  # a result URL with every field and every item is under 3 KB
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # set TRIAGE_SESSION_COOKIE_SECURE=true behind HTTPS
    # Referrer-Policy: no-referrer means browsers send no Referer, which Flask-WTF's strict HTTPS
    # check would refuse; the token plus the SameSite=Lax cookie is the CSRF defence.
    "WTF_CSRF_SSL_STRICT": False,
    "PROXY_HOPS": 0,  # how many trusted proxies set X-Forwarded-For/-Proto/-Host (TRIAGE_PROXY_HOPS)
    "SEND_FILE_MAX_AGE_DEFAULT": 3600,
}


def load_config(app: Flask, test_config: dict | None) -> None:
    """Defaults, then TRIAGE_* variables (JSON values allowed), then test_config; make a secret key."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("TRIAGE")
    if test_config:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config["SECRET_KEY"] = str(app.config["SECRET_KEY"])
