"""Geometry of the dashboard's charts, drawn on the server as SVG.

Server-side SVG needs no JavaScript, prints, and scales to a 320-pixel screen.
Each chart is one image to assistive technology (`role="img"` with a title and a
description that states what it shows); the numbers themselves are in the data
table printed beside every chart, so nothing is only in the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# The drawing's own units; the SVG scales to the width of its container.
WIDTH = 640
LABEL_WIDTH = 230  # room for step names and answers left of horizontal bars
ROW_HEIGHT = 34
COLUMN_AREA_HEIGHT = 200
TOP, BOTTOM, LEFT = 10, 30, 64


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Column:
    """One day's bar; `rect` is None on a day with nothing to measure."""

    label: str
    rect: Rect | None


@dataclass(frozen=True, slots=True)
class Gridline:
    y: float
    share: float


@dataclass(frozen=True, slots=True)
class ColumnChart:
    width: int
    height: int
    columns: list[Column]
    gridlines: list[Gridline]
    # Every n-th day is named under the axis, so the labels never overlap.
    label_every: int
    baseline: float
    left: int = LEFT


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    value_label: str
    bar: Rect
    text_y: float


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    rows: list[Row]
    label_width: int


def share_columns(days: Sequence[tuple[str, float | None]]) -> ColumnChart:
    """Vertical bars of shares (0–1) over days, e.g. the completion rate.

    A share above 1 (more submissions than starts on a day) is drawn at the top:
    the table beside the chart gives its value.
    """
    count = max(1, len(days))
    slot = (WIDTH - LEFT) / count
    gap = min(4.0, slot * 0.2)
    baseline = TOP + COLUMN_AREA_HEIGHT
    columns = []
    for index, (label, share) in enumerate(days):
        rect = None
        if share is not None:
            height = COLUMN_AREA_HEIGHT * min(1.0, max(0.0, share))
            rect = Rect(round(LEFT + index * slot + gap / 2, 2), round(baseline - height, 2),
                        round(slot - gap, 2), round(height, 2))
        columns.append(Column(label, rect))
    gridlines = [Gridline(round(baseline - COLUMN_AREA_HEIGHT * f, 2), f) for f in (0.0, 0.5, 1.0)]
    return ColumnChart(WIDTH, TOP + COLUMN_AREA_HEIGHT + BOTTOM, columns, gridlines,
                       label_every=max(1, -(-count // 7)), baseline=baseline)


def count_bars(rows: Sequence[tuple[str, int, str]]) -> BarChart:
    """Horizontal bars of counts, one per labelled row: (label, count, shown value)."""
    largest = max((count for _, count, _ in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60  # leaves space for the value after the longest bar
    drawn = []
    for index, (label, count, value_label) in enumerate(rows):
        top = TOP + index * ROW_HEIGHT
        drawn.append(Row(label, value_label,
                         Rect(LABEL_WIDTH, top + 6, round(room * count / largest, 2),
                              ROW_HEIGHT - 12),
                         text_y=top + ROW_HEIGHT / 2 + 5))
    return BarChart(WIDTH, TOP * 2 + max(1, len(rows)) * ROW_HEIGHT, drawn, LABEL_WIDTH)
