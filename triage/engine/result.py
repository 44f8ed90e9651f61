"""The immutable result of an evaluation and its JSON form (text.py gives the plain-text form).

The JSON form is defined once, by Result.to_json and the functions it calls; to_dict reads it back. Most
of it depends on the content alone (each rule's criterion and sources, each timing window, the approaches
for each grade, each rule's trace entry for an empty document): those parts are serialised once per content
(Content.kept, _Pieces) and put together with what the findings decide. A rule that reads nothing the
findings give is explained as for an empty document. Nothing derived from findings is kept beyond the call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import NamedTuple

import orjson

from .conditions import Context
from .content import Approach, Content, Rule, TimingWindow, UrgencyLevel
from .findings import Findings


class Decision(NamedTuple):
    """The rule that decided an answer: its criterion, source and place in the rules."""

    rule: Rule


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


class Note(NamedTuple):
    rule: Rule


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
    management: tuple  # the approaches for this grade: content.plans[id].management[grade]
    scales: tuple


class Urgency(NamedTuple):
    level: UrgencyLevel
    fired: tuple


class TraceEntry(NamedTuple):
    """One rule, whether it fired, and (worked out when asked) why."""

    rule: Rule
    fired: bool
    context: Context

    @property
    def reason(self) -> str:
        return _reason(self.rule, self.fired, self.context)


def _reason(rule: Rule, fired: bool, context: Context) -> str:
    return ("met: " if fired else "not met: ") + rule.condition.why(context, fired)


def _entry(rule: Rule, fired: bool, reason: str) -> dict:
    """A rule in the trace: what never changes, then whether it fired and (last) why."""
    return {"rule": rule.id, "kind": rule.kind, "syndrome": rule.syndrome or None, "grade": rule.grade,
            "level": rule.level or None, "criterion": rule.criterion, "sources": _citations(rule.sources),
            "where": rule.where(), "fired": fired, "reason": reason}


@dataclass(frozen=True)
class Result:
    """What the engine says about one findings document; the trace is built when first asked for."""

    findings: Findings
    grades: MappingProxyType
    flags: MappingProxyType
    syndromes: tuple
    urgency: Urgency
    fired: tuple = field(repr=False)  # one bool per rule, in the order of content.rules
    context: Context = field(repr=False, compare=False)
    content: Content = field(repr=False, compare=False)

    @property
    def rules(self) -> tuple:
        return self.content.rules

    @property
    def closing(self) -> str:
        return self.content.closing

    @cached_property
    def trace(self) -> tuple:
        """Every rule, fired or not, with the reason (worked out on demand)."""
        return tuple(TraceEntry(rule, hit, self.context) for rule, hit in zip(self.rules, self.fired, strict=True))

    @cached_property
    def notes(self) -> tuple:
        rules, fired = self.rules, self.fired
        return tuple(Note(rules[i]) for i in self.content.kept(_note_positions) if fired[i])

    def syndrome(self, syndrome_id: str) -> SyndromeResult | None:
        return next((s for s in self.syndromes if s.id == syndrome_id), None)

    def to_json(self, with_trace: bool = True) -> bytes:
        """The result as JSON (the API's answer, `triage evaluate --json`); `closing` is the last key.
        Without the trace, `trace` is []."""
        kept = self.content.kept(_pieces)
        return orjson.dumps({
            "content_version": self.content.version,
            "findings": self.findings.to_dict(),
            "grades": {"crs": self.grades.get("crs"), "icans": self.grades.get("icans")},
            "flags": dict(self.flags),
            "syndromes": [_syndrome(s, kept) for s in self.syndromes],
            "urgency": _urgency(self.urgency, kept),
            "notes": [kept.notes[note.rule.id] for note in self.notes],
            "trace": self._trace_json() if with_trace else [],
            "sources": self._sources(kept),
            "closing": self.content.closing,
        })

    def to_dict(self, with_trace: bool = True) -> dict:
        """to_json() read back: JSON-ready data, new on every call."""
        return orjson.loads(self.to_json(with_trace))

    def _sources(self, kept: _Pieces) -> dict:
        """Every source the result cites (its rules, urgency level, timing windows and approaches): ref -> its
        short name and full title, by ref."""
        refs = kept.rule_refs | kept.level_refs[self.urgency.level.id]
        for s in self.syndromes:
            refs = refs | kept.syndrome_refs[s.id, s.grade]
        return {ref: kept.sources[ref] for ref in sorted(refs)}

    def _fresh_reasons(self):
        """(position, reason) of each rule that reads something these findings give (or that is not
        findings-only). Every other rule fires, and is explained, as for an empty document (_BlankTrace)."""
        ctx, rules, fired = self.context, self.rules, self.fired
        return [(i, _reason(rules[i], fired[i], ctx)) for i in self.content.kept(_blank_trace).readers(ctx)]

    def trace_dicts(self) -> list:
        """The trace as to_dict() gives it: every rule's entry, new dicts on every call."""
        reasons = list(self.content.kept(_blank_trace).reasons)
        for i, reason in self._fresh_reasons():
            reasons[i] = reason
        return [_entry(rule, hit, reason) for rule, hit, reason in zip(self.rules, self.fired, reasons, strict=True)]

    def _trace_json(self) -> orjson.Fragment:
        """trace_dicts() as JSON: each rule's whole entry as for an empty document (kept), or, for a rule
        whose reason is fresh, its entry up to the reason (kept, for either outcome) and the reason."""
        heads, entries = self.content.kept(_trace_pieces)  # heads[i][fired[i]]: (not fired, fired)[fired[i]]
        entries, fired = list(entries), self.fired
        for i, reason in self._fresh_reasons():
            entries[i] = heads[i][fired[i]] + orjson.dumps(reason) + b"}"
        entries[0] = b"[" + entries[0]  # (rather than the whole trace copied twice)
        entries[-1] += b"]"
        return orjson.Fragment(b",".join(entries))


def _syndrome(s: SyndromeResult, kept: _Pieces) -> dict:
    day = s.timing.day
    windows = kept.windows[s.id]  # per window: {contains the day (None when no day was given): its JSON}
    return {
        "id": s.id, "name": s.name, "short_name": s.short_name, "grade": s.grade, "flagged": s.flagged,
        "listed_because": s.listed_because, "scales": s.scales,
        "decided_by": kept.decisions[s.decided_by.rule.id] if s.decided_by else None,
        "signs": [kept.signs[item.id] for item in s.signs],
        "assessment_note": s.assessment_note,
        "notes": [kept.notes[note.rule.id] for note in s.notes],
        "timing": {"day": day, "fits": s.timing.fits, "note": s.timing.note,
                   "windows": [json[None if day is None else window.contains(day)]
                               for window, json in zip(s.timing.windows, windows, strict=True)]},
        "management": kept.management[s.id, s.grade],
    }


def _urgency(urgency: Urgency, kept: _Pieces) -> dict:
    level, fired = urgency.level, urgency.fired
    return {"level": level.id, "title": level.title, "message": level.message,
            "because": [kept.because[rule.id] for rule in fired],
            "decided_by": kept.decisions[fired[0].id] if fired else None,
            "sources": kept.level_sources[level.id]}


# What is worked out once per content (Content.kept).

class _Pieces(NamedTuple):
    """The parts of the JSON form that depend on the content alone, each serialised once, by content id."""

    decisions: dict  # rule id -> the rule as an answer's decided_by
    notes: dict  # note rule id -> the note
    because: dict  # urgency rule id -> the rule as an urgency's because
    signs: dict  # checklist item id -> the item as a sign
    windows: dict  # syndrome id -> per timing window, {contains the day: the window} (None: no day given)
    management: dict  # (syndrome id, grade) -> the approaches for that grade, as evaluate picks them
    level_sources: dict  # urgency level id -> its citations
    sources: dict  # ref -> the source's short name and full title
    rule_refs: frozenset  # refs the rules cite
    level_refs: dict  # urgency level id -> the refs it cites
    syndrome_refs: dict  # (syndrome id, grade) -> the refs its timing windows and those approaches cite


def _pieces(content: Content) -> _Pieces:
    management = {(sid, grade): approaches for sid, plan in content.plans.items()
                  for grade, approaches in plan.management.items()}
    windows = {sid: syndrome.windows for sid, syndrome in content.syndromes.items()}
    return _Pieces(
        decisions={rule.id: _json(_decision(rule)) for rule in content.rules},
        notes={rule.id: _json(_note(rule)) for rule in content.rules if rule.kind == "note"},
        because={rule.id: _json({"rule": rule.id, "criterion": rule.criterion}) for rule in content.urgency_rules},
        signs={item.id: _json({"id": item.id, "plain": item.plain, "clinical": item.clinical})
               for item in content.items.values()},
        windows={sid: tuple({day_in_it: _json(_window(window, day_in_it)) for day_in_it in (None, False, True)}
                            for window in syndrome_windows) for sid, syndrome_windows in windows.items()},
        management={key: _json([_approach(a) for a in approaches]) for key, approaches in management.items()},
        level_sources={level.id: _json(_citations(level.sources)) for level in content.levels},
        sources={ref: _json({"short": source.short, "title": source.title}) for ref, source in content.sources.items()},
        rule_refs=_refs(rule.sources for rule in content.rules),
        level_refs={level.id: _refs([level.sources]) for level in content.levels},
        syndrome_refs={(sid, grade): _refs([w.sources for w in windows.get(sid, ())] + [a.sources for a in approaches])
                       for (sid, grade), approaches in management.items()},
    )


def _json(data) -> orjson.Fragment:
    return orjson.Fragment(orjson.dumps(data))


def _refs(citation_lists) -> frozenset:
    return frozenset(c.ref for citations in citation_lists for c in citations)


def _citations(citations) -> list:
    return [c.to_dict() for c in citations]


def _decision(rule: Rule) -> dict:
    return {"rule": rule.id, "criterion": rule.criterion, "sources": _citations(rule.sources), "where": rule.where()}


def _note(rule: Rule) -> dict:
    return {"rule": rule.id, "syndrome": rule.syndrome, "text": rule.criterion, "sources": _citations(rule.sources)}


def _window(window: TimingWindow, contains_day: bool | None) -> dict:
    return {"from_day": window.from_day, "to_day": window.to_day, "label": window.label,
            "contains_day": contains_day, "sources": _citations(window.sources)}


def _approach(approach: Approach) -> dict:
    return {"text": approach.text, "grades": list(approach.grades), "sources": _citations(approach.sources)}


def _note_positions(content: Content) -> tuple:
    return tuple(i for i, rule in enumerate(content.rules) if rule.kind == "note")
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


def _blank_trace(content: Content) -> _BlankTrace:
    rules = content.rules
    ctx = Context({}, frozenset(), nothing_given=True)
    fired = tuple(rule.condition.test(ctx) for rule in rules)
    reasons = tuple(_reason(rule, hit, ctx) if rule.condition.findings_only else None
                    for rule, hit in zip(rules, fired, strict=True))
    return _BlankTrace(fired, reasons, frozenset(i for i, reason in enumerate(reasons) if reason is None),
                       _positions(rules, "fields"), _positions(rules, "items"))


def _positions(rules: tuple, reads: str) -> dict:
    """Each field (or item) the rules' conditions read -> the positions of the rules that read it."""
    found = {}
    for i, rule in enumerate(rules):
        for name in getattr(rule.condition, reads):
            found.setdefault(name, set()).add(i)
    return {name: frozenset(positions) for name, positions in found.items()}


def _trace_pieces(content: Content) -> tuple:
    """Per rule: its trace entry as JSON up to the reason's value, for not fired and for fired; and its
    whole entry for an empty document (None for a rule that is not findings-only)."""
    rules, blank = content.rules, content.kept(_blank_trace)
    heads = tuple((_head(rule, False), _head(rule, True)) for rule in rules)
    entries = tuple(None if reason is None else orjson.dumps(_entry(rule, hit, reason))
                    for rule, hit, reason in zip(rules, blank.fired, blank.reasons, strict=True))
    return heads, entries


def _head(rule: Rule, fired: bool) -> bytes:
    """The rule's trace entry as JSON, cut before the value of its last key, the reason."""
    whole = orjson.dumps(_entry(rule, fired, ""))
    assert whole.endswith(b'"reason":""}')
    return whole[:-3]
