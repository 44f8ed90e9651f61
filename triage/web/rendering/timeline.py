"""Geometry of the timeline picture: days after infusion, each syndrome's typical windows, the day.

Pure arithmetic (no Flask): the template turns these boxes into an inline SVG. A window covers
whole days, so "day 3 to 3" is one day wide; the day after infusion is marked in the middle of its day.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

WIDTH = 400
LEFT, RIGHT = 8, 12
TOP = 30  # room for the day label above the rows
LABEL_HEIGHT = 16  # a row's name sits above its bars
BAR, GAP, ROW_GAP = 8, 4, 10
AXIS_HEIGHT = 40  # ticks, their numbers and the axis title
MIN_END, MAX_END = 28, 91  # always show four weeks; never stretch past thirteen


class Bar(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    label: str
    hit: bool
    open_ended: bool


class Row(NamedTuple):
    label: str
    label_y: float
    bars: tuple
    span: str  # the windows together, in words: "day 0 to day 28"


class Tick(NamedTuple):
    x: float
    day: int


class Marker(NamedTuple):
    x: float
    day: int
    beyond: bool
    anchor: str  # text-anchor for the label, so it stays inside the picture


class Timeline(NamedTuple):
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
    return _end(_days(windows), day)


def _days(windows) -> tuple:
    """TimingWindows (from_day, to_day (None: open), label) as (from, to, label) tuples."""
    return tuple([(w.from_day, w.to_day, w.label) for w in windows])


def _hits(days, day: int) -> tuple:
    """Whether each window holds `day`."""
    return tuple([start <= day and (stop is None or day <= stop) for start, stop, _ in days])


def _end(days, day: int | None) -> int:
    last = [start if stop is None else stop for start, stop, _ in days] + ([] if day is None else [day])
    return max(MIN_END, min(MAX_END, 7 * math.ceil((max(last, default=0) + 1) / 7)))


def layout(rows, day: int | None = None) -> Timeline:
    """Place each (name, TimingWindows) row, marking the bars that hold `day`."""
    rows = tuple((name, _days(windows)) for name, windows in rows)
    end = _end([w for _, days in rows for w in days], day)
    hits = None if day is None else tuple([_hits(days, day) for _, days in rows])
    return _drawn(rows, end, hits, None if day is None else _marker(day, end, _x(end)))


def _drawn(rows: tuple, end: int, hits: tuple | None, marker) -> Timeline:
    """The picture of the windows on a scale of `end` days, `hits` saying which bars hold the day."""
    x = _x(end)
    placed, y = [], TOP
    for r, (name, windows) in enumerate(rows):
        bars = []
        for i, (start, stop, label) in enumerate(windows):
            edge = end if stop is None else stop + 1
            bars.append(Bar(x(start), y + LABEL_HEIGHT + i * (BAR + GAP), max(round(x(edge) - x(start), 1), 2),
                            BAR, label, bool(hits and hits[r][i]), stop is None))
        placed.append(Row(name, y + LABEL_HEIGHT - 4, tuple(bars), _span(windows)))
        y += LABEL_HEIGHT + max(len(windows), 1) * (BAR + GAP) + ROW_GAP
    step = 7 if end <= 35 else 14
    ticks = tuple(Tick(x(d), d) for d in range(0, end + 1, step))
    return Timeline(WIDTH, y + AXIS_HEIGHT, end, y, tuple(placed), ticks, marker)


def _x(end: int):
    """Day -> x on a scale of `end` days (a day past the end sits on the edge)."""
    scale = (WIDTH - LEFT - RIGHT) / end

    def x(d: float) -> float:
        return round(LEFT + min(d, end) * scale, 1)

    return x


def span(windows) -> str:
    """Where the windows lie together, in words: 'day 0 to day 28', or 'day 1 onwards' if one is open."""
    return _span(_days(windows))


@lru_cache(maxsize=256)
def _span(days: tuple) -> str:
    if not days:
        return "no typical window"
    first = min(start for start, _, _ in days)
    if any(stop is None for _, stop, _ in days):
        return f"day {first} onwards"
    return f"day {first} to day {max(stop for _, stop, _ in days)}"


def in_words(name: str, windows, day: int | None) -> str:
    """Whether `day` falls in the typical windows of syndrome `name`, as a sentence for the result."""
    days = _days(windows)
    given = f"{len(days)} typical window{'s' if len(days) != 1 else ''} the sources give for {name}"
    if day is None:
        return f"The {given} lie within {_span(days)} after the infusion."
    hits = sum(_hits(days, day))
    if hits:
        return f"Day {day} after the infusion falls within {hits} of the {given} (together, {_span(days)})."
    return (f"Day {day} after the infusion is outside the {given} (together, {_span(days)}). "
            f"A day outside them never rules {name} out.")


def _marker(day, end, x) -> Marker | None:
    if day is None:
        return None
    beyond = day >= end
    at = x(end) if beyond else x(day + 0.5)
    anchor = "end" if at > WIDTH - 40 else "start" if at < 40 else "middle"
    return Marker(at, day, beyond, anchor)
