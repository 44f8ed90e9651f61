"""Result.to_dict: the JSON agrees with the result it describes, the trace is opt-in, and each call is new data."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings

from tests.findings_strategy import findings_documents
from triage.engine import evaluate, parse_findings, practice_case


def _documents(content):
    yield {}
    yield from (findings.to_dict() for findings in content.examples.values())
    for scenario in content.scenarios.values():
        yield from (step.findings.to_dict() for step in scenario.steps)
    yield from (practice_case(content, seed, index).document for seed in (1, 2) for index in range(19))


def _result(content, doc):
    return evaluate(content, parse_findings(doc, content))


def _cited_refs(data) -> set:
    """Every ref cited anywhere in a result's JSON, outside its `sources` map."""
    if isinstance(data, dict):
        return {data["ref"]} if "ref" in data else set().union(*map(_cited_refs, data.values()))
    if isinstance(data, list):
        return set().union(*map(_cited_refs, data))
    return set()


def _check_json_agrees_with_result(result):
    data, traced = result.to_dict(), result.to_dict(trace=True)
    json.dumps(traced)
    assert "trace" not in data and {k: v for k, v in traced.items() if k not in ("trace", "sources")} == {
        k: v for k, v in data.items() if k != "sources"}
    assert list(data)[-1] == "closing" and list(traced)[-1] == "closing"
    for shown in (data, traced):
        cited = _cited_refs({key: value for key, value in shown.items() if key != "sources"})
        assert list(shown["sources"]) == sorted(cited)
    assert data["grades"] == result.grades and set(data["grades"]) == set(result.content.graded)
    for syndrome_id, grade in data["grades"].items():
        at_most, unassessed = data["grades_at_most"][syndrome_id], data["unassessed"][syndrome_id]
        assert (grade is None) == (at_most is None) == (unassessed is None)
        if grade is not None:
            assert grade <= at_most and (at_most == grade) == (unassessed == [])
    assert [s["id"] for s in data["syndromes"]] == [s.id for s in result.syndromes]
    for shown, s in zip(data["syndromes"], result.syndromes, strict=True):
        assert (shown["decided_by"] or {}).get("rule") == (s.decided_by.id if s.decided_by else None)
        assert (shown["grade"], shown["grade_at_most"]) == (s.grade, s.grade_at_most)
        assert [a["text"] for a in shown["management"]] == [a.text for a in s.management]
        assert [n["rule"] for n in shown["notes"]] == [n.id for n in s.notes]
        assert [i["id"] for i in shown["signs"]] == [i.id for i in s.signs]
    assert [n["rule"] for n in data["notes"]] == [n.id for n in result.notes]
    urgency = data["urgency"]
    assert (urgency["level"], [b["rule"] for b in urgency["because"]]) == (
        result.urgency.level.id, [r.id for r in result.urgency.fired])
    assert [(e["rule"], e["fired"]) for e in traced["trace"]] == [
        (rule.id, fired) for rule, fired in zip(result.content.rules, result.fired, strict=True)]
    for entry in traced["trace"]:
        assert entry["outcome"] in ("met", "not_met", "unknown")
        assert (entry["outcome"] == "unknown") == bool(entry["unknown"]) or entry["outcome"] == "unknown"
        if entry["outcome"] != "unknown":
            assert entry["outcome"] == ("met" if entry["fired"] else "not_met")


def test_the_json_agrees_with_the_result_for_every_example_scenario_and_practice_case(content):
    for doc in _documents(content):
        _check_json_agrees_with_result(_result(content, doc))


def test_the_json_agrees_with_the_result_for_any_document(content):
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(findings_documents(content))
    def check(doc):
        _check_json_agrees_with_result(_result(content, doc))

    check()


def test_changing_what_to_dict_returned_changes_no_later_result(content):
    doc = {"age_years": 58, "days_since_infusion": 3, "checked": ["fever", "chills"], "temperature_c": 38.7,
           "oxygen_device": "nasal_cannula", "oxygen_flow_l_min": 2, "ice_score": 10}
    result = _result(content, doc)
    expected = result.to_dict(trace=True)
    spoiled = result.to_dict(trace=True)
    for entry in spoiled["trace"]:
        entry["sources"].append({"ref": "extra"})
        entry["criterion"] = "spoiled"
    crs = spoiled["syndromes"][0]
    crs["decided_by"]["sources"].clear()
    crs["management"][0]["grades"].append(99)
    crs["timing"]["windows"][0]["sources"][0]["section"] = "spoiled"
    crs["signs"][0]["plain"] = "spoiled"
    spoiled["urgency"]["because"][0]["criterion"] = "spoiled"
    next(iter(spoiled["sources"].values()))["title"] = "spoiled"
    spoiled["notes"].clear()
    assert result.to_dict(trace=True) == expected
    assert _result(content, doc).to_dict(trace=True) == expected


def test_an_open_blank_makes_a_rule_unknown_in_the_trace_and_names_the_field(content):
    trace = {e["rule"]: e for e in _result(content, {"temperature_c": 38.5}).to_dict(trace=True)["trace"]}
    assert trace["crs_grade_1_fever"]["outcome"] == "met"
    assert trace["crs_grade_3_hypoxia"]["outcome"] == "unknown"
    assert trace["crs_grade_3_hypoxia"]["fired"] is False
    assert trace["crs_grade_3_hypoxia"]["unknown"] == ["oxygen_device", "oxygen_flow_l_min"]
    assert trace["emergency_seizure"]["outcome"] == "unknown"  # no seizure field given: a seizure is not ruled out
    assert trace["nothing_entered"]["outcome"] == "not_met"
