"""Every row and edge of the published tables, as data in tests/cases/*.yaml, run by one test."""

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
    decided = listed.decided_by.rule.id if listed and listed.decided_by else None
    grade = result.grades[syndrome_id]
    return {"grade": grade, "decided_by": decided, "flagged": result.flags[syndrome_id]}


@pytest.mark.parametrize("case", list(_cases()))
def test_published_case(content, case):
    result = evaluate(content, parse_findings(case["findings"], content.items))
    expect = case["expect"]
    for syndrome_id in ("crs", "icans", "mas_hlh", "b_cell_aplasia"):
        if syndrome_id in expect:
            view = _syndrome_view(result, syndrome_id)
            wanted = expect[syndrome_id]
            assert {k: view[k] for k in wanted} == wanted
    if "notes" in expect:
        fired_notes = [note.rule.id for note in result.notes]
        for note in expect["notes"]:
            assert note in fired_notes, f"note {note} did not fire; fired: {fired_notes}"
    if "urgency" in expect:
        assert result.urgency.level.id == expect["urgency"]
    assert result.closing == "Contact your care team."
