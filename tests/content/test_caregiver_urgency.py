"""Urgency errs toward help: every urgency rule fires on what it names, every caregiver sign is at least
"call now", the emergency signs are emergencies on their own, and no dangerous sign waits for a fever."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage.engine import evaluate, parse_findings

RANK = {"emergency": 0, "contact_now": 1, "nothing_entered": 2, "no_warning_signs": 3}
EMERGENCY_SIGNS = {"cannot_wake", "loss_of_consciousness", "seizure", "struggling_to_breathe", "sudden_weakness",
                   "sudden_numbness", "facial_weakness", "mutism", "sudden_speech_loss"}

# One findings document per urgency rule that makes it fire (blanks read as normal).
FIRES = {
    "emergency_cannot_wake": {"checked": ["loss_of_consciousness"]},
    "emergency_seizure": {"seizure": "rapidly_resolving"},
    "emergency_breathing": {"oxygen_device": "nasal_cannula", "oxygen_flow_l_min": 8},
    "emergency_stroke_like": {"checked": ["facial_weakness"]},
    "emergency_vasopressors": {"hypotension": "requiring_vasopressors", "vasopressors": ["norepinephrine"]},
    "emergency_severe_grade": {"ice_score": 2},
    "contact_now_fever": {"temperature_c": 38.0},
    "contact_now_low_temperature": {"temperature_c": 36.0},
    "contact_now_thinking": {"checked": ["handwriting_change"]},
    "contact_now_sleepy_or_shaking": {"checked": ["tremor"]},
    "contact_now_bleeding": {"checked": ["bleeding"]},
    "contact_now_stomach": {"checked": ["nausea_vomiting_diarrhea"]},
    "contact_now_sign": {"checked": ["skin_rash"]},
    "contact_now_graded": {"cd19_b_cells": "absent", "product_target": "CD19"},
    "contact_now_finding": {"infections": "single"},
    "nothing_entered": {},
}


def _result(content, data):
    return evaluate(content, parse_findings(data, content))


def _fired(result) -> set:
    return {entry.rule.id for entry in result.trace if entry.fired and entry.rule.kind == "urgency"}


def test_every_urgency_rule_has_a_case(content):
    assert {rule.id for rule in content.urgency_rules} == set(FIRES)


@pytest.mark.parametrize("rule_id", sorted(FIRES))
def test_each_urgency_rule_fires_and_sets_at_least_its_level(content, rule_id):
    rule = next(r for r in content.urgency_rules if r.id == rule_id)
    result = _result(content, FIRES[rule_id])
    assert rule_id in _fired(result)
    assert RANK[result.urgency.level.id] <= RANK[rule.level]
    assert rule.sources, f"{rule_id} cites no source"


def _caregiver_items(content):
    return [item for group in content.caregiver_form for item in group.items]


def test_the_form_shows_every_emergency_sign_in_the_emergency_box(content):
    box = next(group for group in content.caregiver_form if group.emergency)
    assert content.caregiver_form[0] is box
    assert {item.id for item in box.items} == EMERGENCY_SIGNS


@pytest.mark.parametrize("item_id", sorted(EMERGENCY_SIGNS))
def test_an_emergency_sign_alone_is_an_emergency(content, item_id):
    assert _result(content, {"checked": [item_id]}).urgency.level.id == "emergency"


def test_every_caregiver_sign_alone_is_at_least_call_now(content):
    for item in _caregiver_items(content):
        level = _result(content, {"checked": [item.id]}).urgency.level.id
        assert RANK[level] <= RANK["contact_now"], f"{item.id} gives {level}"


def test_every_caregiver_item_is_in_some_form_group_or_found_only_by_the_team(content):
    on_form = {item.id for item in _caregiver_items(content)}
    off_form = {i.id for i in content.items.values() if i.group != "lab"} - on_form
    assert off_form == {"low_blood_pressure", "low_oxygen", "organ_failure", "encephalopathy"}
    for item_id in off_form:  # still valid in the contract
        assert RANK[_result(content, {"checked": [item_id]}).urgency.level.id] <= RANK["contact_now"]


@settings(max_examples=60, deadline=None)
@given(celsius=st.decimals(min_value=30, max_value=45, places=1).map(float))
def test_a_temperature_outside_36_to_38_is_at_least_call_now(content, celsius):
    level = _result(content, {"temperature_c": celsius}).urgency.level.id
    if celsius >= 38.0 or celsius <= 36.0:
        assert RANK[level] <= RANK["contact_now"]
    else:
        assert level == "no_warning_signs"


@settings(max_examples=40, deadline=None)
@given(sign=st.sampled_from(sorted(EMERGENCY_SIGNS)), celsius=st.one_of(
    st.none(), st.decimals(min_value=30, max_value=45, places=1).map(float)))
def test_a_dangerous_sign_never_waits_for_a_fever(content, sign, celsius):
    data = {"checked": [sign]} | ({} if celsius is None else {"temperature_c": celsius})
    assert _result(content, data).urgency.level.id == "emergency"


@pytest.mark.parametrize("data", [
    {"hypotension": "requiring_vasopressors", "vasopressors": ["norepinephrine", "epinephrine"]},
    {"oxygen_device": "simple_facemask"},
    {"oxygen_device": "bipap"},
], ids=["two_vasopressors", "facemask", "bipap"])
def test_grade_3_support_is_an_emergency_with_or_without_fever(content, data):
    assert _result(content, data).urgency.level.id == "emergency"
    assert _result(content, data | {"temperature_c": 39.0}).urgency.level.id == "emergency"


def test_the_established_grade_decides_not_the_top_of_the_range(content):
    result = _result(content, {"temperature_c": 38.5})
    assert result.ranges["crs"].grade == 1 and result.ranges["crs"].at_most >= 3
    assert result.urgency.level.id == "contact_now"


def test_a_sign_read_to_a_student_is_a_clinical_escalation_never_the_emergency_number(content):
    for level in content.levels:
        assert "911" not in level.clinical_message and "emergency number" not in level.clinical_message
        assert "911" not in level.clinical_title
    assert "911" in content.level("emergency").title
