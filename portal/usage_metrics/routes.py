"""Routes of usage metrics: the satisfaction question and the operators' dashboard."""

from __future__ import annotations

from starlette.routing import Route

from portal.usage_metrics.dashboard import usage_overview, usage_service
from portal.usage_metrics.export import usage_csv
from portal.usage_metrics.survey import (
    SURVEY_ROUTE,
    THANKS_ROUTE,
    satisfaction_survey,
    satisfaction_thanks,
)


def usage_metrics_routes() -> list[Route]:
    return [
        Route("/feedback/service/{service_slug}", satisfaction_survey, methods=["GET", "POST"],
              name=SURVEY_ROUTE),
        Route("/feedback/service/{service_slug}/thanks", satisfaction_thanks, name=THANKS_ROUTE),
        Route("/operator/usage", usage_overview, name="usage_overview"),
        Route("/operator/usage/{service_slug}", usage_service, name="usage_service"),
        Route("/operator/usage/{service_slug}/usage.csv", usage_csv, name="usage_service_csv"),
    ]
