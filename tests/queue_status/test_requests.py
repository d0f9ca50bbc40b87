"""The request mirror: changes in any order and more than once give one state and one
history; reads of a family; the feed followed by the sync (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from starlette.applications import Starlette

from adapters.spolis.aids_fake import FakeTechnicalAidQueues
from adapters.spolis.technical_aids import AidRequestChange
from queue_status.models import Aid, AidGroup, TechnicalAidRequest, TechnicalAidRequestEvent
from queue_status.requests import history_of, record_change, record_changes, requests_of
from queue_status.sync import sync_technical_aids

pytestmark = pytest.mark.anyio

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RECEIVED = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def change(request_id: str = "TPL-1", personal_code: str = "320000-00001", *,
           minutes: int = 0, status: str = "received", position: int | None = None,
           size: int | None = None) -> AidRequestChange:
    return AidRequestChange(
        request_id=request_id, personal_code=personal_code, reference=None,
        aid_code="12-22-03", group_code="12-22", provider="vaivari", status=status,
        position=position, queue_size=size, applied_at=T0, queued_at=None, issued_at=None,
        changed_at=T0 + timedelta(minutes=minutes))


LIFE = [change(minutes=0), change(minutes=10, status="under_review"),
        change(minutes=20, status="in_queue", position=5, size=5),
        change(minutes=30, status="in_queue", position=3, size=6),
        change(minutes=40, status="offered")]


async def test_a_change_told_twice_is_stored_once(app: Starlette) -> None:
    async with app.state.sessionmaker() as session:
        assert await record_change(session, LIFE[2], RECEIVED) is True
        assert await record_change(session, LIFE[2], RECEIVED) is False
        await session.commit()
        (row,) = await requests_of(session, ["320000-00001"])
        assert (row.status, row.position, row.queue_size) == ("in_queue", 5, 5)
        assert [e.status for e in (await history_of(session, ["TPL-1"]))["TPL-1"]] == [
            "in_queue"]


async def test_an_older_change_joins_the_history_without_overriding(app: Starlette) -> None:
    async with app.state.sessionmaker() as session:
        await record_change(session, LIFE[3], RECEIVED)
        assert await record_change(session, LIFE[1], RECEIVED) is True
        await session.commit()
        (row,) = await requests_of(session, ["320000-00001"])
        assert (row.status, row.position) == ("in_queue", 3)
        history = (await history_of(session, ["TPL-1"]))["TPL-1"]
        assert [e.status for e in history] == ["under_review", "in_queue"]


@settings(max_examples=15, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(LIFE + LIFE[:2]))
async def test_any_order_gives_the_latest_state_and_the_whole_history(
        app: Starlette, order: list[AidRequestChange]) -> None:
    async with app.state.sessionmaker() as session:
        # Hypothesis runs every example in the same test: start each from nothing.
        await session.execute(delete(TechnicalAidRequestEvent))
        await session.execute(delete(TechnicalAidRequest))
        for item in order:
            await record_change(session, item, RECEIVED)
        await session.commit()
        (row,) = await requests_of(session, ["320000-00001"])
        assert (row.status, row.changed_at) == ("offered", LIFE[-1].changed_at)
        history = (await history_of(session, ["TPL-1"]))["TPL-1"]
        assert [e.changed_at for e in history] == [c.changed_at for c in LIFE]


async def test_the_batch_writer_agrees_with_one_by_one(app: Starlette) -> None:
    async with app.state.sessionmaker() as session:
        await record_change(session, LIFE[1], RECEIVED)
        await session.commit()
    async with app.state.sessionmaker() as session:
        assert await record_changes(session, [*LIFE, LIFE[4]], RECEIVED) == 4
        await session.commit()
        (row,) = await requests_of(session, ["320000-00001"])
        assert row.status == "offered"
        assert len((await history_of(session, ["TPL-1"]))["TPL-1"]) == len(LIFE)


async def test_a_family_s_requests_newest_first_and_nobody_else_s(app: Starlette) -> None:
    async with app.state.sessionmaker() as session:
        for index, code in enumerate(["320000-00001", "320000-00002", "320000-00003"]):
            item = replace(change(f"TPL-{index}", code), applied_at=T0 + timedelta(days=index))
            await record_change(session, item, RECEIVED)
        await session.commit()
        found = await requests_of(session, ["320000-00001", "320000-00003"])
        assert [r.id for r in found] == ["TPL-2", "TPL-0"]
        assert await requests_of(session, []) == []


async def test_the_sync_fills_the_catalogue_and_the_queues_and_resumes(app: Starlette) -> None:
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    fake = FakeTechnicalAidQueues(now)
    first = await sync_technical_aids(app.state.sessionmaker, fake, now)
    assert first.catalogue_refreshed and first.error is None
    assert first.changes_read == first.changes_stored > 300
    async with app.state.sessionmaker() as session:
        assert len((await session.scalars(select(AidGroup))).all()) >= 12
        assert (await session.scalars(select(Aid))).all()
    (placed,) = fake.place("TPL-2026-0001", "320000-00009", ["22-06-15"],
                           now + timedelta(minutes=1))
    again = await sync_technical_aids(app.state.sessionmaker, fake, now + timedelta(minutes=2))
    # Received and in the queue: from SPOLIS' cursor, nothing is read twice.
    assert again.changes_read == again.changes_stored == 2
    async with app.state.sessionmaker() as session:
        (row,) = await requests_of(session, ["320000-00009"])
        assert (row.id, row.status, row.position) == (placed.request_id, "in_queue",
                                                      placed.position)
    fake.fail_with()
    down = await sync_technical_aids(app.state.sessionmaker, fake, now)
    assert down.error and not down.catalogue_refreshed


async def test_a_newer_push_does_not_make_the_sync_skip_older_unread_changes(
    app: Starlette,
) -> None:
    now = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    fake = FakeTechnicalAidQueues(now)
    await sync_technical_aids(app.state.sessionmaker, fake, now)
    # While the worker is down for hours, SPOLIS places one request (unread yet) and
    # pushes a much later change of another one straight to the portal.
    (placed,) = fake.place("TPL-2026-0002", "320000-00010", ["22-06-15"],
                           now + timedelta(minutes=1))
    async with app.state.sessionmaker() as session:
        pushed = replace(change("TPL-LATER", "320000-00011"), changed_at=now + timedelta(hours=5))
        await record_change(session, pushed, RECEIVED)
        await session.commit()
    await sync_technical_aids(app.state.sessionmaker, fake, now + timedelta(hours=6))
    async with app.state.sessionmaker() as session:
        (row,) = await requests_of(session, ["320000-00010"])
        assert (row.id, row.status) == (placed.request_id, "in_queue")
