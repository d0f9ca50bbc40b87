"""Reading the events of a period from the database and computing its figures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from eservices.registry import EService
from portal.usage_metrics.aggregates import Answer, Event, UsageFigures, compute
from portal.usage_metrics.models import SatisfactionAnswer, UsageEventRecord
from portal.usage_metrics.periods import day_start, days_from, local_day


async def usage_figures(
    session: AsyncSession,
    service_slug: str,
    first_day: date,
    last_day: date,
    *,
    now: datetime,
    abandon_after: timedelta,
) -> UsageFigures:
    """The figures of one e-service for each day from `first_day` to `last_day`."""
    start, end = day_start(first_day), day_start(last_day + timedelta(days=1))
    # Whole journeys, not only the window's events: a journey touched in the window
    # but submitted after it was not abandoned.
    touched = select(UsageEventRecord.journey_id).where(
        UsageEventRecord.service_slug == service_slug,
        UsageEventRecord.occurred_at >= start, UsageEventRecord.occurred_at < end)
    records = await session.scalars(
        select(UsageEventRecord).where(UsageEventRecord.journey_id.in_(touched))
        .order_by(UsageEventRecord.id))
    events = [Event(journey_id=r.journey_id, kind=r.kind, occurred_at=r.occurred_at,
                    device_class=r.device_class, locale=r.locale, step=r.step,
                    seconds_to_complete=r.seconds_to_complete) for r in records]
    rows = await session.scalars(select(SatisfactionAnswer).where(
        SatisfactionAnswer.service_slug == service_slug,
        SatisfactionAnswer.answered_at >= start, SatisfactionAnswer.answered_at < end))
    answers = [Answer(rating=a.rating, answered_at=a.answered_at, device_class=a.device_class,
                      locale=a.locale) for a in rows]
    return compute(events, answers, days_from(first_day, last_day), now=now,
                   abandon_after=abandon_after)


async def measured_services(session: AsyncSession, registry: Sequence[EService]) -> list[str]:
    """The e-services that can be used, and any other that has events, in registry order."""
    seen = set(await session.scalars(select(UsageEventRecord.service_slug).distinct()))
    order = [s.slug for s in registry]
    slugs = {s.slug for s in registry if s.available} | seen
    return sorted(slugs, key=lambda slug: (order.index(slug) if slug in order else len(order),
                                           slug))


async def first_usage_day(session: AsyncSession) -> date | None:
    """The first day anything was measured in the portal: publishing starts there."""
    first = await session.scalar(select(func.min(UsageEventRecord.occurred_at)))
    return local_day(first) if first is not None else None
