"""Result.to_json is orjson.dumps(Result.to_dict()), byte for byte; what it keeps comes from the rules alone."""

from __future__ import annotations

import orjson
from hypothesis import HealthCheck, given, settings

from tests.findings_strategy import findings_documents
from triage.engine import evaluate, load_content, parse_findings, practice_case


def _documents(content):
    yield {}
    yield from (findings.to_dict() for findings in content.examples.values())
    for scenario in content.scenarios.values():
        yield from (step.findings.to_dict() for step in scenario.steps)
    yield from (practice_case(content, seed, index).document for seed in (1, 2) for index in range(19))


def _result(content, doc):
    return evaluate(content, parse_findings(doc, content.items))


def test_to_json_is_the_json_of_to_dict_for_every_example_scenario_and_practice_case(content):
    for doc in _documents(content):
        result = _result(content, doc)
        assert result.to_json() == orjson.dumps(result.to_dict())
        assert result.to_json(with_trace=False) == orjson.dumps(result.to_dict(with_trace=False))


def test_to_json_is_the_json_of_to_dict_for_any_document(content):
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(findings_documents(content.items))
    def check(doc):
        result = _result(content, doc)
        assert result.to_json() == orjson.dumps(result.to_dict())

    check()


def test_a_rule_reading_nothing_given_is_explained_as_if_worked_out_afresh(content):
    # to_dict and to_json take such a rule's reason from the empty document's trace; TraceEntry works
    # every reason out from the condition itself.
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(findings_documents(content.items))
    def check(doc):
        result = _result(content, doc)
        data = result.to_dict()["trace"]
        assert [(e["rule"], e["fired"], e["reason"]) for e in data] == [
            (e.rule.id, e.fired, e.reason) for e in result.trace]

    check()


def test_changing_what_to_dict_returned_changes_no_later_result(content):
    doc = {"age_years": 58, "days_since_infusion": 3, "checked": ["fever", "chills"], "temperature_c": 38.7,
           "oxygen_device": "nasal_cannula", "oxygen_flow_l_min": 2, "ice_score": 10}
    expected, expected_json = _result(content, doc).to_dict(), _result(content, doc).to_json()
    spoiled = _result(content, doc).to_dict()
    for entry in spoiled["trace"]:
        entry["sources"][0]["ref"] = "spoiled"
        entry["sources"].append({"ref": "extra"})
        entry["criterion"] = "spoiled"
    crs = spoiled["syndromes"][0]
    crs["decided_by"]["sources"].clear()
    crs["management"][0]["grades"].append(99)
    crs["timing"]["windows"][0]["sources"][0]["section"] = "spoiled"
    crs["notes"][0]["sources"].clear()
    crs["signs"][0]["plain"] = "spoiled"
    crs["scales"].append("spoiled")
    spoiled["urgency"]["sources"].clear()
    spoiled["urgency"]["because"][0]["criterion"] = "spoiled"
    next(iter(spoiled["sources"].values()))["title"] = "spoiled"
    spoiled["notes"].clear()
    assert _result(content, doc).to_dict() == expected
    assert _result(content, doc).to_json() == expected_json


def test_what_is_kept_for_results_does_not_depend_on_the_findings_evaluated(rules_dir):
    first, second = load_content(rules_dir), load_content(rules_dir)
    for doc in _documents(first):
        _result(first, doc).to_json()
    _result(second, {}).to_json()
    kept_first, kept_second = first.rules.__dict__["_kept"], second.rules.__dict__["_kept"]
    assert kept_first.keys() == kept_second.keys()
    assert repr(list(kept_first.values())) == repr(list(kept_second.values()))

