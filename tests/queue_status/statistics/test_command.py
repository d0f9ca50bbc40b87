"""`portal worker` recomputes the statistics when the stored snapshot is stale."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from queue_status.statistics.command import recompute_when_due
from queue_status.statistics.models import QueueStatisticsSnapshot
from tests.queue_status.statistics.requests import NOW, fixed_requests, insert

pytestmark = pytest.mark.anyio

HOUR = timedelta(hours=1)


async def computed_at(app: Starlette) -> list[object]:
    async with app.state.sessionmaker() as session:
        return list(await session.scalars(select(QueueStatisticsSnapshot.computed_at)))


async def test_a_snapshot_is_made_when_none_or_a_stale_one_exists(app: Starlette) -> None:
    await insert(app.state.sessionmaker, fixed_requests())
    sessionmaker = app.state.sessionmaker
    assert await recompute_when_due(sessionmaker, NOW, HOUR)
    assert not await recompute_when_due(sessionmaker, NOW + timedelta(minutes=59), HOUR)
    assert await computed_at(app) == [NOW]
    assert await recompute_when_due(sessionmaker, NOW + HOUR, HOUR)
    assert await computed_at(app) == [NOW + HOUR]


async def test_an_empty_snapshot_is_remade_as_soon_as_requests_arrive(app: Starlette) -> None:
    sessionmaker = app.state.sessionmaker
    assert await recompute_when_due(sessionmaker, NOW, HOUR)  # nothing mirrored yet
    assert not await recompute_when_due(sessionmaker, NOW + timedelta(minutes=1), HOUR)
    await insert(sessionmaker, fixed_requests())  # the first sync
    assert await recompute_when_due(sessionmaker, NOW + timedelta(minutes=2), HOUR)
    assert not await recompute_when_due(sessionmaker, NOW + timedelta(minutes=3), HOUR)
