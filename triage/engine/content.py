"""The frozen content model built from the validated rules/ files."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from .blank import BlankOutcomes, blank_outcomes
from .conditions import Condition
from .contract import Contract, Findings


@dataclass(frozen=True)
class Citation:
    ref: str
    section: str
    short: str
    title: str

    def to_dict(self) -> dict:
        """The citation as JSON; the source's full title is given once, in the result's `sources` map."""
        return {"ref": self.ref, "short": self.short, "section": self.section}

    def __str__(self) -> str:
        return f"{self.short}, {self.section}"


@dataclass(frozen=True)
class Source:
    id: str
    short: str
    title: str
    file: str = ""
    reference: str = ""
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Item:
    id: str
    plain: str
    clinical: str
    group: str
    checklist: str
    sources: tuple


@dataclass(frozen=True)
class Checklist:
    id: str
    syndrome: str
    title: str
    plain_title: str
    items: tuple


@dataclass(frozen=True)
class FormGroup:
    """One group of the caregiver form (rules/caregiver_form.yaml): what you notice, and its items."""

    id: str
    title: str
    help: str
    emergency: bool
    items: tuple  # Item


@dataclass(frozen=True)
class TimingWindow:
    from_day: int
    to_day: int | None
    label: str
    sources: tuple

    def contains(self, day: int) -> bool:
        return self.from_day <= day and (self.to_day is None or day <= self.to_day)


@dataclass(frozen=True)
class Approach:
    text: str
    grades: tuple
    sources: tuple
    students_only: bool = False  # never on a caregiver page


@dataclass(frozen=True)
class Syndrome:
    id: str
    name: str
    short_name: str
    reported_as: str  # "grade" or "flag", as rules/content.yaml lists it
    summary: str
    plain_summary: str
    sources: tuple
    windows: tuple
    timing_note: str
    management: tuple
    glossary: tuple
    plain_name: str = ""  # for caregivers; the name when empty
    plain_care: str = ""  # what the team may do, in plain words, for caregivers

    @property
    def graded(self) -> bool:
        return self.reported_as == "grade"


@dataclass(frozen=True)
class Rule:
    """A grading, flag, signs or note rule, or an urgency rule (kind 'urgency', with a level)."""

    id: str
    kind: str
    syndrome: str
    grade: int | None
    criterion: str
    condition: Condition = field(repr=False)
    sources: tuple
    file: str
    line: int
    level: str = ""
    reads: frozenset = field(init=False, repr=False, compare=False)  # the fields its condition reads

    def __post_init__(self):
        object.__setattr__(self, "reads", self.condition.fields)

    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Grading:
    syndrome: str
    scales: tuple
    graded_by: frozenset
    rules: tuple
    sign_items: tuple = ()  # checklist item ids the sign rules name, in checklist order


@dataclass(frozen=True)
class UrgencyLevel:
    """How urgent: in a caregiver's words (title, message) and as a clinical escalation (for students)."""

    id: str
    title: str
    message: str
    sources: tuple
    clinical_title: str = ""
    clinical_message: str = ""


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    aliases: tuple
    plain: str
    clinical: str
    sources: tuple


@dataclass(frozen=True)
class PracticeGroup:
    label: str
    syndromes: tuple
    when: Condition


@dataclass(frozen=True)
class Practice:
    fields: tuple  # given by every practice case
    groups: tuple  # PracticeGroup
    leave_out: tuple = ()  # graded syndromes practice cases do not aim at


