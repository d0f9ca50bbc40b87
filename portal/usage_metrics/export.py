"""The dashboard's numbers as CSV: the same figures as its tables, unformatted.

One file, one header; the first column says which table a row belongs to:

    day           one row per day of the period (key: the ISO date)
    period        the whole period (key: "all")
    device        the period by device class (key: mobile, tablet, desktop)
    language      the period by language (key: lv, en)
    drop_off      abandoned journeys by their last step (key: step; in "abandoned")
    satisfaction  answers by rating, 5 very satisfied ... 1 (key: rating; in "answers")

Shares are fractions (0.6667), times are seconds, decimals use a dot: the file
is for spreadsheets and scripts, whatever the language of the person exporting.
"""

from __future__ import annotations

import csv
import io

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from portal.usage_metrics.aggregates import Figures
from portal.usage_metrics.dashboard import (
    PRIVATE,
    ServiceUsage,
    period_of,
    require_operator,
    service_usage,
)
from portal.usage_metrics.services import service_named, step_titles

COLUMNS = ("section", "key", "starts", "submissions", "completion_rate", "median_seconds",
           "p90_seconds", "abandoned", "answers", "satisfied_share", "mean_rating")


def _number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"


def figures_row(section: str, key: str, figures: Figures) -> list[str]:
    return [section, key, _number(figures.starts), _number(figures.submissions),
            _number(figures.completion_rate, 4), _number(figures.median_seconds, 1),
            _number(figures.p90_seconds), _number(figures.abandoned),
            _number(len(figures.ratings)), _number(figures.satisfied_share, 4),
            _number(figures.mean_rating, 2)]


def _count_row(section: str, key: str, *, abandoned: str = "", answers: str = "") -> list[str]:
    return [section, key, "", "", "", "", "", abandoned, answers, "", ""]


def csv_rows(usage: ServiceUsage, steps: dict[str, str]) -> list[list[str]]:
    period = usage.figures.period
    rows = [list(COLUMNS)]
    rows += [figures_row("day", day.isoformat(), b.total) for day, b in usage.figures.days.items()]
    rows.append(figures_row("period", "all", period.total))
    rows += [figures_row("device", key, f) for key, f in period.by_device.items()]
    rows += [figures_row("language", key, f) for key, f in period.by_locale.items()]
    rows += [_count_row("drop_off", slug, abandoned=str(count))
             for slug, _name, count in usage.drop_off_rows(steps)]
    rows += [_count_row("satisfaction", str(rating), answers=str(count))
             for rating, count in period.total.rating_counts.items()]
    return rows


async def usage_csv(request: Request) -> Response:
    require_operator(request)
    slug = request.path_params["service_slug"]
    service = service_named(request, slug)
    if service is None:
        raise HTTPException(404)
    _form, first, last = period_of(request)
    usage = await service_usage(request, slug, first, last)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_rows(usage, step_titles(service)))
    name = f"usage-{slug}-{first.isoformat()}-{last.isoformat()}.csv"
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={**PRIVATE, "content-disposition": f'attachment; filename="{name}"'})
