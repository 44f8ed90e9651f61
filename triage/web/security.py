"""Security headers on every response, a CSRF token on every form, refusing unreadable queries and oversized bodies."""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import Flask, abort, current_app, request
from flask_wtf import FlaskForm

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
TOKEN_REFUSED = ("This form was open too long, or did not come from this site, so it was not sent. Everything "
                 "you entered is still here: check it and send it again.")


class GuardedForm(FlaskForm):
    """A form that checks its CSRF token itself (Flask-WTF's FlaskForm): a token that has expired or is
    missing shows the form again, with everything entered and one plain sentence, never an error page."""

    token_refused = False

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.csrf_token.errors:
            self.csrf_token.errors = []
            self.form_errors.append(TOKEN_REFUSED)
            self.token_refused = True
        return valid


def register_security(app: Flask) -> None:
    app.before_request(refuse_oversized_stream)
    app.before_request(refuse_unreadable_query)
    app.after_request(add_security_headers)


def refuse_oversized_stream() -> None:
    """413 for a body sent without Content-Length (chunked) that is longer than MAX_CONTENT_LENGTH.

    With Content-Length, Werkzeug refuses an oversized body before reading it. Without one it reads the
    stream through a LimitedStream whose readall() stops at the limit without an error, so the form or
    JSON parser would get the first 64 KB and the request would go on cut short. Here such a body is read
    once, at most one byte past the limit, and kept (get_data(cache=True)) for the parsers.
    """
    limit = request.max_content_length
    if limit is None or request.content_length is not None or "chunked" not in request.headers.get(
            "Transfer-Encoding", "").lower():
        return
    request.max_content_length = limit + 1
    try:
        too_long = len(request.get_data(cache=True)) > limit
    finally:
        request.max_content_length = limit
    if too_long:
        abort(413)


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
