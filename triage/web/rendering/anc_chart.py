"""Geometry of the neutrophil chart: a day series of counts, the ICAHT thresholds, the decisive run.

Pure arithmetic (no Flask): templates/_macros/anc_chart.html turns it into an inline SVG with a title,
a description and the counts as a table. Counts are drawn on a square-root scale, so that the 100 and 500
lines stay apart from the bottom while counts of several thousand still fit.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from triage.engine import Result, number_text
from triage.engine.conditions import SeriesTest

WIDTH, HEIGHT = 520, 250
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44
THRESHOLDS = (500, 100)  # the lines drawn: ICAHT's severe and profound neutropenia
TICKS = (0, 100, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000)


class Point(NamedTuple):
    x: float
    y: float
    day: int
    count: str  # as shown
    low: bool  # at or below the highest threshold drawn


class Line(NamedTuple):
    y: float
    label: str


class Band(NamedTuple):
    x: float
    width: float
    label: str


class Tick(NamedTuple):
    at: float
    label: str


class Chart(NamedTuple):
    width: int
    height: int
    plot: tuple  # (left, top, right, bottom) of the plotting area
    points: tuple  # Point
    path: str  # the polyline's points attribute
    lines: tuple  # Line: the thresholds
    bands: tuple  # Band: the decisive runs
    x_ticks: tuple
    y_ticks: tuple
    title: str
    description: str
    unit: str
    value_label: str


def decisive_runs(result: Result, field: str) -> tuple:
    """The runs of days (first, last) that decided a grade from the days of series `field` (the first
    syndrome listed whose deciding rule counts them), and the decision in words."""
    for listed in result.syndromes:
        if listed.decided_by is None:
            continue
        runs = []
        for leaf in _series_leaves(listed.decided_by.condition):
            if leaf.spec.name == field and leaf.measure == "days_at_or_below" and leaf.test(result.facts):
                runs += leaf.amount(result.facts)[1]
        if runs:
            return tuple(sorted(set(runs))), listed.because
    return (), ""


def _series_leaves(condition):
    if isinstance(condition, SeriesTest):
        yield condition
    for child in getattr(condition, "children", ()) or ((condition.child,) if hasattr(condition, "child") else ()):
        yield from _series_leaves(child)


def _scale(count: float) -> float:
    return math.sqrt(count)


def layout(result: Result, field: str) -> Chart | None:
    """The chart of the series `field` in `result`'s findings, the runs of days that decided a grade marked."""
    series = result.findings.values.get(field)
    if not series:
        return None
    spec = result.content.contract.inputs[field]
    left, top, right, bottom = LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM
    last_day = max(30, series[-1][0])
    first_day = min(0, series[0][0])
    top_count = max(1000, max(count for _, count in series))
    top_tick = next(t for t in TICKS if t >= top_count)

    def x(day: float) -> float:
        return round(left + (day - first_day) / (last_day - first_day + 1) * (right - left), 1)

    def y(count: float) -> float:
        return round(bottom - _scale(count) / _scale(top_tick) * (bottom - top), 1)

    day_width = (right - left) / (last_day - first_day + 1)
    points = tuple(Point(round(x(day) + day_width / 2, 1), y(count), day, number_text(count), count <= THRESHOLDS[0])
                   for day, count in series)
    runs, because = decisive_runs(result, field)
    bands = tuple(Band(x(a), round(day_width * (b - a + 1), 1), f"days {a}–{b}" if a != b else f"day {a}")
                  for a, b in runs)
    step = 5 if last_day <= 60 else 30
    x_ticks = tuple(Tick(round(x(d) + day_width / 2, 1), str(d)) for d in range(first_day, last_day + 1, step))
    y_ticks = tuple(Tick(y(t), number_text(t)) for t in TICKS if t <= top_tick)
    lines = tuple(Line(y(t), f"{number_text(t)}") for t in THRESHOLDS)
    what = spec.value_label or spec.name
    low, lowest = [p for p in points if p.low], number_text(min(c for _, c in series))
    description = (f"{len(points)} {what} counts from day {series[0][0]} to day {series[-1][0]}; "
                   f"{len(low)} at or below {THRESHOLDS[0]} {spec.unit}, lowest {lowest} {spec.unit}."
                   + (f" Decisive: {because}." if because else ""))
    return Chart(WIDTH, HEIGHT, (left, top, right, bottom), points,
                 " ".join(f"{p.x},{p.y}" for p in points), lines, bands, x_ticks, y_ticks,
                 f"{what} by day after infusion, with the 500 and 100 {spec.unit} lines", description,
                 spec.unit, what)
