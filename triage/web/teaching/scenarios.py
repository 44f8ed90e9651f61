"""Scenarios: the library, the presenter view with its debrief, the handout, the answer key and learner mode.

Presenter pages are plain GETs (reveal=1 shows the answer), so they work without JavaScript and
hold no state. A learner's progress travels with the page as a signed token (scenario_progress):
nothing is stored on the server. Practice mode is nested here (practice_pages) so one line in the
app factory registers both.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from triage.engine import evaluate_step, give_feedback, step_results

from ..app_content import current_site
from ..compression import holds_a_form
from ..live.host import HostForm
from .answer_form import (
    CAREGIVER_EXTENSION,
    CAREGIVER_PARTS,
    EXTENSION,
    AnswerForm,
    answer_form,
    compose_answer_form,
    compose_caregiver_form,
    read_answer,
)
from .answers import feedback_parts
from .library import AUDIENCES, filter_choices, library_filters, scenario_matches
from .practice import bp as practice
from .presenter import reveal
from .progress import LearnerProgress, dump_answer, load_answer

bp = Blueprint("scenarios", __name__)
bp.register_blueprint(practice)


@bp.record_once
def _compose_answer_form(state) -> None:
    content = state.app.extensions["triage"].content
    state.app.extensions[EXTENSION] = compose_answer_form(content)
    state.app.extensions[CAREGIVER_EXTENSION] = compose_caregiver_form(content)


@bp.app_template_filter("audience")
def audience_words(audience) -> str:
    """('student', 'trainer') -> 'nursing students and trainers'."""
    words = [AUDIENCES.get(a, a).lower() for a in audience]
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


def _scenario(scenario_id: str):
    scenario = current_site().content.scenarios.get(scenario_id)
    if scenario is None:
        abort(404, f"There is no scenario called {scenario_id[:60]!r} in the library.")
    return scenario


def _step(scenario, number: int):
    if not 1 <= number <= len(scenario.steps):
        abort(404, f"This scenario has steps 1 to {len(scenario.steps)}; there is no step {number}.")
    return scenario.steps[number - 1]


def _for_caregivers(scenario) -> bool:
    """A scenario written for caregivers (not students too) says the urgency in the caregiver's words."""
    return "caregiver" in scenario.audience and "student" not in scenario.audience


@bp.get("/scenarios")
def library():
    """The library, filtered by audience, syndrome and length with plain links (?audience=&syndrome=&length=)."""
    content = current_site().content
    chosen = library_filters(content, request.args)
    shown = [s for s in content.scenarios.values() if scenario_matches(content, s, chosen)]
    return render_template("pages/scenario_library.html", scenarios=shown, chosen=chosen,
                           filters=filter_choices(content), total=len(content.scenarios))


@bp.get("/scenarios/<scenario_id>")
def overview(scenario_id: str):
    return render_template("pages/scenario_overview.html", scenario=_scenario(scenario_id))


@bp.get("/scenarios/<scenario_id>/present/<int:number>")
def present(scenario_id: str, number: int):
    """One step on the projector, full screen; ?reveal=1 adds the engine's answer in the case's words."""
    scenario = _scenario(scenario_id)
    step = _step(scenario, number)
    content = current_site().content
    answer = None
    if request.args.get("reveal") == "1":
        answer = reveal(content, evaluate_step(content, step), _for_caregivers(scenario))
    holds_a_form()
    return render_template("pages/scenario_present.html", scenario=scenario, step=step, answer=answer,
                           live_form=HostForm())


@bp.get("/scenarios/<scenario_id>/facilitate/<int:number>")
def facilitate(scenario_id: str, number: int):
    """The older facilitator address: the presenter view of the same step."""
    _step(_scenario(scenario_id), number)
    reveal_it = {"reveal": "1"} if request.args.get("reveal") == "1" else {}
    return redirect(url_for(".present", scenario_id=scenario_id, number=number, **reveal_it), 301)


@bp.get("/scenarios/<scenario_id>/debrief")
def debrief(scenario_id: str):
    return render_template("pages/scenario_debrief.html", scenario=_scenario(scenario_id))


