"""Practice mode: an endless run of short cases drawn around the grading rules, each graded by the engine.

practice_case(content, seed, index) is deterministic: the same seed and index always give the same case
(it draws from random.Random(f"{seed}:{index}"), never from the global random state). Every run of
len(TARGETS) consecutive indexes meets every target once, in an order shuffled by the seed: CRS grades
0-4, ICANS grades 0-4 for adults (ICE) and for children under 12 (CAPD), MAS/IEC-HS features present
and absent, B-cell aplasia present and absent. Edge values (38.0 vs 37.9 °C, 6 vs 6.5 L/min,
vasopressin with one vasopressor, ICE 0 awake vs unarousable, age 11 vs 12, CAPD 8 vs 9) come up about a
third of the time. The target only steers the drawing; the answer is always the engine's Result.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .evaluate import evaluate
from .findings import ICE_ITEMS, INPUT_FIELDS, Findings, parse_findings
from .practice_draw import EDGE, Draft, draw_crs, draw_icans, pick_edge
from .result import Result


@dataclass(frozen=True)
class Target:
    """What a practice case aims at: a grade of CRS or ICANS, or a feature flag present or absent."""

    syndrome: str  # crs, icans, mas_hlh or b_cell_aplasia
    grade: int | None = None  # for crs and icans
    child: bool = False  # for icans: a child under 12, graded with the CAPD
    flagged: bool | None = None  # for mas_hlh and b_cell_aplasia

    def __str__(self) -> str:
        if self.grade is not None:
            who = " (child under 12)" if self.child else ""
            return f"{self.syndrome} grade {self.grade}{who}"
        return f"{self.syndrome} {'present' if self.flagged else 'absent'}"


TARGETS = (
    tuple(Target("crs", g) for g in range(5)) + tuple(Target("icans", g) for g in range(5))
    + tuple(Target("icans", g, child=True) for g in range(5))
    + (Target("mas_hlh", flagged=True), Target("mas_hlh", flagged=False),
       Target("b_cell_aplasia", flagged=True), Target("b_cell_aplasia", flagged=False))
)


@dataclass(frozen=True)
class PracticeCase:
    """One generated case: its findings (`findings.checked` = the signs to recognise), narrative and Result."""

    seed: int
    index: int
    target: Target
    narrative: str
    findings: Findings
    result: Result

    @property
    def document(self) -> dict:
        """The findings document as plain data (what a share link or a form would carry)."""
        return self.findings.to_dict()


def practice_case(content, seed: int, index: int) -> PracticeCase:
    """The case at `index` of the practice run `seed`; the same arguments always give the same case."""
    order = list(TARGETS)
    random.Random(f"{seed}:order").shuffle(order)
    target = order[index % len(order)]
    rng = random.Random(f"{seed}:{index}")
    draft = _draw(rng, target)
    draft.set(checked=draft.signs)
    findings = parse_findings(draft.doc, content.items)
    return PracticeCase(seed, index, target, describe(content, findings, said=draft.noted), findings,
                        evaluate(content, findings))


def _draw(rng, target: Target) -> Draft:
    draft = Draft()
    if target.syndrome == "crs":
        age = _age(rng, child=rng.random() < 0.2)
        _person(rng, draft, age, rng.randint(1, 14))
        draw_crs(rng, draft, target.grade)
        if rng.random() < 0.35:
            draw_icans(rng, draft, rng.randint(0, 2), child=age < 12)
    elif target.syndrome == "icans":
        _person(rng, draft, _age(rng, target.child), rng.randint(2, 21))
        draw_icans(rng, draft, target.grade, target.child)
        if rng.random() < 0.35:
            draw_crs(rng, draft, rng.randint(0, 2))
    elif target.syndrome == "mas_hlh":
        _person(rng, draft, _age(rng, rng.random() < 0.2), rng.randint(5, 28))
        _draw_mas(rng, draft, target.flagged)
    else:
        _person(rng, draft, _age(rng, rng.random() < 0.3), rng.randint(60, 900))
        _draw_b_cells(rng, draft, target.flagged)
    return draft


def _age(rng, child: bool) -> int:
    if child:
        return 11 if rng.random() < EDGE else rng.randint(1, 10)
    return 12 if rng.random() < 0.2 else rng.randint(13, 80)


def _person(rng, draft, age, day) -> None:
    draft.set(age_years=age, days_since_infusion=day)
    if rng.random() < 0.85:
        draft.set(product_target=rng.choice(("CD19", "CD19", "CD19", "BCMA")))


def _draw_mas(rng, draft, flagged: bool) -> None:
    uln = rng.choice((200, 300, 400))
    draft.set(ferritin_uln_ng_ml=uln, ferritin_baseline_ng_ml=rng.randint(uln // 2, uln),
              fibrinogen_mg_dl=rng.randint(200, 400), ast_alt_x_uln=rng.randint(1, 4),
              new_or_worsening_cytopenias=False)
    high_ferritin = flagged or rng.random() < 0.5
    if high_ferritin:
        draft.set(ferritin_ng_ml=uln * rng.randint(3, 60), ferritin_trend=rng.choice(("rising_fast", "rising")))
        draft.imply("high_ferritin")
    else:
        baseline = draft.doc["ferritin_baseline_ng_ml"]  # at most twice the baseline, so at most twice the limit
        draft.set(ferritin_ng_ml=rng.randint(baseline // 2, 2 * baseline),
                  ferritin_trend=rng.choice(("stable", "falling")))
    if flagged or not high_ferritin:
        _second_feature(rng, draft)
    elif rng.random() < EDGE:
        draft.set(fibrinogen_mg_dl=150)
    course = rng.choice(("active", "resolving", "resolving", "resolved"))
    draft.set(crs_course=course)
    draw_crs(rng, draft, 0 if course != "active" else rng.randint(1, 3))


def _second_feature(rng, draft) -> None:
    feature = rng.choice(("cytopenias", "fibrinogen", "liver", "hemophagocytosis", "triglycerides"))
    if feature == "cytopenias":
        draft.set(new_or_worsening_cytopenias=True)
    elif feature == "fibrinogen":
        draft.set(fibrinogen_mg_dl=pick_edge(rng, 149, range(60, 149)))
        draft.imply("low_fibrinogen")
    elif feature == "liver":
        draft.set(ast_alt_x_uln=rng.choice((5.5, 6, 8, 12, 20)))
        draft.imply("transaminitis")
    elif feature == "hemophagocytosis":
        draft.set(hemophagocytosis=True)
    else:
        draft.set(triglycerides_fasting_mg_dl=rng.randint(270, 700))
        draft.imply("high_triglycerides")


def _draw_b_cells(rng, draft, flagged: bool) -> None:
    infections = rng.choice(("single", "recurrent", "recurrent"))
    draft.set(igg_mg_dl=rng.randint(120, 650), infections=infections)
    draft.note("repeated_infections" if infections == "recurrent" else rng.choice(
        ("cough_congestion", "sore_throat", "burning_urine", "mouth_sores")))
    if flagged:
        draft.set(cd19_b_cells=rng.choice(("absent", "low")))
        if draft.doc.get("product_target") == "BCMA":
            draft.set(product_target="CD19")
        return
    route = rng.choice(("bcma", "recovered", "not_measured"))
    if route == "bcma":
        draft.set(product_target="BCMA", cd19_b_cells=rng.choice(("absent", "low")))
    else:
        draft.set(cd19_b_cells="normal" if route == "recovered" else "not_measured")


def describe(content, findings: Findings, said=()) -> str:
    """The findings as a short clinical narrative; of the checked signs, only those in `said` are named."""
    values = findings.given
    sentences = [_opening(values)]
    for name, spec in INPUT_FIELDS.items():
        if name in values and name not in ("age_years", "days_since_infusion", "product_target", "checked"):
            sentences.append(_sentence(spec, values[name]))
    named = [content.items[i].clinical for i in said if i in findings.checked]
    if named:
        sentences.append("Also noted: " + "; ".join(named) + ".")
    return " ".join(sentences)


def _opening(values) -> str:
    target = values.get("product_target")
    product = f"a {target}-directed CAR T-cell product" if target in ("CD19", "BCMA") else "CAR T-cell therapy"
    age = f"{values['age_years']}-year-old" if "age_years" in values else "Person"
    day = values.get("days_since_infusion")
    when = f", day {day} after infusion" if day is not None else ""
    return f"{age} treated with {product}{when}."


def _sentence(spec, value) -> str:
    if spec.kind == "ice_items":
        lost = [ICE_ITEMS[key][0].lower() for key, points in value.items() if points < ICE_ITEMS[key][1]]
        return f"ICE {sum(value.values())}/10, points lost on: {'; '.join(lost) or 'none'}."
    if spec.kind == "boolean":
        return f"{spec.label}: {'yes' if value else 'no'}."
    if spec.kind == "choice":
        return f"{spec.label}: {spec.label_for(value).lower()}."
    if spec.kind == "choices":
        return f"{spec.label}: {', '.join(spec.label_for(v).lower() for v in value)}."
    shown = f"{value:.1f}" if spec.unit == "°C" else f"{value:,}" if isinstance(value, int) else f"{value:g}"
    return f"{spec.label}: {shown}{' ' + spec.unit if spec.unit else ''}."
