"""Scenarios in a real browser: a learner works through every step to the score; a facilitator reveals
each step with the keyboard only; practice, the shortcuts and the printouts. axe runs on every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from triage.engine import model_answer, practice_case, step_results

from .test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser

SCENARIO = "crs_then_icans"


def fill_answer(page, content, answer) -> None:
    """Tick and choose the learner's answer by the labels a user reads."""
    for item_id in answer.signs:
        page.get_by_label(content.items[item_id].clinical, exact=True).check()
    for syndrome_id in answer.syndromes:
        page.get_by_label(content.syndromes[syndrome_id].name, exact=True).check()
    for syndrome_id, grade in answer.grades.items():
        group = page.get_by_role("group", name=f"{content.syndromes[syndrome_id].short_name} grade")
        if grade is None and group.count() == 0:
            continue  # a grade this scenario never has (ICAHT without counts) is not asked
        group.get_by_label("Not gradable from this" if grade is None else f"Grade {grade}", exact=True).check()
    if answer.urgency:
        level = content.level(answer.urgency)  # a students' form says the level as a clinical escalation
        group = page.get_by_role("group", name="How urgent is it?")
        group.get_by_label(level.clinical_title, exact=True).or_(group.get_by_label(level.title, exact=True)).check()


def test_a_learner_works_through_every_step_and_ends_on_the_score(page, content, screenshot):
    scenario = content.scenarios[SCENARIO]
    page.goto(f"/scenarios/{SCENARIO}")
    page.get_by_role("link", name="Work through it alone").click()
    for step, result in zip(scenario.steps, step_results(content, scenario), strict=True):
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Step {step.number}: day {step.day}")
        expect(page.get_by_text(f"Step {step.number} of 3", exact=True)).to_be_visible()
        if step.number == 1:
            assert_no_violations(page)
        fill_answer(page, content, model_answer(content, result))
        screenshot(page, f"learner-step-{step.number}")
        page.get_by_role("button", name="Check my answer").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Step {step.number}: how you did")
        expect(page.locator(".mark--missed, .mark--over_called")).to_have_count(0)
        expect(page.get_by_role("heading", name="Grades")).to_be_visible()
        assert_no_violations(page)
        screenshot(page, f"learner-feedback-{step.number}")
        page.get_by_role("link", name="See your score" if step.number == 3 else "Next step").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your score")
    expect(page.get_by_text("All steps: 23 of 23 (100%)")).to_be_visible()
    expect(page.get_by_role("row", name="Step 2: day 4 8 of 8")).to_be_visible()
    expect(page.locator(".closing")).to_have_text("Contact your care team.")
    assert_no_violations(page)
    screenshot(page, "learner-score")


def test_a_learner_sees_a_missed_sign_and_the_error_for_a_grade_left_out(page, content, screenshot):
    page.goto(f"/scenarios/{SCENARIO}/learn/1")
    page.get_by_label("Fever (temperature ≥ 38.0 °C)", exact=True).check()
    page.get_by_role("group", name="CRS grade").get_by_label("Grade 1", exact=True).check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_role("alert")).to_contain_text("ICANS grade: choose the ICANS grade")
    assert_no_violations(page)
    screenshot(page, "learner-errors")
    page.get_by_role("group", name="ICANS grade").get_by_label("Grade 0", exact=True).check()
    page.get_by_role("button", name="Check my answer").click()
    missed = page.locator(".feedback-part", has=page.get_by_role("heading", name="Signs")).locator(".mark--missed")
    expect(missed).to_have_count(2)
    expect(missed.first).to_contain_text("Chills or rigors: Missed The case describes chills or rigors")


