"""Learner feedback: right, missed and over-called, part by part, with why in the case's words."""

from __future__ import annotations

import dataclasses
import re

import pytest

from triage.engine import (
    FindingsError,
    LearnerAnswer,
    Score,
    evaluate_step,
    give_feedback,
    model_answer,
    parse_answer,
    scenario_score,
    step_results,
)

# crs_day2_fever, step 2: 38.9 °C, nasal cannula at 3 L/min, ICE 10, alert.
# Signs described: fever, breathing_problems, low_oxygen, extreme_tiredness. CRS 2, ICANS 0, contact now.
RIGHT_ANSWER = {"signs": ["fever", "breathing_problems", "low_oxygen", "extreme_tiredness"],
                "syndromes": ["crs"], "grades": {"crs": 2, "icans": 0}, "urgency": "contact_now"}


@pytest.fixture(scope="module")
def day4(content):
    return evaluate_step(content, content.scenarios["crs_day2_fever"].steps[1])


def _answer(content, **changes):
    return parse_answer({**RIGHT_ANSWER, **changes}, content)


def _verdicts(feedback, part):
    return {mark.key: mark.verdict for mark in feedback.part(part)}


ALL_SIGNS_RIGHT = {"fever": "right", "breathing_problems": "right", "low_oxygen": "right",
                   "extreme_tiredness": "right"}


@pytest.mark.parametrize(
    ("changes", "part", "verdicts", "score"),
    [
        ({}, "signs", ALL_SIGNS_RIGHT, (8, 8)),
        ({"signs": ["fever", "low_oxygen", "extreme_tiredness"]}, "signs",
         {**ALL_SIGNS_RIGHT, "breathing_problems": "missed"}, (7, 8)),
        ({"signs": [*RIGHT_ANSWER["signs"], "confusion"]}, "signs",
         {**ALL_SIGNS_RIGHT, "confusion": "over_called"}, (8, 9)),
        ({"signs": []}, "signs", dict.fromkeys(ALL_SIGNS_RIGHT, "missed"), (4, 8)),
        ({"syndromes": []}, "syndromes", {"crs": "missed"}, (7, 8)),
        ({"syndromes": ["crs", "icans"]}, "syndromes", {"crs": "right", "icans": "over_called"}, (8, 9)),
        ({"grades": {"crs": 3, "icans": 0}}, "grades", {"crs": "over_called", "icans": "right"}, (7, 8)),
        ({"grades": {"crs": 1, "icans": 0}}, "grades", {"crs": "missed", "icans": "right"}, (7, 8)),
        ({"grades": {"crs": None, "icans": 0}}, "grades", {"crs": "missed", "icans": "right"}, (7, 8)),
        ({"grades": {"crs": 2, "icans": None}}, "grades", {"crs": "right", "icans": "missed"}, (7, 8)),
        ({"grades": {}}, "grades", {"crs": "missed", "icans": "missed"}, (6, 8)),
        ({"urgency": "emergency"}, "urgency", {"urgency": "over_called"}, (7, 8)),
        ({"urgency": "no_warning_signs"}, "urgency", {"urgency": "missed"}, (7, 8)),
        ({"urgency": None}, "urgency", {}, (7, 7)),
    ],
    ids=["all_right", "sign_missed", "sign_over_called", "no_signs", "syndrome_missed", "syndrome_over_called",
         "grade_too_high", "grade_too_low", "not_graded_when_graded", "icans_0_is_not_ungraded",
         "grades_not_answered", "urgency_too_high", "urgency_too_low", "urgency_not_asked"],
)
def test_each_part_is_marked_right_missed_or_over_called(content, day4, changes, part, verdicts, score):
    feedback = give_feedback(content, day4, _answer(content, **changes))
    assert _verdicts(feedback, part) == verdicts
    assert (feedback.score.points, feedback.score.out_of) == score


LOW_FLOW = ("Temperature 38.9 °C; oxygen support: nasal cannula; oxygen flow 3 L/min: fever with hypoxia needing "
            "low-flow nasal cannula (6 L/min or less) or blow-by oxygen, so CRS grade 2. Grade 3 would need fever "
            "with hypoxia needing high-flow nasal cannula (more than 6 L/min), a facemask, a non-rebreather mask or "
            "a Venturi mask.")


@pytest.mark.parametrize("given", [3, 1, 2], ids=["too_high", "too_low", "right"])
def test_a_grade_is_explained_in_the_cases_words_whatever_was_answered(content, day4, given):
    (crs, _icans) = give_feedback(content, day4, _answer(content, grades={"crs": given, "icans": 0})).part("grades")
    assert (crs.expected, crs.given) == ("grade 2", f"grade {given}")
    assert crs.why == LOW_FLOW


def test_a_grade_of_0_names_the_findings_the_range_and_what_grade_1_needs(content, day4):
    (_crs, icans) = give_feedback(content, day4, _answer(content)).part("grades")
    assert icans.why == ("ICE score 10: no ICANS criterion is met, so ICANS grade 0. Seizure, motor findings and "
                         "raised intracranial pressure or brain swelling not assessed, so it could be as high as "
                         "grade 4. Grade 1 would need ICE score 7 to 9; or depressed level of consciousness: drowsy "
                         "but wakes on their own.")


