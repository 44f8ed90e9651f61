"""Result.to_json: the JSON agrees with the result it describes, to_dict reads it back, and what it keeps comes
from the content alone."""

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


def _cited_refs(data) -> set:
    """Every ref cited anywhere in a result's JSON, outside its `sources` map."""
    if isinstance(data, dict):
        return {data["ref"]} if "ref" in data else set().union(*map(_cited_refs, data.values()))
    if isinstance(data, list):
        return set().union(*map(_cited_refs, data))
    return set()


def _check_json_agrees_with_result(result):
    data = result.to_dict()
    assert orjson.dumps(data) == result.to_json()
    assert data["trace"] == result.trace_dicts()
    assert result.to_dict(with_trace=False) == {**data, "trace": []}
    cited = _cited_refs({key: value for key, value in data.items() if key != "sources"})
    assert list(data["sources"]) == sorted(cited)
    for ref, source in data["sources"].items():
        assert source == {"short": result.content.sources[ref].short, "title": result.content.sources[ref].title}
    assert [s["id"] for s in data["syndromes"]] == [s.id for s in result.syndromes]
    for shown, s in zip(data["syndromes"], result.syndromes, strict=True):
        assert shown["decided_by"] == (s.decided_by and {
            "rule": s.decided_by.rule.id, "criterion": s.decided_by.rule.criterion,
            "sources": [c.to_dict() for c in s.decided_by.rule.sources], "where": s.decided_by.rule.where()})
        assert [a["text"] for a in shown["management"]] == [a.text for a in s.management]
        assert [n["rule"] for n in shown["notes"]] == [n.rule.id for n in s.notes]
        assert [i["id"] for i in shown["signs"]] == [i.id for i in s.signs]
        assert [(w["from_day"], w["to_day"], w["contains_day"]) for w in shown["timing"]["windows"]] == [
            (w.from_day, w.to_day, None if s.timing.day is None else w.contains(s.timing.day))
            for w in s.timing.windows]
    assert [n["rule"] for n in data["notes"]] == [n.rule.id for n in result.notes]
    urgency = data["urgency"]
    assert (urgency["level"], [b["rule"] for b in urgency["because"]]) == (
        result.urgency.level.id, [r.id for r in result.urgency.fired])
    assert (urgency["decided_by"] or {}).get("rule") == (result.urgency.fired[0].id if result.urgency.fired else None)


def test_the_json_agrees_with_the_result_for_every_example_scenario_and_practice_case(content):
    for doc in _documents(content):
        _check_json_agrees_with_result(_result(content, doc))


def test_the_json_agrees_with_the_result_for_any_document(content):
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(findings_documents(content.items))
    def check(doc):
        _check_json_agrees_with_result(_result(content, doc))

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
    kept_first, kept_second = first.__dict__["_kept"], second.__dict__["_kept"]
    assert kept_first.keys() == kept_second.keys()
    assert repr(_comparable(list(kept_first.values()))) == repr(_comparable(list(kept_second.values())))


def _comparable(value):
    """A kept value with each serialised piece as its bytes (a Fragment's repr shows only its address)."""
    if isinstance(value, orjson.Fragment):
        return orjson.dumps(value)
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return [_comparable(item) for item in value]
    return value

