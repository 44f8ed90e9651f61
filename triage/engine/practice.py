"""Practice mode: an endless run of short cases, each aimed at a grade or a flag and graded by the engine.

The targets come from the content: every grade of each graded syndrome (for each practice group that
names it, such as adults and children under 12) and each flagged syndrome present and absent. A case is
drawn by solving a rule: one rule that gives the target is made to hold (a random branch of each `any`;
for grade 0, every rule is made to fail), each field is drawn from the values its comparisons
name (an edge or next to one, half of the time) or its typical range, and a few other fields of the
syndrome are filled in at their normal reading. A draw that breaks the contract or lands elsewhere is
drawn again; the answer is always the engine's.

practice_case(content, seed, index) is deterministic: it draws from random.Random(f"{seed}:{index}"),
never from the global random state, and every run of len(targets) consecutive indexes meets every
target once, in an order shuffled by the seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .conditions import All, Any, AtLeast, Condition, Facts, FieldGiven, FieldTest, Not, Ref
from .contract import Findings
from .deciding import capital, listed, lower, said
from .evaluate import evaluate
from .fields import CountOf, FieldSpec, RatioOf, TotalOf
from .problems import FindingsError
from .result import Result

EDGE = 0.5  # how often a drawn number takes the value on a published edge, or next to it
ATTEMPTS = 200


@dataclass(frozen=True)
class Target:
    """What a practice case aims at: a grade of a graded syndrome (for a group), or a flag present or absent."""

    syndrome: str
    grade: int | None = None
    flagged: bool | None = None
    group: str = ""  # a practice group's label, "" when the syndrome has none
    when: Condition | None = None  # what the group's cases meet

    def __str__(self) -> str:
        if self.grade is not None:
            return f"{self.syndrome} grade {self.grade}" + (f" ({self.group})" if self.group else "")
        return f"{self.syndrome} {'present' if self.flagged else 'absent'}"


@dataclass(frozen=True)
class PracticeCase:
    """One generated case: its findings (`findings.checked` = the signs to recognise), narrative and Result."""

    seed: int
    index: int
    target: Target
    narrative: str
    findings: Findings
    result: Result

    @property
    def document(self) -> dict:
        """The findings document as plain data (what a share link or a form would carry)."""
        return self.findings.to_dict()


def practice_targets(content) -> tuple:
    """Every target, in content order: each grade of each graded syndrome per group, then each flag."""
    targets = []
    for syndrome_id in content.graded:
        if syndrome_id in content.practice.leave_out:
            continue
        grades = sorted({0} | {rule.grade for _, rule in content.plans[syndrome_id].grades})
        groups = [g for g in content.practice.groups if syndrome_id in g.syndromes] or [None]
        targets += [Target(syndrome_id, grade, group=g.label if g else "", when=g.when if g else None)
                    for g in groups for grade in grades]
    targets += [Target(s, flagged=present) for s in content.flagged for present in (True, False)]
    return tuple(targets)


def practice_case(content, seed: int, index: int) -> PracticeCase:
    """The case at `index` of the practice run `seed`; the same arguments always give the same case."""
    order = list(practice_targets(content))
    random.Random(f"{seed}:order").shuffle(order)
    target = order[index % len(order)]
    rng = random.Random(f"{seed}:{index}")
    for _ in range(ATTEMPTS):
        drawn = _draw(content, target, rng)
        if drawn is not None:
            findings, said = drawn
            return PracticeCase(seed, index, target, describe(content, findings, said), findings,
                                evaluate(content, findings))
    raise RuntimeError(f"no practice case reaches {target}")  # the content check draws every target


def _draw(content, target: Target, rng):
    """One attempt: the findings and the signs named, or None when it misses the target."""
    plan = _Plan(rng, content.contract)
    _aim(content, target, plan)
    doc = plan.document(content.contract, rng)
    if doc is None:
        return None
    if not _repair(content.contract, doc, rng):
        return None
    plan.fill_normals(content, target.syndrome, doc)
    said = _signs(content, target, rng)
    doc[_items_field(content)] = said
    try:
        findings = content.parse_findings(doc)
    except FindingsError:
        return None
    result = evaluate(content, findings)
    if target.when is not None and not target.when.test(content.contract.read(findings)):
        return None
    if target.grade is not None and result.grades[target.syndrome] != target.grade:
        return None
    if target.flagged is not None and result.flags[target.syndrome] is not target.flagged:
        return None
    return findings, said


def _facts(contract, doc: dict) -> Facts:
    """A draft document as the contract's constraints read it (lists as tuples, derived values worked out)."""
    values = {name: tuple(v) if isinstance(v, list) else v for name, v in doc.items()}
    values.update(contract.derive(values))
    return Facts(values, values, frozenset())


