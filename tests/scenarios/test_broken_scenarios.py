"""One broken copy of a scenario per kind of fault: loading refuses it with the exact file:line: message."""

from __future__ import annotations

import shutil

import pytest

from triage.engine import ContentError, load_content

DAY2 = "scenarios/crs_day2_fever.yaml"

# name -> (file, text to replace (its first occurrence), replacement, the part of the replacement on the
# reported line, message). In a message, {before} is the line before the reported one.
MUTATIONS = {
    "wrong_grade": (
        DAY2, "grades: {crs: 2, icans: 0}", "grades: {crs: 3, icans: 0}", "grades: {crs: 3",
        "step 2 expects crs grade 3 but the engine gives 2 (decided by crs_grade_2_hypoxia)",
    ),
    "wrong_grade_where_no_rule_decides": (
        DAY2, "grades: {crs: 1, icans: 0}", "grades: {crs: 1, icans: 1}", "grades: {crs: 1, icans: 1}",
        "step 1 expects icans grade 1 but the engine gives 0 (no icans grading rule is met)",
    ),
    "wrong_deciding_rule": (
        DAY2, "decided_by: {crs: crs_grade_2_hypoxia", "decided_by: {crs: crs_grade_2_hypotension",
        "decided_by: {crs: crs_grade_2_hypotension",
        "step 2 expects crs decided by crs_grade_2_hypotension but the engine's decision is "
        "crs_grade_2_hypoxia (grade 2)",
    ),
    "unknown_deciding_rule": (
        DAY2, "decided_by: {crs: crs_grade_2_hypoxia", "decided_by: {crs: crs_grade_2_hypoxa",
        "decided_by: {crs: crs_grade_2_hypoxa",
        "step 2 expects crs decided by 'crs_grade_2_hypoxa', which is not a crs grading rule "
        "(did you mean 'crs_grade_2_hypoxia'?)",
    ),
    "wrong_urgency": (
        DAY2, "      urgency: contact_now\n", "      urgency: emergency\n", "urgency: emergency",
        "step 1 expects urgency emergency but the engine gives contact_now (contact_now_fever)",
    ),
    "unknown_urgency": (
        DAY2, "      urgency: contact_now\n", "      urgency: contact_nwo\n", "urgency: contact_nwo",
        "step 1 expects urgency 'contact_nwo', which is not an urgency level (did you mean 'contact_now'?)",
    ),
    "wrong_syndromes": (
        "scenarios/crs_then_icans.yaml", "syndromes: [crs, icans]", "syndromes: [crs]", "syndromes: [crs]",
        "step 2 expects the syndromes crs but the engine lists crs, icans",
    ),
    "wrong_flag": (
        "scenarios/mas_as_crs_resolves.yaml", "flags: {mas_hlh: true", "flags: {mas_hlh: false",
        "flags: {mas_hlh: false",
        "step 2 expects mas_hlh features absent but the engine finds them present",
    ),
    "findings_out_of_range": (
        DAY2, "oxygen_flow_l_min: 3\n", "oxygen_flow_l_min: 300\n", "oxygen_flow_l_min: 300",
        "step 2: not a valid findings document: oxygen_flow_l_min: takes a number from 0 to 80 L/min, got 300",
    ),
    "findings_unknown_field": (
        DAY2, "temperature_c: 38.9", "temperature: 38.9", "temperature: 38.9",
        "step 2: not a valid findings document: temperature: is not a findings field "
        "(did you mean 'temperature_c'?)",
    ),
    "findings_unknown_item": (
        DAY2, "checked: [fever, chills, muscle_joint_pain]", "checked: [fever, chils, muscle_joint_pain]",
        "checked: [fever, chils",
        "step 1: not a valid findings document: checked: unknown checklist item 'chils' (did you mean 'chills'?)",
    ),
    "day_repeated_in_findings": (
        DAY2, "      age_years: 58\n", "      age_years: 58\n      days_since_infusion: 2\n",
        "days_since_infusion: 2",
        "step 1: days_since_infusion comes from the step's 'day'; remove it here",
    ),
    "unknown_key": (
        DAY2, "    prompts:\n", "    promts:\n", "promts:",
        "unknown key 'promts' (did you mean 'prompts'?)",
    ),
    "unknown_source": (
        DAY2, "{ref: astct_2019, section: \"CRS grading table and definition",
        "{ref: astct_2091, section: \"CRS grading table and definition", "{ref: astct_2091",
        "unknown source 'astct_2091' (did you mean 'astct_2019'?)",
    ),
    "wrong_audience": (
        DAY2, "audience: [student, trainer]", "audience: [student, teacher]", "audience:",
        "'audience' must be one of: caregiver, student, trainer; got 'teacher'",
    ),
    "id_not_the_file_name": (
        DAY2, "id: crs_day2_fever", "id: crs_day_2_fever", "id: crs_day_2_fever",
        "id 'crs_day_2_fever' does not match the file name 'crs_day2_fever.yaml'",
    ),
    "duplicate_order": (
        "scenarios/crs_fever_threshold.yaml", "order: 2\n", "order: 3\n", "order: 3",
        "order 3 is already used by rules/scenarios/crs_day2_fever.yaml",
    ),
    "duplicate_yaml_key": (
        DAY2, "  - day: 4\n", "  - day: 4\n    day: 5\n", "    day: 5",
        "duplicate key 'day' (first at line {before})",
    ),
}


