"""Every row and edge of the published tables, as data in tests/cases/*.yaml, run by one test.

A case expects, per syndrome, any of: grade, decided_by, flagged, grade_at_most, unassessed (the fields left
blank that could raise the grade, in contract order); and notes fired, and the urgency level."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from triage.engine import evaluate, parse_findings

CASES_DIR = Path(__file__).resolve().parent.parent / "cases"


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(case, id=case["id"])


def _syndrome_view(result, syndrome_id):
    listed = result.syndrome(syndrome_id)
    decided = listed.decided_by.id if listed and listed.decided_by else None
    grade_range = result.ranges.get(syndrome_id)
    return {"grade": result.grades.get(syndrome_id), "decided_by": decided,
            "flagged": result.flags.get(syndrome_id, False),
            "grade_at_most": grade_range.at_most if grade_range else None,
            "unassessed": list(grade_range.unassessed) if grade_range and grade_range.unassessed is not None else None}


@pytest.mark.parametrize("case", list(_cases()))
def test_published_case(content, case):
    result = evaluate(content, parse_findings(case["findings"], content))
    expect = case["expect"]
    for syndrome_id in content.syndromes:
        if syndrome_id in expect:
            view = _syndrome_view(result, syndrome_id)
            wanted = expect[syndrome_id]
            assert {k: view[k] for k in wanted} == wanted
    if "notes" in expect:
        fired_notes = [note.id for note in result.notes]
        for note in expect["notes"]:
            assert note in fired_notes, f"note {note} did not fire; fired: {fired_notes}"
    if "urgency" in expect:
        assert result.urgency.level.id == expect["urgency"]
    if "unknown" in expect:
        open_rules = {entry.rule.id for entry in result.trace if entry.outcome is None}
        assert set(expect["unknown"]) - open_rules == set()
    assert result.closing == "Contact your care team."


def test_every_grade_and_flag_rule_is_open_in_some_case(content):
    """Each rule whose outcome the blanks can leave open has a case where they do."""
    named = {rule for param in _cases() for rule in param.values[0]["expect"].get("unknown", ())}
    rules = {rule.id for rule in content.grading_rules if rule.kind in ("grade", "flag")}
    assert rules - named == set()
