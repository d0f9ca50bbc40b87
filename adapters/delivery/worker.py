"""The delivery worker: takes due outbox rows and hands them to the back offices.

For each claimed row (see `claims`): load the submission, virus-scan the
attachments that were stored unscanned, build the envelope, stream envelope and
files to the destination's adapter with the row's idempotency key, then record
a `DeliveryAttempt` and the row's new state in one short transaction:

    delivered       row delivered; submission `delivered` (unless the back office
                    has already moved it further) with a status event
    retry           `Unavailable`, or anything unexpected: attempts + 1, the next
                    attempt after a jittered exponential wait (`policy`)
    dead            the same, but the row is older than `dead_after` (counted from an
                    operator's retry, if any: see `schedule_start`); or the back
                    office `Rejected` it (resending it unchanged will not help); or
                    an attachment is infected — then it is never sent, and the
                    submission gets a `rejected` status event (note `INFECTED_NOTE`)

No database transaction stays open while a back office or the scanner works.
A delivery that was made but not recorded (the worker was killed in between)
is made again later; the back office recognises the idempotency key and answers
with its earlier receipt, so it still registers the submission once.

Log lines and `last_error` name the reference, the outcome and the adapter's
message, which never quotes the submission; no personal data.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import socket
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

import anyio
from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import raiseload, selectinload

from adapters.back_office.base import BackOfficeDelivery, OutgoingFile
from adapters.delivery.claims import claim_due, mine, release, renew_claim
from adapters.delivery.policy import DeliveryPolicy
from adapters.errors import Rejected, Unavailable
from adapters.virus_scan.base import VirusScanner
from eservices.attachments import AttachmentNotFound, AttachmentStorage, ScanStatus
from eservices.submissions.envelope import build_envelope
from eservices.submissions.models import (
    Attachment,
    DeliveryAttempt,
    OutboxEntry,
    OutboxState,
    StatusEvent,
    Submission,
    SubmissionStatus,
)
from portal.database import transaction, utcnow

logger = logging.getLogger(__name__)

# The note of the status event a submission gets when an attachment is infected:
# a code, which "My submissions" shows as a translated sentence.
INFECTED_NOTE = "infected_attachment"

_T = TypeVar("_T")


class Outcome(StrEnum):
    DELIVERED = "delivered"
    RETRY = "retry"
    REJECTED = "rejected"
    DEAD = "dead"
    # Another worker holds the row now (our lease lapsed); nothing was recorded.
    LOST = "lost"


class InfectedAttachment(Exception):
    def __init__(self, attachment_id: int, signature: str) -> None:
        super().__init__(f"attachment {attachment_id} is infected ({signature}); not sent")


class ClaimLost(Exception):
    pass


def schedule_start(entry: OutboxEntry) -> datetime:
    """Since when the row has been tried: queued, or put back by an operator."""
    return entry.retried_at or entry.created_at


def failures_in_schedule(entry: OutboxEntry) -> int:
    """Attempts since `schedule_start` (all failed, or the row would not be due)."""
    return entry.attempts - entry.attempts_before_retry


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


class DeliveryWorker:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        back_offices: Mapping[str, BackOfficeDelivery],
        storage: AttachmentStorage,
        scanner: VirusScanner,
        policy: DeliveryPolicy | None = None,
        *,
        name: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.back_offices = back_offices
        self.storage = storage
        self.scanner = scanner
        self.policy = policy or DeliveryPolicy()
        self.name = name or worker_name()
        self.clock = clock
        self.rng = rng or random.Random()  # noqa: S311 - spreads retries; not a secret
        self.outcomes: Counter[Outcome] = Counter()

    async def run(
        self, *, concurrency: int = 1, once: bool = False, stop: anyio.Event | None = None
    ) -> Counter[Outcome]:
        """Deliver until `stop` is set (or, with `once`, until nothing is due).

        A set `stop` lets every lane finish the delivery it is making.
        """
        stop = stop or anyio.Event()
        async with anyio.create_task_group() as lanes:
            for _ in range(max(1, concurrency)):
                lanes.start_soon(self._lane, stop, once)
        return self.outcomes

    async def _lane(self, stop: anyio.Event, once: bool) -> None:
        idle = self.policy.poll_interval.total_seconds()
        while not stop.is_set():
            try:
                if await self._deliver_batch(stop):
                    continue
            except Exception:
                # The database is away: unrecorded claims lapse and are retried.
                logger.exception("delivery worker %s: database error; waiting", self.name)
            if once:
                return
            with anyio.move_on_after(idle):
                await stop.wait()

    async def _deliver_batch(self, stop: anyio.Event) -> bool:
        """Claim a few due rows and deliver them one after the other; False if none.

        Claiming and loading a batch at once saves most of the per-row database
        work. A row is started only while at least half of its claim is left, and
        its claim is renewed from then on (every third of a claim), so no row is
        ever delivered on a lapsed claim; rows not started in time, or when asked
        to stop, are handed back at once.
        """
        claimed_at = self.clock()
        claimed = await claim_due(self.sessionmaker, worker=self.name, now=claimed_at,
                                  lease=self.policy.claim, limit=self.policy.batch)
        loaded = await self._load(claimed)
        for position, outbox_id in enumerate(claimed):
            if stop.is_set() or self.clock() - claimed_at > self.policy.claim / 2:
                await release(self.sessionmaker, claimed[position:], worker=self.name)
                break
            # Shielded: cancelling the worker waits for the delivery under way to be
            # recorded.
            with anyio.CancelScope(shield=True):
                await self._process(loaded.get(outbox_id))
        return bool(claimed)

    async def _load(self, ids: list[int]) -> dict[int, tuple[OutboxEntry, Submission]]:
        if not ids:
            return {}
        async with self.sessionmaker() as db:
            # One query for the rows and their submissions, one for the attachments;
            # the timelines and answers are not needed here (and not loaded).
            rows = (await db.execute(
                select(OutboxEntry, Submission)
                .join(Submission, Submission.id == OutboxEntry.submission_id)
                .where(OutboxEntry.id.in_(ids), OutboxEntry.claimed_by == self.name)
                .options(selectinload(Submission.attachments), raiseload(Submission.events),
                         raiseload(Submission.answers_received))
            )).all()
        return {entry.id: (entry, submission) for entry, submission in rows}

    async def process(self, outbox_id: int) -> Outcome:
        """Deliver one row this worker has claimed and record the result."""
        return await self._process((await self._load([outbox_id])).get(outbox_id))

    async def _process(self, found: tuple[OutboxEntry, Submission] | None) -> Outcome:
        if found is None:  # not (or no longer) claimed by this worker
            return self._count(Outcome.LOST)
        started, clock_start = self.clock(), time.monotonic()
        entry, submission = found
        outbox_id = entry.id
        outcome, error, infected, receipt_id = Outcome.DELIVERED, "", False, ""
        try:
            receipt_id = await self._holding_claim(
                outbox_id, lambda: self._deliver(entry, submission)
            )
        except ClaimLost:
            logger.warning("delivery %s: claim lapsed during delivery; left to its new worker",
                           submission.reference)
            return self._count(Outcome.LOST)
        except InfectedAttachment as exc:
            outcome, error, infected = Outcome.DEAD, str(exc), True
        except Rejected as exc:
            outcome, error = Outcome.REJECTED, str(exc)
        except Unavailable as exc:
            outcome, error = Outcome.RETRY, str(exc)
        except AttachmentNotFound:
            outcome, error = Outcome.RETRY, "an attachment is missing from storage"
        except Exception as exc:
            # A bug or an unforeseen failure must not stop the worker or lose the row;
            # the traceback goes to the log, the row is retried and eventually dead.
            logger.exception("delivery %s: unexpected error", submission.reference)
            outcome, error = Outcome.RETRY, f"unexpected {type(exc).__name__}"
        duration_ms = int((time.monotonic() - clock_start) * 1000)
        now = self.clock()
        if outcome is Outcome.RETRY and self.policy.gives_up(schedule_start(entry), now):
            outcome = Outcome.DEAD
        recorded = await self._record(entry, submission, outcome, error, started, duration_ms,
                                      infected=infected)
        if not recorded:
            return self._count(Outcome.LOST)
        detail = f": {error}" if error else f" as {receipt_id or '(no id)'}"
        logger.log(logging.INFO if outcome is Outcome.DELIVERED else logging.WARNING,
                   "delivery %s to %s: %s%s (attempt %d, %d ms)", submission.reference,
                   entry.destination, outcome.value, detail, entry.attempts + 1, duration_ms)
        return self._count(outcome)

    def _count(self, outcome: Outcome) -> Outcome:
        self.outcomes[outcome] += 1
        return outcome

    async def _deliver(self, entry: OutboxEntry, submission: Submission) -> str:
        back_office = self.back_offices.get(entry.destination)
        if back_office is None:
            raise Rejected(entry.destination, "no delivery adapter for this destination")
        await self._scan(submission.attachments)
        files = [
            OutgoingFile(item.filename, item.content_type, item.size,
                         self.storage.open_reader(item.storage_key))
            for item in submission.attachments
        ]
        receipt = await back_office.deliver(build_envelope(submission), files,
                                            entry.idempotency_key)
        return receipt.back_office_id

    async def _scan(self, attachments: list[Attachment]) -> None:
        """Scan what was stored unscanned; infected files stop the delivery for good."""
        for attachment in attachments:
            if attachment.scan_status == ScanStatus.CLEAN:
                continue
            result = await self.scanner.scan(self.storage.open_reader(attachment.storage_key))
            if result.infected:
                raise InfectedAttachment(attachment.id, result.signature or "unknown")
            # Remembered at once: a retry after a failed delivery need not scan again.
            async with transaction(self.sessionmaker) as db:
                await db.execute(update(Attachment).where(Attachment.id == attachment.id)
                                 .values(scan_status=ScanStatus.CLEAN))
            attachment.scan_status = ScanStatus.CLEAN

    async def _holding_claim(self, outbox_id: int, work: Callable[[], Awaitable[_T]]) -> _T:
        """Run `work`, renewing the lease meanwhile; `ClaimLost` if it went to another."""
        lost = False
        results: list[_T] = []
        errors: list[Exception] = []

        async def renew(scope: anyio.CancelScope) -> None:
            nonlocal lost
            period = self.policy.claim.total_seconds() / 3
            while True:
                await anyio.sleep(period)
                try:
                    still_mine = await renew_claim(self.sessionmaker, outbox_id, worker=self.name,
                                                   until=self.clock() + self.policy.claim)
                except Exception:  # the database blinked: try again next period
                    logger.warning("could not renew claim on outbox row %d", outbox_id)
                    continue
                if not still_mine:
                    lost = True
                    scope.cancel()
                    return

        async with anyio.create_task_group() as group:
            group.start_soon(renew, group.cancel_scope)
            try:
                results.append(await work())
            except Exception as exc:  # re-raised below, outside the task group
                errors.append(exc)
            group.cancel_scope.cancel()
        if lost:
            raise ClaimLost
        if errors:
            raise errors[0]
        return results[0]

    async def _record(
        self,
        entry: OutboxEntry,
        submission: Submission,
        outcome: Outcome,
        error: str,
        started: datetime,
        duration_ms: int,
        *,
        infected: bool,
    ) -> bool:
        now = self.clock()
        released: dict[str, Any] = {"claimed_by": "", "claimed_until": None, "last_error": error}
        if outcome is Outcome.DELIVERED:
            values = {**released, "state": OutboxState.DELIVERED, "delivered_at": now,
                      "attempts": entry.attempts + 1}
        elif outcome is Outcome.RETRY:
            delay = self.policy.retry_delay(failures_in_schedule(entry) + 1, self.rng)
            values = {**released, "attempts": entry.attempts + 1, "next_attempt_at": now + delay}
        else:
            values = {**released, "state": OutboxState.DEAD, "attempts": entry.attempts + 1}
        async with transaction(self.sessionmaker) as db:
            result = await db.execute(
                update(OutboxEntry).where(*mine(entry.id, self.name)).values(**values)
                .execution_options(synchronize_session=False)
            )
            assert isinstance(result, CursorResult)
            if result.rowcount != 1:
                return False
            # Plain INSERTs rather than the unit of work: this runs once per delivery.
            await db.execute(insert(DeliveryAttempt).values(
                outbox_id=entry.id, worker=self.name, started_at=started,
                duration_ms=duration_ms, outcome=outcome.value, error=error))
            if outcome is Outcome.DELIVERED:
                await self._set_status(db, submission, SubmissionStatus.DELIVERED,
                                       entry.destination, "", now)
            elif infected:
                await self._set_status(db, submission, SubmissionStatus.REJECTED, "portal",
                                       INFECTED_NOTE, now)
        return True

    @staticmethod
    async def _set_status(db: AsyncSession, submission: Submission, status: SubmissionStatus,
                          source: str, note: str, now: datetime) -> None:
        # Only a submission still waiting for delivery moves: a back office may have
        # sent "in review" through the inbound API before this receipt was recorded.
        await db.execute(
            update(Submission)
            .where(Submission.id == submission.id, Submission.status == SubmissionStatus.RECEIVED)
            .values(status=status, status_changed_at=now)
            .execution_options(synchronize_session=False)
        )
        await db.execute(insert(StatusEvent).values(
            submission_id=submission.id, status=status, note=note, source=source, at=now))
