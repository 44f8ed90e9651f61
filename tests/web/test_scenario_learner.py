"""Learner mode: answer each step, read question by question what decides the answer, end on the score.

CSRF stays on (the `forms` helper reads the token); the progress travels in a signed hidden field, and a
posted answer is redirected to its feedback page (POST-redirect-GET), the answer signed in its address.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from triage.engine import model_answer, step_results

from .test_pages import page_text, text_lines

SCENARIO = "crs_then_icans"
STEP_1 = f"/scenarios/{SCENARIO}/learn/1"
# Step 1, day 2: 38.6 °C with aches and chills, room air, ICE 10 -> CRS grade 1, ICANS grade 0, contact now.
RIGHT = {"signs": ["fever", "chills", "muscle_joint_pain"], "syndromes": ["crs"], "grade_crs": "1",
         "grade_icans": "0", "urgency": "contact_now"}


def hidden(html: str, name: str) -> str:
    """The value of the hidden input `name` on the page."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    assert found, f"no hidden {name}"
    return unescape(found.group(1))


def section_text(html: str, part: str) -> str:
    """The text of one feedback section (grades, urgency, syndromes or signs), as a user reads it."""
    found = re.search(rf'<section class="feedback-part" aria-labelledby="[a-z0-9-]+-{part}">.*?</section>', html,
                      re.S)
    assert found, f"no {part} section"
    return page_text(found.group(0))


def posted(forms, path: str, data: dict):
    """Post an answer; a valid one is redirected to its feedback page, which is fetched as a browser would."""
    response = forms.post(path, data)
    if response.status_code == 303:
        assert "/feedback?" in response.headers["Location"]
        return forms.client.get(response.headers["Location"])
    return response


def main_text(html: str) -> str:
    return page_text(html[html.index("<main"):html.index("</main>")])


def answer(forms, client, path: str, data: dict):
    """Open the step at `path` (its query holds the progress) and post `data` with its progress and token."""
    state = hidden(client.get(path).get_data(as_text=True), "state")
    return posted(forms, path, {"state": state, **data})


def next_link(html: str) -> str:
    found = re.search(r'<p class="next-bar"><a class="button" href="([^"]+)">', html)
    assert found, "no next link"
    return unescape(found.group(1))


def form_data(content, result) -> dict:
    """The engine's own answer, as the form posts it."""
    model = model_answer(content, result)
    grades = {f"grade_{s}": "none" if g is None else str(g) for s, g in model.grades.items()}
    return {"signs": sorted(model.signs), "syndromes": sorted(model.syndromes), "urgency": model.urgency, **grades}


def test_a_step_shows_the_case_the_progress_and_the_answer_form(client):
    html = client.get(STEP_1).get_data(as_text=True)
    text = main_text(html)
    assert text.startswith("Fever on day 2, confusion on day 4 Step 1: day 2 Step 1 of 3 Day 2 Day 4 Day 5 Mr Dubois")
    assert 'aria-current="step"' in html and '<ol class="progress__steps"' in html
    assert 'id="signs-fever" name="signs" value="fever"> <span>Fever (temperature ≥ 38.0 °C)</span></label>' in html
    assert ('id="syndromes-icans" name="syndromes" value="icans"> '
            '<span>Immune effector cell-associated neurotoxicity syndrome (ICANS)</span></label>') in html
    assert "<legend>CRS grade</legend>" in html and "<legend>ICANS grade</legend>" in html
    assert re.search(r'id="grade_icans-5"[^>]*> <span>Not gradable from this</span></label>', html)
    assert re.search(r'id="urgency-0"[^>]*> <span>Not answering \(not scored\)</span></label>', html)
    assert "Nothing entered yet" not in text
    assert "Think about Why check the ICE score when his problem is a fever?" in text  # asked before the answer
    assert 'name="csrf_token"' in html and hidden(html, "state")


