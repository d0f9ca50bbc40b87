"""Turning a draft into a submission: one transaction, one outbox row.

`submit_draft` writes the submission, moves the draft's attachments onto it,
records the first status event and queues the delivery — all through the
caller's session, so the request middleware commits them together or not at
all. A draft can be submitted once: a second call (a double click, a resent
form) finds the submission already made from it and returns that one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from eservices.registry import EService
from eservices.submissions.models import (
    Attachment,
    Draft,
    OutboxEntry,
    OutboxState,
    StatusEvent,
    Submission,
    SubmissionStatus,
)
from eservices.submissions.reference import new_reference

REFERENCE_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class Submitter:
    """Who sends it, and for whom (the subject), as established by representation."""

    subject_kind: str
    subject_id: str
    subject_name: str
    actor_personal_code: str
    actor_name: str
    representation: str


async def submit_draft(
    db: AsyncSession,
    *,
    service: EService,
    draft: Draft,
    submitter: Submitter,
    locale: str,
    now: datetime,
    answer_channel: str = "portal",
    contact_email: str = "",
) -> Submission:
    existing = await db.scalar(select(Submission).where(Submission.draft_id == draft.id))
    if existing is not None:
        return existing
    for _attempt in range(REFERENCE_ATTEMPTS):
        submission = Submission(
            id=str(uuid.uuid4()),
            reference=new_reference(service.reference_prefix),
            draft_id=draft.id,
            service_slug=service.slug,
            destination=service.destination.value,
            subject_kind=submitter.subject_kind,
            subject_id=submitter.subject_id,
            subject_name=submitter.subject_name,
            actor_personal_code=submitter.actor_personal_code,
            actor_name=submitter.actor_name,
            representation=submitter.representation,
            answers=dict(draft.answers),
            answer_channel=answer_channel,
            contact_email=contact_email,
            locale=locale,
            status=SubmissionStatus.RECEIVED,
            submitted_at=now,
            status_changed_at=now,
        )
        try:
            async with db.begin_nested():
                db.add(submission)
                await db.flush()
        except IntegrityError:
            # Either the reference was drawn twice, or the same draft was submitted
            # concurrently by a second request; tell the two apart.
            existing = await db.scalar(select(Submission).where(Submission.draft_id == draft.id))
            if existing is not None:
                return existing
            continue
        break
    else:  # pragma: no cover - 31**7 references per prefix make this astronomically rare
        raise RuntimeError("could not draw a free reference number")

    await db.execute(
        update(Attachment)
        .where(Attachment.draft_id == draft.id)
        .values(submission_id=submission.id, draft_id=None)
    )
    db.add(
        StatusEvent(
            submission_id=submission.id, status=SubmissionStatus.RECEIVED, source="portal", at=now
        )
    )
    db.add(
        OutboxEntry(
            submission_id=submission.id,
            destination=submission.destination,
            idempotency_key=submission.reference,
            state=OutboxState.PENDING,
            attempts=0,
            created_at=now,
            next_attempt_at=now,
            claimed_by="",
            last_error="",
        )
    )
    await db.delete(draft)
    await db.flush()
    return submission
