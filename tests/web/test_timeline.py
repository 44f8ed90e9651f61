"""The timeline's geometry: pure numbers, checked without Flask."""

from __future__ import annotations

import subprocess
import sys

import pytest

from triage.engine import TimingWindow
from triage.web.rendering import timeline


def window(start, end, label="w"):
    return TimingWindow(start, end, label, ())


@pytest.mark.parametrize(("windows", "day", "end"), [
    ([window(0, 14)], None, 28),
    ([window(7, 28)], None, 35),
    ([window(1, None)], None, 28),
    ([window(0, 14)], 27, 28),
    ([window(0, 14)], 28, 35),
    ([window(0, 14)], 60, 63),
    ([window(0, 14)], 400, 91),
], ids=["four_weeks_at_least", "covers_day_28", "open_window_adds_nothing", "day_27_fits",
        "day_28_needs_week_5", "day_60", "capped_at_13_weeks"])
def test_the_scale_covers_every_window_and_the_day_in_whole_weeks(windows, day, end):
    assert timeline.end_day(windows, day) == end


def test_bars_cover_whole_days_and_the_day_is_marked_in_its_middle():
    t = timeline.layout([("CRS", [window(0, 13), window(3, 3)])], day=3)
    span = (t.right - t.left) / 28
    first, single = t.rows[0].bars
    assert (first.x, first.width) == (timeline.LEFT, pytest.approx(14 * span, abs=0.1))
    assert single.width == pytest.approx(span, abs=0.1)
    assert t.marker.x == pytest.approx(timeline.LEFT + 3.5 * span, abs=0.1)
    assert first.hit and single.hit


def test_a_window_that_misses_the_day_is_not_highlighted():
    t = timeline.layout([("ICANS", [window(7, 28)])], day=3)
    assert not t.rows[0].bars[0].hit


def test_an_open_window_runs_to_the_edge():
    t = timeline.layout([("B-cell aplasia", [window(1, None)])], day=None)
    bar = t.rows[0].bars[0]
    assert bar.open_ended and bar.x + bar.width == pytest.approx(t.right, abs=0.1)
    assert t.marker is None


def test_a_day_beyond_the_scale_is_pinned_to_the_edge():
    t = timeline.layout([("CRS", [window(0, 14)])], day=400)
    assert t.marker.beyond and t.marker.x == pytest.approx(t.right) and t.marker.anchor == "end"


def test_rows_stack_downwards_and_the_picture_grows_to_fit():
    t = timeline.layout([("CRS", [window(0, 14)] * 3), ("ICANS", [window(7, 28)])], day=9)
    crs, icans = t.rows
    assert crs.bars[0].y < crs.bars[1].y < crs.bars[2].y < icans.label_y < icans.bars[0].y < t.axis_y < t.height
    assert [tick.day for tick in t.ticks] == [0, 7, 14, 21, 28, 35]


def test_the_geometry_module_imports_no_flask():
    code = "import sys, triage.web.rendering.timeline; print('flask' in sys.modules, 'jinja2' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


@pytest.mark.parametrize(("windows", "said"), [
    ([window(0, 14), window(1, 22)], "day 0 to day 22"),
    ([window(3, 3)], "day 3 to day 3"),
    ([window(7, 28), window(1, None)], "day 1 onwards"),
    ([], "no typical window"),
])
def test_the_windows_together_read_as_one_span(windows, said):
    assert timeline.span(windows) == said


@pytest.mark.parametrize(("day", "said"), [
    (None, "The 2 typical windows the sources give for CRS lie within day 0 to day 21 after the infusion."),
    (14, "Day 14 after the infusion falls within 2 of the 2 typical windows the sources give for CRS "
         "(together, day 0 to day 21)."),
    (15, "Day 15 after the infusion falls within 1 of the 2 typical windows the sources give for CRS "
         "(together, day 0 to day 21)."),
    (22, "Day 22 after the infusion is outside the 2 typical windows the sources give for CRS "
         "(together, day 0 to day 21). A day outside them never rules CRS out."),
], ids=["no_day", "both_windows_on_their_last_day", "one_window", "outside"])
def test_the_result_says_in_words_whether_the_day_falls_in_the_windows(day, said):
    assert timeline.in_words("CRS", [window(0, 14), window(1, 21)], day) == said


def test_bar_widths_are_rounded_to_a_tenth():
    t = timeline.layout([("CRS", [window(1, 22), window(0, 14)])], day=None)
    assert all(round(bar.width, 1) == bar.width for bar in t.rows[0].bars)
