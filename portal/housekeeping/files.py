"""Deleting files from storage after the rows that pointed at them are gone.

`queue_deletions` runs inside the transaction that removes (or empties) the
rows; `delete_queued_files` runs after it committed. Had the order been the
other way round, a crash between the two would leave a row pointing at a
missing file. A deletion that fails stays queued and is tried again on the
next round; deleting a key twice (two workers at once) is harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eservices.attachments import AttachmentStorage
from portal.database import transaction
from portal.housekeeping.models import StorageDeletion

logger = logging.getLogger(__name__)

BATCH = 200
MAX_ERROR = 300


async def queue_deletions(db: AsyncSession, keys: Iterable[str], now: datetime) -> int:
    """Queue these storage keys for deletion, in the caller's transaction."""
    wanted = sorted({key for key in keys if key})
    if not wanted:
        return 0
    queued = set(await db.scalars(
        select(StorageDeletion.storage_key).where(StorageDeletion.storage_key.in_(wanted))))
    db.add_all(StorageDeletion(storage_key=key, queued_at=now, attempts=0, last_error="")
               for key in wanted if key not in queued)
    await db.flush()
    return len(wanted)


@dataclass
class FileDeletions:
    deleted: int = 0
    failed: int = 0


async def delete_queued_files(sessionmaker: async_sessionmaker[AsyncSession],
                              storage: AttachmentStorage, *, batch: int = BATCH,
                              max_batches: int = 50) -> FileDeletions:
    """Delete queued files, oldest and least-tried first; failures stay queued."""
    outcome = FileDeletions()
    for _round in range(max_batches):
        async with sessionmaker() as db:
            keys = list(await db.scalars(
                select(StorageDeletion.storage_key)
                .order_by(StorageDeletion.attempts, StorageDeletion.queued_at)
                .limit(batch)))
        if not keys:
            break
        done: list[str] = []
        failures: dict[str, str] = {}
        for key in keys:
            try:
                await storage.delete(key)
            except Exception as error:  # the backend's own errors; retried next round
                failures[key] = f"{type(error).__name__}: {error}"[:MAX_ERROR]
                logger.warning("deleting stored file %s failed (%s); trying again next round",
                               key, type(error).__name__)
            else:
                done.append(key)
        async with transaction(sessionmaker) as db:
            if done:
                await db.execute(delete(StorageDeletion)
                                 .where(StorageDeletion.storage_key.in_(done)))
            for key, message in failures.items():
                await db.execute(update(StorageDeletion)
                                 .where(StorageDeletion.storage_key == key)
                                 .values(attempts=StorageDeletion.attempts + 1,
                                         last_error=message))
        outcome.deleted += len(done)
        outcome.failed += len(failures)
        if not done or len(keys) < batch:
            break  # nothing moved (the backend is down) or nothing left: next round
    return outcome
