"""The immutable result of an evaluation and its JSON form (text.py gives the plain-text form).

One shape: each result type says itself as JSON-ready data with to_dict(); a standard JSON encoder
does the rest. The trace (every rule, met or not, and why) is worked out only when asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import NamedTuple

from .conditions import Facts
from .content import Content, Rule, Syndrome, UrgencyLevel
from .contract import Findings

OUTCOMES = {True: "met", False: "not_met", None: "unknown"}


class GradeRange(NamedTuple):
    """A graded syndrome's grade, the highest the open blanks allow, and the blanks that could raise it.
    All None when no field that grades the syndrome is given."""

    grade: int | None
    at_most: int | None
    unassessed: tuple | None


class Timing(NamedTuple):
    windows: tuple
    day: int | None
    note: str

    @property
    def fits(self) -> bool | None:
        """Whether the day after infusion falls in any typical window (None when no day was given)."""
        if self.day is None:
            return None
        return any(window.contains(self.day) for window in self.windows)

    def to_dict(self) -> dict:
        return {"day": self.day, "fits": self.fits, "note": self.note, "windows": [
            {"from_day": w.from_day, "to_day": w.to_day, "label": w.label,
             "contains_day": None if self.day is None else w.contains(self.day), "sources": citations(w.sources)}
            for w in self.windows]}


class SyndromeResult(NamedTuple):
    syndrome: Syndrome
    range: GradeRange
    flagged: bool
    listed_because: tuple  # of "grade", "flag", "signs"
    decided_by: Rule | None
    signs: tuple  # Item
    assessment_note: str
    notes: tuple  # Rule
    timing: Timing
    management: tuple  # the approaches for this grade: content.plans[id].management[grade]
    scales: tuple
    because: str = ""  # what the deciding rule read, in words: "ANC ≤ 500 for 9 days (days 3–11) → grade 2"

    id = property(lambda self: self.syndrome.id)
    name = property(lambda self: self.syndrome.name)
    short_name = property(lambda self: self.syndrome.short_name)
    grade = property(lambda self: self.range.grade)
    grade_at_most = property(lambda self: self.range.at_most)
    unassessed = property(lambda self: self.range.unassessed)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "short_name": self.short_name, "grade": self.grade,
            "grade_at_most": self.grade_at_most, "unassessed": _listed(self.unassessed), "flagged": self.flagged,
            "listed_because": list(self.listed_because), "scales": list(self.scales),
            "decided_by": decision(self.decided_by, self.because),
            "signs": [{"id": i.id, "plain": i.plain, "clinical": i.clinical} for i in self.signs],
            "assessment_note": self.assessment_note, "notes": [note(rule) for rule in self.notes],
            "timing": self.timing.to_dict(),
            "management": [{"text": a.text, "grades": list(a.grades), "sources": citations(a.sources)}
                           for a in self.management],
        }


class Urgency(NamedTuple):
    level: UrgencyLevel
    fired: tuple  # the rules of that level that fired

    def to_dict(self) -> dict:
        return {"level": self.level.id, "title": self.level.title, "message": self.level.message,
                "because": [{"rule": r.id, "criterion": r.criterion} for r in self.fired],
                "decided_by": decision(self.fired[0]) if self.fired else None,
                "sources": citations(self.level.sources)}


class TraceEntry(NamedTuple):
    """One rule: whether it fired (blanks read as normal), its three-valued outcome, why, and the open
    blanks that leave it unknown."""

    rule: Rule
    fired: bool
    outcome: bool | None
    reason: str
    unknown: tuple

    def to_dict(self) -> dict:
        rule = self.rule
        return {"rule": rule.id, "kind": rule.kind, "syndrome": rule.syndrome or None, "grade": rule.grade,
                "level": rule.level or None, "criterion": rule.criterion, "sources": citations(rule.sources),
                "where": rule.where(), "fired": self.fired, "outcome": OUTCOMES[self.outcome],
                "reason": self.reason, "unknown": list(self.unknown)}


@dataclass(frozen=True)
class Result:
    """What the engine says about one findings document."""

    content: Content = field(repr=False, compare=False)
    findings: Findings
    ranges: MappingProxyType  # graded syndrome id -> GradeRange
    flags: MappingProxyType  # flagged syndrome id -> features present
    syndromes: tuple  # SyndromeResult of each syndrome the findings point to
    urgency: Urgency
    notes: tuple  # every note rule that fired
    fired: tuple = field(repr=False)  # whether each rule fired (blanks read as normal), in content.rules order
    facts: Facts = field(repr=False, compare=False)

    @property
    def grades(self) -> dict:
        return {syndrome_id: r.grade for syndrome_id, r in self.ranges.items()}

    @property
    def grades_at_most(self) -> dict:
        return {syndrome_id: r.at_most for syndrome_id, r in self.ranges.items()}

    @property
    def unassessed(self) -> dict:
        return {syndrome_id: r.unassessed for syndrome_id, r in self.ranges.items()}

    @property
    def closing(self) -> str:
        return self.content.closing

    def syndrome(self, syndrome_id: str) -> SyndromeResult | None:
        return next((s for s in self.syndromes if s.id == syndrome_id), None)

    @cached_property
    def trace(self) -> tuple:
        """Every rule, fired or not, with its three-valued outcome and its reason."""
        facts = self.facts
        if facts.unknown is None:
            self.content.contract.open_blanks(facts)
        facts.ranges = {s: (_lowest(self.content, s, facts), r.at_most) for s, r in self.ranges.items()
                        if r.grade is not None}
        facts.flags3 = {s: _flag3(self.content, s, facts) for s in self.flags}
        entries = []
        for rule, fired in zip(self.content.rules, self.fired, strict=True):
            outcome, raisers = rule.condition.weigh(facts, not fired)
            unknown = self.content.contract.input_names(raisers)
            entries.append(TraceEntry(rule, fired, outcome, ("met: " if fired else "not met: ")
                                      + rule.condition.explain(facts, fired), unknown))
        return tuple(entries)

    def outcome_facts(self) -> Facts:
        """The findings' facts with this result's outcomes, as coverage cells read them."""
        facts = self.facts
        facts.notes = frozenset(rule.id for rule in self.notes)
        facts.level = self.urgency.level.id
        return facts

    def to_dict(self, trace: bool = False) -> dict:
        """The result as JSON-ready data (the API's answer, `triage evaluate --json`); `closing` comes last.
        `trace=True` adds every rule with its outcome, reason and unknown findings."""
        data = {
            "content_version": self.content.version,
            "findings": self.findings.to_dict(),
            "grades": self.grades,
            "grades_at_most": self.grades_at_most,
            "unassessed": {s: _listed(names) for s, names in self.unassessed.items()},
            "flags": dict(self.flags),
            "syndromes": [s.to_dict() for s in self.syndromes],
            "urgency": self.urgency.to_dict(),
            "notes": [note(rule) for rule in self.notes],
        }
        if trace:
            data["trace"] = [entry.to_dict() for entry in self.trace]
        data["sources"] = self._sources(trace)
        data["closing"] = self.content.closing
        return data

    def _sources(self, trace: bool) -> dict:
        """Every source the answer cites, once: ref -> its short name and full title."""
        cited = [*self.urgency.level.sources, *(c for rule in self.urgency.fired[:1] for c in rule.sources),
                 *(c for rule in self.notes for c in rule.sources)]
        for s in self.syndromes:
            cited += [c for part in (s.decided_by,) if part for c in part.sources]
            cited += [c for part in s.timing.windows + s.management for c in part.sources]
        if trace:
            cited += [c for rule in self.content.rules for c in rule.sources]
        sources = self.content.sources
        refs = sorted({c.ref for c in cited})
        return {ref: {"short": sources[ref].short, "title": sources[ref].title} for ref in refs}


def _lowest(content, syndrome_id, facts) -> int:
    """The grade a rule definitely met gives (0 when none is): the lower end of the grade's range."""
    return next((rule.grade for _, rule in content.plans[syndrome_id].grades if rule.condition.test3(facts)), 0)


def _flag3(content, syndrome_id, facts):
    outcomes = {content.rules[i].condition.test3(facts) for i in content.plans[syndrome_id].flags}
    return True if True in outcomes else None if None in outcomes else False


def _listed(names):
    return None if names is None else list(names)


def citations(sources) -> list:
    return [c.to_dict() for c in sources]


def decision(rule: Rule | None, because: str = "") -> dict | None:
    """A rule as the `decided_by` of an answer; `because`: what it read, in words, when known."""
    if rule is None:
        return None
    decided = {"rule": rule.id, "criterion": rule.criterion, "sources": citations(rule.sources), "where": rule.where()}
    if because:
        decided["because"] = because
    return decided


def note(rule: Rule) -> dict:
    return {"rule": rule.id, "syndrome": rule.syndrome, "text": rule.criterion, "sources": citations(rule.sources)}
