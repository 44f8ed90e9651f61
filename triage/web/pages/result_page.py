"""What the result page shows, worked out from the engine's Result (the page adds no judgement)."""

from __future__ import annotations

from dataclasses import dataclass

from triage.engine import Content, Result, deciding_finding, number_text, reason_for
from triage.engine.conditions import Checked, FieldGiven, FieldTest, FlagOf, GradeOf

from ..rendering import anc_chart, timeline
from .share import query_from_findings


@dataclass(frozen=True)
class ResultPage:
    view: str
    result: Result  # the engine's, read as it is (building its JSON form would cost the page a third)
    entered: tuple  # (label, [values]) for "What was entered"
    summaries: dict  # syndrome id -> plain summary (caregivers; students find theirs on the syndrome's page)
    timing: dict  # syndrome id -> whether the day falls in its typical windows, in words
    timeline: timeline.Timeline | None
    sources: tuple  # Source, in order of first citation
    trace: tuple  # (title, met, not met) per syndrome, urgency last
    query: str  # the canonical share query
    loose_notes: tuple  # the result's notes on a syndrome not listed (a listed syndrome shows its own)
    grade_rows: tuple = ()  # GradeRow per syndrome graded or listed (the student page's table)
    because: tuple = ()  # caregivers: what was entered that decided the urgency, in plain words
    tell: tuple = ()  # caregivers: (label, text) for "what to tell them"
    goes_with: tuple = ()  # caregivers: GoesWith per syndrome listed
    anc_chart: anc_chart.Chart | None = None  # the neutrophil counts, for students (None without counts)

    @property
    def student(self) -> bool:
        return self.view == "student"


@dataclass(frozen=True)
class GradeRow:
    """One line of the student's table: the grade or range, what decides it, what the next grade needs."""

    name: str
    answer: str  # "grade 2", "at least 1, up to 4 – oxygen support not assessed", "features present"
    decides: str
    next_up: str


def grade_rows(content: Content, result: Result) -> tuple:
    rows = []
    for syndrome_id, syndrome in content.syndromes.items():
        listed = result.syndrome(syndrome_id)
        if syndrome_id in result.ranges and result.grades[syndrome_id] is not None:
            decision = deciding_finding(content, result, syndrome_id)
            answer = decision.range_words or f"grade {decision.grade}"
            rows.append(GradeRow(syndrome.short_name, answer, decision.head + ".",
                                 decision.next_up[:1].upper() + decision.next_up[1:] if decision.next_up
                                 else "The highest grade"))
        elif listed is not None:
            answer = "features present" if listed.flagged else "signs only: not graded"
            rows.append(GradeRow(syndrome.short_name, answer, reason_for(content, result, syndrome_id), ""))
    return tuple(rows)


@dataclass(frozen=True)
class GoesWith:
    """One syndrome on the caregiver result, in plain words; `management` and `sources` go in <details>."""

    id: str
    name: str
    short_name: str
    summary: str
    not_entered: str  # "Blood pressure and oxygen were not entered: the team will check them." or ""
    care: str
    management: tuple  # Approach, without those for students only
    timing: str


def build_result_page(content: Content, result: Result, view: str, every_rule: bool = False) -> ResultPage:
    """The page's data; the student page's trace holds the grade and flag rules, `every_rule` all of them."""
    student = view == "student"
    findings = result.findings.to_dict()
    trace = [entry.to_dict() for entry in result.trace] if student else ()
    day = findings.get("days_since_infusion")
    return ResultPage(
        view, result, entered_rows(content, findings, view),
        {s.id: content.syndromes[s.id].plain_summary for s in result.syndromes},
        {s.id: timeline.in_words(s.short_name, s.timing.windows, day) for s in result.syndromes},
        timeline.layout([(s.short_name, s.timing.windows) for s in result.syndromes], day)
        if result.syndromes else None,
        cited_sources(content, result, trace),
        trace_groups(content, trace, None if every_rule else ("grade", "flag"),
                     None if every_rule else _assessed(result), result.grades) if student else (),
        query_from_findings(findings, view, content.contract),
        _loose_notes(result), grade_rows(content, result) if student else (),
        *((because_entered(content, result), tell_them(content, findings), goes_with(content, result, day))
          if not student else ((), (), ())),
        _chart(content, result) if student else None)


