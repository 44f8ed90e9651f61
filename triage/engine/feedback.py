"""Learner feedback: a learner's answer for one step, compared part by part with the engine's answer.

What a learner answers (LearnerAnswer):
  signs      the checklist items they tick as recognised in the step;
  syndromes  the syndromes they name;
  grades     a grade per graded syndrome (CRS, ICANS): 0 to 4, or None for "cannot be graded from
             these findings"; a syndrome left out of `grades` was not answered;
  urgency    optionally, the urgency level id they choose.

What the engine expects:
  signs      exactly the items in the step's findings `checked` list, that is the signs the narrative
             describes. Measurements (temperature, oxygen, ICE score...) are not signs to tick: they
             are judged through the grades.
  syndromes  every syndrome the engine lists (by grade, by feature flag or by the described signs).
  grades     the engine's grade; urgency: the engine's urgency level.

Every mark is right, missed (expected and not given, or a grade or urgency below the engine's) or
over-called (given and not expected, or above the engine's), with why in the case's words (deciding.py):
the finding that decides, what would change the answer, and the range when something is not assessed.

Score: one point per right mark. Signs and syndromes are scored out of every item expected or given,
so each miss and each over-call costs a point; each graded syndrome is out of one; urgency is out of
one when it was answered. A scenario's score is the sum of its steps' scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

from .deciding import deciding_finding, lower, reason_for, urgency_reason
from .problems import FindingsError, suggest
from .result import Result

RIGHT, MISSED, OVER_CALLED = "right", "missed", "over_called"
NOT_ANSWERED = "not answered"
ANSWER_KEYS = ("signs", "syndromes", "grades", "urgency")


@dataclass(frozen=True)
class LearnerAnswer:
    """What a learner said about one step; build it directly or with parse_answer()."""

    signs: frozenset = frozenset()
    syndromes: frozenset = frozenset()
    grades: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    urgency: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "signs", frozenset(self.signs))
        object.__setattr__(self, "syndromes", frozenset(self.syndromes))
        object.__setattr__(self, "grades", MappingProxyType(dict(self.grades)))


@dataclass(frozen=True)
class Mark:
    """One judged part of an answer: a sign, a syndrome, a grade or the urgency."""

    part: str  # signs, syndromes, grades or urgency
    key: str  # item id, syndrome id, or "urgency"
    label: str  # plain words
    verdict: str  # right, missed or over_called
    why: str
    expected: str = ""  # grades and urgency: the engine's answer in words
    given: str = ""  # grades and urgency: the learner's answer in words

    def to_dict(self) -> dict:
        return {"part": self.part, "key": self.key, "label": self.label, "verdict": self.verdict,
                "why": self.why, "expected": self.expected, "given": self.given}


@dataclass(frozen=True)
class Score:
    points: int = 0
    out_of: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.points + other.points, self.out_of + other.out_of)

    @property
    def percent(self) -> int | None:
        """Whole-number percentage, or None when nothing was scored."""
        return round(100 * self.points / self.out_of) if self.out_of else None

    def __str__(self) -> str:
        return f"{self.points}/{self.out_of}"


@dataclass(frozen=True)
class Feedback:
    """Every mark for one step, in the order signs, syndromes, grades, urgency, and the step's score."""

    marks: tuple
    score: Score

    def part(self, name: str) -> tuple:
        return tuple(mark for mark in self.marks if mark.part == name)

    def verdict(self, verdict: str) -> tuple:
        return tuple(mark for mark in self.marks if mark.verdict == verdict)

    def to_dict(self) -> dict:
        return {"marks": [mark.to_dict() for mark in self.marks],
                "score": {"points": self.score.points, "out_of": self.score.out_of, "percent": self.score.percent}}


def give_feedback(content, result: Result, answer: LearnerAnswer, asked=ANSWER_KEYS) -> Feedback:
    """Judge `answer` against the engine's `result` for the same findings, on the parts `asked` (a
    caregiver is asked only signs and urgency)."""
    marks = (_sign_marks(content, result, answer) if "signs" in asked else ())
    if "syndromes" in asked:
        marks += _syndrome_marks(content, result, answer)
    if "grades" in asked:
        marks += tuple(_grade_mark(content, result, s, answer) for s in content.graded
                        if _marked(result, s, answer))
    if answer.urgency is not None and "urgency" in asked:
        marks += (_urgency_mark(content, result, answer.urgency),)
    score = Score(sum(1 for m in marks if m.verdict == RIGHT), len(marks))
    return Feedback(marks, score)


def model_answer(content, result: Result) -> LearnerAnswer:
    """The engine's own answer as a learner would give it: feedback on it is the answer key."""
    grades = {s: result.grades.get(s) for s in content.graded}
    return LearnerAnswer(frozenset(result.findings.checked), frozenset(s.id for s in result.syndromes),
                         MappingProxyType(grades), result.urgency.level.id)


def scenario_score(feedbacks) -> Score:
    """The sum of the steps' scores."""
    return sum((f.score for f in feedbacks), Score())


