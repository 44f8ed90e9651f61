"""Progress through a scenario or a practice run, carried by the page and never stored on the server.

The progress travels as a token signed with the app's secret key (itsdangerous): in a hidden form field
when an answer is posted, in the query string of the "next" link. A posted answer is redirected to its
feedback page with the answer signed in the address too (POST-redirect-GET: Back and reload just work).
A token that was changed, damaged,
made for another scenario or run, or that does not fit the step it arrives at is a 400 with the reason.
Learner progress holds only the score of each step answered; practice progress holds the running score
and the answers of the most recent cases with mistakes (for the review), capped in number and in size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import current_app
from itsdangerous import BadData, URLSafeSerializer
from werkzeug.exceptions import BadRequest

from triage.engine import FindingsError, LearnerAnswer, Score, parse_answer

MAX_TOKEN = 1500  # characters: a "next case" address stays far below MAX_QUERY_LENGTH
MAX_MISTAKES = 10  # practice cases with mistakes kept for the review, the most recent
LIMIT = 10**9  # no score, count or case index comes near this
START_AGAIN = "Nothing is stored on the server, so start again from the beginning."


class BadProgress(BadRequest):
    """Progress that cannot be used: a 400 page that says why."""

    def __init__(self, reason: str):
        super().__init__(f"The progress carried by this page cannot be used: {reason}. {START_AGAIN}")


def _serializer(kind: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=f"triage.{kind}-progress.v1")


def _dump(kind: str, payload: dict) -> str:
    return _serializer(kind).dumps(payload)


def _load(kind: str, token: str) -> dict:
    if len(token) > 2 * MAX_TOKEN:
        raise BadProgress("it is longer than any real progress")
    try:
        payload = _serializer(kind).loads(token)
    except BadData:
        raise BadProgress("it has been changed or damaged") from None
    if not isinstance(payload, dict):
        raise BadProgress("it has been changed or damaged")
    return payload


def _count(value, top: int = LIMIT) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
        raise BadProgress("it holds a number out of range")
    return value


@dataclass(frozen=True)
class LearnerProgress:
    """The score of each step answered so far in one scenario, in step order."""

    scenario: str
    scores: tuple = ()  # Score per answered step

    @classmethod
    def load(cls, token: str | None, scenario: str, answered: int) -> LearnerProgress:
        """The progress in `token`, which must be for `scenario` with exactly `answered` steps done."""
        if not token:
            if answered:
                raise BadProgress(f"it is missing, and step {answered + 1} needs the steps before it")
            return cls(scenario)
        payload = _load("scenario", token)
        if payload.get("s") != scenario:
            raise BadProgress("it belongs to another scenario")
        pairs = payload.get("p")
        if not isinstance(pairs, list):
            raise BadProgress("it has been changed or damaged")
        if len(pairs) != answered:
            raise BadProgress(f"it records {_steps(len(pairs))} answered, and this page needs {_steps(answered)}")
        return cls(scenario, tuple(_score(pair) for pair in pairs))

    def dump(self) -> str:
        return _dump("scenario", {"s": self.scenario, "p": [[s.points, s.out_of] for s in self.scores]})

    def add(self, score: Score) -> LearnerProgress:
        return replace(self, scores=self.scores + (score,))

    @property
    def total(self) -> Score:
        return sum(self.scores, Score())


def _steps(count: int) -> str:
    return f"{count} step" if count == 1 else f"{count} steps"


def _score(pair) -> Score:
    if not isinstance(pair, list) or len(pair) != 2:
        raise BadProgress("it has been changed or damaged")
    points, out_of = _count(pair[0]), _count(pair[1])
    if points > out_of:
        raise BadProgress("it holds a number out of range")
    return Score(points, out_of)


@dataclass(frozen=True)
class PracticeProgress:
    """A practice run: its seed, the next case to score, the running score and recent mistakes."""

    seed: int
    next: int = 0  # cases before this index were scored already
    score: Score = Score()
    cases: int = 0
    mistakes: tuple = ()  # (case index, answer as parse_answer data), oldest first

    @classmethod
    def load(cls, token: str | None, seed: int, content) -> PracticeProgress:
        if not token:
            return cls(seed)
        payload = _load("practice", token)
        if payload.get("seed") != seed:
            raise BadProgress("it belongs to another practice run")
        raw = payload.get("m")
        if not isinstance(raw, list) or len(raw) > MAX_MISTAKES:
            raise BadProgress("it has been changed or damaged")
        return cls(seed, _count(payload.get("next")), _score([payload.get("p"), payload.get("o")]),
                   _count(payload.get("n")), tuple(_mistake(entry, content) for entry in raw))

    def dump(self) -> str:
        """The token; the oldest mistakes are dropped until it fits in MAX_TOKEN characters."""
        mistakes = list(self.mistakes)
        while True:
            token = _dump("practice", {"seed": self.seed, "next": self.next, "p": self.score.points,
                                       "o": self.score.out_of, "n": self.cases, "m": [list(m) for m in mistakes]})
            if len(token) <= MAX_TOKEN or not mistakes:
                return token
            mistakes.pop(0)

    def counts(self, index: int) -> bool:
        """Whether an answer to case `index` adds to the score (a case answered before does not)."""
        return index >= self.next

    def add(self, index: int, answer: LearnerAnswer, score: Score) -> PracticeProgress:
        if not self.counts(index):
            return self
        mistakes = self.mistakes
        if score.points < score.out_of:
            mistakes = (mistakes + ((index, answer_data(answer)),))[-MAX_MISTAKES:]
        return replace(self, next=index + 1, score=self.score + score, cases=self.cases + 1, mistakes=mistakes)


def _mistake(entry, content) -> tuple:
    if not isinstance(entry, list) or len(entry) != 2:
        raise BadProgress("it has been changed or damaged")
    index, data = _count(entry[0]), entry[1]
    try:
        parse_answer(data, content)
    except (FindingsError, TypeError):
        raise BadProgress("it holds an answer this version of the tool cannot read") from None
    return index, data


def dump_answer(scenario: str, number: int, answer: LearnerAnswer) -> str:
    """A learner's answer to one step as a signed token for the feedback page's address (nothing is stored)."""
    return _dump("answer", {"s": scenario, "n": number, "a": answer_data(answer)})


def load_answer(token: str | None, scenario: str, number: int, content) -> LearnerAnswer:
    """The answer in `token`, which must be for step `number` of `scenario`; BadProgress says why not."""
    if not token:
        raise BadProgress("the answer is missing from the address")
    payload = _load("answer", token)
    if payload.get("s") != scenario or payload.get("n") != number:
        raise BadProgress("the answer belongs to another step")
    try:
        return parse_answer(payload.get("a"), content)
    except (FindingsError, TypeError):
        raise BadProgress("it holds an answer this version of the tool cannot read") from None


def answer_data(answer: LearnerAnswer) -> dict:
    """A LearnerAnswer as the plain data parse_answer reads back (sorted, so equal answers are equal)."""
    return {"signs": sorted(answer.signs), "syndromes": sorted(answer.syndromes),
            "grades": dict(answer.grades), "urgency": answer.urgency}
