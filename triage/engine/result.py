"""The immutable result of an evaluation, its JSON form and its plain-text form.

The JSON shape is defined once, by Result._data and the to_dict methods and functions it calls (_entry for
the trace). to_dict builds it as new dicts and lists on every call: the caller may change them. to_json
gives orjson.dumps(to_dict()), byte for byte, for a fraction of the work: the trace, most of the JSON, is
put together from each rule's entry serialised once per content, and a rule that reads nothing the findings
give is explained as for an empty document, also worked out once (RuleBook.kept). Nothing derived from
findings is kept beyond the call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import NamedTuple

import orjson

from .conditions import Context
from .content import Approach, Rule, RuleBook, TimingWindow, UrgencyLevel
from .findings import Findings


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


def _sources(citations) -> list:
    return [c.to_dict() for c in citations]


class TraceEntry(NamedTuple):
    """One rule, whether it fired, and (worked out when asked) why."""

    rule: Rule
    fired: bool
    context: Context

    @property
    def reason(self) -> str:
        return _reason(self.rule, self.fired, self.context)

    def to_dict(self) -> dict:
        return _entry(self.rule, self.fired, self.reason)


def _reason(rule: Rule, fired: bool, context: Context) -> str:
    return ("met: " if fired else "not met: ") + rule.condition.why(context, fired)


def _entry(rule: Rule, fired: bool, reason: str) -> dict:
    """A rule in the trace: what never changes, then whether it fired and (last) why."""
    return {"rule": rule.id, "kind": rule.kind, "syndrome": rule.syndrome or None, "grade": rule.grade,
            "level": rule.level or None, "criterion": rule.criterion, "sources": _sources(rule.sources),
            "where": rule.where(), "fired": fired, "reason": reason}


@dataclass(frozen=True)
class Result:
    """What the engine says about one findings document; the trace is built when first asked for."""

    content_version: str
    findings: Findings
    grades: MappingProxyType
    flags: MappingProxyType
    syndromes: tuple
    urgency: Urgency
    rules: RuleBook = field(repr=False)
    fired: tuple = field(repr=False)  # one bool per rule, in the order of `rules`
    context: Context = field(repr=False, compare=False)
    closing: str = "Contact your care team."

    @cached_property
    def trace(self) -> tuple:
        """Every rule, fired or not, with the reason (worked out on demand)."""
        return tuple(TraceEntry(rule, hit, self.context) for rule, hit in zip(self.rules, self.fired, strict=True))

    @cached_property
    def notes(self) -> tuple:
        rules, fired = self.rules, self.fired
        return tuple(Note(rules[i]) for i in rules.kept(_note_positions) if fired[i])

    def sources(self) -> dict:
        """Every source the result cites: ref -> its short name and full title."""
        cited = dict(self.rules.kept(_citations))
        for c in self._own_citations():
            cited.setdefault(c.ref, c)
        return {ref: {"short": c.short, "title": c.title} for ref, c in sorted(cited.items())}

    def _own_citations(self):
        """What the result cites beyond its rules: the urgency level, timing windows and approaches."""
        yield from self.urgency.level.sources
        for s in self.syndromes:
            for window in s.timing.windows:
                yield from window.sources
            for approach in s.management:
                yield from approach.sources

    def syndrome(self, syndrome_id: str) -> SyndromeResult | None:
        return next((s for s in self.syndromes if s.id == syndrome_id), None)

    def to_dict(self, with_trace: bool = True) -> dict:
        """The result as JSON-ready data, new on every call; `closing` is the last key. Without the trace,
        `trace` is []."""
        return self._data(self.trace_dicts() if with_trace else [])

    def to_json(self, with_trace: bool = True) -> bytes:
        """orjson.dumps(self.to_dict(with_trace)), byte for byte, in a fraction of the time."""
        return orjson.dumps(self._data(self._trace_json() if with_trace else []))

    def _data(self, trace) -> dict:
        return {
            "content_version": self.content_version,
            "findings": self.findings.to_dict(),
            "grades": {"crs": self.grades.get("crs"), "icans": self.grades.get("icans")},
            "flags": dict(self.flags),
            "syndromes": [s.to_dict() for s in self.syndromes],
            "urgency": self.urgency.to_dict(),
            "notes": [n.to_dict() for n in self.notes],
            "trace": trace,
            "sources": self.sources(),
            "closing": self.closing,
        }

    def _fresh_reasons(self):
        """(position, reason) of each rule that reads something these findings give (or that is not
        findings-only). Every other rule fires, and is explained, as for an empty document (_BlankTrace)."""
        ctx, rules, fired = self.context, self.rules, self.fired
        return [(i, _reason(rules[i], fired[i], ctx)) for i in rules.kept(_blank_trace).readers(ctx)]

    def trace_dicts(self) -> list:
        """The trace as to_dict() gives it: every rule's entry, new dicts on every call."""
        reasons = list(self.rules.kept(_blank_trace).reasons)
        for i, reason in self._fresh_reasons():
            reasons[i] = reason
        return [_entry(rule, hit, reason) for rule, hit, reason in zip(self.rules, self.fired, reasons, strict=True)]

    def _trace_json(self) -> orjson.Fragment:
        """trace_dicts() as JSON: each rule's whole entry as for an empty document (kept), or, for a rule
        whose reason is fresh, its entry up to the reason (kept, for either outcome) and the reason."""
        heads, entries = self.rules.kept(_trace_pieces)  # heads[i][fired[i]]: (not fired, fired)[fired[i]]
        entries, fired = list(entries), self.fired
        for i, reason in self._fresh_reasons():
            entries[i] = heads[i][fired[i]] + orjson.dumps(reason) + b"}"
        entries[0] = b"[" + entries[0]  # (rather than the whole trace copied twice)
        entries[-1] += b"]"
        return orjson.Fragment(b",".join(entries))


