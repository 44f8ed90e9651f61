"""What a feedback page shows of a learner's marks: question by question, the verdict in words, what was
said and the answer, and why in the case's words (from the engine). The web adds no judgement of its own."""

from __future__ import annotations

from dataclasses import dataclass

from triage.engine import Content, Feedback

# The questions in the order a clinician answers them: how bad, how urgent, what it is, what shows it.
PARTS = (("grades", "Grades"), ("urgency", "How urgent"), ("syndromes", "Syndromes"), ("signs", "Signs"))
VERDICT_WORDS = {  # part kind -> verdict -> words
    "scale": {"right": "Right", "missed": "Too low", "over_called": "Too high"},
    "list": {"right": "Right", "missed": "Missed", "over_called": "Not in this case"},
}


@dataclass(frozen=True)
class MarkRow:
    label: str
    verdict: str  # right, missed or over_called (for styling)
    verdict_words: str  # "Right", "Too high", "Missed", "Not answered"...
    detail: str  # for grades and urgency: what was said and what the answer is
    why: str


PLAIN_SIGN_WHY = {"right": "The story describes this. Tell the team about it.",
                  "missed": "The story describes this. Tell the team about it.",
                  "over_called": "The story does not describe this."}


def feedback_parts(content: Content, feedback: Feedback, wrong_only: bool = False, plain: bool = False) -> tuple:
    """(part, heading, rows) for grades, urgency, syndromes and signs that have marks, each row in words;
    `wrong_only` keeps the marks that are not right (a review of mistakes); `plain` says it in a
    caregiver's words (the signs' plain labels, the urgency level's own message)."""
    parts = []
    for part, heading in PARTS:
        marks = [mark for mark in feedback.part(part) if not (wrong_only and mark.verdict == "right")]
        rows = tuple(_plain_row(content, mark) if plain else _row(content, mark) for mark in marks)
        if rows:
            parts.append((part, heading, rows))
    return tuple(parts)


def _row(content: Content, mark) -> MarkRow:
    label = content.items[mark.key].clinical if mark.part == "signs" else mark.label
    detail, words = "", VERDICT_WORDS["list"][mark.verdict]
    if mark.part in ("grades", "urgency"):
        words = VERDICT_WORDS["scale"][mark.verdict]
        if mark.given == "not answered":
            words, detail = "Not answered", f"The answer: {mark.expected}."
        elif mark.verdict == "right":
            detail = f"You said {mark.given}."
        else:
            detail = f"You said {mark.given}; the answer is {mark.expected}."
    return MarkRow(label, mark.verdict, words, detail, mark.why)


def _plain_row(content: Content, mark) -> MarkRow:
    row = _row(content, mark)
    if mark.part == "signs":
        return MarkRow(content.items[mark.key].plain, row.verdict, row.verdict_words, "", PLAIN_SIGN_WHY[mark.verdict])
    if mark.part == "urgency":
        level = next(level for level in content.levels if level.title == mark.expected)
        return MarkRow("What to do", row.verdict, row.verdict_words, row.detail, level.message)
    return row
