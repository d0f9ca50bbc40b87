"""`portal publish-metrics`: the publishing run as a process, built from settings alone."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx

from eservices.registry import REGISTRY
from portal.backends import build_service_platform
from portal.database import create_engine, create_sessionmaker, utcnow
from portal.settings import Settings
from portal.usage_metrics.publishing import PublishPolicy, PublishResult, publish_metrics


def policy_from(settings: Settings) -> PublishPolicy:
    return PublishPolicy(
        abandon_after=timedelta(hours=settings.usage_abandoned_after_hours),
        correction_days=settings.usage_correction_days,
        attempts=max(1, settings.service_platform_attempts),
        retry_base_seconds=float(settings.service_platform_retry_base_seconds),
    )


async def run_publish(settings: Settings, *, now: datetime | None = None) -> PublishResult:
    engine = create_engine(settings.database_url)
    try:
        async with httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=5.0)) as client:
            return await publish_metrics(
                create_sessionmaker(engine), build_service_platform(settings, client),
                registry=REGISTRY, now=now or utcnow(), policy=policy_from(settings))
    finally:
        await engine.dispose()


def summary(result: PublishResult) -> str:
    corrections = sum(1 for report in result.sent if report.revision > 1)
    lines = [f"sent {len(result.sent)} day(s) ({corrections} correction(s)), "
             f"{result.unchanged} unchanged"]
    lines += [f"refused: {report.idempotency_key}: {error}" for report, error in result.rejected]
    if result.unavailable:
        lines.append(f"stopped, the platform is unavailable: {result.unavailable}")
    return "\n".join(lines)
