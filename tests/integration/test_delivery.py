"""Delivery over real HTTP between real processes: portal, workers, fake back office.

Nothing is lost and nothing is registered twice, whatever happens to the
processes: a worker killed with SIGKILL in the middle of deliveries, a back
office that is down for a while, two workers draining one PostgreSQL queue.
"""

from __future__ import annotations

import os

import anyio
import httpx
import pytest
from sqlalchemy import func, select

from adapters.virus_scan.fake import EICAR
from eservices.attachments import ScanStatus
from eservices.submissions.models import DeliveryAttempt, OutboxEntry, Submission
from tests.integration.conftest import Harness

pytestmark = pytest.mark.anyio


async def test_every_submission_arrives_once_and_statuses_come_back(
    on_postgres: Harness,
) -> None:
    harness = on_postgres
    portal, portal_url = harness.stack.start_portal()
    harness.stack.start_backoffice(portal_url=portal_url)
    submissions = await harness.queue(
        12, files=lambda i: [os.urandom(1024 * (i + 1)), os.urandom(300 * 1024)][: 1 + i % 2]
    )
    big = await harness.queue(1, files=lambda i: [os.urandom(8 * 1024 * 1024)])
    harness.stack.start_worker(concurrency=2)

    await harness.wait_delivered(13)
    await harness.assert_each_received_once(submissions + big)
    assert all(item["receive_count"] == 1 for item in await harness.received())

    # The back office answers through the portal's inbound API, with its signed token.
    first = submissions[0]
    async with httpx.AsyncClient(base_url=harness.stack.backoffice_url) as client:
        sent = await client.post("/control/send-status", json={
            "system": "vdi", "reference": first.reference, "status": "in_review",
            "note": "Nodots inspektoram"})
    assert sent.json()["portal_status"] == 200, sent.text
    async with harness.sessionmaker() as db:
        stored = await db.get(Submission, first.id)
        assert stored is not None
        assert stored.status == "in_review"
        assert [(e.status, e.source) for e in stored.events] == [
            ("received", "portal"), ("delivered", "vdi"), ("in_review", "vdi")]
    assert portal.running


async def test_a_worker_killed_mid_delivery_loses_and_duplicates_nothing(
    on_both: Harness,
) -> None:
    harness = on_both
    harness.stack.start_backoffice()
    async with httpx.AsyncClient(base_url=harness.stack.backoffice_url) as client:
        await client.post("/control/fail", json={"mode": "slow", "seconds": 0.25})
    submissions = await harness.queue(16)
    worker = harness.stack.start_worker(concurrency=4)

    await harness.wait_delivered(4)
    async with harness.sessionmaker() as db:
        in_flight = await db.scalar(select(func.count()).select_from(OutboxEntry)
                                    .where(OutboxEntry.state == "pending",
                                           OutboxEntry.claimed_by != ""))
    worker.kill()
    assert in_flight, "the worker was killed with no delivery under way"
    assert (await harness.outbox())["delivered"] < 16

    harness.stack.start_worker("worker-2", concurrency=4)
    await harness.wait_delivered(16)
    await harness.assert_each_received_once(submissions)
    assert await harness.outbox() == {"delivered": 16}


async def test_a_back_office_down_for_a_while_loses_nothing(on_postgres: Harness) -> None:
    harness = on_postgres
    backoffice = harness.stack.start_backoffice()
    first = await harness.queue(6)
    harness.stack.start_worker(concurrency=2)
    await harness.wait_delivered(6)

    backoffice.kill()
    second = await harness.queue(8)

    async def retried() -> bool:
        async with harness.sessionmaker() as db:
            failed = await db.scalar(select(func.count()).select_from(OutboxEntry)
                                     .where(OutboxEntry.attempts > 0,
                                            OutboxEntry.state == "pending"))
            return bool(failed and failed >= 8)

    await harness.wait_for(retried, "every new row has failed at least once")
    await anyio.sleep(1)
    assert (await harness.outbox())["delivered"] == 6

    harness.stack.start_backoffice()  # same port, same data directory
    await harness.wait_delivered(14)
    await harness.assert_each_received_once(first + second)
    async with harness.sessionmaker() as db:
        errors = list(await db.scalars(select(DeliveryAttempt.error)
                                       .where(DeliveryAttempt.outcome == "retry")))
    assert errors and all("ConnectError" in error or "timed out" in error for error in errors)


