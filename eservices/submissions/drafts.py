"""Drafts: saved on every step, one per e-service and subject, expiring after a while."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from eservices.submissions.models import Attachment, Draft


async def find_draft(db: AsyncSession, *, service_slug: str, subject_kind: str, subject_id: str,
                     now: datetime) -> Draft | None:
    return await db.scalar(
        select(Draft)
        .where(Draft.service_slug == service_slug, Draft.subject_kind == subject_kind,
               Draft.subject_id == subject_id, Draft.expires_at > now)
        .order_by(Draft.updated_at.desc())
        .limit(1)
    )


async def drafts_of(db: AsyncSession, *, subject_kind: str, subject_id: str,
                    now: datetime) -> list[Draft]:
    rows = await db.scalars(
        select(Draft)
        .where(Draft.subject_kind == subject_kind, Draft.subject_id == subject_id,
               Draft.expires_at > now)
        .order_by(Draft.updated_at.desc())
    )
    return list(rows)


async def start_draft(db: AsyncSession, *, service_slug: str, subject_kind: str,
                      subject_id: str, actor_personal_code: str, now: datetime,
                      keep_for: timedelta) -> Draft:
    draft = Draft(
        id=str(uuid.uuid4()), service_slug=service_slug, subject_kind=subject_kind,
        subject_id=subject_id, actor_personal_code=actor_personal_code, answers={},
        last_step="", created_at=now, updated_at=now, expires_at=now + keep_for,
    )
    db.add(draft)
    await db.flush()
    return draft


def save_step(draft: Draft, step_slug: str, values: dict[str, Any], *, now: datetime,
              keep_for: timedelta) -> None:
    # Reassign (not mutate) so SQLAlchemy sees the JSON column change.
    draft.answers = {**draft.answers, step_slug: values}
    draft.last_step = step_slug
    draft.updated_at = now
    draft.expires_at = now + keep_for


async def discard_draft(db: AsyncSession, draft: Draft) -> list[str]:
    """Delete a draft and its attachment records; return the storage keys to delete."""
    keys = list(await db.scalars(
        select(Attachment.storage_key).where(Attachment.draft_id == draft.id)))
    await db.execute(delete(Attachment).where(Attachment.draft_id == draft.id))
    await db.delete(draft)
    await db.flush()
    return keys


async def draft_attachments(db: AsyncSession, draft_id: str) -> list[Attachment]:
    return list(await db.scalars(
        select(Attachment).where(Attachment.draft_id == draft_id).order_by(Attachment.id)))
