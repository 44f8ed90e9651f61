"""Every numeric threshold in rules/grading/ has a published case on each side of it."""

from __future__ import annotations

import operator
from pathlib import Path

import pytest
import yaml

from triage.engine import parse_findings

ROOT = Path(__file__).resolve().parents[2]
OPS = {"lt": operator.lt, "lte": operator.le, "gt": operator.gt, "gte": operator.ge}


def _leaves(node):
    if isinstance(node, dict):
        if "field" in node:
            for op in OPS:
                if op in node and not isinstance(node[op], bool):
                    yield node["field"], op, node[op]
        for value in node.values():
            yield from _leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from _leaves(value)


def _thresholds():
    found = set()
    for path in sorted((ROOT / "rules" / "grading").glob("*.yaml")):
        found |= set(_leaves(yaml.safe_load(path.read_text(encoding="utf-8"))))
    return sorted(found, key=str)


def _case_values(content):
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield parse_findings(case["findings"], content).values


@pytest.mark.parametrize(("field", "op", "bound"), _thresholds(), ids=lambda v: str(v))
def test_each_threshold_has_a_case_on_each_side(content, field, op, bound):
    sides = {OPS[op](values[field], bound) for values in _case_values(content) if field in values}
    assert sides == {True, False}, f"{field} {op} {bound}: cases only on side {sides}"
