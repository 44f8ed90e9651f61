"""The immutable result of an evaluation, its JSON form and its plain-text form."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import NamedTuple

from .conditions import Context
from .content import Approach, Rule, TimingWindow, UrgencyLevel
from .findings import Findings


def _sources(citations) -> list:
    return [c.to_dict() for c in citations]


class Decision(NamedTuple):
    """The rule that decided an answer: its criterion, source and place in the rules."""

    rule: Rule

    def to_dict(self) -> dict:
        r = self.rule
        return {"rule": r.id, "criterion": r.criterion, "sources": _sources(r.sources), "where": r.where()}


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
        return {"day": self.day, "fits": self.fits, "note": self.note,
                "windows": [_window(w, self.day) for w in self.windows]}


def _window(window: TimingWindow, day) -> dict:
    return {"from_day": window.from_day, "to_day": window.to_day, "label": window.label,
            "contains_day": None if day is None else window.contains(day),
            "sources": _sources(window.sources)}


class Note(NamedTuple):
    rule: Rule

    def to_dict(self) -> dict:
        return {"rule": self.rule.id, "syndrome": self.rule.syndrome, "text": self.rule.criterion,
                "sources": _sources(self.rule.sources)}


class SyndromeResult(NamedTuple):
    id: str
    name: str
    short_name: str
    grade: int | None
    flagged: bool
    listed_because: tuple
    decided_by: Decision | None
    signs: tuple
    assessment_note: str
    notes: tuple
    timing: Timing
    management: tuple
    scales: tuple

    def to_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "short_name": self.short_name, "grade": self.grade,
            "flagged": self.flagged, "listed_because": list(self.listed_because),
            "scales": list(self.scales),
            "decided_by": self.decided_by.to_dict() if self.decided_by else None,
            "signs": [{"id": i.id, "plain": i.plain, "clinical": i.clinical} for i in self.signs],
            "assessment_note": self.assessment_note,
            "notes": [n.to_dict() for n in self.notes],
            "timing": self.timing.to_dict(),
            "management": [_approach(a) for a in self.management],
        }


def _approach(approach: Approach) -> dict:
    return {"text": approach.text, "grades": list(approach.grades), "sources": _sources(approach.sources)}


class Urgency(NamedTuple):
    level: UrgencyLevel
    fired: tuple

    def to_dict(self) -> dict:
        return {"level": self.level.id, "title": self.level.title, "message": self.level.message,
                "because": [{"rule": r.id, "criterion": r.criterion} for r in self.fired],
                "decided_by": Decision(self.fired[0]).to_dict() if self.fired else None,
                "sources": _sources(self.level.sources)}


@dataclass(frozen=True)
class TraceEntry:
    """One rule, whether it fired, and (worked out when asked) why."""

    rule: Rule
    fired: bool
    context: Context = field(repr=False, compare=False)

    @property
    def reason(self) -> str:
        return ("met: " if self.fired else "not met: ") + self.rule.condition.explain(self.context)

    def to_dict(self) -> dict:
        data = dict(self.rule.described)  # its `sources` is a shared tuple of read-only mappings' copies
        data["fired"] = self.fired
        data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class Result:
    """What the engine says about one findings document; the trace is built when first asked for."""

    content_version: str
    findings: Findings
    grades: MappingProxyType
    flags: MappingProxyType
    syndromes: tuple
    urgency: Urgency
    rules: tuple = field(repr=False)
    fired: tuple = field(repr=False)  # one bool per rule, in the order of `rules`
    context: Context = field(repr=False, compare=False)
    closing: str = "Contact your care team."

    @cached_property
    def trace(self) -> tuple:
        """Every rule, fired or not, with the reason (worked out on demand)."""
        return tuple(TraceEntry(rule, hit, self.context) for rule, hit in zip(self.rules, self.fired, strict=True))

    @cached_property
    def notes(self) -> tuple:
        return tuple(Note(rule) for rule, hit in zip(self.rules, self.fired, strict=True)
                     if hit and rule.kind == "note")

    def sources(self) -> dict:
        """Every source the result cites: ref -> its short name and full title."""
        cited = [c for rule in self.rules for c in rule.sources] + list(self.urgency.level.sources)
        for s in self.syndromes:
            cited += [c for w in s.timing.windows for c in w.sources]
            cited += [c for a in s.management for c in a.sources]
        return {c.ref: {"short": c.short, "title": c.title} for c in sorted(cited, key=lambda c: c.ref)}

    def syndrome(self, syndrome_id: str) -> SyndromeResult | None:
        return next((s for s in self.syndromes if s.id == syndrome_id), None)

    def to_dict(self, with_trace: bool = True) -> dict:
        """The result as JSON-ready data; `closing` is the last key. Without the trace, `trace` is []."""
        return {
            "content_version": self.content_version,
            "findings": self.findings.to_dict(),
            "grades": {"crs": self.grades.get("crs"), "icans": self.grades.get("icans")},
            "flags": dict(self.flags),
            "syndromes": [s.to_dict() for s in self.syndromes],
            "urgency": self.urgency.to_dict(),
            "notes": [n.to_dict() for n in self.notes],
            "trace": [t.to_dict() for t in self.trace] if with_trace else [],
            "sources": self.sources(),
            "closing": self.closing,
        }