async def test_two_workers_on_postgresql_deliver_each_row_once(on_postgres: Harness) -> None:
    harness = on_postgres
    harness.stack.start_backoffice()
    async with httpx.AsyncClient(base_url=harness.stack.backoffice_url) as client:
        # Slow enough that one worker alone needs several poll intervals for the queue,
        # so the other always gets a share, even on a busy machine.
        await client.post("/control/fail", json={"mode": "slow", "seconds": 0.5})
    # Small batches, and both workers up before the queue fills, so both take part.
    harness.stack.worker_settings["delivery_batch_size"] = "2"
    workers = [harness.stack.start_worker(name, concurrency=3)
               for name in ("worker-a", "worker-b")]

    async def both_started() -> bool:
        return all("lane(s)" in worker.log() for worker in workers)

    await harness.wait_for(both_started, "both workers have started")
    submissions = await harness.queue(40, files=lambda i: [])

    await harness.wait_delivered(40)
    await harness.assert_each_received_once(submissions)
    assert all(item["receive_count"] == 1 for item in await harness.received())
    async with harness.sessionmaker() as db:
        attempts = (await db.execute(select(DeliveryAttempt.outbox_id, DeliveryAttempt.worker)
                                     )).all()
    assert len(attempts) == 40 and len({row for row, _ in attempts}) == 40
    assert len({worker for _, worker in attempts}) == 2  # both took part


async def test_a_delivery_failing_past_its_age_is_a_dead_letter(on_sqlite: Harness) -> None:
    harness = on_sqlite
    harness.stack.start_backoffice()
    async with httpx.AsyncClient(base_url=harness.stack.backoffice_url) as client:
        await client.post("/control/fail", json={"system": "vdi", "mode": "error"})
    harness.stack.worker_settings["delivery_dead_after_seconds"] = "3"
    harness.stack.start_worker()
    [submission] = await harness.queue(1)

    async def dead() -> bool:
        return (await harness.outbox())["dead"] == 1

    await harness.wait_for(dead, "the row is a dead letter")
    async with harness.sessionmaker() as db:
        row = await db.scalar(select(OutboxEntry))
        outcomes = list(await db.scalars(select(DeliveryAttempt.outcome)
                                         .order_by(DeliveryAttempt.id)))
    assert row is not None and "HTTP 503" in row.last_error
    # Retried while young, given up once older than three seconds.
    assert outcomes[-1] == "dead" and set(outcomes[:-1]) <= {"retry"}
    assert row.attempts == len(outcomes)
    async with httpx.AsyncClient(base_url=harness.stack.backoffice_url) as client:
        await client.post("/control/fail", json={"mode": "ok"})
    await anyio.sleep(1)
    assert await harness.received() == []
    assert (await harness.outbox())["dead"] == 1, submission.reference


async def test_an_infected_attachment_never_reaches_the_back_office(on_both: Harness) -> None:
    harness = on_both
    harness.stack.start_backoffice()
    [clean] = await harness.queue(1, files=lambda i: [b"clean"], scan=ScanStatus.NOT_SCANNED)
    [infected] = await harness.queue(1, files=lambda i: [b"ok", b"x" + EICAR + b"x"],
                                     scan=ScanStatus.NOT_SCANNED)
    harness.stack.start_worker()

    async def settled() -> bool:
        return await harness.outbox() == {"delivered": 1, "dead": 1}

    await harness.wait_for(settled, "one row is delivered and one dead")
    assert [item["reference"] for item in await harness.received()] == [clean.reference]
    async with harness.sessionmaker() as db:
        refused = await db.get(Submission, infected.id)
        assert refused is not None
        assert refused.status == "rejected"
        assert [event.status for event in refused.events] == ["received", "rejected"]
    assert "infected" in harness.stack.processes[-1].log()
    assert infected.reference in harness.stack.processes[-1].log()


async def test_sigterm_lets_the_delivery_under_way_finish(on_sqlite: Harness) -> None:
    harness = on_sqlite
    harness.stack.start_backoffice()
    async with httpx.AsyncClient(base_url=harness.stack.backoffice_url) as client:
        await client.post("/control/fail", json={"mode": "slow", "seconds": 1.5})
    await harness.queue(3, files=lambda i: [])
    worker = harness.stack.start_worker()

    async def under_way() -> bool:
        # The slow back office stores a submission, then waits before answering: once
        # it holds one, that delivery is certainly in flight (a claim alone may not be).
        return bool(await harness.received())

    await harness.wait_for(under_way, "a delivery is under way")
    assert worker.stop() == 0
    outbox = await harness.outbox()
    assert outbox["delivered"] >= 1 and outbox["delivered"] + outbox["pending"] == 3
    async with harness.sessionmaker() as db:
        claimed = await db.scalar(select(func.count()).select_from(OutboxEntry)
                                  .where(OutboxEntry.claimed_by != ""))
    assert claimed == 0
    assert "finishing the deliveries under way" in worker.log()