def _chart(content: Content, result: Result):
    """The chart of the first day series given (the neutrophil counts), with the run of days that decided a
    grade marked (the first syndrome listed whose deciding rule counts days of that series)."""
    name = next((n for n in content.contract.inputs if n in content.contract.series and n in result.findings.given),
                None)
    return None if name is None else anc_chart.layout(result, name)


def because_entered(content: Content, result: Result) -> tuple:
    """What was entered that made the urgency level's rules fire, in plain words, each once (never a rule's text:
    only what is there). Signs come first, in the order ticked, then measurements."""
    found: dict = {}
    for rule in result.urgency.fired:
        _decisive(content, result, rule.condition, found, depth=0)
    checked = result.findings.to_dict().get("checked", [])
    items = [content.items[i] for i in checked if ("item", i) in found]
    fields = [found[key] for key in found if key[0] == "field"]
    return tuple(_lower_first(item.plain) for item in items) + tuple(fields)


def _decisive(content, result, condition, found: dict, depth: int) -> None:
    facts = result.facts
    given = facts.given  # derived fields worked out from given ones included
    if isinstance(condition, Checked):
        found.update({("item", i): True for i in condition.wanted & facts.checked})
    elif isinstance(condition, FieldGiven) and condition.wanted and condition.spec.name == "checked":
        found.update({("item", i): True for i in facts.checked})
    elif isinstance(condition, FieldTest) and condition.test(facts) and condition.spec.name in given:
        spec = condition.spec
        found[("field", spec.name)] = _field_words(content, spec, given[spec.name])
    elif isinstance(condition, GradeOf | FlagOf) and condition.test(facts) and depth < 3:
        listed = result.syndrome(condition.syndrome)
        if listed is not None and listed.decided_by is not None:
            _decisive(content, result, listed.decided_by.condition, found, depth + 1)
    for child in getattr(condition, "children", ()) or ((condition.child,) if hasattr(condition, "child") else ()):
        if child.test(facts):
            _decisive(content, result, child, found, depth)


def _field_words(content, spec, value) -> str:
    if spec.name == "temperature_c":
        return f"a temperature of {_temperature(value)}"
    shown = _shown(content, spec, value, "caregiver") if spec.name in content.contract.inputs else [spec.shown(value)]
    return f"{_lower_first(spec.label.split(' (from ')[0])}: {', '.join(shown)}"


def _temperature(value) -> str:
    return f"{value:.1f} °C ({value * 9 / 5 + 32:.1f} °F)"


def _lower_first(text: str) -> str:
    """'A seizure (fit)' -> 'a seizure (fit)'; an abbreviation ('CD19 B cells') keeps its capitals."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def tell_them(content: Content, findings: dict) -> tuple:
    """(label, text) for "what to tell them": the day, the temperature, the signs, anything else entered."""
    rows = []
    if "days_since_infusion" in findings:
        rows.append(("Day after the CAR T infusion", str(findings["days_since_infusion"])))
    if "temperature_c" in findings:
        rows.append(("Temperature", _temperature(findings["temperature_c"])))
    if findings.get("checked"):
        rows.append(("Signs noticed", "; ".join(content.items[i].plain for i in findings["checked"])))
    for name, value in findings.items():
        if name not in ("days_since_infusion", "temperature_c", "checked"):
            spec = content.contract.inputs[name]
            rows.append((spec.label, "; ".join(_shown(content, spec, value, "caregiver"))))
    return tuple(rows)


def goes_with(content: Content, result: Result, day) -> tuple:
    """Each syndrome listed, in plain words: no grade, no rule id, no medicine name outside `management`."""
    given = result.findings.to_dict()
    shown = []
    for s in result.syndromes:
        syndrome = content.syndromes[s.id]
        shown.append(GoesWith(s.id, syndrome.plain_name or syndrome.name, s.short_name, syndrome.plain_summary,
                              not_entered_sentence(content, _not_checked(content, s, given)),
                              syndrome.plain_care, tuple(a for a in s.management if not a.students_only),
                              timeline.in_words(s.short_name, s.timing.windows, day)))
    return tuple(shown)


def _not_checked(content, listed, given) -> tuple:
    """The engine's open blanks for a graded syndrome; for signs alone, the fields that would grade or flag it."""
    if listed.unassessed is not None:
        return listed.unassessed
    grading = content.gradings[listed.id]
    reads = set(grading.graded_by)
    for rule in grading.rules:
        if rule.kind in ("grade", "flag"):
            reads |= rule.condition.fields
    return tuple(name for name in content.contract.fields if name in reads and name not in given)


