"""Geometry of a queue's trend chart: monthly bars, drawn on the server as SVG.

No JavaScript: the SVG is computed here and written by the template
(`statistics/chart.html`). It is one image to assistive technology, with a title
and a description that states the trend in words; the numbers are in the data
table beside it. A hidden month (fewer than five people) has no bar but the text
"<5" where the bar would stand, so nothing is said by colour or absence alone.
The drawing's units scale with the width of its container, down to 320 pixels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 480
TOP, BOTTOM, LEFT, RIGHT = 12, 30, 52, 4
AREA_HEIGHT = 160


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    x: float
    width: float
    y: float
    height: float
    # A hidden month: no bar (height 0), "<5" written at its foot instead.
    hidden: bool

    @property
    def centre(self) -> float:
        return round(self.x + self.width / 2, 2)


@dataclass(frozen=True, slots=True)
class Gridline:
    y: float
    value: int


@dataclass(frozen=True, slots=True)
class MonthChart:
    width: int
    height: int
    left: int
    baseline: float
    bars: tuple[Bar, ...]
    gridlines: tuple[Gridline, ...]


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least `value` (at least 1)."""
    if value <= 1:
        return 1
    power: int = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def month_bars(months: Sequence[tuple[str, int | None]]) -> MonthChart:
    """One bar per (label, count); a None count is a hidden month."""
    largest = max((v for _, v in months if v is not None), default=0)
    top_value = nice_ceiling(largest)
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(months))
    gap = min(8.0, slot * 0.25)
    baseline = TOP + AREA_HEIGHT
    bars = []
    for index, (label, value) in enumerate(months):
        x = round(LEFT + index * slot + gap / 2, 2)
        height = 0.0 if value is None else round(AREA_HEIGHT * value / top_value, 2)
        bars.append(Bar(label, x, round(slot - gap, 2), round(baseline - height, 2), height,
                        hidden=value is None))
    half = top_value // 2 if top_value % 2 == 0 else None
    # Nothing shown above zero: the zero line alone, no scale that means nothing.
    values = [0, *([half] if half else []), top_value] if largest else [0]
    gridlines = tuple(Gridline(round(baseline - AREA_HEIGHT * v / top_value, 2), v)
                      for v in values)
    return MonthChart(WIDTH, TOP + AREA_HEIGHT + BOTTOM, LEFT, baseline, tuple(bars), gridlines)
