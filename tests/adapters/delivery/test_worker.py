"""The delivery worker against the in-memory back office, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import anyio
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.back_office.base import DeliveryReceipt, OutgoingFile
from adapters.back_office.fake import FakeBackOffice
from adapters.delivery.policy import DeliveryPolicy
from adapters.delivery.worker import INFECTED_NOTE, DeliveryWorker, Outcome
from adapters.errors import Rejected, Unavailable
from adapters.virus_scan.fake import EICAR, FakeVirusScanner
from eservices.attachments import LocalDirectoryStorage, ScanStatus
from eservices.submissions.models import (
    Attachment,
    DeliveryAttempt,
    OutboxEntry,
    OutboxState,
    StatusEvent,
    Submission,
    SubmissionStatus,
)
from portal.database import utcnow
from tests.adapters.delivery.queued import TECHNICAL_AID, queue_submission

pytestmark = pytest.mark.anyio

Sessions = async_sessionmaker[AsyncSession]
POLICY = DeliveryPolicy(retry_base=timedelta(seconds=10), retry_cap=timedelta(minutes=5),
                        dead_after=timedelta(days=3), claim=timedelta(minutes=5),
                        poll_interval=timedelta(milliseconds=50))


class HalfWay(random.Random):
    """Every retry waits half its bound: never due again within the same pass."""

    def random(self) -> float:
        return 0.5


class Offices(dict[str, FakeBackOffice]):
    def __init__(self) -> None:
        super().__init__({system: FakeBackOffice(system) for system in ("vdi", "spolis", "siva")})


def make_worker(sessionmaker: Sessions, storage: LocalDirectoryStorage,
                back_offices: Mapping[str, Any], scanner: FakeVirusScanner | None = None,
                policy: DeliveryPolicy = POLICY, **kwargs: Any) -> DeliveryWorker:
    kwargs.setdefault("rng", HalfWay())
    return DeliveryWorker(sessionmaker, back_offices, storage, scanner or FakeVirusScanner(),
                          policy, **kwargs)


async def outbox_row(sessionmaker: Sessions, submission: Submission) -> OutboxEntry:
    async with sessionmaker() as db:
        row = await db.scalar(select(OutboxEntry).where(
            OutboxEntry.submission_id == submission.id))
        assert row is not None
        return row


async def reload(sessionmaker: Sessions, submission: Submission) -> Submission:
    async with sessionmaker() as db:
        found = await db.get(Submission, submission.id)
        assert found is not None
        return found


async def attempts_of(sessionmaker: Sessions, row: OutboxEntry) -> list[DeliveryAttempt]:
    async with sessionmaker() as db:
        return list(await db.scalars(select(DeliveryAttempt)
                                     .where(DeliveryAttempt.outbox_id == row.id)))


async def test_a_queued_submission_is_delivered_and_recorded(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    offices = Offices()
    submission = await queue_submission(sessionmaker, storage,
                                        files=[b"%PDF-1.7 a", b"%PDF-1.7 bb"])
    outcomes = await make_worker(sessionmaker, storage, offices).run(once=True)

    assert outcomes == {Outcome.DELIVERED: 1}
    received = offices["vdi"].received[submission.reference]
    assert received.envelope["reference"] == submission.reference
    assert [f.size for f in received.files] == [10, 11]
    row = await outbox_row(sessionmaker, submission)
    assert (row.state, row.attempts, row.claimed_by, row.last_error) == (
        OutboxState.DELIVERED, 1, "", "")
    assert row.delivered_at is not None
    assert [a.outcome for a in await attempts_of(sessionmaker, row)] == ["delivered"]
    stored = await reload(sessionmaker, submission)
    assert stored.status == SubmissionStatus.DELIVERED
    assert [(e.status, e.source) for e in stored.events] == [
        ("received", "portal"), ("delivered", "vdi")]


async def test_submissions_go_to_their_own_back_office(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    offices = Offices()
    aid = await queue_submission(sessionmaker, storage, service=TECHNICAL_AID)
    await make_worker(sessionmaker, storage, offices).run(once=True)
    assert list(offices["spolis"].received) == [aid.reference]
    assert offices["vdi"].received == {}


async def test_an_unavailable_back_office_means_a_later_retry(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    offices = Offices()
    offices["vdi"].fail(Unavailable("vdi", "HTTP 503: POST /vdi/submissions"))
    submission = await queue_submission(sessionmaker, storage)
    before = utcnow()
    outcomes = await make_worker(sessionmaker, storage, offices).run(once=True)

    assert outcomes == {Outcome.RETRY: 1}
    row = await outbox_row(sessionmaker, submission)
    assert (row.state, row.attempts, row.claimed_by, row.claimed_until) == (
        OutboxState.PENDING, 1, "", None)
    assert "HTTP 503" in row.last_error
    assert before <= row.next_attempt_at <= utcnow() + POLICY.retry_base
    assert (await reload(sessionmaker, submission)).status == SubmissionStatus.RECEIVED

    offices["vdi"].fail(None)
    await make_worker(sessionmaker, storage, offices, clock=lambda: utcnow() + POLICY.retry_base
                      ).run(once=True)
    row = await outbox_row(sessionmaker, submission)
    assert (row.state, row.attempts) == (OutboxState.DELIVERED, 2)
    assert [a.outcome for a in await attempts_of(sessionmaker, row)] == ["retry", "delivered"]


async def test_a_delivery_failing_past_the_dead_line_is_a_dead_letter(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    offices = Offices()
    offices["vdi"].fail(Unavailable("vdi", "timed out: POST /vdi/submissions"))
    submission = await queue_submission(sessionmaker, storage)
    later = utcnow() + POLICY.dead_after
    outcomes = await make_worker(sessionmaker, storage, offices, clock=lambda: later
                                 ).run(once=True)
    assert outcomes == {Outcome.DEAD: 1}
    row = await outbox_row(sessionmaker, submission)
    assert row.state == OutboxState.DEAD
    assert row.last_error == "vdi: timed out: POST /vdi/submissions"


async def test_a_rejected_delivery_is_a_dead_letter_at_once(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    offices = Offices()
    offices["vdi"].fail(Rejected("vdi", "HTTP 422 (SHA-256 or size mismatch)"))
    submission = await queue_submission(sessionmaker, storage)
    assert await make_worker(sessionmaker, storage, offices).run(once=True) == {
        Outcome.REJECTED: 1}
    row = await outbox_row(sessionmaker, submission)
    assert row.state == OutboxState.DEAD and "SHA-256" in row.last_error


async def test_an_infected_attachment_is_never_sent(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    offices = Offices()
    submission = await queue_submission(sessionmaker, storage, files=[b"clean", EICAR],
                                        scan=ScanStatus.NOT_SCANNED)
    assert await make_worker(sessionmaker, storage, offices).run(once=True) == {Outcome.DEAD: 1}
    assert offices["vdi"].attempts == 0
    row = await outbox_row(sessionmaker, submission)
    assert row.state == OutboxState.DEAD
    assert "infected (Eicar-Test-Signature)" in row.last_error
    stored = await reload(sessionmaker, submission)
    assert stored.status == SubmissionStatus.REJECTED
    assert (stored.events[-1].status, stored.events[-1].note) == ("rejected", INFECTED_NOTE)


async def test_unscanned_files_are_scanned_first(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    offices, scanner = Offices(), FakeVirusScanner()
    submission = await queue_submission(sessionmaker, storage, files=[b"scan me"],
                                        scan=ScanStatus.NOT_SCANNED)
    scanner.available = False
    worker = make_worker(sessionmaker, storage, offices, scanner)
    assert await worker.run(once=True) == {Outcome.RETRY: 1}
    assert offices["vdi"].attempts == 0  # held, not sent unscanned

    scanner.available = True
    worker.clock = lambda: utcnow() + POLICY.retry_base
    await worker.run(once=True)
    assert list(offices["vdi"].received) == [submission.reference]
    assert scanner.scanned_bytes == len(b"scan me")
    async with sessionmaker() as db:
        statuses = await db.scalars(select(Attachment.scan_status))
        assert list(statuses) == [ScanStatus.CLEAN]


async def test_a_delivery_made_but_not_recorded_is_recognised(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    """The worker was killed after the back office took it: the retry gets the old receipt."""
    offices = Offices()
    submission = await queue_submission(sessionmaker, storage, files=[])
    await offices["vdi"].deliver({"attachments": []}, [], submission.reference)
    await make_worker(sessionmaker, storage, offices).run(once=True)
    assert offices["vdi"].received[submission.reference].receive_count == 2
    assert len(offices["vdi"].received) == 1
    assert (await outbox_row(sessionmaker, submission)).state == OutboxState.DELIVERED


async def test_a_later_status_from_the_back_office_is_not_undone(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    submission = await queue_submission(sessionmaker, storage)
    async with sessionmaker() as db, db.begin():
        await db.execute(update(Submission).values(status=SubmissionStatus.IN_REVIEW))
    await make_worker(sessionmaker, storage, Offices()).run(once=True)
    stored = await reload(sessionmaker, submission)
    assert stored.status == SubmissionStatus.IN_REVIEW
    assert stored.events[-1].status == "delivered"


class SlowBackOffice:
    """Takes `seconds` per delivery and says when one has started."""

    def __init__(self, seconds: float) -> None:
        self.system = "vdi"
        self.inner = FakeBackOffice("vdi")
        self.seconds = seconds
        self.started = anyio.Event()

    async def deliver(self, envelope: Mapping[str, Any], files: Sequence[OutgoingFile],
                      idempotency_key: str) -> DeliveryReceipt:
        self.started.set()
        await anyio.sleep(self.seconds)
        return await self.inner.deliver(envelope, files, idempotency_key)


async def test_the_claim_is_renewed_during_a_long_delivery(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    slow = SlowBackOffice(1.2)
    short_claims = POLICY.__class__(claim=timedelta(seconds=0.3),
                                    poll_interval=timedelta(milliseconds=20))
    submission = await queue_submission(sessionmaker, storage)
    first = make_worker(sessionmaker, storage, {"vdi": slow}, policy=short_claims)
    other_office = FakeBackOffice("vdi")
    other = make_worker(sessionmaker, storage, {"vdi": other_office}, policy=short_claims)
    async with anyio.create_task_group() as group:
        group.start_soon(lambda: first.run(once=True))
        await slow.started.wait()
        # Well past the first claim's 0.3 s: only renewals keep the row from `other`.
        with anyio.move_on_after(1.0):
            while True:
                await other.run(once=True)
                await anyio.sleep(0.05)
    assert other_office.attempts == 0
    assert list(slow.inner.received) == [submission.reference]
    assert (await outbox_row(sessionmaker, submission)).state == OutboxState.DELIVERED


async def test_a_stop_request_lets_the_delivery_under_way_finish(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    slow = SlowBackOffice(0.3)
    for _ in range(3):
        await queue_submission(sessionmaker, storage, files=[])
    stop = anyio.Event()
    worker = make_worker(sessionmaker, storage, {"vdi": slow})
    async with anyio.create_task_group() as group:
        group.start_soon(lambda: worker.run(stop=stop))
        await slow.started.wait()
        stop.set()
    assert worker.outcomes == {Outcome.DELIVERED: 1}
    async with sessionmaker() as db:
        states = list(await db.scalars(select(OutboxEntry.state).order_by(OutboxEntry.id)))
        claimed = list(await db.scalars(select(OutboxEntry.claimed_by)))
    assert sorted(states) == ["delivered", "pending", "pending"]
    assert claimed == ["", "", ""]


async def test_concurrent_lanes_deliver_everything_once(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    offices = Offices()
    references = {(await queue_submission(sessionmaker, storage)).reference for _ in range(12)}
    outcomes = await make_worker(sessionmaker, storage, offices).run(once=True, concurrency=4)
    assert outcomes == {Outcome.DELIVERED: 12}
    assert set(offices["vdi"].received) == references
    assert all(r.receive_count == 1 for r in offices["vdi"].received.values())


async def test_a_row_taken_over_by_another_worker_is_left_alone(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    submission = await queue_submission(sessionmaker, storage)
    worker = make_worker(sessionmaker, storage, Offices(), name="first")
    far: datetime = utcnow() + timedelta(hours=1)
    async with sessionmaker() as db, db.begin():
        await db.execute(update(OutboxEntry).values(claimed_by="second", claimed_until=far))
    row = await outbox_row(sessionmaker, submission)
    assert await worker.process(row.id) == Outcome.LOST
    assert await attempts_of(sessionmaker, row) == []
    async with sessionmaker() as db:
        assert list(await db.scalars(select(StatusEvent.status))) == ["received"]


async def test_claimed_rows_not_started_in_time_are_handed_back(
    sessionmaker: Sessions, storage: LocalDirectoryStorage
) -> None:
    """A batch's later rows are started only while half of their claim is left."""
    offices = Offices()
    for _ in range(3):
        await queue_submission(sessionmaker, storage, files=[])
    claimed_at = utcnow()
    moments = iter([claimed_at] + [claimed_at + POLICY.claim / 2 + timedelta(seconds=1)] * 10)
    worker = make_worker(sessionmaker, storage, offices, clock=lambda: next(moments))
    assert await worker._deliver_batch(anyio.Event())  # it did claim
    assert worker.outcomes == {}
    assert offices["vdi"].attempts == 0
    async with sessionmaker() as db:
        rows = (await db.execute(select(OutboxEntry.state, OutboxEntry.claimed_by))).all()
    assert [tuple(row) for row in rows] == [("pending", "")] * 3
