"""One round of the retention rule over every submission it selects (see retention.py).

Submissions are purged in batches, one transaction per batch: the rows change,
the storage keys of their files are queued for deletion and an audit entry
with the counts is written, all committed together; the files are deleted
afterwards (files.py). Running it twice changes nothing the second time;
running it in two workers at once purges each submission once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from portal.audit import AuditAction, record
from portal.database import transaction
from portal.housekeeping.files import queue_deletions
from portal.housekeeping.retention import (
    Purged,
    candidates,
    due_for_purge,
    late_answers_due,
    purge_submission,
)

logger = logging.getLogger(__name__)

BATCH = 100
# Who the audit log names for what the portal does by itself (12 characters at most).
AUDIT_ACTOR = "housekeeping"


@dataclass
class RetentionOutcome:
    submissions: int = 0
    answers: int = 0
    files_queued: int = 0


async def _purge_by_rule(sessionmaker: async_sessionmaker[AsyncSession],
                         rule: Sequence[ColumnElement[bool]], *, cutoff: datetime,
                         now: datetime, days: int, batch: int,
                         outcome: RetentionOutcome) -> None:
    while True:
        purged = Purged()
        async with transaction(sessionmaker) as db:
            found = await candidates(db, rule, batch)
            for submission_id, seen_purged_at in found:
                await purge_submission(db, submission_id, seen_purged_at, rule=rule,
                                       cutoff=cutoff, now=now, into=purged)
            if purged.submissions:
                files = await queue_deletions(db, purged.storage_keys, now)
                # Counts only: never a reference, a name or a file name.
                await record(db, actor=AUDIT_ACTOR, subject=None,
                             action=AuditAction.SUBMISSIONS_PURGED,
                             detail=f"submissions {purged.submissions}, answers "
                                    f"{purged.answers}, files {files}; after {days} days")
                outcome.files_queued += files
        outcome.submissions += purged.submissions
        outcome.answers += purged.answers
        # Fewer than a batch: nothing left. None purged: another worker raced us to them.
        if len(found) < batch or not purged.submissions:
            return


async def purge_expired_submissions(sessionmaker: async_sessionmaker[AsyncSession], *,
                                    retention_days: int, now: datetime,
                                    late_answers: bool = True,
                                    batch: int = BATCH) -> RetentionOutcome:
    """Purge what the retention rule selects; the files are only queued here.

    `late_answers` also looks for answers that arrived after an earlier purge:
    that query reads every purged submission, so the worker runs it once a day.
    """
    cutoff = now - timedelta(days=retention_days)
    outcome = RetentionOutcome()
    await _purge_by_rule(sessionmaker, due_for_purge(cutoff), cutoff=cutoff, now=now,
                         days=retention_days, batch=batch, outcome=outcome)
    if late_answers:
        await _purge_by_rule(sessionmaker, late_answers_due(cutoff), cutoff=cutoff, now=now,
                             days=retention_days, batch=batch, outcome=outcome)
    if outcome.submissions:
        logger.info("retention: details of %d submission(s) and %d answer(s) removed",
                    outcome.submissions, outcome.answers)
    return outcome
