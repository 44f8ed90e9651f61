"""Practice mode: an endless run of short cases, reproducible from the seed and index in the address.

/practice without a seed redirects to a new random one. The case at (seed, i) is always the same
(practice_case is deterministic), the engine grades the answer, and the running score with the recent
mistakes travels with the page as a signed token: nothing is stored on the server.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest

from triage.engine import give_feedback, parse_answer, practice_case

from ..app_content import current_site
from ..text_input import quoted
from .answer_form import answer_form, read_answer
from .answers import feedback_parts
from .progress import PracticeProgress, dump_answer, load_answer

bp = Blueprint("practice", __name__, url_prefix="/practice")
SEED_MAX = 2**32 - 1  # inclusive
INDEX_MAX = 9999  # inclusive: ten thousand cases a run


class BadPractice(BadRequest):
    """A practice address that cannot be used: a 400 page naming the parameter."""

    def __init__(self, reason: str):
        super().__init__(f"The practice address cannot be used: {reason}.")


def whole_number(args, name: str, top: int, default: int | None = None) -> int:
    """The query parameter `name` as a whole number from 0 to `top`, both included."""
    values = args.getlist(name)
    if not values and default is not None:
        return default
    if not values:
        raise BadPractice(f"{name} is missing")
    if len(values) > 1:
        raise BadPractice(f"{name} is given more than once")
    text = values[0]
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(top)) and int(text) <= top):
        raise BadPractice(f"{name} takes a whole number from 0 to {top}, got {quoted(text)}")
    return int(text)


def position(args) -> tuple[int, int]:
    """(seed, case index) from the address; the index defaults to 0."""
    return whole_number(args, "seed", SEED_MAX), whole_number(args, "i", INDEX_MAX, default=0)


@bp.route("", methods=["GET", "POST"])
def case():
    """GET: the case and the answer form; POST: a redirect to the feedback (or the form with errors, 422)."""
    if request.method != "POST" and "seed" not in request.args:
        return redirect(url_for(".case", seed=secrets.randbelow(SEED_MAX + 1), i=0))
    seed, index = position(request.args)
    content = current_site().content
    drawn = practice_case(content, seed, index)
    form = answer_form(graded=set(content.graded) - set(content.practice.leave_out))
    if request.method == "POST":
        return _answered(content, drawn, form)
    token = request.args.get("state")
    progress = PracticeProgress.load(token, seed, content)
    form.state.data = token or progress.dump()
    return _case_page(drawn, form, progress)


def _case_page(drawn, form, progress, status: int = 200):
    return render_template("pages/practice_case.html", case=drawn, form=form, progress=progress,
                           token=form.state.data), status


def _answered(content, drawn, form):
    """A valid answer is redirected to its feedback page, the answer and the run's progress in the address."""
    before = PracticeProgress.load(form.state.data, drawn.seed, content)
    answer = read_answer(form, content)
    if answer is None:
        return _case_page(drawn, form, before, 400 if form.token_refused else 422)
    return redirect(url_for(".feedback", seed=drawn.seed, i=drawn.index, state=before.dump(),
                            answer=dump_answer(f"practice:{drawn.seed}", drawn.index, answer)), 303)


@bp.get("/feedback")
def feedback():
    """Feedback on one practice case, each question in the case's words; reloading it changes nothing."""
    seed, index = position(request.args)
    content = current_site().content
    drawn = practice_case(content, seed, index)
    before = PracticeProgress.load(request.args.get("state"), seed, content)
    answer = load_answer(request.args.get("answer"), f"practice:{seed}", index, content)
    marks = give_feedback(content, drawn.result, answer)
    after = before.add(drawn.index, answer, marks.score)
    return render_template("pages/practice_feedback.html", case=drawn, feedback=marks, progress=after,
                           parts=feedback_parts(content, marks), counted=before.counts(drawn.index),
                           token=after.dump(), last=drawn.index == INDEX_MAX)


@bp.get("/review")
def review():
    """The recent cases with mistakes, most recent first: what was missed or over-called, and why."""
    seed, index = position(request.args)
    content = current_site().content
    token = request.args.get("state")
    progress = PracticeProgress.load(token, seed, content)
    cases = []
    for case_index, data in reversed(progress.mistakes):
        drawn = practice_case(content, seed, case_index)
        marks = give_feedback(content, drawn.result, parse_answer(data, content))
        cases.append((drawn, feedback_parts(content, marks, wrong_only=True)))
    return render_template("pages/practice_review.html", seed=seed, index=index, progress=progress, cases=cases,
                           token=token or progress.dump())
