"""What the inbound API does to the data, apart from HTTP: through the request's
session, flushing only (the middleware commits)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from eservices.attachments import StoredAttachment
from eservices.submissions.models import Answer, StatusEvent, Submission
from eservices.submissions.reference import normalise_reference
from portal.inbound_api.models import QueuePositionReport
from portal.inbound_api.payloads import QueuePosition, StatusUpdate
from portal.notifications.queue import enqueue_answer_notification


async def find_submission(db: AsyncSession, reference: str, back_office: str) -> Submission | None:
    """The submission with this reference routed to this back office.

    Another back office's submission is "not found" exactly like a missing one,
    so a back office learns nothing about submissions that are not its own.
    """
    canonical = normalise_reference(reference)
    if canonical is None:
        return None
    found: Submission | None = await db.scalar(
        select(Submission).where(Submission.reference == canonical,
                                 Submission.destination == back_office)
    )
    return found


async def apply_status(
    db: AsyncSession, submission: Submission, update: StatusUpdate, source: str
) -> None:
    """Add the event to the timeline; the current status is that of the latest event.

    Updates may arrive out of order (retries, several back-office processes), so
    an older event joins the timeline without overriding a newer status. The same
    event sent twice is recorded once.
    """
    for event in submission.events:
        if (event.status, event.note, event.source, event.at) == (
            update.status, update.note, source, update.occurred_at
        ):
            return
    db.add(StatusEvent(submission_id=submission.id, status=update.status, note=update.note,
                       source=source, at=update.occurred_at))
    if update.occurred_at >= submission.status_changed_at:
        submission.status = update.status
        submission.status_changed_at = update.occurred_at
    await db.flush()


class KeyReused(Exception):
    """The back office used an idempotency key already used for a different answer."""


@dataclass(frozen=True, slots=True)
class RecordedAnswer:
    answer: Answer
    created: bool  # False: the same answer was sent before, under the same key


def answer_digest(submission: Submission, text: str, file: StoredAttachment | None) -> str:
    """What a resend under the same key must repeat: submission, text, file name and bytes."""
    sent = {"submission": submission.id, "text": text,
            "file": None if file is None else {"name": file.filename, "sha256": file.sha256}}
    return hashlib.sha256(json.dumps(sent, sort_keys=True).encode()).hexdigest()


async def _answer_with_key(db: AsyncSession, source: str, key: str) -> Answer | None:
    found: Answer | None = await db.scalar(
        select(Answer).where(Answer.source == source, Answer.idempotency_key == key))
    return found


async def record_answer(
    db: AsyncSession,
    submission: Submission,
    text: str,
    file: StoredAttachment | None,
    now: datetime,
    *,
    source: str,
    key: str,
) -> RecordedAnswer:
    """Store the answer and queue its notification, once per (`source`, `key`).

    The same answer sent again under its key gives back the first one, stored and
    announced once; a different one under a used key raises `KeyReused`. Of two
    copies arriving at once, the unique index lets one in; the other waits for it
    and then gives back its answer. Call it before any other write of the request.
    """
    digest = answer_digest(submission, text, file)
    earlier = await _answer_with_key(db, source, key)
    if earlier is None:
        answer = Answer(
            submission_id=submission.id,
            text=text,
            file_key=file.key if file else "",
            file_name=file.filename if file else "",
            file_type=file.content_type.value if file else "",
            file_size=file.size if file else 0,
            received_at=now,
            notified_channel="",
            source=source,
            idempotency_key=key,
            request_sha256=digest,
        )
        db.add(answer)
        try:
            await db.flush()
        except IntegrityError:
            # Another copy got in first. Nothing else was written in this transaction
            # (no savepoint: SQLite's driver would commit on releasing it), so it is
            # rolled back whole; the submission is read again for the caller.
            await db.rollback()
            await db.refresh(submission)
            earlier = await _answer_with_key(db, source, key)
            if earlier is None:  # not the key's index that refused it
                raise
        else:
            await enqueue_answer_notification(db, answer, submission, now)
            return RecordedAnswer(answer, created=True)
    if earlier.request_sha256 != digest:
        raise KeyReused
    return RecordedAnswer(earlier, created=False)


async def unknown_references(
    db: AsyncSession, reports: Sequence[QueuePosition], back_office: str
) -> tuple[dict[str, str], list[str]]:
    """(canonical reference -> submission id, references not found for this back office)."""
    canonical = {r.reference: normalise_reference(r.reference) for r in reports}
    wanted = {c for c in canonical.values() if c is not None}
    rows = (await db.execute(
        select(Submission.reference, Submission.id)
        .where(Submission.reference.in_(wanted), Submission.destination == back_office)
    )).all() if wanted else []
    ids = {reference: submission_id for reference, submission_id in rows}
    missing = sorted({given for given, c in canonical.items() if c not in ids})
    return {given: ids[c] for given, c in canonical.items() if c in ids}, missing


async def record_queue_positions(
    db: AsyncSession,
    reports: Sequence[QueuePosition],
    submission_ids: dict[str, str],
    back_office: str,
    now: datetime,
) -> tuple[int, int]:
    """Store new reports; return (stored, already known)."""
    keys = {(submission_ids[r.reference], r.reported_at) for r in reports}
    rows = await db.execute(
        select(QueuePositionReport.submission_id, QueuePositionReport.reported_at)
        .where(tuple_(QueuePositionReport.submission_id, QueuePositionReport.reported_at)
               .in_(list(keys)))
    )
    known = {(submission_id, reported_at) for submission_id, reported_at in rows}
    stored = 0
    for report in reports:
        key = (submission_ids[report.reference], report.reported_at)
        if key in known:
            continue
        known.add(key)
        try:
            # A savepoint each: the same report arriving twice at once must not
            # fail the whole batch at commit time.
            async with db.begin_nested():
                db.add(QueuePositionReport(
                    submission_id=key[0], source=back_office, position=report.position,
                    queue_size=report.queue_size, reported_at=report.reported_at,
                    received_at=now,
                ))
        except IntegrityError:
            continue
        stored += 1
    return stored, len(reports) - stored
