"""Security headers on every response, CSRF on every form, and refusing unreadable query strings."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, abort, current_app, request
from flask_wtf.csrf import CSRFProtect

CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
    "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the share URL carries findings: never send it elsewhere
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
csrf = CSRFProtect()


def register_security(app: Flask) -> None:
    csrf.init_app(app)
    app.before_request(refuse_unreadable_query)
    app.after_request(add_security_headers)


def refuse_unreadable_query() -> None:
    """414 for an over-long query string; 400 for one that is not UTF-8 once decoded."""
    query = request.query_string
    if len(query) > current_app.config["MAX_QUERY_LENGTH"]:
        abort(414)
    try:
        unquote_to_bytes(query.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        abort(400, "The address holds text that is not UTF-8.")


def add_security_headers(response):
    response.headers.update(HEADERS)
    if response.mimetype == "text/html":
        # Pages hold a CSRF token or the findings entered: keep them out of shared caches.
        response.headers["Cache-Control"] = "no-store"
    return response
