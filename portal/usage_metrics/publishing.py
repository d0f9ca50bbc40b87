"""`portal publish-metrics`: each finished day of each e-service to the service platform.

A day is sent when it is finished (see `periods.last_finished_day`) and has not
been sent yet, and sent again — as the next revision, which replaces the
platform's copy — when its figures have changed since (a journey thought
abandoned came back, a late satisfaction answer). Days older than
`correction_days` are not looked at again once sent. A re-run with nothing new
sends nothing: every sent revision is recorded with the digest of its figures.

The platform being down is retried a few times with growing pauses; if it stays
down the run stops, keeps what it recorded, and the next run carries on from there.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import anyio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.errors import Rejected, Unavailable
from adapters.service_platform.base import PublishReceipt, ServicePlatform, UsageReport
from eservices.registry import EService
from portal.database import transaction
from portal.usage_metrics.models import UsagePublication
from portal.usage_metrics.periods import days_from, last_finished_day
from portal.usage_metrics.reports import first_usage_day, measured_services, usage_figures

logger = logging.getLogger(__name__)

# Figures are computed for at most this many days at once, to bound the memory a
# first run over a long history needs.
CHUNK_DAYS = 31


@dataclass(frozen=True, slots=True)
class PublishPolicy:
    abandon_after: timedelta = timedelta(hours=24)
    correction_days: int = 35
    attempts: int = 4
    retry_base_seconds: float = 2.0


@dataclass
class PublishResult:
    sent: list[UsageReport] = field(default_factory=list)
    unchanged: int = 0
    rejected: list[tuple[UsageReport, str]] = field(default_factory=list)
    # Set when the platform stayed down: the run stopped there.
    unavailable: str = ""

    @property
    def ok(self) -> bool:
        return not self.rejected and not self.unavailable


def digest(figures: dict[str, Any]) -> str:
    canonical = json.dumps(figures, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Sent:
    revision: int
    digest: str


async def _latest_sent(session: AsyncSession) -> dict[tuple[str, date], Sent]:
    latest: dict[tuple[str, date], Sent] = {}
    rows = await session.execute(
        select(UsagePublication.service_slug, UsagePublication.day, UsagePublication.revision,
               UsagePublication.digest).order_by(UsagePublication.revision))
    for service, day, revision, figures_digest in rows:
        latest[(service, day)] = Sent(revision, figures_digest)
    return latest


def _chunks(days: Sequence[date]) -> list[list[date]]:
    """Runs of consecutive days, at most CHUNK_DAYS long."""
    runs: list[list[date]] = []
    for day in days:
        if runs and day - runs[-1][-1] == timedelta(days=1) and len(runs[-1]) < CHUNK_DAYS:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


async def publish_metrics(
    sessionmaker: async_sessionmaker[AsyncSession],
    platform: ServicePlatform,
    *,
    registry: Sequence[EService],
    now: datetime,
    policy: PublishPolicy | None = None,
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
) -> PublishResult:
    policy = policy or PublishPolicy()
    result = PublishResult()
    last = last_finished_day(now, policy.abandon_after)
    async with sessionmaker() as session:
        first = await first_usage_day(session)
        services = await measured_services(session, registry)
        sent = await _latest_sent(session)
    if first is None or first > last:
        return result
    recent = max(first, last - timedelta(days=policy.correction_days - 1))
    for service in services:
        days = [d for d in days_from(first, last) if d >= recent or (service, d) not in sent]
        for run in _chunks(days):
            async with sessionmaker() as session:
                figures = await usage_figures(session, service, run[0], run[-1], now=now,
                                              abandon_after=policy.abandon_after)
            for day in run:
                document = figures.days[day].as_dict()
                previous = sent.get((service, day))
                if previous is not None and previous.digest == digest(document):
                    result.unchanged += 1
                    continue
                report = UsageReport(service=service, day=day, figures=document,
                                     revision=previous.revision + 1 if previous else 1)
                try:
                    receipt = await _with_retries(platform, report, policy, sleep)
                except Rejected as exc:
                    logger.error("usage metrics %s refused: %s", report.idempotency_key, exc)
                    result.rejected.append((report, str(exc)))
                    continue
                except Unavailable as exc:
                    logger.error("usage metrics: the platform stayed down (%s); stopping", exc)
                    result.unavailable = str(exc)
                    return result
                sent[(service, day)] = await _record(sessionmaker, report, receipt, now)
                result.sent.append(report)
    return result


async def _with_retries(
    platform: ServicePlatform,
    report: UsageReport,
    policy: PublishPolicy,
    sleep: Callable[[float], Awaitable[None]],
) -> PublishReceipt:
    for attempt in range(1, policy.attempts + 1):
        try:
            return await platform.publish(report)
        except Unavailable as exc:
            if attempt == policy.attempts:
                raise
            pause = policy.retry_base_seconds * 2 ** (attempt - 1)
            logger.warning("usage metrics %s: %s; retrying in %.0f s", report.idempotency_key,
                           exc, pause)
            await sleep(pause)
    raise AssertionError("unreachable: the last attempt returns or raises")


async def _record(
    sessionmaker: async_sessionmaker[AsyncSession],
    report: UsageReport,
    receipt: PublishReceipt,
    now: datetime,
) -> Sent:
    # One transaction per day sent: a run stopped half-way keeps what got through.
    row = UsagePublication(service_slug=report.service, day=report.day,
                           revision=report.revision, figures=dict(report.figures),
                           digest=digest(dict(report.figures)),
                           platform_id=receipt.platform_id[:100], sent_at=now)
    async with transaction(sessionmaker) as session:
        session.add(row)
    logger.info("usage metrics %s sent%s", report.idempotency_key,
                " (a correction)" if report.revision > 1 else "")
    return Sent(row.revision, row.digest)
