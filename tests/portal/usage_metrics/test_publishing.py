"""`portal publish-metrics`: each finished day once, corrections as updates, retries."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from adapters.errors import Rejected, Unavailable
from adapters.service_platform.fake import FakeServicePlatform
from adapters.service_platform.http import HttpServicePlatform
from adapters.service_platform.receiver import create_fake_service_platform
from portal.database import transaction
from portal.settings import Settings
from portal.usage_metrics import UsageEvent, record_usage
from portal.usage_metrics.command import run_publish, summary
from portal.usage_metrics.models import UsagePublication
from portal.usage_metrics.publishing import PublishPolicy, PublishResult, publish_metrics
from tests.portal.usage_metrics.journeys import D0, D1, D2, D3, D4, NOW, at, journey_id
from tests.portal.usage_metrics.recorded import record_journeys

pytestmark = pytest.mark.anyio

POLICY = PublishPolicy(abandon_after=timedelta(hours=24), correction_days=35, attempts=3,
                       retry_base_seconds=2)


class Pauses:
    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


async def publish(app: Starlette, platform: FakeServicePlatform | HttpServicePlatform, *,
                  now: datetime = NOW, policy: PublishPolicy = POLICY,
                  pauses: Pauses | None = None) -> PublishResult:
    # An empty registry: only services with events are published, whatever is built.
    return await publish_metrics(app.state.sessionmaker, platform, registry=(), now=now,
                                 policy=policy, sleep=pauses or Pauses())


async def recorded(app: Starlette) -> list[tuple[str, str, int]]:
    async with app.state.sessionmaker() as db:
        rows = await db.scalars(select(UsagePublication).order_by(
            UsagePublication.day, UsagePublication.revision))
        return [(r.service_slug, r.day.isoformat(), r.revision) for r in rows]


async def test_each_finished_day_is_sent_once(app: Starlette) -> None:
    await record_journeys(app.state.sessionmaker)
    platform = FakeServicePlatform()
    result = await publish(app, platform)
    # 22.11 is the last finished day at NOW (23.11 ends, then 24 hours for abandonment).
    assert [(r.day, r.revision) for r in result.sent] == [(D0, 1), (D1, 1), (D2, 1), (D3, 1)]
    assert result.ok and result.unchanged == 0
    held = platform.latest("labour_complaint", D1)
    assert held is not None
    assert (held.figures["starts"], held.figures["submissions"], held.figures["abandoned"]) == (
        4, 2, 2)
    assert held.figures["by_device_class"]["desktop"]["abandoned"] == 2
    quiet = platform.latest("labour_complaint", D2)
    assert quiet is not None and quiet.figures["starts"] == 0
    assert quiet.figures["completion_rate"] is None
    assert await recorded(app) == [("labour_complaint", d.isoformat(), 1)
                                   for d in (D0, D1, D2, D3)]

    again = await publish(app, platform)
    assert again.sent == [] and again.unchanged == 4
    assert platform.attempts == 4


async def test_a_change_is_sent_as_the_next_revision(app: Starlette) -> None:
    await record_journeys(app.state.sessionmaker)
    platform = FakeServicePlatform()
    await publish(app, platform)
    # J5, abandoned on 22.11, comes back on 23.11 and submits: 22.11 has one fewer.
    async with transaction(app.state.sessionmaker) as db:
        await record_usage(db, service_slug="labour_complaint", event=UsageEvent.SUBMITTED,
                           journey_id=journey_id("J5"), device_class="mobile", locale="en",
                           now=at(D4, 9, 0))
    result = await publish(app, platform)
    assert [(r.day, r.revision) for r in result.sent] == [(D3, 2)]
    corrected = platform.latest("labour_complaint", D3)
    assert corrected is not None and corrected.figures["abandoned"] == 0
    assert len(platform.held[("labour_complaint", D3)]) == 2
    assert ("labour_complaint", D3.isoformat(), 2) in await recorded(app)
    assert summary(result).startswith("sent 1 day(s) (1 correction(s)), 3 unchanged")


async def test_old_days_are_not_looked_at_again(app: Starlette) -> None:
    await record_journeys(app.state.sessionmaker)
    platform = FakeServicePlatform()
    await publish(app, platform)
    async with transaction(app.state.sessionmaker) as db:
        await record_usage(db, service_slug="labour_complaint", event=UsageEvent.SUBMITTED,
                           journey_id=journey_id("J3"), device_class="desktop", locale="en",
                           now=at(D3, 20, 0))
    narrow = PublishPolicy(abandon_after=timedelta(hours=24), correction_days=1)
    result = await publish(app, platform, policy=narrow)
    # J3 changed 20.11 (no longer abandoned) and 22.11 (one more submission); only the
    # last finished day is within a one-day correction window.
    assert [(r.day, r.revision) for r in result.sent] == [(D3, 2)]


async def test_nothing_is_sent_before_a_day_is_finished(app: Starlette) -> None:
    await record_journeys(app.state.sessionmaker)
    platform = FakeServicePlatform()
    # At 21.11 23:00 no day has been over for 24 hours except 19.11.
    result = await publish(app, platform, now=at(D2, 23, 0))
    assert [r.day for r in result.sent] == [D0]


async def test_a_platform_that_is_briefly_down_is_retried(app: Starlette) -> None:
    await record_journeys(app.state.sessionmaker)
    platform = FakeServicePlatform()
    platform.fail(Unavailable("service_platform", "503"), times=2)
    pauses = Pauses()
    result = await publish(app, platform, pauses=pauses)
    assert result.ok and len(result.sent) == 4
    assert pauses.seconds == [2, 4]


async def test_a_platform_that_stays_down_stops_the_run_and_loses_nothing(
    app: Starlette,
) -> None:
    await record_journeys(app.state.sessionmaker)
    platform = FakeServicePlatform()
    platform.fail(Unavailable("service_platform", "connection refused"))
    pauses = Pauses()
    result = await publish(app, platform, pauses=pauses)
    assert not result.ok and "connection refused" in result.unavailable
    assert result.sent == [] and platform.attempts == 3 and pauses.seconds == [2, 4]
    assert await recorded(app) == []
    platform.fail(None)
    later = await publish(app, platform)
    assert later.ok and len(later.sent) == 4


async def test_a_refused_day_does_not_hold_up_the_others(app: Starlette) -> None:
    await record_journeys(app.state.sessionmaker)
    platform = FakeServicePlatform()
    platform.fail(Rejected("service_platform", "unknown service"), times=1)
    result = await publish(app, platform)
    assert [r.day for r, _error in result.rejected] == [D0]
    assert [r.day for r in result.sent] == [D1, D2, D3]
    # The refused day is tried again next time.
    assert [r.day for r in (await publish(app, platform)).sent] == [D0]


async def test_publishing_over_http_to_the_fake_platform(app: Starlette) -> None:
    await record_journeys(app.state.sessionmaker)
    fake = FakeServicePlatform()
    receiver = create_fake_service_platform(fake)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=receiver),
                                 base_url="http://platform") as client:
        platform = HttpServicePlatform(client, "http://platform")
        assert len((await publish(app, platform)).sent) == 4
        assert (await publish(app, platform)).sent == []
        listing = (await client.get("/usage-reports")).json()["reports"]
    assert [(r["day"], r["revision"]) for r in listing] == [
        (d.isoformat(), 1) for d in (D0, D1, D2, D3)]
    assert listing[3]["figures"]["satisfaction"]["mean"] == 2.75


async def test_the_command_records_what_it_sent(app: Starlette, settings: Settings) -> None:
    await record_journeys(app.state.sessionmaker)
    result = await run_publish(settings, now=NOW)
    assert result.ok and len(result.sent) >= 4
    assert ("labour_complaint", D3.isoformat(), 1) in await recorded(app)
    assert (await run_publish(settings, now=NOW)).sent == []
