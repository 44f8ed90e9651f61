"""One broken copy of the rules per kind of error: loading refuses with the exact file:line message."""

from __future__ import annotations

import shutil

import pytest

from triage.engine import ContentError, load_content

# (file, text to replace, replacement, expected message). In the message, {line} is the first line
# the replacement changes and {prev} the line where the replaced text starts (for "first at").
MUTATIONS = {
    "duplicate_key": (
        "grading/crs.yaml",
        "    kind: grade\n    grade: 2\n",
        "    kind: grade\n    grade: 2\n    grade: 3\n",
        "duplicate key 'grade' (first at line {before})",
    ),
    "unknown_key": (
        "grading/crs.yaml",
        '    source: {ref: astct_2019, section: "CRS grading table, grade 2, hypotension row"}',
        '    sorce: {ref: astct_2019, section: "CRS grading table, grade 2, hypotension row"}',
        "unknown key 'sorce' (did you mean 'source'?)",
    ),
    "unknown_field": (
        "grading/crs.yaml",
        "        - {field: hypotension, eq: not_requiring_vasopressors}",
        "        - {field: hypotensoin, eq: not_requiring_vasopressors}",
        "'hypotensoin' is not a findings field (did you mean 'hypotension'?)",
    ),
    "wrong_value_type": (
        "grading/crs.yaml",
        "          - {field: oxygen_flow_l_min, lte: 6}",
        "          - {field: oxygen_flow_l_min, lte: six}",
        "oxygen_flow_l_min takes a number from 0 to 80 L/min, got 'six'",
    ),
    "unknown_item": (
        "grading/crs.yaml",
        "    when: {checked: organ_failure}",
        "    when: {checked: organ_failur}",
        "unknown checklist item 'organ_failur' (did you mean 'organ_failure'?)",
    ),
    "unknown_source": (
        "grading/crs.yaml",
        '    source: {ref: astct_2019, section: "CRS grading table, grade 2, hypotension row"}',
        '    source: {ref: astct_2091, section: "CRS grading table, grade 2, hypotension row"}',
        "unknown source 'astct_2091' (did you mean 'astct_2019'?)",
    ),
    "duplicate_rule_id": (
        "grading/crs.yaml",
        "  - id: crs_grade_2_hypoxia\n",
        "  - id: crs_grade_2_hypotension\n",
        "duplicate rule id 'crs_grade_2_hypotension' (first at rules/grading/crs.yaml:{first_rule})",
    ),
    "wrong_type": (
        "grading/crs.yaml",
        '    grade: 4\n    criterion: "Fever with hypoxia',
        '    grade: four\n    criterion: "Fever with hypoxia',
        "'grade' must be a whole number, got 'four'",
    ),
    "closing_missing": (
        "urgency.yaml",
        "    message: >-\n      These signs can be life-threatening. Call for an ambulance now. Tell them the"
        " person has had\n      CAR T-cell therapy, and show them the wallet card. Then tell the care team."
        " Contact your care team.\n",
        '    message: "These signs can be life-threatening."\n',
        "message must end with 'Contact your care team.'",
    ),
    "custom_tag": (
        "glossary.yaml",
        "terms:\n",
        "terms: !!python/object:os.system\n",
        "tag 'tag:yaml.org,2002:python/object:os.system' is not allowed",
    ),
}


def _mutate(tmp_path, rules_dir, file, old, new):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir, copy)
    target = copy / file
    text = target.read_text(encoding="utf-8")
    assert old in text, f"mutation anchor missing from {file}: {old!r}"
    at = text.index(old)
    same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    mutated = text.replace(old, new, 1)
    target.write_text(mutated, encoding="utf-8")
    return copy, mutated[: at + same].count("\n") + 1, mutated


