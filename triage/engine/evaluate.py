"""evaluate(content, findings) -> Result: a pure function over frozen values."""

from __future__ import annotations

from types import MappingProxyType

from .conditions import Context
from .content import Content, Grading
from .findings import Findings
from .result import Decision, Note, Result, SyndromeResult, Timing, TraceEntry, Urgency

SIGNS_ONLY_NOTE = ("The signs ticked can go with {name}. Grading needs a clinical assessment "
                   "(measurements such as temperature, oxygen, blood pressure or the ICE score).")


def evaluate(content: Content, findings: Findings) -> Result:
    """Grade, flag, time and rate the urgency of `findings` against `content`."""
    ctx = Context(findings.values, findings.checked, nothing_given=not findings)
    fired = {}
    trace = []
    for grading in content.gradings.values():
        for rule in grading.rules:
            hit = rule.condition.test(ctx)
            fired[rule.id] = hit
            trace.append(TraceEntry(rule, hit, ctx))
    grades, flags, deciders = {}, {}, {}
    for syndrome_id, grading in content.gradings.items():
        grades[syndrome_id], deciders[syndrome_id] = _grade(grading, fired, findings)
        flags[syndrome_id] = any(fired[r.id] for r in grading.rules if r.kind == "flag")
    ctx.grades, ctx.flags = grades, flags
    urgency_fired = []
    for rule in content.urgency_rules:
        hit = rule.condition.test(ctx)
        trace.append(TraceEntry(rule, hit, ctx))
        if hit:
            urgency_fired.append(rule)
    syndromes = tuple(
        result for result in (_syndrome(content, s, grades, flags, deciders, fired, findings)
                              for s in content.gradings) if result is not None)
    notes = tuple(Note(entry.rule) for entry in trace if entry.fired and entry.rule.kind == "note")
    return Result(content.version, findings, MappingProxyType(grades), MappingProxyType(flags),
                  syndromes, _urgency(content, urgency_fired), notes, tuple(trace), content.closing)


def _grade(grading: Grading, fired, findings: Findings):
    """The highest fired grade (first rule in file order wins a tie), or None when ungraded."""
    if not any(name in findings.given for name in grading.graded_by):
        return None, None
    best = None
    for rule in grading.rules:
        if rule.kind == "grade" and fired[rule.id] and (best is None or rule.grade > best.grade):
            best = rule
    return (best.grade, best) if best else (0, None)


def _syndrome(content, syndrome_id, grades, flags, deciders, fired, findings):
    grading = content.gradings[syndrome_id]
    grade, flagged = grades[syndrome_id], flags[syndrome_id]
    sign_rules = [r for r in grading.rules if r.kind == "signs" and fired[r.id]]
    signs = tuple(item for item_id, item in content.items.items()
                  if item_id in findings.checked and any(item_id in r.condition.items for r in sign_rules))
    because = tuple(reason for reason, present in (("grade", bool(grade)), ("flag", flagged),
                                                   ("signs", bool(signs))) if present)
    if not because:
        return None
    syndrome = content.syndromes[syndrome_id]
    decider = deciders[syndrome_id]
    assessment = SIGNS_ONLY_NOTE.format(name=syndrome.short_name) if because == ("signs",) else ""
    notes = tuple(Note(r) for r in grading.rules if r.kind == "note" and fired[r.id])
    management = tuple(a for a in syndrome.management
                       if (not a.grades) or (grade is not None and grade in a.grades))
    timing = Timing(syndrome.windows, findings.values.get("days_since_infusion"), syndrome.timing_note)
    return SyndromeResult(syndrome.id, syndrome.name, syndrome.short_name, grade, flagged, because,
                          Decision(decider) if decider else None, signs, assessment, notes, timing,
                          management, grading.scales)


def _urgency(content: Content, fired) -> Urgency:
    level_id = fired[0].level if fired else content.default_level
    return Urgency(content.level(level_id), tuple(r for r in fired if r.level == level_id))
