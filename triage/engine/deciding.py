"""Why a syndrome has its grade, in the case's words: the deciding finding, the next threshold, the range.

Everything here is worded from content: the findings contract's labels and choice labels for what the
case shows, the grading rules' criteria for what they need, the urgency levels' clinical titles. No rule
id, field name or file path reaches the text. Feedback, the presenter view and live sessions all say
"what decides" with this one function.
"""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import Checked, FieldTest, leaves, leaves_met
from .fields import TotalOf, number_text
from .result import Result

MOST_FOUND = 5  # findings named in one sentence; more reads like a list
MOST_ROUTES = 3  # criteria named for the next grade up
NAMING_KINDS = ("number", "integer", "choice")  # the fields named when none that grades a syndrome is given


@dataclass(frozen=True)
class Decision:
    """One graded syndrome's grade and why, ready to say."""

    syndrome: str  # the syndrome's id (for the web's lookups; never shown)
    name: str  # its short name
    grade: int | None  # None: nothing that grades it is given
    at_most: int | None
    found: tuple  # the deciding findings, each in the contract's words ("oxygen flow 3 L/min")
    because: str  # the criterion the deciding rule states; "" when no rule is met
    next_up: str  # what the next grade up would need; "" at the top grade or when not gradable
    unassessed: tuple  # labels of the open blanks that could raise the grade
    grading_fields: tuple = ()  # labels of the findings that grade it (said when none is given)

    @property
    def grade_words(self) -> str:
        """'grade 2', 'at least grade 1, up to grade 4', or 'not gradable from these findings'."""
        if self.grade is None:
            return "not gradable from these findings"
        if self.at_most is not None and self.at_most > self.grade:
            return f"at least grade {self.grade}, up to grade {self.at_most}"
        return f"grade {self.grade}"

    @property
    def range_words(self) -> str:
        """'at least 1, up to 4 - low blood pressure and oxygen support not assessed'; '' when settled."""
        if self.grade is None or self.at_most is None or self.at_most <= self.grade:
            return ""
        return f"at least {self.grade}, up to {self.at_most} – {listed(self.unassessed)} not assessed"

    @property
    def head(self) -> str:
        """The deciding findings and the criterion they meet: 'Oxygen flow 3 L/min: fever with hypoxia ...'."""
        found = capital("; ".join(self.found[:MOST_FOUND])) if self.found else ""
        if self.because:
            return f"{found}: {lower(self.because)}" if found else capital(self.because)
        return f"{found}: no {self.name} criterion is met" if found else f"No {self.name} criterion is met"

    @property
    def text(self) -> str:
        """One to three sentences: what decides the grade, the range when something is not assessed,
        and what the next grade would need."""
        if self.grade is None:
            such = f" (such as {listed(self.grading_fields[:3], 'or')})" if self.grading_fields else ""
            return f"{self.name} cannot be graded here: none of the findings that grade it{such} is given."
        sentences = [f"{self.head}, so {self.name} grade {self.grade}."]
        if self.range_words:
            sentences.append(f"{capital(listed(self.unassessed))} not assessed, so it could be as high as "
                             f"grade {self.at_most}.")
        if self.next_up:
            sentences.append(capital(self.next_up) + ".")
        return " ".join(sentences)


def deciding_finding(content, result: Result, syndrome_id: str) -> Decision:
    """Why `result` gives the graded syndrome `syndrome_id` its grade, in the case's words."""
    syndrome = content.syndromes[syndrome_id]
    grade_range = result.ranges[syndrome_id]
    listed_result = result.syndrome(syndrome_id)
    decider = listed_result.decided_by if listed_result is not None else None
    contract, plan = content.contract, content.plans[syndrome_id]
    if grade_range.grade is None:
        fields = tuple(lower(contract.spec(n).label) for n in contract.inputs
                       if n in plan.graded_by and contract.spec(n).kind in NAMING_KINDS)
        return Decision(syndrome_id, syndrome.short_name, None, None, (), "", "", (), fields)
    if decider is not None:
        found = finding_words(content, result, decider.condition)
    else:
        found = _abnormal_first(content, result, plan.graded_by)
    open_names = grade_range.unassessed or ()
    unassessed = tuple(lower(contract.spec(n).label) for n in open_names if contract.spec(n).total not in open_names)
    return Decision(syndrome_id, syndrome.short_name, grade_range.grade, grade_range.at_most, found,
                    decider.criterion if decider else "", _next_up(content, result, syndrome_id, decider),
                    unassessed)


def reason_for(content, result: Result, syndrome_id: str) -> str:
    """Why the result says what it does of any syndrome, in the case's words: the deciding finding of a
    graded one, the features of a flagged one, or the signs described when nothing grades it."""
    listed_result = result.syndrome(syndrome_id)
    name = content.syndromes[syndrome_id].short_name
    if syndrome_id in result.ranges and (result.grades[syndrome_id] is not None or listed_result is None
                                         or not listed_result.signs):
        return deciding_finding(content, result, syndrome_id).text
    if listed_result is not None and listed_result.flagged:
        fired = [rule for rule, hit in zip(content.rules, result.fired, strict=False)
                 if hit and rule.kind == "flag" and rule.syndrome == syndrome_id]
        found = finding_words(content, result, fired[0].condition) if fired else ()
        because = lower(fired[0].criterion) if fired else f"{name} features"
        head = f"{capital('; '.join(found[:MOST_FOUND]))}: {because}" if found else capital(because)
        return f"{head}, so {name} features are present."
    if listed_result is not None and listed_result.signs:
        signs = listed(lower(item.clinical) for item in listed_result.signs)
        return f"The signs described ({signs}) can go with {name}; only a clinical assessment can grade or confirm it."
    return f"No {name} features among the findings given."


