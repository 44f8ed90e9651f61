"""The versioned JSON API under /api/v1: the findings contract in, the engine's result out.

Errors are application/problem+json (RFC 9457) naming the offending field. No CSRF (no cookies are
read or set here), nothing entered is stored or logged.
"""

from __future__ import annotations

import json
import re

import orjson
from flask import Blueprint, Response, request

from triage.engine import FindingsError, evaluate, suggest

from ..app_content import current_site
from ..text_input import quoted
from .content_views import checklists_view, glossary_view, scenario_view, scenarios_view, syndromes_view

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, **extra) -> Response:
    """An RFC 9457 problem document."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    try:
        text = json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate sent as \ud800 and named back: escape it, as JSON allows
        text = json.dumps(body).encode("ascii")
    return Response(text, status=status, mimetype=PROBLEM)


def _json(data, status: int = 200) -> Response:
    # orjson: a full result with its trace is ~40 KB of JSON, and json.dumps spent more time on it
    # than the engine did evaluating it.
    return _json_bytes(orjson.dumps(data), status)


def _json_bytes(body: bytes, status: int = 200) -> Response:
    return Response(body, status=status, content_type="application/json")


class Refused(Exception):
    """A request the API refuses before reading any findings: its problem's status, title, detail and extras."""

    def __init__(self, status: int, title: str, detail: str, **extra):
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


def _read_json_body():
    if request.mimetype != "application/json":
        raise Refused(415, "Unsupported Media Type", "send the findings as JSON with Content-Type: application/json")
    raw = request.get_data(cache=False)
    if _orjson_reads_alike(raw):  # orjson: several times faster than json
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass  # json says precisely what is wrong (or accepts what orjson refuses, e.g. lone surrogates)
    return _json_loads(raw)


def _read_findings_object() -> dict:
    """The body as a JSON object: `null`, a list or a bare value is refused, not read as "nothing entered"."""
    data = _read_json_body()
    if not isinstance(data, dict):
        raise Refused(422, "Findings not accepted", f"the findings must be a JSON object such as "
                      f'{{"temperature_c": 38.5}}, got {_json_kind(data)}', field=None)
    return data


def _json_kind(value) -> str:
    if value is None:
        return "null"
    return {bool: "true or false", int: "a number", float: "a number", str: "a string", list: "a list"}.get(
        type(value), "a value")


LONG_NUMBER = rb"[0-9]{19}"
_MAX_OPENINGS = 64


def _orjson_reads_alike(raw: bytes) -> bool:
    """Whether orjson reads the body as json would: with no integer beyond 64 bits (orjson makes it a float)
    and little nesting (json's limit is the interpreter's recursion limit, orjson's 1,024 levels)."""
    return raw.count(b"[") + raw.count(b"{") <= _MAX_OPENINGS and re.search(LONG_NUMBER, raw) is None


def _json_loads(raw: bytes):
    """The body parsed by the json module, or Refused saying why it cannot be."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise Refused(400, "Bad Request", "the body is not UTF-8 text") from None
    except (json.JSONDecodeError, RecursionError, ValueError) as error:
        detail = f"the body is not valid JSON: {error.msg}" if isinstance(error, json.JSONDecodeError) else (
            "the body is not valid JSON: nested too deeply" if isinstance(error, RecursionError)
            else f"the body is not valid JSON: {error}")
        raise Refused(400, "Bad Request", detail) from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number")


@bp.post("/evaluate")
def evaluate_findings():
    """The same result as `triage evaluate --json`; ?trace=true adds every rule checked (`trace`), with its
    outcome (met, not met or unknown), its reason and the unknown findings."""
    content = current_site().content
    try:
        with_trace = _read_trace_parameter()
        findings = content.parse_findings(_read_findings_object())
    except Refused as error:
        return problem(error.status, error.title, error.detail, **error.extra)
    except FindingsError as error:
        extra = {"field": error.field or None}
        if error.allowed is not None:
            extra["allowed"] = list(error.allowed)
        return problem(422, "Findings not accepted", str(error), **extra)
    return _json(evaluate(content, findings).to_dict(trace=with_trace))


TRACE_VALUES = ("true", "false")


def _read_trace_parameter() -> bool:
    """The query's one parameter, trace: true or false (the default); anything else is a 400 naming it."""
    for name in request.args:
        if name != "trace":
            raise Refused(400, "Bad Request", f"{quoted(name)} is not a query parameter here"
                          f"{suggest(name, ['trace'])}; the only one is trace (true or false)", field=name[:40])
    values = request.args.getlist("trace")
    if len(values) > 1 or (values and values[0] not in TRACE_VALUES):
        detail = ("trace is given more than once" if len(values) > 1
                  else f"trace takes true or false, got {quoted(values[0])}")
        raise Refused(400, "Bad Request", detail, field="trace", allowed=list(TRACE_VALUES))
    return bool(values) and values[0] == "true"


@bp.get("/checklists")
def checklists():
    return _json(checklists_view(current_site().content))


@bp.get("/syndromes")
def syndromes():
    return _json(syndromes_view(current_site().content))


@bp.get("/glossary")
def glossary():
    return _json(glossary_view(current_site().content))


@bp.get("/scenarios")
def scenarios():
    return _json(scenarios_view(current_site().content))


@bp.get("/scenarios/<scenario_id>")
def scenario(scenario_id: str):
    found = scenario_view(current_site().content, scenario_id)
    if found is None:
        return problem(404, "Not Found", f"there is no scenario '{scenario_id}'", field="scenario_id")
    return _json(found)


@bp.get("/openapi.json")
def openapi():
    return _json(current_site().openapi)
