"""The bundled scenario library: every scenario loads, every step evaluates, every answer is written down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from triage.engine import Scenario, evaluate_step, parse_findings, scenario_coverage, step_results

CLOSING = "Contact your care team."
EVERY_EXPECTATION = {("grade", "crs"), ("grade", "icans"), ("decided_by", "crs"), ("decided_by", "icans"),
                     ("flag", "mas_hlh"), ("flag", "b_cell_aplasia"), ("syndromes", ""), ("urgency", "")}


def _scenarios(content):
    return list(content.scenarios.values())


def test_the_library_has_at_least_sixteen_scenarios_one_file_each(content, rules_dir):
    files = sorted(path.stem for path in (rules_dir / "scenarios").glob("*.yaml"))
    assert len(files) >= 16
    assert sorted(content.scenarios) == files
    assert all(isinstance(s, Scenario) and s.file == f"rules/scenarios/{s.id}.yaml" for s in _scenarios(content))


def test_scenarios_come_in_teaching_order_starting_with_the_caregiver_scenario(content):
    orders = [s.order for s in _scenarios(content)]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert next(iter(content.scenarios)) == "caregiver_first_days"


def test_every_step_evaluates_and_ends_with_the_closing_line(content):
    for scenario in _scenarios(content):
        for step in scenario.steps:
            result = evaluate_step(content, step)
            assert result.to_dict()["closing"] == CLOSING
            assert result.urgency.level.message.endswith(CLOSING)


def test_every_step_result_is_the_same_as_evaluating_its_findings_again(content):
    for scenario in _scenarios(content):
        for step, result in zip(scenario.steps, step_results(content, scenario), strict=True):
            again = parse_findings(step.findings.to_dict(), content)
            assert again.to_dict() == step.findings.to_dict()
            assert result.grades == evaluate_step(content, step).grades


def test_every_step_has_its_day_questions_and_every_answer_written_down(content):
    for scenario in _scenarios(content):
        for number, step in enumerate(scenario.steps, 1):
            assert step.number == number
            assert step.findings.values["days_since_infusion"] == step.day
            assert (step.ask_first or step.prompts) and step.narrative
            written = {(e.kind, e.syndrome) for e in step.expectations}
            assert written == EVERY_EXPECTATION, f"{scenario.id} step {number}"


def test_every_scenario_has_objectives_a_debrief_with_sources_and_a_source(content):
    for scenario in _scenarios(content):
        assert scenario.objectives and scenario.background and scenario.sources, scenario.id
        assert scenario.debrief and all(point.sources for point in scenario.debrief), scenario.id
        assert set(scenario.audience) <= {"caregiver", "student", "trainer"}


def test_every_step_that_shows_a_fever_of_38_or_more_has_fever_among_its_signs(content):
    for scenario in _scenarios(content):
        for step in scenario.steps:
            if step.findings.values.get("temperature_c", 0) >= 38.0:
                assert "fever" in step.findings.checked, f"{scenario.id} step {step.number}"


def test_the_caregiver_scenarios_use_ticked_signs_only(content):
    caregiver = [s for s in _scenarios(content) if s.audience == ("caregiver", "trainer")]
    assert [s.id for s in caregiver] == ["caregiver_first_days"]
    for step in caregiver[0].steps:
        assert set(step.findings.given) == {"checked", "days_since_infusion"}


@pytest.mark.parametrize(
    ("cell", "scenario"),
    [
        ("CRS grade 4", "crs_oxygen_escalation"),
        ("ICANS grade 2, child under 12 (CAPD)", "child_icans_capd"),
        ("CRS followed by ICANS", "crs_then_icans"),
        ("ICANS without CRS", "icans_without_crs"),
        ("Fever masked after tocilizumab", "masked_fever_tocilizumab"),
        ("MAS/IEC-HS as CRS resolves", "mas_as_crs_resolves"),
        ("B-cell aplasia months later, with infections", "b_cell_aplasia_infections"),
        ("Mimic: criteria not met, care team still needed", "mimic_hypoxia_without_fever"),
        ("Caregiver, plain language (signs only)", "caregiver_first_days"),
    ],
    ids=["crs_4", "icans_child_2", "crs_then_icans", "icans_alone", "masked", "mas", "b_cells", "mimic", "caregiver"],
)
def test_the_named_situations_are_covered_by_the_scenario_written_for_them(content, cell, scenario):
    rows = {row.cell: row.scenarios for row in scenario_coverage(content)}
    assert scenario in rows[cell]


def test_every_coverage_cell_is_covered(content):
    rows = scenario_coverage(content)
    assert len(rows) == 21
    assert [row.cell for row in rows if not row.covered] == []


def test_scenario_files_are_yaml_in_their_own_folder(rules_dir):
    assert {p.suffix for p in Path(rules_dir, "scenarios").iterdir()} == {".yaml"}


def _properties(node, path=()):
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            yield path + (name,), child
        for key, child in node.items():
            yield from _properties(child, path + (key,))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _properties(child, path + (i,))


def test_every_property_of_the_scenario_schema_has_a_description(rules_dir):
    schema = json.loads((rules_dir / "schema" / "scenario.schema.json").read_text(encoding="utf-8"))
    missing = ["/".join(map(str, path)) for path, prop in _properties(schema) if "description" not in prop]
    assert missing == []
