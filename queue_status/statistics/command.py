"""Recomputing the public statistics: `portal recompute-queue-statistics`, the demo at
start, and `portal worker` whenever the stored snapshot is older than
`queue_statistics_interval_seconds` (or empty while there are requests)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import anyio
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from portal.database import create_engine, create_sessionmaker, transaction, utcnow
from portal.settings import Settings
from queue_status.models import TechnicalAidRequest
from queue_status.statistics.aggregation import latest_snapshot, recompute_statistics
from queue_status.statistics.models import QueueStatistic
from queue_status.statistics.periods import period_key

logger = logging.getLogger(__name__)

# How often the worker looks at the snapshot's age (one small query).
CHECK_SECONDS = 60


async def recompute(sessionmaker: async_sessionmaker[AsyncSession], now: datetime) -> str:
    """A new snapshot in one transaction; says what it holds."""
    async with transaction(sessionmaker) as session:
        snapshot = await recompute_statistics(session, now)
        queues = await session.scalar(select(func.count()).select_from(QueueStatistic).where(
            QueueStatistic.snapshot_id == snapshot.id))
    return (f"queue statistics recomputed: {queues or 0} queue(s), months "
            f"{period_key(snapshot.first_month)} to {period_key(snapshot.last_month)}")


async def run_recompute(settings: Settings, *, now: datetime | None = None) -> str:
    engine = create_engine(settings.database_url)
    try:
        return await recompute(create_sessionmaker(engine), now or utcnow())
    finally:
        await engine.dispose()


async def recompute_when_due(sessionmaker: async_sessionmaker[AsyncSession], now: datetime,
                             interval: timedelta) -> bool:
    """Due when the snapshot is older than `interval`, or when it has no queue while the
    mirror now holds requests (a new portal's first sync: figures at once, not an
    interval later)."""
    async with sessionmaker() as session:
        snapshot = await latest_snapshot(session)
        if snapshot is not None and now - snapshot.computed_at < interval:
            empty = await session.scalar(select(QueueStatistic.snapshot_id).where(
                QueueStatistic.snapshot_id == snapshot.id).limit(1)) is None
            if not empty or await session.scalar(
                    select(TechnicalAidRequest.id).limit(1)) is None:
                return False
    logger.info(await recompute(sessionmaker, now))
    return True


async def keep_statistics_fresh(sessionmaker: async_sessionmaker[AsyncSession],
                                settings: Settings) -> None:
    """The worker's loop; a failure is logged and tried again at the next check."""
    interval = timedelta(seconds=settings.queue_statistics_interval_seconds)
    while True:
        try:
            await recompute_when_due(sessionmaker, utcnow(), interval)
        except Exception:
            logger.exception("recomputing the queue statistics failed; trying again later")
        await anyio.sleep(min(CHECK_SECONDS, settings.queue_statistics_interval_seconds))
