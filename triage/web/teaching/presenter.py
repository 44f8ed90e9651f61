"""What the presenter view shows of a revealed step, worked out from the engine's Result in the case's words.

One row per syndrome the step is about (each graded syndrome with a grade, and each one the result lists),
the urgency as a clinical escalation (or, for a caregiver scenario, in the caregiver's words), and for the
details toggle the criteria met, the notes and the sources: no rule ids, field names or file paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from triage.engine import Content, Result, deciding_finding, reason_for, urgency_reason


@dataclass(frozen=True)
class SyndromeRow:
    name: str
    answer: str  # "grade 2", "at least grade 1, up to grade 4", "features present", "signs only"
    why: str  # the deciding finding in plain clinical words


@dataclass(frozen=True)
class Reveal:
    rows: tuple  # SyndromeRow
    urgency_title: str
    urgency_why: str
    criteria_met: tuple  # (criterion, grade or None) of every grade, feature and urgency rule met
    notes: tuple  # the note rules' criteria
    sources: tuple  # Citation, each once


def reveal(content: Content, result: Result, caregiver: bool = False) -> Reveal:
    """The engine's answer to a step, ready for the projector."""
    listed = {s.id: s for s in result.syndromes}
    rows = []
    for syndrome_id, syndrome in content.syndromes.items():
        if syndrome_id not in listed and result.grades.get(syndrome_id) is None:
            continue
        rows.append(SyndromeRow(syndrome.short_name, _answer(content, result, syndrome_id, listed.get(syndrome_id)),
                                reason_for(content, result, syndrome_id)))
    level = result.urgency.level
    title = level.title if caregiver else (level.clinical_title or level.title)
    why = urgency_reason(content, result).split(": ", 1)[-1]
    met = tuple(e.rule for e in result.trace if e.fired and e.rule.kind in ("grade", "flag", "urgency"))
    return Reveal(tuple(rows), title, why, tuple((rule.criterion, rule.grade) for rule in met),
                  tuple(note.criterion for note in result.notes), _citations(result, met))


def _answer(content, result, syndrome_id, listed) -> str:
    if syndrome_id in result.ranges and result.grades.get(syndrome_id) is not None:
        return deciding_finding(content, result, syndrome_id).grade_words
    if listed is not None and listed.flagged:
        return "features present"
    return "signs to report" if listed is not None else "no features"


def _citations(result: Result, met: tuple) -> tuple:
    cited = {}
    for citation in chain(*(rule.sources for rule in met), *(n.sources for n in result.notes),
                          result.urgency.level.sources):
        cited.setdefault((citation.ref, citation.section), citation)
    return tuple(cited.values())
