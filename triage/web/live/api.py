"""The live-session JSON API under /api/v1/live, for platforms and tests; errors as problem+json.

The host token is returned once, by POST /api/v1/live, and sent back as `Authorization: Bearer <token>`.
A learner's device is an X-Device header or the device cookie the learner pages set.
"""

from __future__ import annotations

import json

from flask import Blueprint, current_app, request, url_for

from ..api.views import problem
from .codes import clean_code
from .room import NotFound, NotHost, Refused, Room
from .store import Full, StoreUnavailable

bp = Blueprint("live_api", __name__, url_prefix="/api/v1/live")
MAX_BODY = 4096
DEVICE_COOKIE = "live_device"


def room() -> Room:
    return current_app.extensions["triage.live"]


@bp.errorhandler(NotFound)
def _not_found(error):
    return problem(404, "Not Found", str(error))


@bp.errorhandler(Refused)
def _refused(error):
    return problem(409, "Conflict", str(error))


@bp.errorhandler(NotHost)
def _not_host(error):
    if error.missing:
        response = problem(401, "Unauthorized", "send the host token as Authorization: Bearer <token>")
        response.headers["WWW-Authenticate"] = 'Bearer realm="live session"'
        return response
    return problem(403, "Forbidden", "the host token does not fit this session")


@bp.errorhandler(Full)
def _full(error):
    return problem(429, "Too Many Requests", str(error))


@bp.errorhandler(StoreUnavailable)
def _unavailable(error):
    return problem(503, "Service Unavailable", f"Live sessions are not available just now: {error}.")


def _body() -> dict:
    if request.mimetype != "application/json":
        raise _Bad(415, "send JSON with Content-Type: application/json")
    raw = request.get_data(cache=True)
    if len(raw) > MAX_BODY:
        raise _Bad(413, f"a live-session body is at most {MAX_BODY} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Bad(400, "the body is not valid UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise _Bad(400, "the body must be a JSON object")
    return data


class _Bad(Exception):
    def __init__(self, status: int, detail: str):
        self.status, self.detail = status, detail


@bp.errorhandler(_Bad)
def _bad(error):
    return problem(error.status, {400: "Bad Request", 413: "Content Too Large", 415: "Unsupported Media Type",
                                  422: "Unprocessable Content"}[error.status], error.detail)


def _code(code: str) -> str:
    cleaned = clean_code(code)
    if cleaned is None:
        raise NotFound(f"{code[:20]!r} is not a join code (six letters and digits)")
    return cleaned


def _token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@bp.post("")
def start():
    data = _body()
    scenario = data.get("scenario")
    if not isinstance(scenario, str) or set(data) != {"scenario"}:
        raise _Bad(422, "send {\"scenario\": <scenario id>}")
    session, token = room().start(scenario, request.remote_addr or "")
    join_url = url_for("live.session_page", code=session.code, _external=True)
    return {"code": session.code, "host_token": token, "join_url": join_url}, 201


@bp.get("/<code>")
def state(code: str):
    live = room()
    return live.view(live.get(_code(code)))


@bp.post("/<code>/answers")
def answer(code: str):
    data = _body()
    device = request.headers.get("X-Device") or request.cookies.get(DEVICE_COOKIE)
    if not device or len(device) > 64:
        raise _Bad(400, "send the device as an X-Device header (up to 64 characters), or answer from the page")
    step = data.get("step")
    if isinstance(step, bool) or not isinstance(step, int) or set(data) != {"step", "answers"}:
        raise _Bad(422, "send {\"step\": <number>, \"answers\": {<question>: <answer>}}")
    try:
        room().answer(_code(code), step, device, data["answers"])
    except ValueError as error:
        raise _Bad(422, str(error)) from None
    return {"step": step, "kept": True}, 201


@bp.post("/<code>/reveal")
def reveal(code: str):
    live = room()
    return live.view(live.reveal(_code(code), _token()))


@bp.post("/<code>/next")
def next_step(code: str):
    live = room()
    return live.view(live.next(_code(code), _token()))


@bp.post("/<code>/end")
def end(code: str):
    debrief = room().end(_code(code), _token())
    return {"ended": True, "debrief": [
        {"step": s["step"].number, "responses": s["responses"],
         "share_right": {spread.question.key: spread.share_right for spread in s["spreads"]},
         "misconception": None if s["misconception"] is None else {
             "question": s["misconception"].question, "answer": s["misconception"].given,
             "count": s["misconception"].count, "why": s["misconception"].why}}
        for s in debrief]}
