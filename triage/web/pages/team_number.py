"""The care team's phone number, kept on the person's own device only.

It lives in one cookie (HttpOnly, SameSite=Lax, a year): the server reads it to draw a tap-to-call link on
results and the card, and never logs or stores it. Its page saves it or forgets it (CSRF-checked posts).
"""

from __future__ import annotations

import re

from flask import Blueprint, redirect, render_template, request, url_for
from wtforms import StringField

from ..compression import holds_a_form
from ..security import GuardedForm

COOKIE = "care_team_number"
YEAR = 365 * 24 * 60 * 60
NUMBER = re.compile(r"\+?[0-9][0-9 ()./-]{2,28}[0-9]")
NOT_A_NUMBER = "Enter a phone number: digits, spaces and + ( ) - only, 4 to 30 characters."

bp = Blueprint("team_number", __name__)


class TeamNumberForm(GuardedForm):
    number = StringField("Care team phone number")


def saved_number() -> str:
    """The number saved on this device, or "" (a cookie that is not a phone number is ignored)."""
    value = request.cookies.get(COOKIE, "")
    return value if NUMBER.fullmatch(value) else ""


@bp.get("/care-team-number")
def page():
    return _page(TeamNumberForm(), 200)


def _page(form, status):
    holds_a_form()
    return render_template("pages/team_number.html", form=form, team_phone=saved_number()), status


@bp.post("/care-team-number")
def save():
    """303 back to the page with the number in the cookie; a bad number or token: the page again (422 / 400)."""
    form = TeamNumberForm()
    number = " ".join((form.number.data or "").split())
    if not form.validate():
        return _page(form, 400 if form.token_refused else 422)
    if not NUMBER.fullmatch(number):
        form.number.errors = [NOT_A_NUMBER]
        return _page(form, 422)
    response = redirect(url_for("team_number.page"), 303)
    response.set_cookie(COOKIE, number, max_age=YEAR, httponly=True, samesite="Lax", secure=request.is_secure)
    return response


@bp.post("/care-team-number/forget")
def forget():
    form = TeamNumberForm()
    if not form.validate():
        return _page(form, 400)
    response = redirect(url_for("team_number.page"), 303)
    response.delete_cookie(COOKIE, httponly=True, samesite="Lax", secure=request.is_secure)
    return response