@dataclass(frozen=True)
class Content:
    """Everything in rules/, validated: the one object the engine evaluates against."""

    version: str
    closing: str
    disclaimer: str
    sources: MappingProxyType
    contract: Contract
    checklists: tuple
    items: MappingProxyType
    syndromes: MappingProxyType  # in the order rules/content.yaml lists them
    gradings: MappingProxyType  # syndrome id -> Grading
    levels: tuple
    default_level: str
    urgency_rules: tuple
    glossary: MappingProxyType
    examples: MappingProxyType
    scenarios: MappingProxyType = field(default_factory=lambda: MappingProxyType({}), repr=False)  # id -> Scenario
    coverage: tuple = ()  # coverage cells, checked against the scenarios
    practice: Practice = None  # how practice cases are drawn
    caregiver_form: tuple = ()  # FormGroup, in order (emergency box first); empty: the checklists as they are
    not_entered: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))  # field -> plain words
    grading_rules: tuple = field(init=False, repr=False)  # every grading rule, in syndrome order
    rules: tuple = field(init=False, repr=False)  # grading rules, then urgency rules (ids unique across both)
    plans: MappingProxyType = field(init=False, repr=False)  # syndrome -> Plan (rule positions)
    grading_blank: BlankOutcomes = field(init=False, repr=False)  # speed-up: blank.py
    urgency_blank: BlankOutcomes = field(init=False, repr=False)

    def __post_init__(self):
        graded = tuple(rule for grading in self.gradings.values() for rule in grading.rules)
        plans, start = {}, 0
        for syndrome_id, grading in self.gradings.items():
            plans[syndrome_id] = _plan(grading, start, self.syndromes[syndrome_id])
            start += len(grading.rules)
        object.__setattr__(self, "grading_rules", graded)
        object.__setattr__(self, "rules", graded + self.urgency_rules)
        object.__setattr__(self, "plans", MappingProxyType(plans))
        object.__setattr__(self, "grading_blank", blank_outcomes(self.contract, graded))
        object.__setattr__(self, "urgency_blank", blank_outcomes(self.contract, self.urgency_rules))

    @property
    def graded(self) -> tuple:
        """The ids of the syndromes reported as a grade, in order."""
        return tuple(s.id for s in self.syndromes.values() if s.graded)

    @property
    def flagged(self) -> tuple:
        """The ids of the syndromes reported as features present or absent, in order."""
        return tuple(s.id for s in self.syndromes.values() if not s.graded)

    def parse_findings(self, data) -> Findings:
        """A findings document checked against the contract and the checklists' item ids."""
        return self.contract.parse(data, self.items)

    def level(self, level_id: str) -> UrgencyLevel:
        return next(level for level in self.levels if level.id == level_id)

    def counts(self) -> str:
        kinds = {}
        for rule in self.rules:
            kinds[rule.kind] = kinds.get(rule.kind, 0) + 1
        return (f"{len(self.contract.inputs)} findings fields, {len(self.checklists)} checklists, "
                f"{len(self.items)} items, {len(self.syndromes)} syndromes, {kinds.get('grade', 0)} grading rules, "
                f"{kinds.get('flag', 0)} flag rules, {kinds.get('signs', 0)} sign rules, "
                f"{kinds.get('note', 0)} notes, {kinds.get('urgency', 0)} urgency rules, "
                f"{len(self.glossary)} glossary terms, {len(self.sources)} sources, "
                f"{len(self.examples)} examples, {len(self.scenarios)} scenarios")


@dataclass(frozen=True)
class Plan:
    """Where one syndrome's rules sit in Content.rules, worked out once at load for evaluate()."""

    grades: tuple  # (position, rule) of grade rules, highest grade first, then file order
    flags: tuple  # positions of flag rules
    signs: tuple  # positions of sign rules
    notes: tuple  # (position, rule) of note rules
    management: MappingProxyType  # grade (None, 0-4) -> the approaches shown for it
    graded_by: frozenset  # the fields whose being given makes the syndrome graded
    reads: frozenset  # every field its grade rules read: if none is open, the grade is settled


def _plan(grading: Grading, start: int, syndrome: Syndrome) -> Plan:
    positioned = list(enumerate(grading.rules, start))
    graded = sorted(((i, r) for i, r in positioned if r.grade is not None), key=lambda p: (-p[1].grade, p[0]))
    management = {grade: tuple(a for a in syndrome.management if not a.grades
                               or (grade is not None and grade in a.grades))
                  for grade in (None, 0, 1, 2, 3, 4)}
    return Plan(tuple(graded), tuple(i for i, r in positioned if r.kind == "flag"),
                tuple(i for i, r in positioned if r.kind == "signs"),
                tuple((i, r) for i, r in positioned if r.kind == "note"), MappingProxyType(management),
                grading.graded_by, frozenset().union(*(r.condition.fields for _, r in graded)))
