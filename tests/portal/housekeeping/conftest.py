"""Submissions of every age, made straight in the database, and the sample e-service."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from starlette.applications import Starlette

from eservices.attachments import AttachmentStorage
from eservices.attachments.storage import new_key
from eservices.submissions.models import (
    Answer,
    Attachment,
    OutboxEntry,
    OutboxState,
    StatusEvent,
    Submission,
    SubmissionStatus,
)
from eservices.submissions.reference import new_reference
from portal.notifications.models import AnswerNotification
from tests.eservices.submissions.conftest import PDF, sample_app, web

__all__ = ["sample_app", "web"]

DAY = timedelta(days=1)


async def stored_file(storage: AttachmentStorage) -> str:
    key = new_key()
    writer = await storage.open_writer(key)
    await writer.write(PDF)
    await writer.commit()
    return key


@dataclass
class Made:
    id: str
    attachment_keys: list[str] = field(default_factory=list)
    answer_keys: list[str] = field(default_factory=list)


async def make_submission(
    app: Starlette, now: datetime, *, delivered_days_ago: int | None, quiet_days: int,
    answer_days_ago: int | None = None, notification: str | None = None,
    outbox_state: str = OutboxState.DELIVERED,
) -> Made:
    """A submission sent `quiet_days` ago (its last status then), delivered or not,
    with one attached file and, optionally, one answer with a document."""
    storage: AttachmentStorage = app.state.storage
    sent = now - timedelta(days=quiet_days)
    made = Made(str(uuid.uuid4()))
    async with app.state.sessionmaker() as db:
        db.add(Submission(
            id=made.id, reference=new_reference("TST"), draft_id=str(uuid.uuid4()),
            service_slug="labour_complaint", destination="vdi", subject_kind="self",
            subject_id="32578140219", subject_name="Ilze Kalniņa",
            actor_personal_code="325781-40219", actor_name="Ilze Kalniņa",
            representation="self", answers={"about": {"topic": "Algas kavējums"}},
            answer_channel="email", contact_email="ilze@example.lv", locale="lv",
            status=SubmissionStatus.DELIVERED if delivered_days_ago is not None
            else SubmissionStatus.RECEIVED,
            submitted_at=sent, status_changed_at=sent))
        await db.flush()
        key = await stored_file(storage)
        made.attachment_keys.append(key)
        db.add(Attachment(submission_id=made.id, field_name="evidence", storage_key=key,
                          filename="līgums.pdf", size=len(PDF), content_type="application/pdf",
                          sha256="0" * 64, scan_status="clean", uploaded_at=sent))
        db.add(StatusEvent(submission_id=made.id, status=SubmissionStatus.RECEIVED,
                           source="portal", at=sent))
        delivered = (now - timedelta(days=delivered_days_ago)
                     if delivered_days_ago is not None else None)
        db.add(OutboxEntry(
            submission_id=made.id, destination="vdi", idempotency_key=str(uuid.uuid4()),
            state=outbox_state if delivered is not None else OutboxState.PENDING, attempts=1,
            created_at=sent, next_attempt_at=sent, claimed_by="", delivered_at=delivered,
            last_error=""))
        if answer_days_ago is not None:
            answer_key = await stored_file(storage)
            made.answer_keys.append(answer_key)
            answer = Answer(submission_id=made.id, text="Atbilde ar personas datiem",
                            file_key=answer_key, file_name="atbilde.pdf",
                            file_type="application/pdf", file_size=len(PDF),
                            received_at=now - timedelta(days=answer_days_ago))
            db.add(answer)
            await db.flush()
            if notification is not None:
                db.add(AnswerNotification(answer_id=answer.id, channel="email",
                                          state=notification, attempts=0,
                                          created_at=answer.received_at,
                                          next_attempt_at=answer.received_at, last_error=""))
        await db.commit()
    return made


async def submission(app: Starlette, submission_id: str) -> Submission:
    async with app.state.sessionmaker() as db:
        found = await db.scalar(select(Submission).where(Submission.id == submission_id))
        assert found is not None
        return found


async def exists(storage: AttachmentStorage, keys: list[str]) -> list[bool]:
    return [await storage.exists(key) for key in keys]
