"""HTML error pages (400, 404, 405, 413, 414, 500), each with its reason, the disclaimer and closing line."""

from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from triage.engine import FindingsError

PAGES = (400, 404, 405, 413, 414, 500)


class BadFindings(BadRequest):
    """Findings (or a view) in a URL that break the contract: a 400 page naming the field."""

    def __init__(self, error: FindingsError, lead: str = "The address holds findings the tool cannot use."):
        super().__init__(f"{lead} {error}")
        self.field = error.field


def register_errors(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)


def render_error(error: HTTPException, reason: str):
    code = error.code or 500
    template = f"errors/{code}.html" if code in PAGES else "errors/error.html"
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return render_template(template, error=error, code=code, reason=reason), code, headers


def _http_error(error: HTTPException):
    if request.blueprint == "api" or request.path.startswith("/api/"):
        return _api_problem(error)
    return render_error(error, error.description or "")


def _api_problem(error: HTTPException):
    from .api.views import problem  # the API's RFC 9457 shape, kept in one place

    response = problem(error.code or 500, error.name, error.description or "")
    response.headers.extend((k, v) for k, v in error.get_headers() if k.lower() != "content-type")
    return response


def _server_error(error: InternalServerError):
    # Flask has already logged the exception (path and method only, never the query or form).
    return render_error(InternalServerError(), "The tool hit a problem it did not expect.")
