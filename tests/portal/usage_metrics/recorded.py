"""The journeys of `journeys.py` written through `record_usage`, as the views would."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from portal.database import transaction
from portal.usage_metrics import UsageEvent, record_usage
from portal.usage_metrics.models import SatisfactionAnswer
from tests.portal.usage_metrics.journeys import ANSWERS, JOURNEYS, journey_id

SERVICE = "labour_complaint"


async def record_journeys(sessionmaker: async_sessionmaker[AsyncSession],
                          service: str = SERVICE, *, shift: timedelta = timedelta()) -> None:
    """Record them; `shift` moves every time (to put them near today, for instance)."""
    async with transaction(sessionmaker) as db:
        for name, (device, locale, steps) in JOURNEYS.items():
            for kind, step, moment in steps:
                await record_usage(db, service_slug=service, event=UsageEvent(kind),
                                   journey_id=journey_id(name, service), device_class=device,
                                   locale=locale, now=moment + shift, step=step or None)
        for rating, device, locale, moment in ANSWERS:
            db.add(SatisfactionAnswer(service_slug=service, rating=rating, comment="",
                                      device_class=device, locale=locale,
                                      answered_at=moment + shift))