@pytest.mark.parametrize(
    ("changes", "part", "expected", "score"),
    [
        ({}, "grades", ["Grades CRS grade: Right You said grade 1. Temperature 38.6 °C: fever of 38.0 °C or more",
                        "so CRS grade 1. Grade 2 would need fever with hypotension"], "This step: 7 of 7 (100%)"),
        ({"signs": ["fever", "muscle_joint_pain"]}, "signs",
         ["Chills or rigors: Missed The case describes chills or rigors, a sign that can go with CRS."],
         "This step: 6 of 7 (86%)"),
        ({"signs": [*RIGHT["signs"], "confusion"]}, "signs",
         ["Confusion or disorientation: Not in this case The case does not describe confusion or disorientation."],
         "This step: 7 of 8 (88%)"),
        ({"syndromes": ["crs", "icans"]}, "syndromes",
         ["ICANS: Not in this case Nothing in the case points to ICANS. ICE score 10: no ICANS criterion is met"],
         "This step: 7 of 8 (88%)"),
        ({"grade_crs": "3"}, "grades",
         ["CRS grade: Too high You said grade 3; the answer is grade 1. Temperature 38.6 °C: fever of 38.0 °C"],
         "This step: 6 of 7 (86%)"),
        ({"grade_icans": "none"}, "grades",
         ["ICANS grade: Too low You said not gradable; the answer is grade 0. ICE score 10: no ICANS criterion is "
          "met, so ICANS grade 0."], "This step: 6 of 7 (86%)"),
        ({"urgency": "no_warning_signs"}, "urgency",
         ["How urgent How urgent: Too low You said No warning sign in what you entered; the answer is Call your "
          "care team now, day or night. Tell the CAR T team now: a temperature of 38.0 °C (100.4 °F) or more "
          "(temperature 38.6 °C"], "This step: 6 of 7 (86%)"),
    ],
    ids=["all_right", "sign_missed", "sign_over_called", "syndrome_over_called", "grade_too_high",
         "not_gradable_when_graded", "urgency_too_low"],
)
def test_feedback_explains_each_question_in_the_cases_words_right_or_not(forms, changes, part, expected, score):
    response = posted(forms, STEP_1, {**RIGHT, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for line in expected:
        assert line in section_text(html, part)
    assert f"{score} Your score so far:" in main_text(html)
    assert text_lines(html)[-1] == "Contact your care team."
    assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b|rules/", main_text(html))


def test_an_unanswered_urgency_is_not_scored_or_shown(forms):
    html = posted(forms, STEP_1, {**RIGHT, "urgency": ""}).get_data(as_text=True)
    assert "This step: 6 of 6 (100%)" in main_text(html) and "How urgent:" not in main_text(html)


def test_the_feedback_opens_with_the_grades_not_with_what_was_right(forms):
    text = main_text(posted(forms, STEP_1, RIGHT).get_data(as_text=True))
    assert text.index("Grades CRS grade:") < text.index("How urgent") < text.index("Syndromes") < text.index("Signs")
    assert "What you got right" not in text


def test_an_answer_is_posted_then_redirected_to_a_feedback_page_that_reloads_the_same(forms, client):
    response = forms.post(STEP_1, {**RIGHT, "grade_crs": "3"})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith(f"/scenarios/{SCENARIO}/learn/1/feedback?state=") and "&answer=" in location
    first, again = client.get(location), client.get(location)
    assert first.status_code == again.status_code == 200
    assert main_text(first.get_data(as_text=True)) == main_text(again.get_data(as_text=True))
    assert "You said grade 3; the answer is grade 1." in main_text(first.get_data(as_text=True))


@pytest.mark.parametrize(("change", "reason"), [
    (lambda q: q.replace("answer=", "answer=x"), "it has been changed or damaged"),
    (lambda q: q.split("&answer=")[0], "the answer is missing from the address"),
    (lambda q: q.replace("/learn/1/", "/learn/2/"), "it records 0 steps answered, and this page needs 1 step"),
], ids=["changed", "missing", "other_step"])
def test_a_feedback_address_that_was_changed_is_a_400_that_says_why(forms, client, change, reason):
    location = forms.post(STEP_1, RIGHT).headers["Location"]
    response = client.get(change(location))
    assert response.status_code == 400
    assert reason in main_text(response.get_data(as_text=True))


def test_working_through_every_step_ends_on_the_score(client, forms, content):
    scenario = content.scenarios[SCENARIO]
    path = STEP_1
    for step, result in zip(scenario.steps, step_results(content, scenario), strict=True):
        data = form_data(content, result)
        if step.number == 2:
            data["signs"] = data["signs"][1:]  # one sign missed: one point lost
        response = answer(forms, client, path, data)
        assert response.status_code == 200
        assert f"Step {step.number}: how you did" in main_text(response.get_data(as_text=True))
        path = next_link(response.get_data(as_text=True))
    assert urlsplit(path).path == f"/scenarios/{SCENARIO}/learn/score"
    html = client.get(path).get_data(as_text=True)
    text = main_text(html)
    assert "Your score All steps: 22 of 23 (96%)" in text
    assert "Step 1: day 2 7 of 7 Step 2: day 4 7 of 8 Step 3: day 5 8 of 8" in text
    assert scenario.debrief[0].text in text
    assert text_lines(html)[-1] == "Contact your care team."


def test_the_last_step_offers_the_score_and_not_another_step(client, forms, content):
    path = STEP_1
    for _ in range(2):
        path = next_link(answer(forms, client, path, RIGHT).get_data(as_text=True))
    html = answer(forms, client, path, RIGHT).get_data(as_text=True)
    assert re.search(r'<a class="button" href="/scenarios/crs_then_icans/learn/score\?state=[^"]+">See your score</a>',
                     html)


@pytest.mark.parametrize(
    ("data", "field_id", "message"),
    [
        ({**RIGHT, "signs": ["fever", "sneezing"]}, "signs", "Unknown checklist item 'sneezing'"),
        ({**RIGHT, "syndromes": ["crs", "flu"]}, "syndromes", "Unknown syndrome 'flu'"),
        ({**RIGHT, "grade_crs": "5"}, "grade_crs", "Takes one of: 0, 1, 2, 3, 4, none, got '5'"),
        ({k: v for k, v in RIGHT.items() if k != "grade_icans"}, "grade_icans",
         "Choose the ICANS grade, or “Not gradable from this”"),
        ({**RIGHT, "urgency": "panic"}, "urgency",
         "Takes one of: emergency, contact_now, no_warning_signs, got 'panic'"),
        ({**RIGHT, "urgency": "nothing_entered"}, "urgency",
         "Takes one of: emergency, contact_now, no_warning_signs, got 'nothing_entered'"),
    ],
    ids=["unknown_sign", "unknown_syndrome", "grade_out_of_range", "grade_not_chosen", "unknown_urgency",
         "urgency_not_offered"],
)
def test_a_bad_answer_is_shown_again_with_the_error_next_to_its_field(forms, data, field_id, message):
    response = posted(forms, STEP_1, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<div class="field-error" id="{field_id}-error">(.*?)</div>', html, re.S)
    assert error and page_text(error.group(1)) == f"Error: {message}"
    assert "There is a problem" in html and html.count("<title>Error: ") == 1


def test_an_answer_without_the_csrf_token_is_refused(client):
    response = client.post(STEP_1, data=RIGHT)
    assert response.status_code == 400
    assert "This form was open too long, or did not come from this site" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "state", "reason"),
    [
        (STEP_1, "tampered.abc", "it has been changed or damaged"),
        (f"/scenarios/{SCENARIO}/learn/2", "", "it is missing, and step 2 needs the steps before it"),
        (f"/scenarios/{SCENARIO}/learn/2", "FRESH", "it records 0 steps answered, and this page needs 1 step"),
        ("/scenarios/crs_day2_fever/learn/2", "AFTER_1", "it belongs to another scenario"),
    ],
    ids=["tampered", "missing", "wrong_step", "other_scenario"],
)
def test_progress_that_was_changed_or_does_not_fit_is_a_400_that_says_why(client, forms, path, state, reason):
    after_1 = parse_qs(urlsplit(next_link(posted(forms, STEP_1, RIGHT).get_data(as_text=True))).query)["state"][0]
    page = client.get(STEP_1).get_data(as_text=True)
    tokens = {"FRESH": hidden(page, "state"), "AFTER_1": after_1}
    response = client.post(path, data={**RIGHT, "csrf_token": hidden(page, "csrf_token"),
                                       "state": tokens.get(state, state)})
    assert response.status_code == 400
    assert (f"The progress carried by this page cannot be used: {reason}. Nothing is stored on the server, "
            "so start again from the beginning.") in main_text(response.get_data(as_text=True))


def test_a_changed_progress_in_the_address_is_a_400(client, forms):
    link = next_link(posted(forms, STEP_1, RIGHT).get_data(as_text=True))
    forged = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    for path in (forged, forged.replace("/learn/2?", "/learn/score?")):
        response = client.get(path)
        assert response.status_code == 400
        assert "it has been changed or damaged" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [f"/scenarios/{SCENARIO}/learn/3", f"/scenarios/{SCENARIO}/learn/score"])
