"""The API's read-only views of the content, as plain JSON-ready data."""

from __future__ import annotations

from triage.engine import step_results


def _sources(citations) -> list:
    return [c.to_dict() for c in citations]


def checklists_view(content) -> dict:
    return {"content_version": content.version, "checklists": [
        {"id": c.id, "syndrome": c.syndrome, "title": c.title, "plain_title": c.plain_title,
         "items": [{"id": i.id, "plain": i.plain, "clinical": i.clinical, "group": i.group,
                    "sources": _sources(i.sources)} for i in c.items]}
        for c in content.checklists]}


def syndromes_view(content) -> dict:
    return {"content_version": content.version, "syndromes": [
        {"id": s.id, "name": s.name, "short_name": s.short_name, "summary": s.summary,
         "plain_summary": s.plain_summary, "sources": _sources(s.sources),
         "timing": {"note": s.timing_note, "windows": [
             {"from_day": w.from_day, "to_day": w.to_day, "label": w.label, "sources": _sources(w.sources)}
             for w in s.windows]},
         "management": [{"text": a.text, "grades": list(a.grades), "sources": _sources(a.sources)}
                        for a in s.management],
         "glossary": list(s.glossary)}
        for s in content.syndromes.values()]}


def glossary_view(content) -> dict:
    return {"content_version": content.version, "terms": [
        {"id": t.id, "term": t.term, "aliases": list(t.aliases), "plain": t.plain, "clinical": t.clinical,
         "sources": _sources(t.sources)} for t in content.glossary.values()]}


def scenarios_view(content) -> dict:
    return {"content_version": content.version, "scenarios": [
        {"id": s.id, "title": s.title, "audience": list(s.audience), "steps": len(s.steps)}
        for s in content.scenarios.values()]}


def scenario_view(content, scenario_id: str):
    """One scenario with each step's findings and the engine's answer (grades, flags, syndromes, urgency)."""
    scenario = content.scenarios.get(scenario_id)
    if scenario is None:
        return None
    results = step_results(content, scenario)
    return {
        "content_version": content.version, "id": scenario.id, "title": scenario.title,
        "audience": list(scenario.audience), "objectives": list(scenario.objectives),
        "background": scenario.background, "sources": _sources(scenario.sources),
        "steps": [_step(step, result) for step, result in zip(scenario.steps, results, strict=True)],
        "debrief": [{"text": point.text, "sources": _sources(point.sources)} for point in scenario.debrief],
        "closing": content.closing,
    }


def _step(step, result) -> dict:
    return {
        "number": step.number, "day": step.day, "narrative": step.narrative,
        "findings": step.findings.to_dict(), "ask_first": [question.ask for question in step.ask_first],
        "prompts": list(step.prompts),
        "answer": {
            "grades": result.grades,
            "grades_at_most": result.grades_at_most,
            "flags": dict(result.flags),
            "syndromes": [{"id": s.id, "grade": s.grade, "flagged": s.flagged,
                           "decided_by": s.decided_by.id if s.decided_by else None}
                          for s in result.syndromes],
            "urgency": result.urgency.level.id,
        },
    }
