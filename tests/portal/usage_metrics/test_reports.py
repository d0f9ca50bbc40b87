"""The same hand-worked figures, from events stored in the database (both databases)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from starlette.applications import Starlette

from eservices.registry import REGISTRY
from portal.usage_metrics.reports import first_usage_day, measured_services, usage_figures
from tests.portal.usage_metrics.journeys import D0, D1, D2, D3, NOW
from tests.portal.usage_metrics.recorded import record_journeys

pytestmark = pytest.mark.anyio

DAY = timedelta(hours=24)


async def test_figures_from_stored_events(app: Starlette) -> None:
    await record_journeys(app.state.sessionmaker)
    async with app.state.sessionmaker() as db:
        figures = await usage_figures(db, "labour_complaint", D1, D3, now=NOW,
                                      abandon_after=DAY)
        other = await usage_figures(db, "technical_aid", D1, D3, now=NOW, abandon_after=DAY)
    one, quiet, three = (figures.days[d].total for d in (D1, D2, D3))
    assert (one.starts, one.submissions, one.abandoned) == (4, 2, 2)
    assert (one.median_seconds, one.p90_seconds) == (900.0, 1200)
    assert (quiet.starts, quiet.submissions, quiet.abandoned) == (0, 0, 0)
    assert (three.starts, three.submissions, three.abandoned) == (4, 4, 1)
    # J4's time was measured at submission from its `started` event two days before.
    assert (three.median_seconds, three.p90_seconds) == (1500.0, 117_600)
    assert three.satisfied_share == 0.25 and three.mean_rating == 2.75
    period = figures.period.total
    assert (period.starts, period.submissions, period.abandoned) == (8, 6, 3)
    assert dict(period.drop_off) == {"workplace": 2, "employer": 1}
    assert figures.period.by_device["tablet"].submissions == 1
    assert other.period.total.starts == 0


async def test_one_day_windows_still_see_whole_journeys(app: Starlette) -> None:
    await record_journeys(app.state.sessionmaker)
    async with app.state.sessionmaker() as db:
        # J9 began on D0: its start counts there, its abandonment on D1.
        before = await usage_figures(db, "labour_complaint", D0, D0, now=NOW, abandon_after=DAY)
        only_d1 = await usage_figures(db, "labour_complaint", D1, D1, now=NOW,
                                      abandon_after=DAY)
    assert (before.days[D0].total.starts, before.days[D0].total.abandoned) == (1, 0)
    assert only_d1.days[D1].total.abandoned == 2


async def test_services_and_the_first_day(app: Starlette) -> None:
    async with app.state.sessionmaker() as db:
        assert await first_usage_day(db) is None
    await record_journeys(app.state.sessionmaker)
    await record_journeys(app.state.sessionmaker, service="technical_aid")
    async with app.state.sessionmaker() as db:
        assert await first_usage_day(db) == D0
        # Registry order, whatever the order of the events; built e-services always.
        nothing_built = [dataclasses.replace(s, package=None) for s in REGISTRY]
        assert await measured_services(db, nothing_built) == ["labour_complaint",
                                                               "technical_aid"]
        one_built = [dataclasses.replace(s, package="x" if s.slug == "foster_parent_training"
                                         else None) for s in REGISTRY]
        assert await measured_services(db, one_built) == [
            "labour_complaint", "technical_aid", "foster_parent_training"]