def _copy(tmp_path, rules_dir):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir, copy)
    return copy


def _mutate(copy, file, old, new, on_line=None) -> tuple:
    """Replace the first `old` with `new`; return the new text and the line of `on_line` within `new`."""
    target = copy / file
    text = target.read_text(encoding="utf-8")
    assert old in text, f"mutation anchor missing from {file}: {old!r}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return text.replace(old, new, 1), line + new[: new.index(on_line or new)].count("\n")


def _line_of(text, needle) -> int:
    assert needle in text, needle
    return text[: text.index(needle)].count("\n") + 1


def _problems(copy) -> list:
    with pytest.raises(ContentError) as caught:
        load_content(copy)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_a_broken_scenario_is_refused_with_file_line_and_message(tmp_path, rules_dir, name):
    file, old, new, on_line, message = MUTATIONS[name]
    copy = _copy(tmp_path, rules_dir)
    _, line = _mutate(copy, file, old, new, on_line)
    expected = f"rules/{file}:{line}: {message.format(before=line - 1)}"
    assert expected in _problems(copy)


def test_a_debrief_point_without_a_source_is_refused(tmp_path, rules_dir):
    copy = _copy(tmp_path, rules_dir)
    point = '  - text: "Patient guides ask families to tell the team about a fever straight away."\n'
    mutated, _ = _mutate(copy, DAY2, point + '    source: {ref: patient_education, section: "clinical.md (i), '
                      'St. Jude patient sheet S20a"}\n', point)
    assert _problems(copy) == [f"rules/{DAY2}:{_line_of(mutated, point)}: debrief 4 is missing 'source'"]


def test_a_scenario_without_a_source_is_refused(tmp_path, rules_dir):
    copy = _copy(tmp_path, rules_dir)
    _mutate(copy, DAY2, 'source:\n  - {ref: astct_2019, section: "CRS grading table (clinical.md (a))"}\n'
            '  - {ref: lls_booklet, section: "Table 1, CRS row"}\n', "")
    assert _problems(copy) == [f"rules/{DAY2}:2: 'crs_day2_fever' is missing 'source'"]


def test_an_uncovered_coverage_cell_is_a_content_problem(tmp_path, rules_dir):
    copy = _copy(tmp_path, rules_dir)
    (copy / "scenarios" / "mas_as_crs_resolves.yaml").unlink()
    assert _problems(copy) == [
        "rules/scenarios:1: no scenario covers: MAS/IEC-HS as CRS resolves",
        "rules/scenarios:1: no scenario covers: MAS/IEC-HS features",
    ]


