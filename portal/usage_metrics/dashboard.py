"""The operators' usage dashboard: every e-service at a glance, then one in detail.

    GET /operator/usage                           the e-services over a period
    GET /operator/usage/{service_slug}            tables and charts of one
    GET /operator/usage/{service_slug}/usage.csv  the same numbers as CSV

Anyone but an operator gets the ordinary 404 page, as for the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from babel.numbers import format_percent
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from i18n.catalogs import gettext as _
from portal.audit.views import is_operator
from portal.database import db, utcnow
from portal.settings import Settings
from portal.templating import format_locale, local_date, local_number, render
from portal.usage_metrics.aggregates import UsageFigures
from portal.usage_metrics.charts import count_bars, share_columns
from portal.usage_metrics.events import DeviceClass
from portal.usage_metrics.forms import RATING_LABELS, PeriodForm
from portal.usage_metrics.periods import local_day
from portal.usage_metrics.reports import measured_services, usage_figures
from portal.usage_metrics.services import registry_of, service_named, step_titles

PRIVATE = {"cache-control": "no-store"}


class Numbers:
    """How the dashboard writes numbers, in the reader's language."""

    def count(self, value: int) -> str:
        return local_number(value)

    def share(self, value: float | None) -> str:
        if value is None:
            return "–"
        return format_percent(value, format="#,##0.0%", locale=format_locale())

    def whole_share(self, value: float) -> str:
        return format_percent(value, format="#,##0%", locale=format_locale())

    def mean(self, value: float | None) -> str:
        return "–" if value is None else local_number(round(value, 2), format="0.00")

    def duration(self, seconds: float | None) -> str:
        if seconds is None:
            return "–"
        whole = round(seconds)
        hours, rest = divmod(whole, 3600)
        minutes, secs = divmod(rest, 60)
        if hours:
            return _("%(hours)s h %(minutes)02d min", hours=local_number(hours), minutes=minutes)
        return _("%(minutes)s min %(seconds)02d s", minutes=minutes, seconds=secs)


def device_labels() -> dict[str, str]:
    return {DeviceClass.MOBILE: _("Mobile phone"), DeviceClass.TABLET: _("Tablet"),
            DeviceClass.DESKTOP: _("Computer")}


def language_labels() -> dict[str, str]:
    return {"lv": _("Latvian"), "en": _("English")}


@dataclass
class ServiceUsage:
    slug: str
    title: str
    first: date
    last: date
    figures: UsageFigures

    def drop_off_rows(self, steps: dict[str, str]) -> list[tuple[str, str, int]]:
        """(step slug, step name, abandoned there): the flow's steps first, in order."""
        counted = self.figures.period.total.drop_off
        order = list(steps) + sorted(s for s in counted if s not in steps)
        return [(slug, steps.get(slug) or slug or _("Unknown step"), counted[slug])
                for slug in order]


def require_operator(request: Request) -> None:
    if not is_operator(request):
        raise HTTPException(404)


def period_of(request: Request) -> tuple[PeriodForm, date, date]:
    form = PeriodForm(formdata=request.query_params)
    last = local_day(utcnow())
    return form, last - timedelta(days=form.day_count - 1), last


def _abandon_after(request: Request) -> timedelta:
    settings: Settings = request.app.state.settings
    return timedelta(hours=settings.usage_abandoned_after_hours)


async def service_usage(request: Request, slug: str, first: date, last: date) -> ServiceUsage:
    service = service_named(request, slug)
    figures = await usage_figures(db(request), slug, first, last, now=utcnow(),
                                  abandon_after=_abandon_after(request))
    return ServiceUsage(slug, str(service.title) if service else slug, first, last, figures)


async def usage_overview(request: Request) -> Response:
    require_operator(request)
    form, first, last = period_of(request)
    slugs = await measured_services(db(request), registry_of(request))
    services = [await service_usage(request, slug, first, last) for slug in slugs]
    return render(request, "usage_metrics/overview.html", {
        "form": form, "services": services, "first": first, "last": last, "n": Numbers(),
        "days": form.day_count, "rows": [(u.title, u.figures.period.total) for u in services],
    }, headers=PRIVATE)


async def usage_service(request: Request) -> Response:
    require_operator(request)
    slug = request.path_params["service_slug"]
    service = service_named(request, slug)
    if service is None:
        raise HTTPException(404)
    form, first, last = period_of(request)
    usage = await service_usage(request, slug, first, last)
    n = Numbers()
    total = usage.figures.period.total
    drop_off = usage.drop_off_rows(step_titles(service))
    ratings = [(str(RATING_LABELS[r]), count, n.count(count))
               for r, count in total.rating_counts.items()]
    return render(request, "usage_metrics/service.html", {
        "form": form, "usage": usage, "n": n, "total": total, "days": form.day_count,
        "abandon_hours": request.app.state.settings.usage_abandoned_after_hours,
        "day_rows": [(local_date(day, "short"), b.total) for day, b in usage.figures.days.items()],
        "completion_chart": share_columns([
            (local_date(day, "d.M."), figures.total.completion_rate)
            for day, figures in usage.figures.days.items()]),
        "drop_off": drop_off,
        "drop_off_chart": count_bars([(name, count, n.count(count))
                                      for _slug, name, count in drop_off]),
        "ratings": ratings,
        "ratings_chart": count_bars(ratings),
        "splits": [
            ("device", _("By device"), [(device_labels().get(k, k), f)
                                        for k, f in usage.figures.period.by_device.items()]),
            ("language", _("By language"), [(language_labels().get(k, k), f)
                                            for k, f in usage.figures.period.by_locale.items()]),
        ],
    }, headers=PRIVATE)

