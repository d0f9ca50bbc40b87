"""The public queue statistics pages (no login).

    GET /queue-statistics                               every queue in one table
    GET /queue-statistics/{group_code}/{provider}       one queue: trend chart and table

Both read the stored snapshot through `published_statistics`, as the open-data
files do, so the page and the files always agree.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from i18n.catalogs import get_locale, ngettext
from i18n.catalogs import gettext as _
from portal.database import db
from portal.templating import format_locale, local_date, local_number, render
from queue_status.statistics.chart import month_bars
from queue_status.statistics.published import THRESHOLD, PublishedQueue, published_statistics

# Public figures change at most with each recompute: a few minutes in caches is fine.
PUBLIC_CACHE = {"cache-control": "public, max-age=300"}


class Figures:
    """How the pages write the figures, in the reader's language."""

    def count(self, value: int | None) -> str:
        if value is None:
            return _("fewer than %(threshold)s", threshold=THRESHOLD)
        return local_number(value)

    def days(self, value: int | None) -> str:
        if value is None:
            return _("not shown")
        return ngettext("%(num)s day", "%(num)s days", value, num=local_number(value))

    def group(self, queue: PublishedQueue) -> str:
        return queue.group_name_en if get_locale() == "en" else queue.group_name_lv

    def provider(self, queue: PublishedQueue) -> str:
        return queue.provider_name_en if get_locale() == "en" else queue.provider_name_lv


# "2026. gada oktobris" / "October 2026": the nominative, so the label stands alone.
MONTH_PATTERNS = {"lv": "yyyy. 'gada' LLLL", "en": "LLLL yyyy"}


def month_label(month: date, pattern: str | None = None) -> str:
    pattern = pattern or MONTH_PATTERNS.get(get_locale(), MONTH_PATTERNS["lv"])
    return format_date(month, format=pattern, locale=format_locale())


async def queue_statistics(request: Request) -> Response:
    statistics = await published_statistics(db(request))
    return render(request, "statistics/overview.html", {
        "statistics": statistics, "f": Figures(), "threshold": THRESHOLD,
        "first": month_label(statistics.first_month) if statistics else "",
        "last": month_label(statistics.last_month) if statistics else "",
    }, headers=PUBLIC_CACHE)


def _trend_description(first: str, last: str) -> str:
    return _("Bars for each month, %(first)s – %(last)s. A month with fewer than "
             "%(threshold)s people shows the text “<%(threshold)s” instead of a bar. The "
             "table beside the chart gives every month’s figures.",
             first=first, last=last, threshold=THRESHOLD)


async def queue_statistics_queue(request: Request) -> Response:
    statistics = await published_statistics(db(request))
    queue = statistics.queue(request.path_params["group_code"],
                             request.path_params["provider"]) if statistics else None
    if statistics is None or queue is None:
        raise HTTPException(404)
    f = Figures()
    first, last = month_label(statistics.first_month), month_label(statistics.last_month)
    short = [month_label(m.month, "LLL") for m in queue.months]
    return render(request, "statistics/queue.html", {
        "statistics": statistics, "queue": queue, "f": f, "threshold": THRESHOLD,
        "first": first, "last": last,
        "rows": [(month_label(m.month), m) for m in queue.months],
        "waiting_chart": month_bars([(label, m.waiting_at_end)
                                     for label, m in zip(short, queue.months, strict=True)]),
        "served_chart": month_bars([(label, m.served)
                                    for label, m in zip(short, queue.months, strict=True)]),
        "description": _trend_description(first, last),
        "computed_at": statistics.computed_at, "local_date": local_date,
    }, headers=PUBLIC_CACHE)