def test_every_wrong_answer_is_reported_not_just_the_first(tmp_path, rules_dir):
    copy = _copy(tmp_path, rules_dir)
    _mutate(copy, DAY2, "grades: {crs: 2, icans: 0}", "grades: {crs: 3, icans: 1}")
    _mutate(copy, "scenarios/crs_then_icans.yaml", "urgency: emergency", "urgency: contact_now")
    problems = _problems(copy)
    assert len(problems) == 3
    assert [p.split(":")[0] for p in problems] == [f"rules/{DAY2}"] * 2 + ["rules/scenarios/crs_then_icans.yaml"]


def test_a_step_with_no_question_for_the_group_is_refused_at_the_step(tmp_path, rules_dir):
    copy = _copy(tmp_path, rules_dir)
    file = "scenarios/crs_two_vasopressors.yaml"  # step 1 asks one question, before the answer
    text = (copy / file).read_text(encoding="utf-8")
    block = text[text.index("    ask_first:\n"):text.index("  - day: 2")]
    mutated, _ = _mutate(copy, file, block, "")
    line = _line_of(mutated, "  - day: 1")
    assert _problems(copy) == [f"rules/{file}:{line}: step 1 needs at least one of 'ask_first', 'prompts'"]


def test_a_question_for_the_group_without_a_model_answer_is_refused_at_the_question(tmp_path, rules_dir):
    copy = _copy(tmp_path, rules_dir)
    file = "scenarios/crs_two_vasopressors.yaml"
    text = (copy / file).read_text(encoding="utf-8")
    block = text[text.index("      - ask: "):text.index("  - day: 2")]
    mutated, _ = _mutate(copy, file, block, '      - "Does a higher temperature raise the CRS grade?"\n')
    line = _line_of(mutated, '      - "Does a higher')
    assert _problems(copy) == [f"rules/{file}:{line}: step 1: the question 'Does a higher temperature raise the "
                               "CRS grade?' has no model answer; write it as {ask, answer, source}"]


def test_a_model_answer_needs_a_source(tmp_path, rules_dir):
    copy = _copy(tmp_path, rules_dir)
    file = "scenarios/crs_two_vasopressors.yaml"
    text = (copy / file).read_text(encoding="utf-8")
    source = text[text.index("        source: {ref: astct_2019, section: \"CRS grading table: the worse"):]
    source = source[:source.index("\n") + 1]
    _mutate(copy, file, source, "")
    problems = _problems(copy)
    assert len(problems) == 1 and problems[0].startswith(f"rules/{file}:")


def test_scenario_problems_are_reported_together_with_the_rules_problems(tmp_path, rules_dir):
    copy = _copy(tmp_path, rules_dir)
    _mutate(copy, DAY2, "    prompts:\n", "    promts:\n")
    _mutate(copy, "grading/crs.yaml", "    criterion: \"Fever with hypotension that",
            "    critrion: \"Fever with hypotension that")
    assert {p.split(":")[0] for p in _problems(copy)} == {f"rules/{DAY2}", "rules/grading/crs.yaml"}


def test_answers_are_not_checked_while_the_rules_themselves_are_broken(tmp_path, rules_dir):
    copy = _copy(tmp_path, rules_dir)
    _mutate(copy, DAY2, "grades: {crs: 2, icans: 0}", "grades: {crs: 3, icans: 0}")
    _mutate(copy, "grading/crs.yaml", "{ref: fever_now}", "{ref: fever_nwo}")
    (problem,) = _problems(copy)
    assert problem.endswith(": unknown named condition 'fever_nwo' (did you mean 'fever_now'?)")


def test_a_scenario_folder_with_a_stray_file_is_refused(tmp_path, rules_dir):
    copy = _copy(tmp_path, rules_dir)
    (copy / "scenarios" / "notes.txt").write_text("hello", encoding="utf-8")
    assert _problems(copy)[0].startswith("rules/scenarios/notes.txt:1: not a content file")
