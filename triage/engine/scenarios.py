"""Scenarios: unfolding teaching cases from rules/scenarios/*.yaml, with the engine as their answer key.

A scenario is told step by step. Each step has the day after infusion, what the group is told (the
narrative), the findings document of that moment, questions to ask before the answer is shown and
discussion prompts to go with it, and, where the author wrote them down, the answers the author
expects. Loading compares every written answer with what the engine says and reports a disagreement at
the line of that answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from .contract import Findings
from .evaluate import evaluate
from .problems import FindingsError, Problem, suggest
from .result import Result


@dataclass(frozen=True)
class Expectation:
    """One answer an author wrote down: kind is grade, flag, syndromes, urgency or decided_by."""

    kind: str
    syndrome: str  # for grade, flag and decided_by; "" for syndromes and urgency
    value: object  # int or None, bool, tuple of syndrome ids, level id, rule id or None
    line: int


@dataclass(frozen=True)
class AskFirst:
    """A question for the group before the answer is shown, with the facilitator's model answer."""

    ask: str
    answer: str
    sources: tuple  # Citation

    def __str__(self) -> str:
        return self.ask


@dataclass(frozen=True)
class Step:
    """One moment of a scenario. `findings.checked` is the signs a learner should recognise."""

    number: int  # 1-based, as shown to learners
    day: int
    narrative: str
    findings: Findings
    ask_first: tuple  # AskFirst: questions for the group before the answer is shown, each with a model answer
    prompts: tuple  # discussion prompts shown with the answer
    expectations: tuple
    line: int


@dataclass(frozen=True)
class DebriefPoint:
    text: str
    sources: tuple  # Citation


@dataclass(frozen=True)
class Scenario:
    """A teaching case: who it is for, what it teaches, its steps and its debrief with sources."""

    id: str
    order: int
    title: str
    audience: tuple
    objectives: tuple
    background: str
    steps: tuple
    debrief: tuple
    sources: tuple
    file: str


def evaluate_step(content, step: Step) -> Result:
    """The engine's answer for one step: the same Result as evaluate() on the step's findings."""
    return evaluate(content, step.findings)


def step_results(content, scenario: Scenario) -> tuple:
    """The engine's answer for every step of `scenario`, in step order."""
    return tuple(evaluate(content, step.findings) for step in scenario.steps)


def build_scenarios(docs, contract, items, collector) -> MappingProxyType:
    """Build scenarios from schema-valid documents, in teaching order; problems go to the collector."""
    scenarios, orders = [], {}
    cite, problem = collector.cite, collector.problem
    for doc in docs:
        stem = doc.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        if stem != doc.data["id"]:
            problem(doc, ("id",), f"id '{doc.data['id']}' does not match the file name '{stem}.yaml'")
        data = doc.data
        order = data["order"]
        if order in orders:
            problem(doc, ("order",), f"order {order} is already used by {orders[order]}")
        orders.setdefault(order, doc.path)
        steps = tuple(_step(doc, i, raw, contract, items, collector) for i, raw in enumerate(data["steps"]))
        debrief = tuple(DebriefPoint(raw["text"], cite(doc, ("debrief", i, "source"), raw["source"]))
                        for i, raw in enumerate(data["debrief"]))
        scenarios.append(Scenario(
            data["id"], order, data["title"], tuple(data["audience"]), tuple(data["objectives"]),
            data["background"], steps, debrief, cite(doc, ("source",), data["source"]), doc.path))
    scenarios.sort(key=lambda s: (s.order, s.id))
    return MappingProxyType({s.id: s for s in scenarios})


def _step(doc, i, raw, contract, items, collector) -> Step:
    where, problem = ("steps", i), collector.problem
    number = i + 1
    findings, day = raw["findings"], contract.day_field
    if day in findings:
        problem(doc, where + ("findings", day), f"step {number}: {day} comes from the step's 'day'; remove it here")
    try:
        parsed = contract.parse({**findings, day: raw["day"]}, items)
    except FindingsError as error:
        key = error.field.split(".")[0]
        location = where + ("findings",) + ((key,) if key in findings else ())
        problem(doc, location, f"step {number}: not a valid findings document: {error}")
        parsed = contract.parse({day: raw["day"]}, items)
    return Step(number, raw["day"], raw["narrative"], parsed, _ask_first(doc, where, raw, collector),
                tuple(raw.get("prompts", ())), _expectations(doc, where + ("expect",), raw.get("expect", {})),
                doc.line(where))


def _ask_first(doc, where, raw, collector) -> tuple:
    """The step's questions with their model answers; a question without one is a problem at its line."""
    asked = []
    for i, entry in enumerate(raw.get("ask_first", ())):
        here = where + ("ask_first", i)
        if isinstance(entry, str):
            collector.problem(doc, here, f"step {where[1] + 1}: the question {entry[:50]!r} has no model answer; "
                              "write it as {ask, answer, source}")
            asked.append(AskFirst(entry, "", ()))
        else:
            asked.append(AskFirst(entry["ask"], entry["answer"], collector.cite(doc, here + ("source",),
                                                                                  entry["source"])))
    return tuple(asked)


