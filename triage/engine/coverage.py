"""Which scenario teaches what: every cell is worked out from the engine's answers, never declared.

A cell is covered by a scenario when one of its steps (or its course as a whole) shows it, as the engine
grades and flags the steps. Every cell is required: an uncovered cell is a content problem.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problems import Problem
from .scenarios import step_results

CHILD_AGE = 12  # ASTCT 2019 uses the CAPD under 12 and the ICE score from 12 (rules/grading/icans_child.yaml)
MONTHS_LATER_DAY = 60  # "months later" for the B-cell aplasia situation: two months or more after infusion
PERSON_FIELDS = frozenset({"checked", "days_since_infusion", "age_years", "product_target"})
ACTION_LEVELS = ("emergency", "contact_now")


@dataclass(frozen=True)
class CoverageRow:
    """One cell of the coverage table and the scenarios (ids, teaching order) that cover it."""

    cell: str
    scenarios: tuple

    @property
    def covered(self) -> bool:
        return bool(self.scenarios)


def scenario_coverage(content) -> tuple:
    """The coverage table: CRS grades 1-4, ICANS grades 1-4 (adult, child), flags, named situations."""
    evaluated = [(s, step_results(content, s)) for s in content.scenarios.values()]
    return tuple(CoverageRow(label, tuple(s.id for s, results in evaluated if test(content, s, results)))
                 for label, test in _cells())


def coverage_problems(rows, folder: str = "rules/scenarios") -> list:
    """One problem per uncovered cell, at `folder`:1."""
    return [Problem(folder, 1, f"no scenario covers: {row.cell}") for row in rows if not row.covered]


def render_coverage(rows) -> str:
    """The coverage table as aligned plain text, one cell a line."""
    width = max((len(row.cell) for row in rows), default=0)
    lines = ["Scenario coverage:"]
    for row in rows:
        lines.append(f"  {row.cell.ljust(width)}  {', '.join(row.scenarios) or 'NOT COVERED'}")
    return "\n".join(lines) + "\n"


def _cells():
    for grade in (1, 2, 3, 4):
        yield f"CRS grade {grade}", _any_step(_grade("crs", grade))
    for grade in (1, 2, 3, 4):
        yield f"ICANS grade {grade}, adult (ICE)", _any_step(_grade("icans", grade, child=False))
    for grade in (1, 2, 3, 4):
        yield f"ICANS grade {grade}, child under 12 (CAPD)", _any_step(_grade("icans", grade, child=True))
    yield "MAS/IEC-HS features", _any_step(lambda content, step, result: result.flags["mas_hlh"])
    yield "B-cell aplasia", _any_step(lambda content, step, result: result.flags["b_cell_aplasia"])
    yield "CRS followed by ICANS", _crs_then_icans
    yield "ICANS without CRS", _icans_without_crs
    yield "Fever masked after tocilizumab", _any_step(_masked_fever)
    yield "MAS/IEC-HS as CRS resolves", _any_step(_mas_as_crs_resolves)
    yield "B-cell aplasia months later, with infections", _any_step(_b_cells_months_later)
    yield "Mimic: criteria not met, care team still needed", _any_step(_mimic)
    yield "Caregiver, plain language (signs only)", _caregiver_plain


def _any_step(test):
    def covers(content, scenario, results):
        return any(test(content, step, result) for step, result in zip(scenario.steps, results, strict=True))
    return covers


def _is_child(findings) -> bool:
    return "capd_score" in findings.given or findings.values.get("age_years", CHILD_AGE) < CHILD_AGE


def _grade(syndrome_id, grade, child=None):
    def test(content, step, result):
        return result.grades.get(syndrome_id) == grade and (child is None or _is_child(step.findings) == child)
    return test


def _first(results, syndrome_id):
    return next((i for i, r in enumerate(results) if (r.grades.get(syndrome_id) or 0) >= 1), None)


def _crs_then_icans(content, scenario, results) -> bool:
    crs, icans = _first(results, "crs"), _first(results, "icans")
    return crs is not None and icans is not None and crs < icans


def _icans_without_crs(content, scenario, results) -> bool:
    """ICANS at some step, CRS assessed there and at grade 0, and no CRS at any step."""
    assessed = any((r.grades.get("icans") or 0) >= 1 and r.grades.get("crs") == 0 for r in results)
    return assessed and _first(results, "crs") is None


def _masked_fever(content, step, result) -> bool:
    masked = any(note.rule.id == "crs_note_fever_masked" for note in result.notes)
    therapy = step.findings.values.get("fever_suppressing_therapy", ())
    return masked and (result.grades["crs"] or 0) >= 1 and "tocilizumab" in therapy


def _mas_as_crs_resolves(content, step, result) -> bool:
    return result.flags["mas_hlh"] and step.findings.values.get("crs_course") in ("resolving", "resolved")


def _b_cells_months_later(content, step, result) -> bool:
    values = step.findings.values
    return (result.flags["b_cell_aplasia"] and values.get("days_since_infusion", 0) >= MONTHS_LATER_DAY
            and values.get("infections") in ("single", "recurrent"))


def _mimic(content, step, result) -> bool:
    measured = any(name in step.findings.given for s in ("crs", "icans") for name in content.gradings[s].graded_by)
    unremarkable = not any(result.grades.values()) and not any(result.flags.values())
    return measured and unremarkable and result.urgency.level.id in ACTION_LEVELS


def _caregiver_plain(content, scenario, results) -> bool:
    return "caregiver" in scenario.audience and all(
        step.findings.checked and set(step.findings.given) <= PERSON_FIELDS for step in scenario.steps)