def _line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("name", [n for n, m in MUTATIONS.items()])
def test_broken_rules_are_refused_with_file_and_line(tmp_path, rules_dir, name):
    file, old, new, message = MUTATIONS[name]
    copy, line, mutated = _mutate(tmp_path, rules_dir, file, old, new)
    first_rule = _line_of(mutated, "  - id: crs_grade_2_hypotension") if "{first_rule}" in message else 0
    expected_message = message.format(before=line - 1, first_rule=first_rule)
    with pytest.raises(ContentError) as caught:
        load_content(copy)
    assert f"rules/{file}:{line}: {expected_message}" in [str(p) for p in caught.value.problems]


def test_a_rule_without_a_source_is_refused(tmp_path, rules_dir):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir, copy)
    target = copy / "grading" / "crs.yaml"
    text = target.read_text(encoding="utf-8")
    cut = '    source: {ref: astct_2019, section: "CRS grading table, grade 2, hypotension row"}\n'
    target.write_text(text.replace(cut, ""), encoding="utf-8")
    line = _line_of(text, "  - id: crs_grade_2_hypotension")
    with pytest.raises(ContentError) as caught:
        load_content(copy)
    assert [str(p) for p in caught.value.problems] == [
        f"rules/grading/crs.yaml:{line}: 'crs_grade_2_hypotension' is missing 'source'"
    ]


def test_an_urgency_rule_may_not_take_a_grading_rule_id(tmp_path, rules_dir):
    # The trace names every rule by its id, so ids are unique across grading and urgency rules.
    copy, line, _ = _mutate(tmp_path, rules_dir, "urgency.yaml", "  - id: emergency_breathing\n",
                            "  - id: crs_grade_2_hypotension\n")
    crs = (rules_dir / "grading" / "crs.yaml").read_text(encoding="utf-8")
    first = f"rules/grading/crs.yaml:{_line_of(crs, '  - id: crs_grade_2_hypotension')}"
    with pytest.raises(ContentError) as caught:
        load_content(copy)
    assert [str(p) for p in caught.value.problems] == [
        f"rules/urgency.yaml:{line}: duplicate rule id 'crs_grade_2_hypotension' (first at {first})"]


def test_bad_indentation_is_a_yaml_syntax_error_with_its_line(tmp_path, rules_dir):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir, copy)
    target = copy / "grading" / "crs.yaml"
    text = target.read_text(encoding="utf-8")
    anchor = "  positive_pressure:\n    field: oxygen_device\n"
    target.write_text(text.replace(anchor, anchor + "   in: [cpap]\n"), encoding="utf-8")
    line = _line_of(text, anchor) + 2
    with pytest.raises(ContentError) as caught:
        load_content(copy)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"rules/grading/crs.yaml:{line}: YAML syntax: ")


def test_an_item_no_rule_uses_is_refused(tmp_path, rules_dir):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir, copy)
    checklist = copy / "checklists" / "crs.yaml"
    text = checklist.read_text(encoding="utf-8")
    text += (
        '  - id: unused_sign\n    plain: "Unused"\n    clinical: "Unused"\n    group: sign\n'
        '    source: {ref: lls_booklet, section: "Table 1"}\n'
    )
    checklist.write_text(text, encoding="utf-8")
    line = text.count("\n") - 4
    with pytest.raises(ContentError) as caught:
        load_content(copy)
    assert [str(p) for p in caught.value.problems] == [
        f"rules/checklists/crs.yaml:{line}: item 'unused_sign' is not used by any rule"
    ]


def test_every_problem_is_reported_not_just_the_first(tmp_path, rules_dir):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir, copy)
    for name in ("crs", "icans"):
        path = copy / "grading" / f"{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("criterion:", "critrion:", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(copy)
    assert {p.path for p in caught.value.problems} == {"rules/grading/crs.yaml", "rules/grading/icans.yaml"}
    assert caught.value.summary().endswith("in 2 files")


def test_a_stray_file_in_rules_is_refused(tmp_path, rules_dir):
    copy = tmp_path / "rules"
    shutil.copytree(rules_dir, copy)
    (copy / "grading" / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(copy)
    assert str(caught.value.problems[0]).startswith("rules/grading/notes.txt:1: not a content file")
