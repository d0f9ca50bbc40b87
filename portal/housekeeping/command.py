"""Housekeeping rounds: `portal housekeeping` once, `portal worker` every
`housekeeping_interval_seconds` (`keep_tidy`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import anyio
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eservices.attachments import AttachmentStorage, LocalDirectoryStorage
from portal.database import create_engine, create_sessionmaker, utcnow
from portal.housekeeping.expiry import (
    delete_expired_drafts,
    delete_expired_sessions,
    delete_expired_token_ids,
)
from portal.housekeeping.files import delete_queued_files
from portal.housekeeping.purge import RetentionOutcome, purge_expired_submissions
from portal.settings import Settings

logger = logging.getLogger(__name__)

# The late-answers pass reads every purged submission: once a day is plenty.
LATE_ANSWERS_EVERY = timedelta(days=1)


@dataclass(frozen=True)
class HousekeepingReport:
    sessions: int
    token_ids: int
    drafts: int
    submissions: int
    answers: int
    files_deleted: int
    files_failed: int
    retention_days: int

    def summary(self) -> str:
        lines = [
            f"expired web sessions deleted: {self.sessions}",
            f"expired inbound API token ids deleted: {self.token_ids}",
            f"expired drafts deleted: {self.drafts}",
            f"submissions whose details were removed (delivered and quiet for "
            f"{self.retention_days} days): {self.submissions}, with {self.answers} answer(s)",
            f"stored files deleted: {self.files_deleted}",
        ]
        if self.files_failed:
            lines.append(f"stored files that could not be deleted (tried again next round): "
                         f"{self.files_failed}")
        return "\n".join(lines)


async def tidy_once(sessionmaker: async_sessionmaker[AsyncSession], storage: AttachmentStorage,
                    settings: Settings, now: datetime, *,
                    late_answers: bool = True) -> HousekeepingReport:
    """One full round; files go last, after every row change has committed."""
    sessions = await delete_expired_sessions(sessionmaker, settings, now)
    token_ids = await delete_expired_token_ids(sessionmaker, now)
    drafts = await delete_expired_drafts(sessionmaker, now)
    if settings.submission_retention_days >= 1:
        retention = await purge_expired_submissions(
            sessionmaker, retention_days=settings.submission_retention_days, now=now,
            late_answers=late_answers)
    else:  # 0 would empty every delivered submission at once: surely a mistake
        logger.error("PORTAL_SUBMISSION_RETENTION_DAYS must be at least 1: "
                     "the retention rule was not applied")
        retention = RetentionOutcome()
    files = await delete_queued_files(sessionmaker, storage)
    return HousekeepingReport(
        sessions=sessions, token_ids=token_ids, drafts=drafts,
        submissions=retention.submissions, answers=retention.answers,
        files_deleted=files.deleted, files_failed=files.failed,
        retention_days=settings.submission_retention_days,
    )


async def keep_tidy(sessionmaker: async_sessionmaker[AsyncSession], storage: AttachmentStorage,
                    settings: Settings) -> None:
    """The worker's loop; a failed round is logged and the next one tries again."""
    late_answers_done: datetime | None = None
    while True:
        now = utcnow()
        late = late_answers_done is None or now - late_answers_done >= LATE_ANSWERS_EVERY
        try:
            report = await tidy_once(sessionmaker, storage, settings, now, late_answers=late)
        except Exception:
            logger.exception("housekeeping round failed; trying again next round")
        else:
            if late:
                late_answers_done = now
            logger.info("housekeeping: %s", report.summary().replace("\n", "; "))
        await anyio.sleep(settings.housekeeping_interval_seconds)


async def run_housekeeping(settings: Settings, *,
                           now: datetime | None = None) -> HousekeepingReport:
    """`portal housekeeping`: one full round, the late-answers pass included."""
    engine = create_engine(settings.database_url)
    try:
        return await tidy_once(create_sessionmaker(engine),
                               LocalDirectoryStorage(settings.storage_dir), settings,
                               now or utcnow())
    finally:
        await engine.dispose()
