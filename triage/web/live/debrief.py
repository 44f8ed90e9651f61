"""What the room answered, set beside the engine's answer: the spread, the share right, the misconception.

Worked out from the stored answers when the host reveals a step or ends the session; nothing here is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from triage.engine import deciding_finding, evaluate_step, urgency_reason


@dataclass(frozen=True)
class Bar:
    value: object  # the answer as sent
    label: str
    count: int
    right: bool  # the engine's answer


@dataclass(frozen=True)
class Spread:
    question: object  # Question
    bars: tuple  # Bar, in the order of the question's choices
    answered: int  # how many answered this question
    right: int  # how many gave the engine's answer (for a list: exactly the engine's list)

    @property
    def share_right(self) -> int | None:
        return round(100 * self.right / self.answered) if self.answered else None


@dataclass(frozen=True)
class Misconception:
    question: str
    given: str  # the most common wrong answer, in words
    count: int
    why: str  # what decides the engine's answer, in the content's words


def spreads(asked: tuple, answers: list, engine: dict) -> tuple:
    """Per question: how many gave each choice, and how many gave the engine's answer."""
    found = []
    for q in asked:
        given = [a[q.key] for a in answers if q.key in a]
        counts = {}
        for value in given:
            for one in value if q.many else [value]:
                counts[one] = counts.get(one, 0) + 1
        wanted = engine.get(q.key)
        right = sum(1 for value in given if (sorted(value) == sorted(wanted) if q.many else value == wanted))
        bars = tuple(Bar(v, text, counts.get(v, 0), (v in wanted) if q.many else v == wanted) for v, text in q.choices
                     if counts.get(v) or ((v in wanted) if q.many else v == wanted))
        found.append(Spread(q, bars, len(given), right))
    return tuple(found)


def misconception(content, step, spread_list: tuple) -> Misconception | None:
    """The most common wrong single answer of the step, with what decides the engine's answer."""
    worst = None
    for spread in spread_list:
        if spread.question.many:
            continue
        for bar in spread.bars:
            if not bar.right and bar.count and (worst is None or bar.count > worst[1].count):
                worst = (spread, bar)
    if worst is None:
        return None
    spread, bar = worst
    return Misconception(spread.question.label, bar.label, bar.count, _why(content, step, spread.question.key))


def _why(content, step, key: str) -> str:
    """What decides the engine's answer to one question, in plain clinical words (no closing full stop)."""
    result = evaluate_step(content, step)
    if key == "urgency":
        return urgency_reason(content, result).rstrip(".")
    return deciding_finding(content, result, key.removesuffix("_grade")).text.rstrip(".")


def step_summary(content, scenario, number: int, asked: tuple, answers: list, engine: dict) -> dict:
    step = scenario.steps[number - 1]
    spread_list = spreads(asked, answers, engine)
    return {"step": step, "responses": len(answers), "spreads": spread_list,
            "misconception": misconception(content, step, spread_list)}
