"""Live-session pages: learners join with a code and answer on their phones; the host runs the session.

Learner pages work without JavaScript (forms and a "check now" link); with it they refresh themselves.
The host's token lives in a cookie scoped to the session's host pages, set when the host starts it here.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for
from werkzeug import exceptions as http

from ..compression import holds_a_form
from ..errors import render_error
from ..security import GuardedForm
from .api import DEVICE_COOKIE
from .codes import clean_code
from .room import NotFound, NotHost, Refused, Room
from .store import Full, StoreUnavailable

bp = Blueprint("live", __name__)
HOST_COOKIE = "live_host"


def room() -> Room:
    return current_app.extensions["triage.live"]


@bp.errorhandler(StoreUnavailable)
def _unavailable(error):
    return render_template("pages/live_unavailable.html", reason=str(error)), 503


def _said(error) -> str:
    return str(error)[:1].upper() + str(error)[1:] + "."


@bp.errorhandler(NotFound)
def _not_found(error):
    return render_error(http.NotFound(), _said(error))


@bp.errorhandler(Full)
def _full(error):
    return render_error(http.TooManyRequests(), _said(error))


@bp.errorhandler(NotHost)
def _not_host(error):
    return render_error(http.Forbidden(), "Only the host who started this session can move it on, from the "
                                         "browser they started it in.")


@bp.errorhandler(Refused)
def _refused(error):
    return render_error(http.Conflict(), _said(error))


class JoinForm(GuardedForm):
    pass


@bp.route("/join", methods=["GET", "POST"])
def join():
    """Enter a join code (rate-limited per client, so codes cannot be found by trying)."""
    form, error = JoinForm(), ""
    holds_a_form()
    if request.method == "POST" and form.validate():
        if not room().may_join(request.remote_addr or ""):
            abort(429, "Too many join attempts from here: wait a minute and try again.")
        code = clean_code(request.form.get("code", ""))
        if code is not None:
            try:
                room().get(code)
                return redirect(url_for(".session_page", code=code), 303)
            except NotFound:
                pass
        error = "There is no live session with that code. Check the code on the screen and try again."
    return render_template("pages/live_join.html", form=form, error=error), 422 if error else 200


def _device() -> str:
    return request.cookies.get(DEVICE_COOKIE) or secrets.token_urlsafe(16)


@bp.route("/live/<code>", methods=["GET", "POST"])
def session_page(code: str):
    """The current step for a learner: its questions, or "waiting" once answered; the answer once revealed."""
    cleaned = clean_code(code)
    if cleaned is None:
        abort(404, "That is not a join code: codes have six letters and digits.")
    live, device = room(), _device()
    session = live.get(cleaned)
    form, error = JoinForm(), ""
    holds_a_form()
    if request.method == "POST" and form.validate():
        try:
            live.answer(cleaned, _step_number(request.form.get("step", "")), device, _posted_answers(live, session))
            return _with_device(redirect(url_for(".session_page", code=cleaned), 303), device)
        except ValueError as problem:
            error = str(problem)
    step = live.steps(session)[session.step - 1]
    answered = live.store.answered(cleaned, session.step, device)
    page = render_template("pages/live_learner.html", session=session, step=step, view=live.view(session),
                           questions=live.questions(session), form=form, error=error, answered=answered)
    return _with_device(make_response(page, 422 if error else 200), device)


def _step_number(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 4 else 0


def _posted_answers(live: Room, session) -> dict:
    answers = {}
    for question in live.questions(session):
        values = request.form.getlist(question.key)
        if question.many and values:
            answers[question.key] = values
        elif values and values[0] != "":
            answers[question.key] = _grade_or_text(values[0])
    return answers


def _grade_or_text(value: str):
    if value == "null":
        return None
    return int(value) if value.isdigit() else value


def _with_device(response, device: str):
    response.set_cookie(DEVICE_COOKIE, device, max_age=4 * 60 * 60, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
