"""What a feedback page shows of a learner's marks, in the learner's terms. The web adds no judgement of its own."""

from __future__ import annotations

from dataclasses import dataclass

from triage.engine import Content, Feedback

PARTS = {"signs": "Sign", "syndromes": "Syndrome", "grades": "Grade", "urgency": "Urgency"}
VERDICTS = (("right", "What you got right"), ("missed", "What you missed"),
            ("over_called", "What you over-called"))


@dataclass(frozen=True)
class MarkRow:
    part: str  # Sign, Syndrome, Grade or Urgency
    label: str
    detail: str  # for grades and urgency: what was said and what the answer is
    why: str


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