def _broken(contract, doc: dict) -> list:
    facts = _facts(contract, doc)
    return [c for c in contract.constraints if contract.applies(c, facts) and not c.then.test(facts)]


def _repair(contract, doc: dict, rng) -> bool:
    """Meet each cross-field rule the draft breaks by drawing what it requires; False when that fails."""
    for _ in range(3):
        broken = _broken(contract, doc)
        if not broken:
            return True
        plan = _Plan(rng, contract)
        for constraint in broken:
            plan.solve(constraint.then, True)
        extra = plan.document(contract, rng)
        if extra is None or any(name in doc and doc[name] != value for name, value in extra.items()):
            return False
        doc.update(extra)
        for name, must in plan.given.items():
            if must is False:
                doc.pop(name, None)
    return not _broken(contract, doc)


def _aim(content, target, plan) -> None:
    plan_rules = content.plans[target.syndrome]
    if target.when is not None:
        plan.solve(target.when, True)
    for name in content.practice.fields:
        plan.give(name)
    if target.flagged is not None:
        for position in plan_rules.flags:
            plan.solve(content.rules[position].condition, target.flagged)
        read = content.rules[plan_rules.flags[0]].condition.fields - set(content.practice.fields)
        plan.give(plan.rng.choice(sorted(read)))
        return
    aimed = [rule for _, rule in plan_rules.grades if rule.grade == target.grade]
    if aimed:  # a rule of a higher grade rarely fires by chance: the engine's check draws again when it does
        plan.solve(plan.rng.choice(aimed).condition, True)
        return
    plan.give(plan.rng.choice(sorted(plan_rules.graded_by)))
    for _, rule in plan_rules.grades:
        plan.solve(rule.condition, False)


def _signs(content, target, rng) -> list:
    """Up to two of the target syndrome's signs, named in the narrative (none for an absent target)."""
    items = list(content.gradings[target.syndrome].sign_items)
    if not items or target.flagged is False or target.grade == 0:
        return []
    return rng.sample(items, rng.randint(0, min(2, len(items))))


def _items_field(content) -> str:
    return next(name for name, spec in content.contract.inputs.items() if spec.kind == "items")


