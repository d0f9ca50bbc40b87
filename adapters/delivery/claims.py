"""Claiming due outbox rows, so that each is delivered by one worker at a time.

A claim is a lease written into the row (`claimed_by`, `claimed_until`), in a
transaction of its own that commits before any delivery starts: no database
lock is held while a back office is slow, and a worker killed mid-delivery
leaves a lease that simply lapses, after which another worker takes the row.
The worker renews the lease while it delivers, so a long upload does not lose
it; every later write checks `claimed_by`, so a worker that did lose it
changes nothing.

PostgreSQL: one statement, `UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP
LOCKED)`. Concurrent workers skip each other's rows instead of waiting for
them, so several worker processes drain one queue without contention.

SQLite has no row locks, but it runs one writer at a time: candidates are read
first, then each is taken with a conditional UPDATE (compare-and-set) that
repeats the conditions; `rowcount` says whether this worker won it. Each UPDATE
is its own transaction, which is also what keeps SQLite from refusing an
upgrade of a read transaction whose snapshot another writer has moved past.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from eservices.submissions.models import OutboxEntry, OutboxState


def _due(now: datetime) -> list[ColumnElement[bool]]:
    return [
        OutboxEntry.state == OutboxState.PENDING,
        OutboxEntry.next_attempt_at <= now,
        or_(OutboxEntry.claimed_until.is_(None), OutboxEntry.claimed_until < now),
    ]


async def claim_due(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    worker: str,
    now: datetime,
    lease: timedelta,
    limit: int = 1,
) -> list[int]:
    """Claim up to `limit` due rows for `worker`, oldest due first; their ids."""
    claimed = {"claimed_by": worker, "claimed_until": now + lease}
    async with sessionmaker() as db:
        if db.get_bind().dialect.name == "postgresql":
            async with db.begin():
                candidates = (
                    select(OutboxEntry.id)
                    .where(*_due(now))
                    .order_by(OutboxEntry.next_attempt_at, OutboxEntry.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
                result = await db.execute(
                    update(OutboxEntry)
                    .where(OutboxEntry.id.in_(candidates.scalar_subquery()))
                    .values(**claimed)
                    .returning(OutboxEntry.id)
                    .execution_options(synchronize_session=False)
                )
                return sorted(result.scalars())
        async with db.begin():
            candidate_ids = list(await db.scalars(
                select(OutboxEntry.id)
                .where(*_due(now))
                .order_by(OutboxEntry.next_attempt_at, OutboxEntry.id)
                .limit(limit)
            ))
        won = []
        for outbox_id in candidate_ids:
            async with db.begin():
                if await _set_if(db, [OutboxEntry.id == outbox_id, *_due(now)], claimed):
                    won.append(outbox_id)
        return won


async def renew_claim(
    sessionmaker: async_sessionmaker[AsyncSession],
    outbox_id: int,
    *,
    worker: str,
    until: datetime,
) -> bool:
    """Extend the lease; False when the row is no longer this worker's."""
    async with sessionmaker() as db, db.begin():
        return await _set_if(db, mine(outbox_id, worker), {"claimed_until": until})


async def release(
    sessionmaker: async_sessionmaker[AsyncSession], ids: list[int], *, worker: str
) -> None:
    """Hand rows this worker claimed but did not start back to every worker at once."""
    if ids:
        async with sessionmaker() as db, db.begin():
            await db.execute(
                update(OutboxEntry)
                .where(OutboxEntry.id.in_(ids), OutboxEntry.claimed_by == worker)
                .values(claimed_by="", claimed_until=None)
                .execution_options(synchronize_session=False)
            )


def mine(outbox_id: int, worker: str) -> list[ColumnElement[bool]]:
    """The row, as long as it is pending and claimed by `worker`."""
    return [
        OutboxEntry.id == outbox_id,
        OutboxEntry.state == OutboxState.PENDING,
        OutboxEntry.claimed_by == worker,
    ]


async def _set_if(
    db: AsyncSession, conditions: list[ColumnElement[bool]], values: dict[str, Any]
) -> bool:
    result = await db.execute(
        update(OutboxEntry)
        .where(*conditions)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    return result.rowcount == 1
