"""Which scenario teaches what: the cells are content (rules/coverage.yaml), the answers the engine's.

A cell is covered by a scenario when, as the engine grades, flags and rates its steps:
  step: c        some step meets condition c
  no_step: c     and no step meets c
  before: [a, b] the first step that meets a comes before the first that meets b
  every_step: c  every step meets c
  audience: x    and the scenario is for audience x
Cell conditions read a step's findings and its answer ({grade}, {flag}, {note}, {urgency}).
Every cell is required: an uncovered cell is a content problem.
"""

from __future__ import annotations

from dataclasses import dataclass

from .collector import Collector
from .conditions import Condition, Scope
from .problems import Problem
from .scenarios import step_results

TESTS = ("step", "no_step", "before", "every_step")


@dataclass(frozen=True)
class CoverageCell:
    label: str
    tests: tuple  # (kind, condition or (condition, condition)), kind from TESTS
    audience: str  # "" for any audience

    def covered_by(self, scenario, results) -> bool:
        if self.audience and self.audience not in scenario.audience:
            return False
        facts = [result.outcome_facts() for result in results]
        return all(_TESTS[kind](facts, condition) for kind, condition in self.tests)


def _some(facts, condition: Condition) -> bool:
    return any(condition.test(f) for f in facts)


def _first(facts, condition: Condition):
    return next((i for i, f in enumerate(facts) if condition.test(f)), None)


def _before(facts, pair) -> bool:
    first, then = (_first(facts, condition) for condition in pair)
    return first is not None and then is not None and first < then


_TESTS = {"step": _some, "no_step": lambda facts, c: not _some(facts, c), "before": _before,
          "every_step": lambda facts, c: all(c.test(f) for f in facts)}


@dataclass(frozen=True)
class CoverageRow:
    """One cell of the coverage table and the scenarios (ids, teaching order) that cover it."""

    cell: str
    scenarios: tuple

    @property
    def covered(self) -> bool:
        return bool(self.scenarios)


def build_coverage(docs, scope: Scope, gradings, levels, collector: Collector) -> tuple:
    """The cells of rules/coverage.yaml (none when the file is absent), their conditions parsed."""
    notes = frozenset(rule.id for grading in gradings.values() for rule in grading.rules if rule.kind == "note")
    cells = []
    for doc in docs:
        cell_scope = Scope(scope.fields, scope.item_ids, scope.syndromes, allow_grades=True, allow_outcomes=True,
                           rules=notes, levels=tuple(level.id for level in levels))
        for name, node in doc.data.get("conditions", {}).items():
            cell_scope.named[name] = collector.condition(doc, ("conditions", name), node, cell_scope)
        for i, raw in enumerate(doc.data["cells"]):
            tests = []
            for kind in TESTS:
                if kind == "before" and kind in raw:
                    pair = tuple(collector.condition(doc, ("cells", i, kind, n), node, cell_scope)
                                 for n, node in enumerate(raw[kind]))
                    tests.append((kind, pair) if None not in pair else None)
                elif kind in raw:
                    parsed = collector.condition(doc, ("cells", i, kind), raw[kind], cell_scope)
                    tests.append((kind, parsed) if parsed is not None else None)
            if None not in tests:
                cells.append(CoverageCell(raw["cell"], tuple(tests), raw.get("audience", "")))
    return tuple(cells)


def scenario_coverage(content) -> tuple:
    """The coverage table: each cell and the scenarios that cover it."""
    evaluated = [(s, step_results(content, s)) for s in content.scenarios.values()]
    return tuple(CoverageRow(cell.label, tuple(s.id for s, results in evaluated if cell.covered_by(s, results)))
                 for cell in content.coverage)


def coverage_problems(content) -> list:
    """One problem per uncovered cell, at the scenarios folder."""
    folder = next(iter(content.scenarios.values())).file.rsplit("/", 1)[0] if content.scenarios else "rules/scenarios"
    return [Problem(folder, 1, f"no scenario covers: {row.cell}") for row in scenario_coverage(content)
            if not row.covered]


def render_coverage(rows) -> str:
    """The coverage table as aligned plain text, one cell a line."""
    width = max((len(row.cell) for row in rows), default=0)
    lines = ["Scenario coverage:"]
    for row in rows:
        lines.append(f"  {row.cell.ljust(width)}  {', '.join(row.scenarios) or 'NOT COVERED'}")
    return "\n".join(lines) + "\n"
