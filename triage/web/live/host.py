"""The host's pages: start a live session from a scenario, show the code and the room, reveal, move on, end.

The host token is kept in a cookie sent only to this session's host pages (HttpOnly, SameSite=Strict).
"""

from __future__ import annotations

import segno
from flask import current_app, make_response, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug import exceptions as http

from ..compression import holds_a_form
from ..errors import render_error
from ..security import GuardedForm
from .pages import bp as live_pages
from .pages import room

bp = live_pages  # the host's pages are live pages too: one blueprint, one set of error pages
HOST_COOKIE = "live_host"
ACTIONS = ("reveal", "next", "end")


class HostForm(GuardedForm):
    pass


def _cookie_path(code: str) -> str:
    return url_for("live.host_page", code=code).rsplit("/", 1)[0] + "/"


@bp.get("/scenarios/<scenario_id>/live")
def start_page(scenario_id: str):
    """What a live session is, and the button that starts one on this scenario."""
    scenario = room().content.scenarios.get(scenario_id)
    if scenario is None:
        return render_error(http.NotFound(), f"There is no scenario called {scenario_id[:60]!r} in the library.")
    holds_a_form()
    return render_template("pages/live_start.html", scenario=scenario, form=HostForm())


@bp.post("/scenarios/<scenario_id>/live")
def start(scenario_id: str):
    """Start a live session on a scenario (the "Run live" button) and open its host screen."""
    form = HostForm()
    holds_a_form()
    if not form.validate():
        return redirect(url_for("scenarios.overview", scenario_id=scenario_id), 303)
    session, token = room().start(scenario_id, request.remote_addr or "")
    response = redirect(url_for("live.host_page", code=session.code), 303)
    response.set_cookie(HOST_COOKIE, token, max_age=4 * 60 * 60, path=_cookie_path(session.code), httponly=True,
                        samesite="Strict", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.get("/live/<code>/host")
def host_page(code: str):
    live = room()
    session = live.host(code, request.cookies.get(HOST_COOKIE))
    holds_a_form()
    join_url = url_for("live.session_page", code=session.code, _external=True)
    qr = Markup(segno.make(join_url, error="m").svg_inline(scale=8, border=2, dark="#111111", light="#ffffff",
                                                            omitsize=True))
    scenario = live.content.scenarios[session.scenario]
    return render_template("pages/live_host.html", session=session, scenario=scenario,
                           step=scenario.steps[session.step - 1], view=live.view(session), join_url=join_url,
                           qr=qr, summary=live.summary(session) if session.revealed else None, form=HostForm())


@bp.post("/live/<code>/host/<action>")
def host_action(code: str, action: str):
    live = room()
    token = request.cookies.get(HOST_COOKIE)
    form = HostForm()
    holds_a_form()
    if action not in ACTIONS or not form.validate():
        return redirect(url_for("live.host_page", code=code), 303)
    if action == "end":
        scenario = live.content.scenarios[live.host(code, token).scenario]
        debrief = live.end(code, token)
        response = make_response(render_template("pages/live_debrief.html", scenario=scenario, debrief=debrief))
        response.delete_cookie(HOST_COOKIE, path=_cookie_path(code))
        return response
    getattr(live, action)(code, token)
    return redirect(url_for("live.host_page", code=code), 303)
