"""Claiming outbox rows: due ones only, each by one worker, leases that lapse."""

from __future__ import annotations

import random
from datetime import timedelta

import anyio
import pytest
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.delivery.claims import claim_due, renew_claim
from adapters.delivery.policy import DeliveryPolicy
from eservices.attachments import LocalDirectoryStorage
from eservices.submissions.models import OutboxEntry
from portal.database import create_engine, create_sessionmaker, utcnow
from tests.adapters.delivery.queued import empty_tables, queue_submission

pytestmark = pytest.mark.anyio

Sessions = async_sessionmaker[AsyncSession]
LEASE = timedelta(minutes=5)


async def queue(sessionmaker: Sessions, storage: LocalDirectoryStorage, count: int) -> list[int]:
    for _ in range(count):
        await queue_submission(sessionmaker, storage, files=[])
    async with sessionmaker() as db:
        return list(await db.scalars(select(OutboxEntry.id).order_by(OutboxEntry.id)))


async def test_due_rows_are_claimed_oldest_first_and_only_once(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    ids = await queue(sessionmaker, storage, 3)
    now = utcnow()
    first = await claim_due(sessionmaker, worker="a", now=now, lease=LEASE, limit=2)
    second = await claim_due(sessionmaker, worker="b", now=now, lease=LEASE, limit=5)
    third = await claim_due(sessionmaker, worker="c", now=now, lease=LEASE, limit=5)
    assert (first, second, third) == (ids[:2], ids[2:], [])


async def test_rows_not_yet_due_or_finished_are_not_claimed(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    ids = await queue(sessionmaker, storage, 2)
    async with sessionmaker() as db, db.begin():
        await db.execute(update(OutboxEntry).where(OutboxEntry.id == ids[0])
                         .values(next_attempt_at=utcnow() + timedelta(minutes=1)))
        await db.execute(update(OutboxEntry).where(OutboxEntry.id == ids[1])
                         .values(state="delivered"))
    assert await claim_due(sessionmaker, worker="a", now=utcnow(), lease=LEASE, limit=5) == []


async def test_a_lapsed_claim_goes_to_another_worker(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    [row] = await queue(sessionmaker, storage, 1)
    now = utcnow()
    assert await claim_due(sessionmaker, worker="killed", now=now, lease=LEASE) == [row]
    assert await claim_due(sessionmaker, worker="b", now=now + LEASE / 2, lease=LEASE) == []
    later = now + LEASE + timedelta(seconds=1)
    assert await claim_due(sessionmaker, worker="b", now=later, lease=LEASE) == [row]
    # The killed worker's renewal, should it come back to life, no longer counts.
    assert not await renew_claim(sessionmaker, row, worker="killed", until=later + LEASE)
    assert await renew_claim(sessionmaker, row, worker="b", until=later + LEASE)


async def test_workers_claiming_at_once_never_share_a_row(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    ids = await queue(sessionmaker, storage, 40)
    won: dict[str, list[int]] = {}

    async def claim_all(worker: str) -> None:
        mine: list[int] = []
        while claimed := await claim_due(sessionmaker, worker=worker, now=utcnow(),
                                         lease=LEASE, limit=3):
            mine += claimed
        won[worker] = mine

    async with anyio.create_task_group() as group:
        for worker in ("a", "b", "c", "d"):
            group.start_soon(claim_all, worker)
    every = [row for rows in won.values() for row in rows]
    assert sorted(every) == ids
    async with sessionmaker() as db:
        owners = dict((await db.execute(select(OutboxEntry.id, OutboxEntry.claimed_by))).all())
    assert all(owners[row] == worker for worker, rows in won.items() for row in rows)


async def test_postgresql_skips_a_row_locked_by_another_claim(
    postgres_database_url: str, storage: LocalDirectoryStorage
) -> None:
    # Row locks are PostgreSQL's; SQLite serialises writers instead (tested above).
    engine = create_engine(postgres_database_url)
    sessionmaker = create_sessionmaker(engine)
    try:
        first, second = await queue(sessionmaker, storage, 2)
        async with sessionmaker() as db, db.begin():
            # Another worker's claim transaction, still open, holds the first row.
            await db.execute(text("SELECT id FROM outbox WHERE id = :id FOR UPDATE"),
                             {"id": first})
            with anyio.fail_after(5):  # skipped, not waited for
                claimed = await claim_due(sessionmaker, worker="b", now=utcnow(), lease=LEASE,
                                          limit=2)
        assert claimed == [second]
    finally:
        await empty_tables(engine)
        await engine.dispose()


def test_retry_waits_grow_with_jitter_up_to_the_cap() -> None:
    policy = DeliveryPolicy(retry_base=timedelta(seconds=10), retry_cap=timedelta(seconds=60))
    rng = random.Random(7)
    for failures, bound in [(1, 10), (2, 20), (3, 40), (4, 60), (50, 60)]:
        waits = [policy.retry_delay(failures, rng).total_seconds() for _ in range(200)]
        assert min(waits) >= 0 and max(waits) <= bound
        assert max(waits) > bound * 0.8  # spread over the whole range: "full jitter"


def test_a_delivery_is_given_up_after_the_dead_line() -> None:
    policy = DeliveryPolicy(dead_after=timedelta(days=3))
    created = utcnow()
    assert not policy.gives_up(created, created + timedelta(days=2, hours=23))
    assert policy.gives_up(created, created + timedelta(days=3))
