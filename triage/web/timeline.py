"""Geometry of the timeline picture: days after infusion, each syndrome's typical windows, the day.

Pure arithmetic (no Flask): the template turns these boxes into an inline SVG. A window covers
whole days, so "day 3 to 3" is one day wide; the day after infusion is marked in the middle of its day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 400
LEFT, RIGHT = 8, 12
TOP = 30  # room for the day label above the rows
LABEL_HEIGHT = 16  # a row's name sits above its bars
BAR, GAP, ROW_GAP = 8, 4, 10
AXIS_HEIGHT = 40  # ticks, their numbers and the axis title
MIN_END, MAX_END = 28, 91  # always show four weeks; never stretch past thirteen


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    hit: bool
    open_ended: bool


@dataclass(frozen=True)
class Row:
    label: str
    label_y: float
    bars: tuple


@dataclass(frozen=True)
class Tick:
    x: float
    day: int


@dataclass(frozen=True)
class Marker:
    x: float
    day: int
    beyond: bool
    anchor: str  # text-anchor for the label, so it stays inside the picture


@dataclass(frozen=True)
class Timeline:
    width: int
    height: float
    end_day: int
    axis_y: float
    rows: tuple
    ticks: tuple
    marker: Marker | None

    @property
    def left(self) -> float:
        return LEFT

    @property
    def right(self) -> float:
        return self.width - RIGHT


def end_day(windows, day: int | None) -> int:
    """The last day drawn: a whole number of weeks covering every closed window and the day, 28 to 91."""
    days = [w["to_day"] if w["to_day"] is not None else w["from_day"] for w in windows]
    if day is not None:
        days.append(day)
    last = max(days, default=0) + 1
    return max(MIN_END, min(MAX_END, 7 * math.ceil(last / 7)))


def layout(rows, day: int | None = None) -> Timeline:
    """Place each (name, windows) row; windows are mappings with from_day, to_day (None: open), label."""
    rows = [(name, list(windows)) for name, windows in rows]
    end = end_day([w for _, windows in rows for w in windows], day)
    scale = (WIDTH - LEFT - RIGHT) / end

    def x(d: float) -> float:
        return round(LEFT + min(d, end) * scale, 1)

    placed, y = [], TOP
    for name, windows in rows:
        bars = []
        for i, w in enumerate(windows):
            stop = end if w["to_day"] is None else w["to_day"] + 1
            hit = day is not None and w["from_day"] <= day and (w["to_day"] is None or day <= w["to_day"])
            bars.append(Bar(x(w["from_day"]), y + LABEL_HEIGHT + i * (BAR + GAP),
                            max(x(stop) - x(w["from_day"]), 2), BAR, w["label"], hit, w["to_day"] is None))
        placed.append(Row(name, y + LABEL_HEIGHT - 4, tuple(bars)))
        y += LABEL_HEIGHT + max(len(windows), 1) * (BAR + GAP) + ROW_GAP
    step = 7 if end <= 35 else 14
    ticks = tuple(Tick(x(d), d) for d in range(0, end + 1, step))
    return Timeline(WIDTH, y + AXIS_HEIGHT, end, y, tuple(placed), ticks, _marker(day, end, x))


def _marker(day, end, x) -> Marker | None:
    if day is None:
        return None
    beyond = day >= end
    at = x(end) if beyond else x(day + 0.5)
    anchor = "end" if at > WIDTH - 40 else "start" if at < 40 else "middle"
    return Marker(at, day, beyond, anchor)
