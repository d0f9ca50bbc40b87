"""The last seats go to exactly as many people as there are seats, on PostgreSQL.

Twenty-four people sign up for a session with three seats left, each on a
connection of their own, all at once; then the three who got seats cancel at
once. Every request is the real service call, with its submission and outbox row.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from eservices.foster_parent_training import service
from eservices.foster_parent_training.models import (
    Placement,
    TrainingBooking,
    TrainingSessionRecord,
)
from eservices.registry import by_slug
from eservices.submissions.models import OutboxEntry, Submission
from portal.migrations import upgrade
from tests.support.postgres import PostgresCluster

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]

PEOPLE = 24
CAPACITY = 10
ALREADY_TAKEN = 7  # three seats left
SERVICE = by_slug("foster_parent_training")
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def seats_database(postgres_cluster: PostgresCluster) -> str:
    url = postgres_cluster.create_database("training_seats")
    upgrade(url)  # outside the event loop: Alembic runs its own
    return url


@pytest.fixture
async def sessionmaker(seats_database: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    # A connection for every person, so nobody waits for the pool: they meet at the row.
    engine = create_async_engine(seats_database, pool_size=PEOPLE + 2, max_overflow=0)
    try:
        yield async_sessionmaker(engine, expire_on_commit=False)
    finally:
        await engine.dispose()


def applicant(number: int) -> service.Applicant:
    return service.Applicant(f"32{number:04d}-{number:05d}", f"Persona {number}")


async def all_at_once(sessionmaker: async_sessionmaker[AsyncSession], count: int,
                      work: Callable[[AsyncSession, int], Awaitable[None]]) -> None:
    """Run `work` for 0..count-1, each in its own transaction on its own connection,
    started together once every connection is open."""
    ready, go = 0, asyncio.Event()

    async def one(number: int) -> None:
        nonlocal ready
        async with sessionmaker() as db:
            await db.connection()  # the transaction is open before anyone starts
            ready += 1
            if ready == count:
                go.set()
            await go.wait()
            await work(db, number)
            await db.commit()

    await asyncio.gather(*(one(number) for number in range(count)))


async def test_three_seats_for_twenty_four_people(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    assert SERVICE is not None
    async with sessionmaker() as db, db.begin():
        db.add(TrainingSessionRecord(
            id="busy", training_type="foster_family", region="riga", place="Centrs",
            address="Baznīcas iela 20, Rīga", first_day=date(2027, 1, 9),
            last_day=date(2027, 1, 30), days=["2027-01-09"], capacity=CAPACITY,
            seats_taken=ALREADY_TAKEN, last_queue_number=0, refreshed_at=NOW))

    async def sign_up(db: AsyncSession, number: int) -> None:
        await service.sign_up(db, service=SERVICE, session_id="busy", applicant=applicant(number),
                              choices=service.SignUpChoices("", "", "portal", "", "lv"), now=NOW)

    await all_at_once(sessionmaker, PEOPLE, sign_up)

    async with sessionmaker() as db:
        record = await db.get_one(TrainingSessionRecord, "busy")
        bookings = list(await db.scalars(
            select(TrainingBooking).order_by(TrainingBooking.queue_number)))
        positions = [await service.waiting_position(db, b) for b in bookings
                     if b.placement == Placement.WAITING]
        submissions = await db.scalar(select(func.count()).select_from(Submission))
        outbox = await db.scalar(select(func.count()).select_from(OutboxEntry))
    placements = [b.placement for b in bookings]
    print(f"\n{PEOPLE} concurrent sign-ups for {CAPACITY - ALREADY_TAKEN} seats: "
          f"{placements.count(Placement.SEAT)} seats, {placements.count(Placement.WAITING)} "
          f"waiting, seats taken {record.seats_taken}/{record.capacity}")
    assert record.seats_taken == CAPACITY
    assert [b.queue_number for b in bookings] == list(range(1, PEOPLE + 1))
    # The first three through the lock sat down; everyone after them waits, in order.
    assert placements == [Placement.SEAT] * 3 + [Placement.WAITING] * (PEOPLE - 3)
    assert positions == list(range(1, PEOPLE - 3 + 1))
    assert submissions == outbox == PEOPLE

    seated = [b for b in bookings if b.placement == Placement.SEAT]
    first_waiting = [b.id for b in bookings if b.placement == Placement.WAITING][:3]

    async def cancel(db: AsyncSession, number: int) -> None:
        booking = await db.get_one(TrainingBooking, seated[number].id)
        person = applicant(int(booking.subject_id[2:6]))
        await service.cancel(db, service=SERVICE, booking=booking, applicant=person,
                             locale="lv", now=NOW)

    await all_at_once(sessionmaker, len(seated), cancel)

    async with sessionmaker() as db:
        record = await db.get_one(TrainingSessionRecord, "busy")
        now_seated = list(await db.scalars(select(TrainingBooking.id).where(
            TrainingBooking.placement == Placement.SEAT).order_by(TrainingBooking.id)))
    assert record.seats_taken == CAPACITY
    assert sorted(now_seated) == sorted(first_waiting)  # the freed seats went in order
