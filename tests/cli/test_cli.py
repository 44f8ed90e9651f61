"""The `triage` command: --help, check, evaluate (text and JSON), exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from triage.cli import main


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize("args", [[], ["check"], ["evaluate"]], ids=["group", "check", "evaluate"])
def test_every_command_has_help(runner, args):
    result = runner.invoke(main, args + ["--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output


def test_check_prints_the_counts_and_exits_0(runner, rules_dir):
    result = runner.invoke(main, ["check", str(rules_dir)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 36 findings fields, 4 checklists, ")
    assert "glossary terms" in result.output


def test_check_prints_every_problem_and_exits_1(runner, rules_dir, tmp_path):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir, copy)
    crs = copy / "grading" / "crs.yaml"
    crs.write_text(crs.read_text(encoding="utf-8").replace("{ref: fever_now}", "{ref: fever_nwo}", 1), encoding="utf-8")
    result = runner.invoke(main, ["check", str(copy)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("rules/grading/crs.yaml:")
    assert lines[0].endswith(": unknown named condition 'fever_nwo' (did you mean 'fever_now'?)")
    assert lines[-1] == "1 problem in 1 file"


def test_evaluate_prints_text_ending_with_the_closing_line(runner, rules_dir):
    result = runner.invoke(main, ["evaluate", str(rules_dir / "examples" / "crs_day_3.yaml")])
    assert result.exit_code == 0, result.output
    assert "Cytokine release syndrome (CRS): grade 2" in result.output
    assert "Decided by crs_grade_2_hypoxia" in result.output
    assert result.output.rstrip().splitlines()[-1] == "Contact your care team."


def test_evaluate_json_has_the_contract_shape(runner, rules_dir):
    result = runner.invoke(main, ["evaluate", "--json", str(rules_dir / "examples" / "crs_day_3.yaml")])
    data = json.loads(result.output)
    assert data["grades"] == {"crs": 2, "icans": 0, "icaht_early": None, "icaht_late": None}
    assert [s["id"] for s in data["syndromes"]] == ["crs"]
    assert data["syndromes"][0]["decided_by"]["rule"] == "crs_grade_2_hypoxia"
    assert data["syndromes"][0]["timing"]["fits"] is True
    assert data["urgency"]["level"] == "contact_now"
    assert list(data)[-1] == "closing" and data["closing"] == "Contact your care team."


def test_evaluate_reads_json_from_standard_input(runner):
    result = runner.invoke(main, ["evaluate", "--json", "-"], input='{"temperature_c": 38.0}')
    assert result.exit_code == 0
    assert json.loads(result.output)["grades"]["crs"] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"temperature_c": 50}', "error: <stdin>: temperature_c: takes a number from 30 to 45 °C, got 50"),
        ('{"temperature_c": 38, "temperature_c": 39}', "error: <stdin>: temperature_c: is given twice"),
        ("temperature_c: [38\n", "error: <stdin>:2: YAML syntax: "),
        ('{"temperature_c": 38,}', "error: <stdin>:1: JSON syntax: "),
        ("- 38\n", "error: <stdin>: a findings document must be a mapping of field names to values"),
        ("checked: [fevr]\n", "error: <stdin>: checked: unknown checklist item 'fevr' (did you mean 'fever'?)"),
    ],
    ids=["out_of_range", "duplicate_key", "yaml_syntax", "json_syntax", "not_a_mapping", "unknown_item"],
)
def test_bad_findings_exit_2_with_one_line_and_no_traceback(runner, text, message):
    result = runner.invoke(main, ["evaluate", "-"], input=text)
    assert result.exit_code == 2
    assert result.output.startswith(message)
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_non_utf8_findings_exit_2(runner):
    result = runner.invoke(main, ["evaluate", "-"], input=b"\xff\xfe\x00")
    assert result.exit_code == 2
    assert result.output == "error: <stdin>: not UTF-8 text\n"


def test_a_missing_findings_file_exits_2(runner, tmp_path):
    result = runner.invoke(main, ["evaluate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "No such file or directory" in result.output
