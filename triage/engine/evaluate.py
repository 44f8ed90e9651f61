"""evaluate(content, findings) -> Result: a pure function over frozen values.

Each graded syndrome gets three answers:
  grade          the grade the findings establish, every blank read as its normal value: the highest
                 grade whose rule fires (the first such rule in file order decides); None when no
                 field that grades the syndrome is given;
  grade_at_most  the highest grade any filling-in of the open blanks could reach: the highest grade
                 whose rule is not definitely unmet (three-valued logic); equal to `grade` when the
                 assessment is complete;
  unassessed     the open blanks that could raise it, in contract order.
Urgency reads the grades established, never the upper end of a range.
"""

from __future__ import annotations

from types import MappingProxyType

from .content import Content
from .contract import Findings
from .result import GradeRange, Result, SyndromeResult, Timing, Urgency

NO_GRADE = GradeRange(None, None, None)  # a syndrome no given field grades
SIGNS_ONLY_NOTE = ("The signs ticked can go with {name}. Grading needs a clinical assessment "
                   "(measurements such as temperature, oxygen, blood pressure or the ICE score).")


def evaluate(content: Content, findings: Findings) -> Result:
    """Grade, flag, time and rate the urgency of `findings` against `content`."""
    facts = content.contract.read(findings)
    fired = content.grading_blank.fired_for(content.grading_rules, facts, findings)
    ranges, flags, deciders = {}, {}, {}
    for syndrome_id, plan in content.plans.items():
        if content.syndromes[syndrome_id].graded:
            ranges[syndrome_id], deciders[syndrome_id] = _grade(content, plan, fired, facts, findings)
        else:
            flags[syndrome_id] = any(fired[i] for i in plan.flags)
    facts.grades = {syndrome_id: r.grade for syndrome_id, r in ranges.items()}
    facts.flags = flags
    urgent = content.urgency_blank.fired_for(content.urgency_rules, facts, findings)
    syndromes = tuple(result for syndrome_id in content.plans
                      if (result := _syndrome(content, syndrome_id, ranges, flags, deciders, fired, findings, facts)))
    notes = tuple([rule for rule, hit in zip(content.grading_rules, fired, strict=True) if hit and rule.kind == "note"])
    return Result(content, findings, MappingProxyType(ranges), MappingProxyType(flags), syndromes,
                  _urgency(content, urgent), notes, tuple(fired + urgent), facts)


def _urgency(content, urgent) -> Urgency:
    """The most urgent level with a rule that fires (levels are in order), and its rules that fire."""
    fired = [rule for rule, hit in zip(content.urgency_rules, urgent, strict=True) if hit]
    level = content.level(fired[0].level if fired else content.default_level)
    return Urgency(level, tuple(rule for rule in fired if rule.level == level.id))


def _grade(content, plan, fired, facts, findings):
    """The syndrome's GradeRange and the rule that decided its grade (None when no rule fired)."""
    if plan.graded_by.isdisjoint(findings.values):  # a derived field counts when it has a value
        return NO_GRADE, None
    grade, decider = 0, None
    for position, rule in plan.grades:
        if fired[position]:
            grade, decider = rule.grade, rule
            break
    if grade == plan.grades[0][1].grade or plan.reads.isdisjoint(content.contract.blanks(findings)):
        return GradeRange(grade, grade, ()), decider  # the highest grade already, or nothing left blank
    if facts.unknown is None:
        content.contract.open_blanks(facts)
    return _range(content, plan, grade, facts), decider


def _range(content, plan, grade: int, facts) -> GradeRange:
    """The grade with the highest grade that a rule still open allows, and the blanks that could raise it."""
    at_most, raisers, unknown = grade, set(), facts.unknown
    for _position, rule in plan.grades:
        if rule.grade <= grade:
            break
        if rule.reads.isdisjoint(unknown):
            continue  # nothing it reads is open: it is not met, as tested
        met, found = rule.condition.weigh(facts, True)
        if met is not False:
            at_most = max(at_most, rule.grade)
            raisers.update(found)
    unassessed = tuple(n for n in content.contract.input_names(raisers) if n in unknown)
    return GradeRange(grade, at_most, unassessed)


def _syndrome(content, syndrome_id, ranges, flags, deciders, fired, findings, facts):
    grade_range = ranges.get(syndrome_id, NO_GRADE)
    grade, flagged = grade_range.grade, flags.get(syndrome_id, False)
    plan = content.plans[syndrome_id]
    checked = findings.checked
    signs = ()
    if checked and any([fired[i] for i in plan.signs]):
        signs = tuple([content.items[i] for i in content.gradings[syndrome_id].sign_items if i in checked])
    if not (grade or flagged or signs):
        return None
    because = (("grade",) if grade else ()) + (("flag",) if flagged else ()) + (("signs",) if signs else ())
    syndrome = content.syndromes[syndrome_id]
    assessment = SIGNS_ONLY_NOTE.format(name=syndrome.short_name) if because == ("signs",) else ""
    timing = Timing(syndrome.windows, findings.values.get(content.contract.day_field), syndrome.timing_note)
    decider = deciders.get(syndrome_id)
    reason = f"{decider.condition.explain(facts, True)} → grade {decider.grade}" if decider else ""
    return SyndromeResult(syndrome, grade_range, flagged, because, decider, signs, assessment,
                          tuple([rule for position, rule in plan.notes if fired[position]]), timing,
                          plan.management[grade], content.gradings[syndrome_id].scales, reason)