def test_a_later_step_or_the_score_without_progress_starts_at_step_1(client, path):
    response = client.get(path)
    assert response.status_code == 303
    assert response.headers["Location"] == STEP_1


def test_the_score_needs_every_step_answered(client, forms):
    link = next_link(posted(forms, STEP_1, RIGHT).get_data(as_text=True)).replace("/learn/2?", "/learn/score?")
    response = client.get(link)
    assert response.status_code == 400
    assert "it records 1 step answered, and this page needs 3 steps" in response.get_data(as_text=True)


CAREGIVER_STEP_1 = "/scenarios/caregiver_first_days/learn/1"


def test_a_caregiver_scenario_asks_which_signs_matter_and_how_urgent_in_plain_words(client):
    html = client.get(CAREGIVER_STEP_1).get_data(as_text=True)
    text = main_text(html)
    assert "Which of these signs would you tell the team about?" in text and "What do you do now?" in text
    assert "Chills or shivering" in text and "Call 911 or your local emergency number now" in text
    for clinical in ("CRS grade", "ICANS grade", "Dyspnoea or tachypnoea", "Not gradable", "Syndromes the findings"):
        assert clinical not in text


def test_a_caregivers_feedback_is_in_plain_words_and_judges_only_signs_and_urgency(client, forms):
    state = hidden(client.get(CAREGIVER_STEP_1).get_data(as_text=True), "state")
    response = posted(forms, CAREGIVER_STEP_1, {"signs": ["fever", "chills"], "urgency": "emergency", "state": state})
    text = main_text(response.get_data(as_text=True))
    assert "This step: 2 of 4 (50%)" in text
    assert ("What to do: Too high You said Call 911 or your local emergency number now; the answer is Call your care "
            "team now, day or night. Call the care team's number now, even at night.") in text
    assert "Aching muscles or joints: Missed The story describes this. Tell the team about it." in text
    for clinical in ("Grades", "myalgia", "CAR T team now", "grade"):
        assert clinical not in text