def test_grading_signs_alone_is_over_called_and_names_the_missing_findings(content):
    result = evaluate_step(content, content.scenarios["caregiver_first_days"].steps[0])
    answer = LearnerAnswer(grades={"crs": 1, "icans": None})
    crs, icans = give_feedback(content, result, answer).part("grades")
    assert (crs.verdict, icans.verdict) == ("over_called", "right")
    assert crs.why == ("CRS cannot be graded here: none of the findings that grade it (such as temperature, low "
                       "blood pressure (hypotension) or oxygen support) is given.")


def test_signs_and_syndromes_say_why_in_the_cases_words(content, day4):
    feedback = give_feedback(content, day4, _answer(content, signs=["fever", "confusion"], syndromes=["icans"]))
    why = {mark.key: mark.why for mark in feedback.part("signs") + feedback.part("syndromes")}
    assert why["fever"] == "The case describes fever (temperature ≥ 38.0 °C), a sign that can go with CRS."
    assert why["confusion"] == "The case does not describe confusion or disorientation."
    assert why["crs"] == LOW_FLOW
    assert why["icans"].startswith("Nothing in the case points to ICANS. ICE score 10: no ICANS criterion is met")


def test_the_urgency_is_explained_as_a_clinical_escalation_with_its_findings(content, day4):
    (urgency,) = give_feedback(content, day4, _answer(content, urgency="emergency")).part("urgency")
    assert (urgency.label, urgency.expected, urgency.given) == (
        "How urgent", "Call your care team now, day or night", "Call 911 or your local emergency number now")
    assert urgency.why == ("Tell the CAR T team now: a temperature of 38.0 °C (100.4 °F) or more (temperature "
                           "38.9 °C; fever (temperature ≥ 38.0 °C)).")


def test_no_feedback_names_a_rule_a_field_or_a_file(content):
    for scenario in content.scenarios.values():
        for result in step_results(content, scenario):
            wrong = LearnerAnswer(signs=set(content.items) - result.findings.checked, syndromes=set(content.syndromes),
                                  grades={s: 4 for s in content.graded}, urgency="no_warning_signs")
            for mark in give_feedback(content, result, wrong).marks:
                assert not re.search(r"\b[a-z]+_[a-z0-9_]+\b|rules/", mark.why), (scenario.id, mark)


def test_the_model_answer_scores_full_marks_on_every_step_of_every_scenario(content):
    for scenario in content.scenarios.values():
        for result in step_results(content, scenario):
            feedback = give_feedback(content, result, model_answer(content, result))
            assert feedback.verdict("right") == feedback.marks, scenario.id
            assert feedback.score.points == feedback.score.out_of


def test_a_scenario_score_is_the_sum_of_its_step_scores(content):
    scenario = content.scenarios["crs_day2_fever"]
    results = step_results(content, scenario)
    feedbacks = [give_feedback(content, r, LearnerAnswer(grades={"crs": 1, "icans": 0})) for r in results]
    assert [str(f.score) for f in feedbacks] == ["2/6", "1/7"]
    assert scenario_score(feedbacks) == Score(3, 13)
    assert scenario_score(feedbacks).percent == 23
    assert Score().percent is None


def test_feedback_is_immutable_and_serialisable(content, day4):
    feedback = give_feedback(content, day4, _answer(content))
    with pytest.raises(dataclasses.FrozenInstanceError):
        feedback.score = Score(0, 0)
    data = feedback.to_dict()
    assert data["score"] == {"points": 8, "out_of": 8, "percent": 100}
    assert data["marks"][0] == {"part": "signs", "key": "fever", "label": "Fever of 38.0 °C / 100.4 °F or higher",
                                "verdict": "right", "why": feedback.marks[0].why, "expected": "", "given": ""}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"signs": ["fevr"]}, "signs: unknown checklist item 'fevr' (did you mean 'fever'?)"),
        ({"syndromes": ["cars"]}, "syndromes: unknown syndrome 'cars' (did you mean 'crs'?)"),
        ({"grades": {"crs": 5}}, "grades.crs: takes a grade from 0 to 4, or null for not graded, got 5"),
        ({"grades": {"mas_hlh": 1}}, "grades.mas_hlh: is not a graded syndrome"),
        ({"urgency": "soon"}, "urgency: unknown urgency level 'soon'"),
        ({"sings": []}, "sings: is not part of an answer (did you mean 'signs'?)"),
        (["fever"], "an answer must be a mapping of signs, syndromes, grades and urgency"),
    ],
    ids=["unknown_sign", "unknown_syndrome", "grade_5", "ungraded_syndrome", "unknown_level", "unknown_key",
         "not_a_mapping"],
)
def test_a_malformed_answer_is_refused_naming_the_part(content, data, message):
    with pytest.raises(FindingsError) as caught:
        parse_answer(data, content)
    assert str(caught.value) == message
