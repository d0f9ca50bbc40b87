"""Deleting rows whose time is over: web sessions, used inbound token ids, expired drafts.

Each kind is deleted in batches of `BATCH` rows, one short transaction per
batch, chosen through an indexed column (`last_seen_at`, `expires_at`), so a
backlog of millions of rows never holds a long lock. On PostgreSQL the rows of
a batch are locked with SKIP LOCKED, so two workers take different batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, select, tuple_
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import InstrumentedAttribute

from eservices.submissions.models import Attachment, Draft
from portal.database import transaction
from portal.housekeeping.files import queue_deletions
from portal.inbound_api.models import UsedTokenId
from portal.settings import Settings
from portal.web_sessions import WebSessionRecord

BATCH = 1000
# A draft is deleted a day after it expired: nobody can be saving it at that moment.
DRAFT_GRACE = timedelta(days=1)


async def _delete_in_batches(sessionmaker: async_sessionmaker[AsyncSession],
                             key: Sequence[InstrumentedAttribute[str]],
                             where: ColumnElement[bool], *, batch: int) -> int:
    table = key[0].class_
    total = 0
    while True:
        chosen = (select(*key).where(where).limit(batch)
                  .with_for_update(skip_locked=True))
        matches = key[0].in_(chosen) if len(key) == 1 else tuple_(*key).in_(chosen)
        async with transaction(sessionmaker) as db:
            result = await db.execute(delete(table).where(matches)
                                      .execution_options(synchronize_session=False))
        assert isinstance(result, CursorResult)
        total += result.rowcount
        if result.rowcount < batch:
            return total


async def delete_expired_sessions(sessionmaker: async_sessionmaker[AsyncSession],
                                  settings: Settings, now: datetime, *,
                                  batch: int = BATCH) -> int:
    """Sessions idle past the time-out: refused when presented, their rows deleted here.

    A session past its absolute time-out but recently used is refused (and deleted)
    at its next request, and otherwise falls under the idle rule soon after.
    """
    cutoff = now - timedelta(seconds=settings.session_idle_timeout_seconds)
    return await _delete_in_batches(sessionmaker, [WebSessionRecord.token_hash],
                                    WebSessionRecord.last_seen_at < cutoff, batch=batch)


async def delete_expired_token_ids(sessionmaker: async_sessionmaker[AsyncSession],
                                   now: datetime, *, batch: int = BATCH) -> int:
    """Used inbound API token ids whose tokens can no longer be accepted anyway."""
    return await _delete_in_batches(sessionmaker, [UsedTokenId.issuer, UsedTokenId.jti],
                                    UsedTokenId.expires_at < now, batch=batch)


async def delete_expired_drafts(sessionmaker: async_sessionmaker[AsyncSession], now: datetime,
                                *, batch: int = BATCH) -> int:
    """Drafts past `draft_retention_days` (hidden since), with their attachments.

    The attachment files are queued for deletion in the same transaction
    (see `files.py`), so they go only once the rows are gone.
    """
    cutoff = now - DRAFT_GRACE
    total = 0
    while True:
        async with transaction(sessionmaker) as db:
            ids = list(await db.scalars(
                select(Draft.id).where(Draft.expires_at < cutoff).limit(batch)
                .with_for_update(skip_locked=True)))
            if ids:
                keys = await db.scalars(select(Attachment.storage_key).where(
                    Attachment.draft_id.in_(ids), Attachment.submission_id.is_(None)))
                await queue_deletions(db, list(keys), now)
                await db.execute(delete(Attachment).where(
                    Attachment.draft_id.in_(ids), Attachment.submission_id.is_(None)))
                await db.execute(delete(Draft).where(Draft.id.in_(ids))
                                 .execution_options(synchronize_session=False))
        total += len(ids)
        if len(ids) < batch:
            return total