def not_entered_sentence(content: Content, names) -> str:
    words = list(dict.fromkeys(content.not_entered[n] for n in names if n in content.not_entered))
    if not words:
        return ""
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    verb = "was" if len(words) == 1 and not words[0].endswith("s") else "were"
    pronoun = "it" if verb == "was" else "them"
    return f"{listed[:1].upper()}{listed[1:]} {verb} not entered: the team will check {pronoun}."


def entered_rows(content: Content, findings: dict, view: str) -> tuple:
    """Each given field as (label, [values]) in contract order, in the view's words."""
    rows = []
    for name, value in findings.items():
        spec = content.contract.inputs[name]
        rows.append((spec.label, _shown(content, spec, value, view)))
    return tuple(rows)


def _shown(content, spec, value, view) -> list:
    if spec.kind == "items":
        return [getattr(content.items[i], "plain" if view == "caregiver" else "clinical") for i in value]
    if spec.kind == "choices":
        return [spec.label_for(v) for v in value]
    if spec.kind == "choice":
        return [spec.label_for(value)]
    if spec.kind == "boolean":
        return ["Yes" if value else "No"]
    if spec.kind == "item_scores":
        most = sum(item.points for item in spec.scored_items)
        return [f"Total {sum(value.values())} of {most}"] + [f"{item.label}: {value[item.id]} of {item.points}"
                                                             for item in spec.scored_items]
    if spec.is_series:
        return ["; ".join(f"day {entry['day']}: {number_text(entry[spec.value_key])}" for entry in value)
                + f" {spec.unit}"]
    if spec.name == "temperature_c":
        return [_temperature(value)]
    return [f"{number_text(value)} {spec.unit}".strip()]


def cited_sources(content: Content, result: Result, trace) -> tuple:
    """Every source the page cites or draws from, once, in order of first citation (trace: dicts)."""
    cited = []
    for s in result.syndromes:
        if s.decided_by:
            cited += s.decided_by.sources
        for note in s.notes:
            cited += note.sources
        for part in s.timing.windows + s.management:
            cited += part.sources
    for note in result.notes:
        cited += note.sources
    refs = dict.fromkeys([c.ref for c in cited] + [c.ref for c in result.urgency.level.sources]
                         + [c["ref"] for entry in trace for c in entry["sources"]])
    return tuple(content.sources[ref] for ref in refs if ref in content.sources)


def _loose_notes(result: Result) -> tuple:
    listed = {s.id for s in result.syndromes}
    return tuple(note for note in result.notes if note.syndrome not in listed)


def _assessed(result: Result) -> set:
    """Syndromes the findings graded or listed: the ones whose criteria the student page explains."""
    graded = {s for s, grade in result.grades.items() if grade is not None}
    return graded | {s.id for s in result.syndromes}


def _below_the_grade(entry: dict, grades: dict) -> bool:
    """A grade rule not met at or below the grade given cannot change it: the page leaves it out."""
    given = grades.get(entry["syndrome"]) or 0
    return not entry["fired"] and entry["grade"] is not None and entry["grade"] <= given


def trace_groups(content: Content, trace: list, kinds=None, syndromes=None, grades=None) -> tuple:
    """The rules checked (of `kinds` and `syndromes`, or all), by syndrome (urgency last): (title, met, not met)."""
    order = list(content.syndromes) + ["urgency"]
    groups = {key: ([], []) for key in order}
    for entry in trace:
        if kinds is not None and entry["kind"] not in kinds:
            continue
        if syndromes is not None and (entry["syndrome"] not in syndromes or _below_the_grade(entry, grades)):
            continue
        met, not_met = groups.setdefault(entry["syndrome"] or "urgency", ([], []))
        (met if entry["fired"] else not_met).append(entry)
    titles = {key: s.name for key, s in content.syndromes.items()} | {"urgency": "How urgent"}
    return tuple((key, titles.get(key, key), met, not_met) for key, (met, not_met) in groups.items()
                 if met or not_met)