def test_after_an_answer_back_and_reload_show_no_resubmission_and_the_same_feedback(page, content):
    page.goto(f"/scenarios/{SCENARIO}/learn/1")
    result = step_results(content, content.scenarios[SCENARIO])[0]
    fill_answer(page, content, model_answer(content, result))
    page.get_by_role("group", name="CRS grade").get_by_label("Grade 3", exact=True).check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page).to_have_url(re.compile(rf"/scenarios/{SCENARIO}/learn/1/feedback\?state=.+&answer=.+"))
    feedback_url = page.url
    feedback = page.locator("main").inner_text()
    assert "CRS grade: Too high You said grade 3; the answer is grade 1." in feedback
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Step 1: day 2")
    page.go_forward()
    expect(page).to_have_url(feedback_url)
    page.reload()
    expect(page).to_have_url(feedback_url)
    assert page.locator("main").inner_text() == feedback
    assert dialogs == []  # a reload of a GET asks nothing


# The presenter view (facilitator mode) by keyboard, its type size and axe: tests/browser/test_presenter.py.


def test_the_optional_single_key_shortcuts_reveal_and_move_between_steps(page):
    page.goto(f"/scenarios/{SCENARIO}/present/1")
    expect(page.get_by_label("Keys: ← → steps, R reveal")).to_be_checked()
    page.keyboard.press("r")
    expect(page).to_have_url(re.compile(r"/present/1\?reveal=1#answer$"))
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(r"/present/2$"))
    page.keyboard.press("p")
    expect(page).to_have_url(re.compile(r"/present/1$"))
    page.get_by_label("Keys: ← → steps, R reveal").uncheck()
    page.reload()
    expect(page.get_by_label("Keys: ← → steps, R reveal")).not_to_be_checked()
    page.keyboard.press("r")
    expect(page).to_have_url(re.compile(r"/present/1$"))  # switched off: the key does nothing


def test_practice_cases_are_answered_reviewed_and_continued(page, content, screenshot):
    page.goto("/practice")
    expect(page).to_have_url(re.compile(r"/practice\?seed=\d+&i=0$"))
    seed = 7
    drawn = practice_case(content, seed, 0)
    assert drawn.findings.checked, "the case must describe signs, so leaving them out is a mistake"
    page.goto(f"/practice?seed={seed}&i=0")
    expect(page.get_by_text(drawn.narrative)).to_be_visible()
    assert_no_violations(page)
    answer = model_answer(content, drawn.result)
    fill_answer(page, content, answer.__class__(frozenset(), answer.syndromes, answer.grades, answer.urgency))
    page.get_by_role("button", name="Check my answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case 1: how you did")
    assert_no_violations(page)
    screenshot(page, "practice-feedback")
    page.get_by_role("link", name="Review your mistakes").click()
    expect(page.get_by_role("heading", name="Case 1")).to_be_visible()
    assert_no_violations(page)
    screenshot(page, "practice-review")
    page.get_by_role("link", name="Continue practising").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Practice case 2")
    expect(page.get_by_text(practice_case(content, seed, 1).narrative)).to_be_visible()


def test_the_answer_key_prints_one_page_per_step_and_one_for_the_debrief(page, content):
    for scenario in content.scenarios.values():
        page.goto(f"/scenarios/{scenario.id}/answers")
        pages = len(re.findall(rb"/Type\s*/Page\b", page.pdf(format="A4")))
        assert pages == len(scenario.steps) + 1, f"{scenario.id}: {pages} pages for {len(scenario.steps)} steps"


@pytest.mark.parametrize("sheet", ["handout", "answers"])
def test_the_handout_and_the_answer_key_print_without_the_controls(page, content, screenshot, sheet):
    page.goto(f"/scenarios/{SCENARIO}/{sheet}")
    pdf = page.pdf(format="A4")
    steps = len(content.scenarios[SCENARIO].steps)
    assert 1 <= len(re.findall(rb"/Type\s*/Page\b", pdf)) <= (steps if sheet == "handout" else steps + 1)
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("heading", name="Step 3: day 5")).to_be_visible()
    expect(page.get_by_text("Contact your care team.", exact=True)).to_be_visible()
    screenshot(page, f"scenario-{sheet}-print")