class _Plan:
    """What a case must meet, field by field: (test, wanted outcome) pairs and fields to give or leave out."""

    def __init__(self, rng, contract=None):
        self.rng, self.contract = rng, contract
        self.tests: dict[str, list] = {}  # field -> [(FieldTest, want)]
        self.given: dict[str, bool] = {}  # field -> must be given (True) or left blank (False)

    def give(self, name: str) -> None:
        self.given.setdefault(name, True)

    def solve(self, condition: Condition, want: bool) -> None:
        """Note what makes `condition` come out as `want` (one random way of several, one that fits what is
        noted already where there is one). Checklist items and outcomes are left alone: signs are drawn
        apart, and grading rules read no outcome."""
        if isinstance(condition, (Ref, Not)):
            self.solve(condition.child, want if isinstance(condition, Ref) else not want)
        elif isinstance(condition, (All, Any, AtLeast)):
            self._solve_children(condition, want)
        elif isinstance(condition, FieldTest):
            self.tests.setdefault(condition.spec.name, []).append((condition, want))
            if want:
                self.give(condition.spec.name)
        elif isinstance(condition, FieldGiven):
            self.given[condition.spec.name] = condition.wanted == want

    def _solve_children(self, condition, want: bool) -> None:
        """All children of an `all` to make it hold (of an `any` to make it fail); otherwise as few as
        decide it, the first that fit what is noted already."""
        children = list(condition.children)
        if want == isinstance(condition, All) and not isinstance(condition, AtLeast):
            for child in children:
                self.solve(child, want)
            return
        needed = 1
        if isinstance(condition, AtLeast):
            needed = condition.n if want else len(children) - condition.n + 1
        self.rng.shuffle(children)
        for child in children:
            before = ({name: list(tests) for name, tests in self.tests.items()}, dict(self.given))
            self.solve(child, want)
            if self._fits(child.fields):
                needed -= 1
                if not needed:
                    return
            else:
                self.tests, self.given = before
        self.solve(children[0], want)  # nothing fits: this draw fails, and another is drawn

    def _fits(self, names) -> bool:
        """Whether some value (or a blank) of each input field named meets every test noted for it."""
        for name in sorted(names):  # in a fixed order: _candidates draws from the generator
            tests = self.tests.get(name, [])
            if not tests or self.contract is None or name not in self.contract.inputs:
                continue
            spec = self.contract.inputs[name]
            if self.given.get(name) is not True and not any(want for _, want in tests):
                continue
            if not any(all(t.compare(v, t.bound) == want for t, want in tests)
                       for v in _candidates(spec, tests, self.rng)):
                return False
        return True

    def document(self, contract, rng) -> dict | None:
        """Values meeting every test, or None when two tests cannot both be met."""
        doc: dict = {}
        for name in sorted(set(self.tests) | {n for n, give in self.given.items() if give}):
            spec = contract.spec(name)
            value = self._value(spec, rng)
            if value is _NONE:
                return None
            if value is not None:
                if spec.derived:
                    if not _derive_back(contract, spec, value, doc, rng):
                        return None
                else:
                    doc.setdefault(name, value)
        return doc

    def _value(self, spec: FieldSpec, rng):
        tests = self.tests.get(spec.name, [])
        must = self.given.get(spec.name)
        may_be_blank = must is None and not any(want for _, want in tests)  # a blank meets no comparison
        if must is False or (may_be_blank and rng.random() < 0.3):
            return None
        for value in _candidates(spec, tests, rng):
            if all(test.compare(value, test.bound) == want for test, want in tests):
                return value
        return _NONE

    def fill_normals(self, content, syndrome_id, doc) -> None:
        """Some other fields the syndrome is graded by, at their normal reading, as a full assessment has them."""
        contract = content.contract
        for name in sorted(content.plans[syndrome_id].reads):
            spec = contract.inputs.get(name)
            if spec is not None and spec.has_normal and name not in doc and name not in self.tests \
                    and self.given.get(name) is not False and self.rng.random() < 0.5:
                doc[name] = list(spec.normal) if isinstance(spec.normal, tuple) else spec.normal
                if _broken(contract, doc):
                    del doc[name]


_NONE = object()


def _candidates(spec: FieldSpec, tests, rng) -> list:
    """The values to try for a field, in the order tried: edges first about a third of the time."""
    if spec.kind == "boolean":
        values = [True, False]
    elif spec.kind == "choice":
        values = list(spec.choices)
    elif spec.kind == "choices":
        values = [[c for c in spec.choices if rng.random() < 0.4] for _ in range(12)] + [[c] for c in spec.choices]
    elif spec.kind == "item_scores":
        return [{item.id: rng.randint(0, item.points) for item in spec.scored_items} for _ in range(4)]
    elif spec.kind == "items":
        return []
    else:
        edges = _edges(spec, [test.bound for test, _ in tests if isinstance(test.bound, (int, float))], rng)
        values = _typical(spec, rng)
        return edges + values if rng.random() < EDGE else values + edges
    rng.shuffle(values)
    return values


