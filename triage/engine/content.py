"""The frozen content model built from the validated rules/ files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType

from .conditions import Condition
from .expressions import outcomes


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

    def applies_to(self, grade) -> bool:
        return not self.grades or grade is None or grade in self.grades


@dataclass(frozen=True)
class Syndrome:
    id: str
    name: str
    short_name: str
    summary: str
    plain_summary: str
    sources: tuple
    windows: tuple
    timing_note: str
    management: tuple
    glossary: tuple


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

    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Grading:
    syndrome: str
    scales: tuple
    graded_by: frozenset
    rules: tuple
    sign_items: tuple = ()  # checklist item ids the sign rules name, in checklist order

    def of_kind(self, kind: str) -> tuple:
        return tuple(rule for rule in self.rules if rule.kind == kind)


@dataclass(frozen=True)
class UrgencyLevel:
    id: str
    title: str
    message: str
    sources: tuple


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    aliases: tuple
    plain: str
    clinical: str
    sources: tuple


@dataclass(frozen=True)
class Content:
    """Everything in rules/, validated and compiled: the one object the engine evaluates against."""

    version: str
    closing: str
    disclaimer: str
    sources: MappingProxyType
    checklists: tuple
    items: MappingProxyType
    syndromes: MappingProxyType
    gradings: MappingProxyType
    levels: tuple
    default_level: str
    urgency_rules: tuple
    glossary: MappingProxyType
    examples: MappingProxyType
    scenarios: MappingProxyType = field(default_factory=lambda: MappingProxyType({}), repr=False)  # id -> Scenario
    grading_rules: tuple = field(init=False, repr=False)  # every grading rule, in syndrome order
    rules: tuple = field(init=False, repr=False)  # grading rules, then urgency rules (ids unique across both)
    plans: MappingProxyType = field(init=False, repr=False)  # syndrome -> Plan (rule positions)
    grading_outcomes: Callable = field(init=False, repr=False)  # ctx -> each grading rule's test(ctx)
    urgency_outcomes: Callable = field(init=False, repr=False)  # ctx -> each urgency rule's test(ctx)

    def __post_init__(self):
        graded = tuple(rule for grading in self.gradings.values() for rule in grading.rules)
        plans, start = {}, 0
        for syndrome_id, grading in self.gradings.items():
            plans[syndrome_id] = _plan(grading, start, self.syndromes.get(syndrome_id))
            start += len(grading.rules)
        object.__setattr__(self, "grading_rules", graded)
        object.__setattr__(self, "rules", graded + self.urgency_rules)
        object.__setattr__(self, "plans", MappingProxyType(plans))
        object.__setattr__(self, "grading_outcomes", outcomes([rule.condition for rule in graded]))
        object.__setattr__(self, "urgency_outcomes", outcomes([rule.condition for rule in self.urgency_rules]))
        for rule in self.rules:  # compile every explanation now, at load, rather than in the first request
            rule.condition.why  # noqa: B018

    def kept(self, make):
        """make(self), worked out on first use and kept: only for what depends on the content alone (such as
        how results describe each rule), never on findings."""
        try:
            return self.__dict__["_kept"][make]
        except KeyError:
            value = self.__dict__.setdefault("_kept", {})[make] = make(self)
            return value

    def level(self, level_id: str) -> UrgencyLevel:
        return next(level for level in self.levels if level.id == level_id)

    def counts(self) -> str:
        kinds = {}
        for rule in self.rules:
            kinds[rule.kind] = kinds.get(rule.kind, 0) + 1
        return (f"{len(self.checklists)} checklists, {len(self.items)} items, "
                f"{len(self.syndromes)} syndromes, {kinds.get('grade', 0)} grading rules, "
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


def _plan(grading: Grading, start: int, syndrome: Syndrome | None) -> Plan:
    positioned = list(enumerate(grading.rules, start))
    graded = sorted(((i, r) for i, r in positioned if r.grade is not None), key=lambda p: (-p[1].grade, p[0]))
    approaches = syndrome.management if syndrome else ()
    management = {grade: tuple(a for a in approaches if not a.grades or (grade is not None and grade in a.grades))
                  for grade in (None, 0, 1, 2, 3, 4)}
    return Plan(tuple(graded), tuple(i for i, r in positioned if r.kind == "flag"),
                tuple(i for i, r in positioned if r.kind == "signs"),
                tuple((i, r) for i, r in positioned if r.kind == "note"), MappingProxyType(management))
