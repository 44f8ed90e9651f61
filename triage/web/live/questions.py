"""What learners answer in a live session, how an answer is checked, and how the room's answers are counted.

The questions come from the content and the scenario: a grade for each syndrome the scenario grades (for
students; a caregivers' scenario asks no grade), how urgent, and which signs matter, of the checklists of
the syndromes the scenario touches. The engine's answer for a step is put the same way, so the room's
answers and the engine's are counted and compared question by question.
"""

from __future__ import annotations

from dataclasses import dataclass

from triage.engine import evaluate_step, step_results

NOT_GRADABLE = "not_gradable"
LEFT_OUT_LEVELS = ("nothing_entered",)  # every step has findings


@dataclass(frozen=True)
class Question:
    key: str  # as answers and tallies name it: "crs_grade", "urgency", "signs"
    label: str
    choices: tuple  # (value as sent, label)
    many: bool = False  # a list of choices (the signs) rather than one

    def check(self, value):
        """The value as kept, or ValueError saying what this question takes."""
        allowed = [v for v, _ in self.choices]
        if self.many:
            if not isinstance(value, list) or any(v not in allowed for v in value) or len(set(value)) != len(value):
                raise ValueError(f"{self.key} takes a list of: " + ", ".join(map(str, allowed)))
            return sorted(value, key=allowed.index)
        if isinstance(value, bool) or value not in allowed:
            raise ValueError(f"{self.key} takes one of: " + ", ".join(map(str, allowed)))
        return value


def questions(content, scenario) -> tuple:
    results = step_results(content, scenario)
    plain = "student" not in scenario.audience
    found = []
    if not plain:
        grades = tuple((grade, f"Grade {grade}") for grade in range(5)) + ((None, "Not gradable from this"),)
        found += [Question(f"{s}_grade", f"{content.syndromes[s].short_name} grade", grades) for s in content.graded
                  if any(r.grades.get(s) is not None for r in results)]
    found.append(Question("urgency", "How urgent is it?", tuple(
        (level.id, level.title if plain else level.clinical_title) for level in content.levels
        if level.id not in LEFT_OUT_LEVELS)))
    touched = {s.id for r in results for s in r.syndromes}
    checked = set().union(*(step.findings.checked for step in scenario.steps))
    signs = tuple((i.id, i.plain if plain else i.clinical) for c in content.checklists for i in c.items
                  if (c.syndrome in touched and (i.group != "lab" or not plain)) or i.id in checked)
    found.append(Question("signs", "Which signs matter here?", signs, many=True))
    return tuple(found)


def check_answers(asked: tuple, raw) -> dict:
    """A learner's answers to the questions `asked`, checked one by one; ValueError naming the first that is
    wrong. A question left out is not answered."""
    if not isinstance(raw, dict) or not raw:
        raise ValueError("answers must be a mapping of question to answer, with at least one answered")
    by_key = {q.key: q for q in asked}
    unknown = [key for key in raw if key not in by_key]
    if unknown:
        raise ValueError(f"{str(unknown[0])[:40]!r} is not a question here; the questions are " + ", ".join(by_key))
    return {key: by_key[key].check(value) for key, value in raw.items()}


def engine_answers(content, asked: tuple, step) -> dict:
    """The engine's answer to every question of a step, as a learner would send it."""
    result = evaluate_step(content, step)
    keys = {q.key for q in asked}
    answers = {f"{s}_grade": result.grades.get(s) for s in content.graded if f"{s}_grade" in keys}
    answers["urgency"] = result.urgency.level.id
    answers["signs"] = [item for item in content.items if item in step.findings.checked]
    return answers


def tally(asked: tuple, answers: list) -> dict:
    """question -> {answer: how many gave it} (each sign of a list counted apart); JSON keys are text."""
    counts = {q.key: {} for q in asked}
    for answer in answers:
        for key, value in answer.items():
            for one in value if isinstance(value, list) else [value]:
                shown = "null" if one is None else str(one)
                counts[key][shown] = counts[key].get(shown, 0) + 1
    return counts
