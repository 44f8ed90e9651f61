"""What the result page shows, worked out from the engine's Result (the page adds no judgement)."""

from __future__ import annotations

from dataclasses import dataclass

from triage.engine import Content, Result, number_text

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
    anc_chart: anc_chart.Chart | None = None  # the neutrophil counts, for students (None without counts)

    @property
    def student(self) -> bool:
        return self.view == "student"


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
        _loose_notes(result), _chart(content, result) if student else None)


def _chart(content: Content, result: Result):
    """The chart of the first day series given (the neutrophil counts), with the run of days that decided a
    grade marked (the first syndrome listed whose deciding rule counts days of that series)."""
    name = next((n for n in content.contract.inputs if n in content.contract.series and n in result.findings.given),
                None)
    return None if name is None else anc_chart.layout(result, name)


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
        return [f"{value:.1f} °C ({value * 9 / 5 + 32:.1f} °F)"]
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