def _expectations(doc, where, raw) -> tuple:
    found = []
    for kind, key in (("grade", "grades"), ("flag", "flags"), ("decided_by", "decided_by")):
        for syndrome, value in raw.get(key, {}).items():
            found.append(Expectation(kind, syndrome, value, doc.line(where + (key, syndrome))))
    if "syndromes" in raw:
        found.append(Expectation("syndromes", "", tuple(raw["syndromes"]), doc.line(where + ("syndromes",))))
    if "urgency" in raw:
        found.append(Expectation("urgency", "", raw["urgency"], doc.line(where + ("urgency",))))
    return tuple(found)


def check_expectations(content) -> list:
    """Every written answer the engine disagrees with, as `file:line: step N expects ...`."""
    problems = []
    for scenario in content.scenarios.values():
        for step, result in zip(scenario.steps, step_results(content, scenario), strict=True):
            for expectation in step.expectations:
                message = _disagreement(content, result, expectation)
                if message:
                    problems.append(Problem(scenario.file, expectation.line, f"step {step.number} {message}"))
    return problems


def _disagreement(content, result: Result, e: Expectation) -> str:
    return _CHECKS[e.kind](content, result, e)


def _check_grade(content, result, e) -> str:
    if e.syndrome not in content.graded:
        return f"expects a grade for '{e.syndrome}', not a graded syndrome" + suggest(e.syndrome, content.graded)
    grade = result.grades.get(e.syndrome)
    if grade == e.value:
        return ""
    wanted = "to be ungraded" if e.value is None else f"grade {e.value}"
    given = "no grade" if grade is None else str(grade)
    return f"expects {e.syndrome} {wanted} but the engine gives {given} ({grade_basis(content, result, e.syndrome)})"


def grade_basis(content, result: Result, syndrome_id: str) -> str:
    """Why a syndrome has its grade, in one phrase: the deciding rule, no rule met, or nothing given."""
    grade = result.grades.get(syndrome_id)
    listed = result.syndrome(syndrome_id)
    if listed is not None and listed.decided_by is not None:
        return f"decided by {listed.decided_by.id}"
    if grade is None:
        return f"none of the findings that grade {syndrome_id} is given"
    return f"no {syndrome_id} grading rule is met"


def _check_flag(content, result, e) -> str:
    if e.syndrome not in content.flagged:
        return f"expects a flag for '{e.syndrome}', not a flagged syndrome" + suggest(e.syndrome, content.flagged)
    present = bool(result.flags.get(e.syndrome))
    if present == e.value:
        return ""
    state = "present" if e.value else "absent"
    return (f"expects {e.syndrome} features {state} but the engine finds them "
            f"{'present' if present else 'absent'}")


def _check_syndromes(content, result, e) -> str:
    listed = tuple(s.id for s in result.syndromes)
    unknown = [s for s in e.value if s not in content.syndromes]
    if unknown:
        return f"expects unknown syndrome '{unknown[0]}'" + suggest(unknown[0], content.syndromes)
    if set(listed) == set(e.value):
        return ""
    ordered = [s for s in content.syndromes if s in e.value]
    return (f"expects the syndromes {', '.join(ordered) or 'none'} but the engine lists "
            f"{', '.join(listed) or 'none'}")


def _check_urgency(content, result, e) -> str:
    levels = [level.id for level in content.levels]
    if e.value not in levels:
        return f"expects urgency '{e.value}', which is not an urgency level" + suggest(e.value, levels)
    given = result.urgency
    if given.level.id == e.value:
        return ""
    because = given.fired[0].id if given.fired else "no urgency rule fired"
    return f"expects urgency {e.value} but the engine gives {given.level.id} ({because})"


def _check_decided_by(content, result, e) -> str:
    if e.syndrome not in content.graded:
        return f"expects a deciding rule for '{e.syndrome}', which is not a graded syndrome" + suggest(
            e.syndrome, content.graded)
    rules = [rule.id for rule in content.gradings[e.syndrome].rules if rule.kind == "grade"]
    if e.value is not None and e.value not in rules:
        return (f"expects {e.syndrome} decided by '{e.value}', which is not a {e.syndrome} grading rule"
                + suggest(e.value, rules))
    listed = result.syndrome(e.syndrome)
    decided = listed.decided_by.id if listed is not None and listed.decided_by else None
    if decided == e.value:
        return ""
    wanted = "no rule" if e.value is None else e.value
    given = f"the engine's decision is {decided}" if decided else "no rule decides it"
    return f"expects {e.syndrome} decided by {wanted} but {given} (grade {result.grades.get(e.syndrome)})"


_CHECKS = {"grade": _check_grade, "flag": _check_flag, "syndromes": _check_syndromes,
           "urgency": _check_urgency, "decided_by": _check_decided_by}
