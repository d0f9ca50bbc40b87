"""Queued submissions as the e-service pages leave them: stored files, one outbox row.

`queue_submission` goes through `submit_draft`, the portal's own path from a
draft to the outbox, with real files in the attachment storage. Used by the
worker tests, the integration tests and `bench/deliveries.py`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from eservices.attachments import AttachmentStorage, ScanStatus
from eservices.attachments.storage import new_key
from eservices.registry import EService, by_slug
from eservices.submissions.models import (
    Answer,
    Attachment,
    DeliveryAttempt,
    Draft,
    OutboxEntry,
    StatusEvent,
    Submission,
)
from eservices.submissions.service import Submitter, submit_draft
from portal.database import transaction, utcnow

ILZE = Submitter(subject_kind="self", subject_id="325781-40219", subject_name="Ilze Kalniņa",
                 actor_personal_code="325781-40219", actor_name="Ilze Kalniņa",
                 representation="self")
COMPLAINT = by_slug("labour_complaint")
TECHNICAL_AID = by_slug("technical_aid")
ANSWERS = {"about": {"topic": "Algas kavējums", "employer": "40003000001"},
           "details": {"text": "Alga nav izmaksāta kopš oktobra."}}
# Tables these tests write, children first.
TABLES = (DeliveryAttempt, OutboxEntry, StatusEvent, Answer, Attachment, Submission, Draft)


async def store_file(storage: AttachmentStorage, data: bytes) -> str:
    key = new_key()
    writer = await storage.open_writer(key)
    await writer.write(data)
    await writer.commit()
    return key


async def queue_submission(
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: AttachmentStorage,
    *,
    files: Sequence[bytes] = (b"%PDF-1.7 pay slip",),
    service: EService | None = COMPLAINT,
    scan: ScanStatus = ScanStatus.CLEAN,
    now: datetime | None = None,
) -> Submission:
    assert service is not None
    now = now or utcnow()
    keys = [await store_file(storage, data) for data in files]
    async with transaction(sessionmaker) as db:
        draft = Draft(id=str(uuid.uuid4()), service_slug=service.slug, subject_kind="self",
                      subject_id=ILZE.subject_id, actor_personal_code=ILZE.actor_personal_code,
                      answers=ANSWERS, last_step="details", created_at=now, updated_at=now,
                      expires_at=now + timedelta(days=30))
        db.add(draft)
        for index, (key, data) in enumerate(zip(keys, files, strict=True)):
            db.add(Attachment(draft_id=draft.id, field_name="evidence", storage_key=key,
                              filename=f"pierādījums-{index}.pdf", size=len(data),
                              content_type="application/pdf",
                              sha256=hashlib.sha256(data).hexdigest(), scan_status=scan,
                              uploaded_at=now))
        await db.flush()
        submitted = await submit_draft(db, service=service, draft=draft, submitter=ILZE,
                                       locale="lv", now=now)
    # Read back as a worker sees it, attachments included (the object `submit_draft`
    # returns does not know of the attachments it moved over with one UPDATE).
    async with sessionmaker() as db:
        submission = await db.get(Submission, submitted.id)
        assert submission is not None
        return submission


async def empty_tables(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        for model in TABLES:
            await connection.execute(delete(model))