@bp.get("/scenarios/<scenario_id>/handout")
def handout(scenario_id: str):
    return render_template("pages/scenario_handout.html", scenario=_scenario(scenario_id))


@bp.get("/scenarios/<scenario_id>/answers")
def answer_key(scenario_id: str):
    content = current_site().content
    scenario = _scenario(scenario_id)
    caregivers = _for_caregivers(scenario)
    answers = [reveal(content, result, caregivers) for result in step_results(content, scenario)]
    return render_template("pages/scenario_answers.html", scenario=scenario,
                           steps=list(zip(scenario.steps, answers, strict=True)))


@bp.route("/scenarios/<scenario_id>/learn/<int:number>", methods=["GET", "POST"])
def learn(scenario_id: str, number: int):
    """GET: the step and the answer form; POST: a redirect to the feedback (or the form with errors, 422)."""
    scenario = _scenario(scenario_id)
    step = _step(scenario, number)
    form = answer_form(_for_caregivers(scenario), graded=_graded(scenario))
    if request.method == "POST":
        return _answered(scenario, step, form)
    token = request.args.get("state")
    if not token and number > 1:
        return redirect(url_for(".learn", scenario_id=scenario.id, number=1), 303)
    progress = LearnerProgress.load(token, scenario.id, number - 1)
    form.state.data = token or progress.dump()
    return _learn_page(scenario, step, form, progress)


def _graded(scenario) -> set:
    """The syndromes some step of the scenario grades: the only ones whose grade the learner is asked."""
    return {s for result in step_results(current_site().content, scenario) for s, grade in result.grades.items()
            if grade is not None}


def _learn_page(scenario, step, form, progress, status: int = 200):
    return render_template("pages/scenario_learn.html", scenario=scenario, step=step, form=form,
                           progress=progress), status


def _answered(scenario, step, form):
    """A valid answer is redirected to its feedback page, the answer and the progress signed in the address."""
    content = current_site().content
    progress = LearnerProgress.load(form.state.data, scenario.id, step.number - 1)
    answer = read_answer(form, content)
    if answer is None:
        return _learn_page(scenario, step, form, progress, 400 if form.token_refused else 422)
    return redirect(url_for(".feedback", scenario_id=scenario.id, number=step.number, state=progress.dump(),
                            answer=dump_answer(scenario.id, step.number, answer)), 303)


@bp.get("/scenarios/<scenario_id>/learn/<int:number>/feedback")
def feedback(scenario_id: str, number: int):
    """Feedback on one step's answer, each question in the case's words; reloading it changes nothing."""
    content = current_site().content
    scenario = _scenario(scenario_id)
    step = _step(scenario, number)
    progress = LearnerProgress.load(request.args.get("state"), scenario.id, number - 1)
    answer = load_answer(request.args.get("answer"), scenario.id, number, content)
    asked = CAREGIVER_PARTS if _for_caregivers(scenario) else AnswerForm.parts
    marks = give_feedback(content, evaluate_step(content, step), answer, asked)
    after = progress.add(marks.score)
    last = step.number == len(scenario.steps)
    next_url = (url_for(".score", scenario_id=scenario.id, state=after.dump()) if last else
                url_for(".learn", scenario_id=scenario.id, number=step.number + 1, state=after.dump()))
    parts = feedback_parts(content, marks, plain=_for_caregivers(scenario))
    return render_template("pages/scenario_feedback.html", scenario=scenario, step=step, feedback=marks,
                           parts=parts, progress=after, next_url=next_url, last=last)


@bp.get("/scenarios/<scenario_id>/learn/score")
def score(scenario_id: str):
    """The score at the end: every step must have been answered."""
    scenario = _scenario(scenario_id)
    token = request.args.get("state")
    if not token:
        return redirect(url_for(".learn", scenario_id=scenario.id, number=1), 303)
    progress = LearnerProgress.load(token, scenario.id, len(scenario.steps))
    return render_template("pages/scenario_score.html", scenario=scenario, progress=progress)
