"""`triage check` prints the scenario coverage table after the counts, and fails on a scenario problem."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner

from triage.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def test_check_prints_the_counts_then_the_coverage_table(runner, rules_dir):
    result = runner.invoke(main, ["check", str(rules_dir)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("ok: 36 findings fields, 4 checklists, ")
    assert ", 18 scenarios (content " in lines[0]
    assert lines[1] == "Scenario coverage:"
    rows = dict(re.fullmatch(r"  (.+?) {2,}(\S.*)", line).groups() for line in lines[2:])
    assert len(rows) == 21
    assert rows["CRS grade 4"] == "crs_oxygen_escalation, crs_two_vasopressors"
    assert rows["ICANS grade 4, child under 12 (CAPD)"] == "child_icans_capd"
    assert rows["Caregiver, plain language (signs only)"] == "caregiver_first_days"
    assert "NOT COVERED" not in result.output


def _copy(tmp_path, rules_dir):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir, copy)
    return copy


def test_check_fails_naming_the_scenario_line_of_a_wrong_answer(runner, rules_dir, tmp_path):
    copy = _copy(tmp_path, rules_dir)
    scenario = copy / "scenarios" / "crs_day2_fever.yaml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("grades: {crs: 2, icans: 0}", "grades: {crs: 3, icans: 0}"), encoding="utf-8")
    line = text[: text.index("grades: {crs: 2, icans: 0}")].count("\n") + 1
    result = runner.invoke(main, ["check", str(copy)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"rules/scenarios/crs_day2_fever.yaml:{line}: step 2 expects crs grade 3 but the engine gives 2 "
        "(decided by crs_grade_2_hypoxia)",
        "1 problem in 1 file",
    ]


def test_check_fails_when_a_coverage_cell_is_uncovered(runner, rules_dir, tmp_path):
    copy = _copy(tmp_path, rules_dir)
    (copy / "scenarios" / "caregiver_first_days.yaml").unlink()
    result = runner.invoke(main, ["check", str(copy)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "rules/scenarios:1: no scenario covers: Caregiver, plain language (signs only)",
        "1 problem in 1 file",
    ]
