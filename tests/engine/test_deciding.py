"""The deciding finding in plain clinical words: what decides a grade, what the next grade needs, the range."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings

from tests.findings_strategy import findings_documents
from triage.engine import deciding_finding, evaluate, evaluate_step, parse_findings, urgency_reason

# A rule id, a field name or a file path in the text: something_like_this, or rules/...
MACHINE_WORDS = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|rules/|\.yaml")


def decided(content, syndrome_id, **findings):
    return deciding_finding(content, evaluate(content, parse_findings(findings, content)), syndrome_id)


@pytest.mark.parametrize(("syndrome", "findings", "text"), [
    ("crs", {"temperature_c": 38.9, "oxygen_device": "nasal_cannula", "oxygen_flow_l_min": 3, "hypotension": "none"},
     "Temperature 38.9 °C; oxygen support: nasal cannula; oxygen flow 3 L/min: fever with hypoxia needing "
     "low-flow nasal cannula (6 L/min or less) or blow-by oxygen, so CRS grade 2. Grade 3 would need fever with "
     "hypoxia needing high-flow nasal cannula (more than 6 L/min), a facemask, a non-rebreather mask or a Venturi "
     "mask."),
    ("crs", {"temperature_c": 38.0, "hypotension": "none", "oxygen_device": "room_air"},
     "Temperature 38.0 °C: fever of 38.0 °C or more (or fever earlier in this CRS episode, since masked by an "
     "antipyretic, tocilizumab or a corticosteroid), without hypotension or hypoxia, so CRS grade 1. Grade 2 would "
     "need fever with hypotension that does not need vasopressors; or fever with hypoxia needing low-flow nasal "
     "cannula (6 L/min or less) or blow-by oxygen."),
    ("crs", {"temperature_c": 38.7, "hypotension": "requiring_vasopressors",
             "vasopressors": ["norepinephrine", "vasopressin"]},
     "Temperature 38.7 °C; low blood pressure (hypotension): needs vasopressors; vasopressors in use: "
     "norepinephrine, vasopressin: fever with hypotension needing one vasopressor, with or without vasopressin, so "
     "CRS grade 3. Oxygen support not assessed, so it could be as high as grade 4. Grade 4 would need fever with "
     "hypotension needing two or more vasopressors, not counting vasopressin."),
    ("crs", {"temperature_c": 39.0, "oxygen_device": "bipap"},
     "Temperature 39.0 °C; oxygen support: BiPAP: fever with hypoxia needing positive pressure (CPAP, BiPAP, or "
     "intubation and mechanical ventilation), so CRS grade 4."),
    ("icans", {"age_years": 7, "capd_score": 5},
     "Age 7 years; CAPD score (children under 12) 5: child under 12 with a CAPD score of 1 to 8: grade 1 or 2, "
     "decided by consciousness (grade 1 when the child is alert or wakes on their own), so ICANS grade 1. Level of "
     "consciousness, "
     "seizure, motor findings and raised intracranial pressure or brain swelling not assessed, so it could be as "
     "high as grade 4. Grade 2 would need depressed level of consciousness: wakes to voice."),
    ("crs", {"checked": ["fever"]},
     "CRS cannot be graded here: none of the findings that grade it (such as temperature, low blood pressure "
     "(hypotension) or oxygen support) is given."),
], ids=["low_flow_grade_2", "fever_at_the_line", "one_vasopressor_range", "bipap_top_grade", "child_capd",
        "not_gradable"])
def test_the_deciding_finding_reads_in_the_cases_words(content, syndrome, findings, text):
    assert decided(content, syndrome, **findings).text == text


def test_a_range_names_what_is_not_assessed(content):
    decision = decided(content, "crs", temperature_c=38.5)
    assert decision.grade_words == "at least grade 1, up to grade 4"
    assert decision.range_words == ("at least 1, up to 4 – low blood pressure (hypotension), vasopressors in use, "
                                    "oxygen support and oxygen flow not assessed")


def test_an_adult_is_not_told_of_the_childrens_scale(content):
    decision = decided(content, "icans", age_years=66, ice_score=10, consciousness="alert")
    assert "CAPD" not in decision.next_up
    assert decision.next_up.startswith("grade 1 would need ICE score 7 to 9")


def test_a_child_is_not_told_of_the_ice_score(content):
    decision = decided(content, "icans", age_years=7, capd_score=5)
    assert "ICE score 3 to 6" not in decision.text


def test_urgency_is_said_as_a_clinical_escalation_with_its_findings(content):
    result = evaluate(content, parse_findings({"oxygen_device": "bipap", "temperature_c": 39.0}, content))
    assert urgency_reason(content, result).startswith("Urgent review now: struggling to breathe, or breathing that "
                                                      "needs high-flow or positive-pressure support")
    assert "oxygen support: BiPAP" in urgency_reason(content, result)


def test_no_step_of_any_scenario_is_explained_with_ids_or_paths(content):
    for scenario in content.scenarios.values():
        for step in scenario.steps:
            result = evaluate_step(content, step)
            texts = [deciding_finding(content, result, s).text for s in content.graded]
            for text in [*texts, urgency_reason(content, result)]:
                assert not MACHINE_WORDS.search(text), (scenario.id, step.number, text)


def test_every_valid_document_is_explained_in_words(content):
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(findings_documents(content))
    def check(doc):
        result = evaluate(content, parse_findings(doc, content))
        for syndrome_id in content.graded:
            text = deciding_finding(content, result, syndrome_id).text
            assert text.endswith(".") and not MACHINE_WORDS.search(text), text
        assert not MACHINE_WORDS.search(urgency_reason(content, result))

    check()