# What is worked out once per content, from the rules alone (RuleBook.kept).

def _note_positions(rules: RuleBook) -> tuple:
    return tuple(i for i, rule in enumerate(rules) if rule.kind == "note")


def _citations(rules: RuleBook) -> dict:
    """ref -> Citation, for every source the rules cite."""
    return {c.ref: c for rule in rules for c in rule.sources}


class _BlankTrace(NamedTuple):
    """How each rule fires, and why, for an empty findings document, and which rules read what.

    A findings-only rule reads nothing but the fields and checklist items its condition names
    (Condition.fields and .items). One that reads nothing a document gives therefore reads what an empty
    document gives: it fires, and is explained, as it does here.
    """

    fired: tuple  # per rule
    reasons: tuple  # per rule; None for a rule that is not findings-only (it reads grades, flags...)
    always: frozenset  # positions of the rules that are not findings-only
    by_field: dict  # field name -> positions of the rules that read it
    by_item: dict  # checklist item -> positions of the rules that read it

    def readers(self, ctx: Context) -> set:
        """Positions of the rules that read something these findings give, or that are not findings-only."""
        positions = set(self.always)
        for name in ctx.values:
            positions.update(self.by_field.get(name, ()))
        for item in ctx.checked:
            positions.update(self.by_item.get(item, ()))
        return positions


def _blank_trace(rules: RuleBook) -> _BlankTrace:
    ctx = Context({}, frozenset(), nothing_given=True)
    fired = tuple(rule.condition.test(ctx) for rule in rules)
    reasons = tuple(_reason(rule, hit, ctx) if rule.condition.findings_only else None
                    for rule, hit in zip(rules, fired, strict=True))
    return _BlankTrace(fired, reasons, frozenset(i for i, reason in enumerate(reasons) if reason is None),
                       _positions(rules, "fields"), _positions(rules, "items"))


def _positions(rules: RuleBook, reads: str) -> dict:
    """Each field (or item) the rules' conditions read -> the positions of the rules that read it."""
    found = {}
    for i, rule in enumerate(rules):
        for name in getattr(rule.condition, reads):
            found.setdefault(name, set()).add(i)
    return {name: frozenset(positions) for name, positions in found.items()}


def _trace_pieces(rules: RuleBook) -> tuple:
    """Per rule: its trace entry as JSON up to the reason's value, for not fired and for fired; and its
    whole entry for an empty document (None for a rule that is not findings-only)."""
    blank = rules.kept(_blank_trace)
    heads = tuple((_head(rule, False), _head(rule, True)) for rule in rules)
    entries = tuple(None if reason is None else orjson.dumps(_entry(rule, hit, reason))
                    for rule, hit, reason in zip(rules, blank.fired, blank.reasons, strict=True))
    return heads, entries


def _head(rule: Rule, fired: bool) -> bytes:
    """The rule's trace entry as JSON, cut before the value of its last key, the reason."""
    whole = orjson.dumps(_entry(rule, fired, ""))
    assert whole.endswith(b'"reason":""}')
    return whole[:-3]
