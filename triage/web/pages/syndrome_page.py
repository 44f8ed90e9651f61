"""One syndrome's reference page: every typical window and care approach, and how it is graded, with sources.

A result names what the findings point to and links here for the rest, so results stay short.
"""

from __future__ import annotations

from dataclasses import dataclass

from triage.engine import Content, Syndrome

from ..rendering import timeline


@dataclass(frozen=True)
class SyndromePage:
    syndrome: Syndrome
    view: str
    timeline: timeline.Timeline
    approaches: tuple  # (which grades, in words; Approach)
    scales: tuple
    criteria: tuple  # the grade and flag rules, lowest grade first, then in file order
    terms: tuple  # glossary Terms

    @property
    def student(self) -> bool:
        return self.view == "student"


def build_syndrome_page(content: Content, syndrome_id: str, view: str) -> SyndromePage | None:
    syndrome = content.syndromes.get(syndrome_id)
    if syndrome is None:
        return None
    grading = content.gradings[syndrome_id]
    rules = [rule for rule in grading.rules if rule.kind in ("grade", "flag")]
    return SyndromePage(
        syndrome, view, timeline.layout([(syndrome.short_name, syndrome.windows)]),
        tuple((grades_in_words(a.grades), a) for a in syndrome.management), grading.scales,
        tuple(sorted(rules, key=lambda rule: rule.grade or 0)),
        tuple(content.glossary[t] for t in syndrome.glossary if t in content.glossary))


def grades_in_words(grades: tuple) -> str:
    """() -> 'At every grade'; (2,) -> 'Grade 2'; (3, 4) -> 'Grades 3 and 4'; (2, 3, 4) -> 'Grades 2 to 4'."""
    grades = sorted(grades)
    if not grades:
        return "At every grade"
    if len(grades) == 1:
        return f"Grade {grades[0]}"
    if len(grades) > 2 and grades == list(range(grades[0], grades[-1] + 1)):
        return f"Grades {grades[0]} to {grades[-1]}"
    return "Grades " + ", ".join(map(str, grades[:-1])) + f" and {grades[-1]}"
