"""Learner feedback: right, missed and over-called, part by part, with why in words from the trace."""

from __future__ import annotations

import dataclasses

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


def test_an_over_called_grade_says_which_rule_decided_and_why_the_higher_rules_are_not_met(content, day4):
    (crs, _icans) = give_feedback(content, day4, _answer(content, grades={"crs": 3, "icans": 0})).part("grades")
    assert (crs.expected, crs.given) == ("grade 2", "grade 3")
    assert crs.why.startswith(
        "CRS is grade 2, not grade 3: decided by crs_grade_2_hypoxia — Fever with hypoxia needing low-flow "
        "nasal cannula (6 L/min or less) or blow-by oxygen; crs_grade_3_hypotension not met: ")
    hypoxia = crs.why[crs.why.index("; crs_grade_3_hypoxia not met: "):]
    assert "oxygen_flow_l_min is 3 L/min" in hypoxia


def test_an_under_called_grade_names_the_rule_that_decided(content, day4):
    (crs, _icans) = give_feedback(content, day4, _answer(content, grades={"crs": 1, "icans": 0})).part("grades")
    assert crs.why == ("CRS is grade 2, not grade 1: decided by crs_grade_2_hypoxia — Fever with hypoxia "
                       "needing low-flow nasal cannula (6 L/min or less) or blow-by oxygen")


def test_a_grade_of_0_says_no_rule_is_met(content, day4):
    (_crs, icans) = give_feedback(content, day4, _answer(content)).part("grades")
    assert icans.why == "ICANS is grade 0: no ICANS grading rule is met"


def test_grading_signs_alone_is_over_called_and_names_the_missing_findings(content):
    result = evaluate_step(content, content.scenarios["caregiver_first_days"].steps[0])
    answer = LearnerAnswer(grades={"crs": 1, "icans": None})
    crs, icans = give_feedback(content, result, answer).part("grades")
    assert (crs.verdict, icans.verdict) == ("over_called", "right")
    assert crs.why.startswith("CRS is not graded, not grade 1: none of the findings that grade CRS is given "
                              "(fever_earlier_this_episode, fever_suppressing_therapy, hypotension, ")


def test_signs_and_syndromes_say_why_in_plain_words(content, day4):
    feedback = give_feedback(content, day4, _answer(content, signs=["fever", "confusion"], syndromes=["icans"]))
    why = {mark.key: mark.why for mark in feedback.part("signs") + feedback.part("syndromes")}
    assert why["fever"] == "The step describes this sign (Fever (temperature ≥ 38.0 °C)); it can go with CRS."
    assert why["confusion"] == "This step does not describe this sign (Confusion or disorientation)."
    assert why["crs"].startswith("CRS grade 2: decided by crs_grade_2_hypoxia — ")
    assert why["icans"] == "ICANS is not pointed to: no ICANS grading rule is met; and no sign of it is described."


def test_the_urgency_mark_ends_with_the_closing_line(content, day4):
    (urgency,) = give_feedback(content, day4, _answer(content, urgency="emergency")).part("urgency")
    assert urgency.why.startswith("The urgency is 'Tell the CAR T team now', not 'Urgent review now': "
                                  "contact_now_fever — A temperature of 38.0 °C (100.4 °F) or more; ")
    assert urgency.why.endswith("Contact your care team.")


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
