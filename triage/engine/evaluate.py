"""evaluate(content, findings) -> Result: a pure function over frozen values."""

from __future__ import annotations

from types import MappingProxyType

from .conditions import Context
from .content import Content
from .findings import Findings
from .result import Decision, Note, Result, SyndromeResult, Timing, Urgency

SIGNS_ONLY_NOTE = ("The signs ticked can go with {name}. Grading needs a clinical assessment "
                   "(measurements such as temperature, oxygen, blood pressure or the ICE score).")


def evaluate(content: Content, findings: Findings) -> Result:
    """Grade, flag, time and rate the urgency of `findings` against `content`."""
    ctx = Context(dict(findings.values), findings.checked, nothing_given=not findings)  # dict: faster .get
    fired = list(content.grading_outcomes(ctx))
    grades, flags, deciders = {}, {}, {}
    for syndrome_id, plan in content.plans.items():
        grades[syndrome_id], deciders[syndrome_id] = _grade(content.gradings[syndrome_id].graded_by, plan,
                                                            fired, findings.given)
        flags[syndrome_id] = any(fired[i] for i in plan.flags)
    ctx.grades, ctx.flags = grades, flags
    urgent = content.urgency_outcomes(ctx)
    fired += urgent
    syndromes = tuple(
        result for result in (_syndrome(content, syndrome_id, grades, flags, deciders, fired, findings)
                              for syndrome_id in content.plans) if result is not None)
    urgency_fired = [rule for rule, hit in zip(content.urgency_rules, urgent, strict=True) if hit]
    return Result(findings, MappingProxyType(grades), MappingProxyType(flags), syndromes,
                  _urgency(content, urgency_fired), tuple(fired), ctx, content)


def _grade(graded_by, plan, fired, given):
    """The highest fired grade (the first such rule in file order decides), or None when ungraded."""
    if graded_by.isdisjoint(given):
        return None, None
    for position, rule in plan.grades:
        if fired[position]:
            return rule.grade, rule
    return 0, None


def _syndrome(content, syndrome_id, grades, flags, deciders, fired, findings):
    grade, flagged = grades[syndrome_id], flags[syndrome_id]
    plan = content.plans[syndrome_id]
    checked = findings.checked
    signs = ()
    if checked and any(fired[i] for i in plan.signs):
        signs = tuple(content.items[i] for i in content.gradings[syndrome_id].sign_items if i in checked)
    if not (grade or flagged or signs):
        return None
    because = tuple(reason for reason, present in (("grade", bool(grade)), ("flag", flagged),
                                                   ("signs", bool(signs))) if present)
    syndrome = content.syndromes[syndrome_id]
    decider = deciders[syndrome_id]
    assessment = SIGNS_ONLY_NOTE.format(name=syndrome.short_name) if because == ("signs",) else ""
    notes = tuple(Note(rule) for position, rule in plan.notes if fired[position])
    timing = Timing(syndrome.windows, findings.values.get("days_since_infusion"), syndrome.timing_note)
    return SyndromeResult(syndrome.id, syndrome.name, syndrome.short_name, grade, flagged, because,
                          Decision(decider) if decider else None, signs, assessment, notes, timing,
                          plan.management[grade], content.gradings[syndrome_id].scales)


def _urgency(content: Content, fired) -> Urgency:
    level_id = fired[0].level if fired else content.default_level
    return Urgency(content.level(level_id), tuple(r for r in fired if r.level == level_id))
