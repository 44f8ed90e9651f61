"""What a revealed step, an answer key and a feedback page show, worked out from the engine's Result.

The answer to a step is the engine's: feedback on model_answer() gives every part with its why, the
trace gives the rules met and the key ones not met (the rules for the next grade up, and the feature
rule of a syndrome listed without its features). The web adds no judgement of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from triage.engine import Content, Feedback, Result, give_feedback, model_answer

PARTS = {"signs": "Sign", "syndromes": "Syndrome", "grades": "Grade", "urgency": "Urgency"}
VERDICTS = (("right", "What you got right"), ("missed", "What you missed"),
            ("over_called", "What you over-called"))


@dataclass(frozen=True)
class StepAnswer:
    """The engine's answer to one step or case, ready to show."""

    result: Result
    signs: tuple  # clinical labels of the signs the case describes
    syndromes: tuple  # Mark: each syndrome pointed to, with why
    grades: tuple  # Mark: each graded syndrome's grade, with why
    urgency: object  # Mark: the urgency level, with why
    met: tuple  # TraceEntry: grade, feature and urgency rules met
    not_met: tuple  # TraceEntry: the key rules not met
    sources: tuple  # Citation of the rules met, the notes and the urgency level, each once


@dataclass(frozen=True)
class MarkRow:
    part: str  # Sign, Syndrome, Grade or Urgency
    label: str
    detail: str  # for grades and urgency: what was said and what the answer is
    why: str


def step_answer(content: Content, result: Result) -> StepAnswer:
    feedback = give_feedback(content, result, model_answer(content, result))
    signs = tuple(item.clinical for item_id, item in content.items.items() if item_id in result.findings.checked)
    met = tuple(e for e in result.trace if e.fired and e.rule.kind in ("grade", "flag", "urgency"))
    return StepAnswer(result, signs, feedback.part("syndromes"), feedback.part("grades"), feedback.part("urgency")[0],
                      met, key_rules_not_met(content, result), _citations(result, met))


def _citations(result: Result, met: tuple) -> tuple:
    cited = {}
    for citation in chain(*(e.rule.sources for e in met), *(n.sources for n in result.notes),
                          result.urgency.level.sources):
        cited.setdefault((citation.ref, citation.section), citation)
    return tuple(cited.values())


def key_rules_not_met(content: Content, result: Result) -> tuple:
    """The grade rules one grade above each grade given, and the feature rule of a listed, unflagged syndrome."""
    wanted = {s: grade + 1 for s in content.graded
              if (grade := result.grades.get(s)) is not None and grade < 4}
    listed = {s.id for s in result.syndromes if not s.flagged}
    return tuple(e for e in result.trace if not e.fired and (
        (e.rule.kind == "grade" and wanted.get(e.rule.syndrome) == e.rule.grade)
        or (e.rule.kind == "flag" and e.rule.syndrome in listed)))


def feedback_groups(content: Content, feedback: Feedback) -> tuple:
    """(verdict, heading, rows) for right, missed and over-called, each row in the learner's terms."""
    return tuple((verdict, heading, tuple(_row(content, mark) for mark in feedback.verdict(verdict)))
                 for verdict, heading in VERDICTS)


def _row(content: Content, mark) -> MarkRow:
    label = content.items[mark.key].clinical if mark.part == "signs" else mark.label
    detail = ""
    if mark.part in ("grades", "urgency"):
        detail = f"You said: {mark.given}."
        if mark.verdict != "right":
            detail += f" The answer: {mark.expected}."
    return MarkRow(PARTS[mark.part], label, detail, mark.why)