def _edges(spec: FieldSpec, bounds, rng) -> list:
    """Each bound a comparison names, then a step either side of them, then the ends of the range."""
    step = 1 if spec.kind == "integer" else (spec.typical[2] if spec.typical else 0.1)
    ends = [spec.minimum, spec.maximum] if bounds else []
    rings = [list(bounds), [b + d for b in bounds for d in (step, -step)], ends]
    values = []
    for ring in rings:
        rng.shuffle(ring)
        for value in ring:
            value = round(value, 6) if spec.kind == "number" else int(value)
            if spec.minimum <= value <= spec.maximum and value not in values:
                values.append(value)
    return values


def _typical(spec: FieldSpec, rng) -> list:
    low, high, step = spec.typical or (spec.minimum, spec.maximum, 1 if spec.kind == "integer" else 0.1)
    count = int(round((high - low) / step))
    picks = [low + step * rng.randint(0, count) for _ in range(12)]
    return [int(round(v)) if spec.kind == "integer" else round(v, 6) for v in picks]


def _derive_back(contract, spec: FieldSpec, value, doc: dict, rng) -> bool:
    """Set the fields a derived value comes from so that it is `value`; False when it cannot be."""
    how = spec.derivation
    if isinstance(how, CountOf):
        counted = [c for c in contract.inputs[how.of].choices if c not in how.excluding]
        if value > len(counted):
            return False
        doc[how.of] = rng.sample(counted, value) + [c for c in sorted(how.excluding) if rng.random() < EDGE]
    elif isinstance(how, TotalOf):
        items = contract.inputs[how.items].scored_items
        if rng.random() < 0.3:
            scores = {item.id: item.points for item in items}
            while sum(scores.values()) > value:
                key = rng.choice([k for k, points in scores.items() if points > 0])
                scores[key] -= 1
            doc[how.items] = scores
        else:
            doc[how.total] = value
    elif isinstance(how, RatioOf):
        bottom = doc.get(how.to) or rng.choice(_typical(contract.inputs[how.to], rng))
        doc.setdefault(how.to, bottom)
        doc[how.of] = round(value * doc[how.to], 1)
    return True


def describe(content, findings: Findings, said=()) -> str:
    """The findings as a short clinical vignette in the contract's words: the day first, then who, what is
    found, and of the signs only those in `said`."""
    contract, given = content.contract, findings.given
    day = given.get(contract.day_field)
    who, found = [], []
    for name, value in given.items():
        spec = contract.inputs[name]
        if name == contract.day_field or spec.kind == "items":
            continue
        (who if spec.section == contract.inputs[contract.day_field].section else found).append(_words(content, spec,
                                                                                                      value))
    sentences = [f"Day {day} after infusion." if day is not None else ""]
    if who:
        sentences.append(capital("; ".join(who)) + ".")
    if found:
        sentences.append("On assessment: " + "; ".join(found) + ".")
    named = [lower(content.items[i].clinical) for i in said if i in findings.checked]
    if named:
        sentences.append(f"Also noted: {listed(named)}.")
    return " ".join(s for s in sentences if s)


def _words(content, spec: FieldSpec, value) -> str:
    if spec.kind == "item_scores":
        lost = [lower(i.label).replace(": ", " to ") for i in spec.scored_items if value[i.id] < i.points]
        total = sum(value.values())
        return f"ICE items scored {total} of {sum(i.points for i in spec.scored_items)}" + (
            f", points lost on {listed(lost)}" if lost else "")
    if spec.kind == "boolean":
        return f"{lower(spec.label)}: {'yes' if value else 'no'}"
    return said(content, spec.name, value)