def parse_answer(data, content) -> LearnerAnswer:
    """A LearnerAnswer from plain data (e.g. a form); raise FindingsError naming the bad part."""
    if not isinstance(data, dict):
        raise FindingsError("", "an answer must be a mapping of signs, syndromes, grades and urgency")
    for key in data:
        if key not in ANSWER_KEYS:
            raise FindingsError(str(key), "is not part of an answer" + suggest(key, ANSWER_KEYS),
                                allowed=ANSWER_KEYS)
    levels = [level.id for level in content.levels]
    urgency = data.get("urgency")
    if urgency is not None and urgency not in levels:
        raise FindingsError("urgency", f"unknown urgency level {urgency!r}" + suggest(urgency, levels),
                            allowed=levels)
    return LearnerAnswer(_ids(data, "signs", content.items, "checklist item"),
                         _ids(data, "syndromes", content.syndromes, "syndrome"),
                         _grades(data.get("grades") or {}, content.graded), urgency)


def _ids(data, key, allowed, what) -> frozenset:
    raw = data.get(key) or []
    if not isinstance(raw, (list, tuple, set, frozenset)):
        raise FindingsError(key, f"takes a list of {what} ids", allowed=allowed)
    for entry in raw:
        if entry not in allowed:
            raise FindingsError(key, f"unknown {what} {entry!r}" + suggest(entry, allowed), allowed=allowed)
    return frozenset(raw)


def _grades(raw, graded) -> MappingProxyType:
    if not isinstance(raw, dict):
        raise FindingsError("grades", "takes a mapping of syndrome to grade", allowed=graded)
    for key, value in raw.items():
        if key not in graded:
            raise FindingsError(f"grades.{key}", "is not a graded syndrome" + suggest(key, graded), allowed=graded)
        if value is not None and (isinstance(value, bool) or value not in (0, 1, 2, 3, 4)):
            raise FindingsError(f"grades.{key}", f"takes a grade from 0 to 4, or null for not graded, got {value!r}")
    return MappingProxyType(dict(raw))


def _verdict(expected: bool, given: bool) -> str:
    return RIGHT if expected and given else MISSED if expected else OVER_CALLED


def _sign_marks(content, result, answer) -> tuple:
    expected = result.findings.checked
    marks = []
    for item_id, item in content.items.items():
        if item_id in expected or item_id in answer.signs:
            verdict = _verdict(item_id in expected, item_id in answer.signs)
            marks.append(Mark("signs", item_id, item.plain, verdict, _sign_why(content, result, item, verdict)))
    return tuple(marks)


def _sign_why(content, result, item, verdict) -> str:
    label = lower(item.clinical)
    if verdict == OVER_CALLED:
        return f"The case does not describe {label}."
    names = [s.short_name for s in result.syndromes if item in s.signs]
    if not names:
        syndrome_id = next(c.syndrome for c in content.checklists if c.id == item.checklist)
        names = [content.syndromes[syndrome_id].short_name]
    return f"The case describes {label}, a sign that can go with {' and '.join(names)}."


def _syndrome_marks(content, result, answer) -> tuple:
    listed = {s.id: s for s in result.syndromes}
    marks = []
    for syndrome_id, syndrome in content.syndromes.items():
        if syndrome_id in listed or syndrome_id in answer.syndromes:
            verdict = _verdict(syndrome_id in listed, syndrome_id in answer.syndromes)
            why = (reason_for(content, result, syndrome_id) if syndrome_id in listed
                   else _not_listed_why(content, result, syndrome_id))
            marks.append(Mark("syndromes", syndrome_id, syndrome.short_name, verdict, why))
    return tuple(marks)


def _not_listed_why(content, result, syndrome_id) -> str:
    name = content.syndromes[syndrome_id].short_name
    if syndrome_id in result.ranges:
        return f"Nothing in the case points to {name}. " + deciding_finding(content, result, syndrome_id).text
    features = [e.rule.criterion for e in _entries(result, syndrome_id, "flag")]
    need = f" It would need {lower(features[0])}." if features else ""
    return f"Nothing in the case points to {name}, and no sign of it is described.{need}"


def _entries(result, syndrome_id, kind) -> list:
    return [e for e in result.trace if e.rule.syndrome == syndrome_id and e.rule.kind == kind]


def _grade_words(grade) -> str:
    if grade == NOT_ANSWERED:
        return NOT_ANSWERED
    return "not gradable" if grade is None else f"grade {grade}"


def _rank(grade) -> int:
    return -1 if grade is None else grade


def _marked(result, syndrome_id, answer) -> bool:
    """A grade is marked unless the findings give nothing that grades it and the answer leaves it out (no
    neutrophil counts: the ICAHT grades are not asked for)."""
    return result.grades.get(syndrome_id) is not None or syndrome_id in answer.grades


def _grade_mark(content, result, syndrome_id, answer) -> Mark:
    grade = result.grades.get(syndrome_id)
    given = answer.grades.get(syndrome_id, NOT_ANSWERED)
    if given == NOT_ANSWERED:
        verdict = MISSED
    elif _rank(given) == _rank(grade):
        verdict = RIGHT
    else:
        verdict = OVER_CALLED if _rank(given) > _rank(grade) else MISSED
    name = content.syndromes[syndrome_id].short_name
    decision = deciding_finding(content, result, syndrome_id)
    return Mark("grades", syndrome_id, f"{name} grade", verdict, decision.text, _grade_words(grade),
                _grade_words(given))


def _urgency_mark(content, result, given_id) -> Mark:
    order = [level.id for level in content.levels]  # most urgent first
    expected = result.urgency.level
    given = content.level(given_id)
    if given.id == expected.id:
        verdict = RIGHT
    else:
        verdict = OVER_CALLED if order.index(given.id) < order.index(expected.id) else MISSED
    return Mark("urgency", "urgency", "How urgent", verdict, urgency_reason(content, result),
                expected.title, given.title)