def urgency_reason(content, result: Result) -> str:
    """The urgency as a clinical escalation and the findings that set it, in one sentence."""
    level, fired = result.urgency.level, result.urgency.fired
    title = level.clinical_title or level.title
    if not fired:
        return f"{title}: {lower(level.clinical_message or level.message).split('. ')[0].rstrip('.')}."
    found = finding_words(content, result, fired[0].condition)
    because = lower(fired[0].criterion)
    return f"{title}: {because}" + (f" ({'; '.join(found[:MOST_FOUND])})" if found else "") + "."


def finding_words(content, result: Result, condition) -> tuple:
    """The findings a met condition stands on, each once, in the contract's words."""
    facts, words = result.facts, []
    for leaf in leaves_met(condition, facts):
        if isinstance(leaf, Checked):
            phrases = [lower(content.items[i].clinical) for i in leaf.ids if i in facts.checked]
        else:
            phrases = [said(content, name, result.findings.values[name]) for name in _shown_fields(content, leaf.spec)
                       if name in result.findings.values]
        words += [p for p in phrases if p not in words]
    return tuple(words)


def _abnormal_first(content, result, names) -> tuple:
    """The findings given among `names` that differ from their normal reading (all of them if none does)."""
    contract, given = content.contract, result.findings.given
    shown = [n for n in contract.inputs if n in names and n in given]
    abnormal = [n for n in shown if not contract.spec(n).has_normal or given[n] != contract.spec(n).normal]
    return tuple(said(content, n, given[n]) for n in abnormal or shown)


def _shown_fields(content, spec) -> tuple:
    """The fields to name for a leaf: a derived total (the ICE score) by itself, another derived value by
    the findings it comes from (the vasopressors listed, not how many)."""
    if spec.derived and not isinstance(spec.derivation, TotalOf):
        return content.contract.input_names((spec.name,))
    return (spec.name,)


def said(content, name: str, value) -> str:
    """One finding in the contract's words: 'temperature 38.4 °C', 'oxygen support: nasal cannula'."""
    spec = content.contract.spec(name)
    label = lower(spec.label)
    if spec.numeric:
        step = spec.typical[2] if spec.typical and len(spec.typical) > 2 else None
        shown = f"{value:.1f}" if isinstance(value, float) and step and step < 1 else number_text(value)
        return f"{label} {shown} {spec.unit}".rstrip()
    if spec.kind == "boolean":
        return label if value else f"not {label}"
    if spec.kind == "choice":
        return f"{label}: {lower(spec.label_for(value))}"
    if spec.kind == "items":
        return ", ".join(lower(content.items[i].clinical) for i in value)
    if spec.kind == "choices":
        return f"{label}: " + (", ".join(lower(spec.label_for(v)) for v in value) or "none")
    return label


def _next_up(content, result, syndrome_id: str, decider) -> str:
    """What the next grade up would need: its rules that read what decided this grade, else all of them,
    leaving out those the person cannot meet (a child's scale for an adult)."""
    plan, grade = content.plans[syndrome_id], result.grades[syndrome_id]
    above = [rule for _, rule in plan.grades if rule.grade == grade + 1
             and _possible(rule, result, plan.graded_by) and not _refused(content, rule, result)]
    if not above:
        return ""
    if decider is not None:
        inputs = content.contract.input_names
        shared = frozenset.intersection(*(frozenset(inputs(rule.reads)) for _, rule in plan.grades))
        own = frozenset(inputs(decider.reads)) - shared
        closest = [rule for rule in above if own.intersection(inputs(rule.reads))]
        above = closest or above
    return f"grade {grade + 1} would need " + "; or ".join(lower(rule.criterion) for rule in above[:MOST_ROUTES])


def _possible(rule, result, grading_fields) -> bool:
    """False when a finding given that does not grade the syndrome (the age) rules the rule out."""
    facts = result.facts
    for leaf, positive in leaves(rule.condition):
        if (isinstance(leaf, FieldTest) and leaf.spec.name not in grading_fields
                and leaf.spec.name in result.findings.given and leaf.test(facts) is not positive):
            return False
    return True


def _refused(content, rule, result) -> bool:
    """True when the findings contract refuses every grading field the rule reads, given what the case says
    (an ICE score for a child under 12)."""
    contract, facts = content.contract, result.facts
    fields = [n for n in contract.input_names(rule.reads) if n in content.plans[rule.syndrome].graded_by]
    refused = {c.field for c in contract.settling
               if c.then.fields <= result.findings.given.keys() and not c.then.test(facts)}
    return bool(fields) and all(name in refused for name in fields)


def listed(words, joiner: str = "and") -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {joiner} {words[-1]}" if words else ""


def lower(text: str) -> str:
    """The first letter in lower case, unless the word is an abbreviation (ICE, CAPD, CRS)."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first[1:] == first[1:].lower() else text


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]
