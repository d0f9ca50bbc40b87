"""The retention rule for submissions already delivered (SPEC §4), and the purge of one.

A submission's details — what the person wrote (`answers`), the files they
attached, and the text and document of every answer — stay in the portal for
`submission_retention_days` after **both** of these:

- its delivery to the back office (the outbox row is `delivered`, `delivered_at`);
- its last news: the latest status change (`status_changed_at`) and the latest
  answer (`Answer.received_at`), so a person always has the full period to read
  an answer, however late it came.

and only while the portal has nothing left to do with them: an answer
notification still pending (portal/notifications) holds the purge back, since
it is sent from the answer's content. A submission that never reached its back
office (waiting, or a dead letter an operator may retry) is never purged.

The purge keeps a minimal record — reference, service, subject, who sent it,
dates, status history, and one row per answer with its date — so "My
submissions" still lists it and its page explains what was removed and who
keeps the original. Drafts are not submissions: expired drafts are deleted
whole by `drafts.py` in this package.

An answer that arrives after the purge (a back office may answer very late) is
shown in full, and purged in turn once the same period has passed after it: the
"late answers" pass below.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, exists, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from eservices.submissions.models import (
    Answer,
    Attachment,
    OutboxEntry,
    OutboxState,
    Submission,
)
from portal.notifications.models import AnswerNotification, NotificationState


def _delivered_before(cutoff: datetime) -> ColumnElement[bool]:
    return exists().where(
        OutboxEntry.submission_id == Submission.id,
        OutboxEntry.state == OutboxState.DELIVERED,
        OutboxEntry.delivered_at < cutoff,
    )


def _answered_since(cutoff: datetime) -> ColumnElement[bool]:
    return exists().where(Answer.submission_id == Submission.id, Answer.received_at >= cutoff)


def _notification_pending() -> ColumnElement[bool]:
    return exists().where(
        Answer.submission_id == Submission.id,
        AnswerNotification.answer_id == Answer.id,
        AnswerNotification.state == NotificationState.PENDING,
    )


def _quiet_since(cutoff: datetime) -> list[ColumnElement[bool]]:
    """Delivered, no news and nothing to send since `cutoff`."""
    return [
        Submission.status_changed_at < cutoff,
        _delivered_before(cutoff),
        ~_answered_since(cutoff),
        ~_notification_pending(),
    ]


def due_for_purge(cutoff: datetime) -> list[ColumnElement[bool]]:
    """Never purged, and quiet since `cutoff` (served by `ix_submissions_retention`)."""
    return [Submission.purged_at.is_(None), *_quiet_since(cutoff)]


def late_answers_due(cutoff: datetime) -> list[ColumnElement[bool]]:
    """Purged before, then answered, and quiet since `cutoff`."""
    late = exists().where(Answer.submission_id == Submission.id,
                          Answer.received_at > Submission.purged_at)
    return [Submission.purged_at.is_not(None), late, *_quiet_since(cutoff)]


async def candidates(db: AsyncSession, rule: Sequence[ColumnElement[bool]],
                     limit: int) -> list[tuple[str, datetime | None]]:
    """(id, purged_at) of up to `limit` submissions the rule selects.

    On PostgreSQL the rows are locked and rows another worker holds are skipped,
    so two workers share the work; SQLite serialises writers anyway.
    """
    rows = await db.execute(
        select(Submission.id, Submission.purged_at)
        .where(*rule)
        .order_by(Submission.status_changed_at)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Submission)
    )
    return [(row.id, row.purged_at) for row in rows]


@dataclass
class Purged:
    """What one purge removed: counts for the audit log, keys for storage."""

    submissions: int = 0
    answers: int = 0
    storage_keys: list[str] = field(default_factory=list)


async def purge_submission(db: AsyncSession, submission_id: str, seen_purged_at: datetime | None,
                           *, rule: Sequence[ColumnElement[bool]], cutoff: datetime,
                           now: datetime, into: Purged) -> bool:
    """Remove one submission's details in the caller's transaction; False if not ours.

    The UPDATE is conditional on the rule and on `purged_at` still being what the
    candidate query saw: of two workers racing for one row, one changes it and
    the other finds nothing to do. The storage keys of the removed files are
    added to `into`; the caller deletes the files after the commit.
    """
    unchanged = (Submission.purged_at.is_(None) if seen_purged_at is None
                 else Submission.purged_at == seen_purged_at)
    result = await db.execute(
        update(Submission)
        .where(Submission.id == submission_id, unchanged, *rule)
        .values(purged_at=now, answers={})
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    if result.rowcount != 1:
        return False
    keys = list(await db.scalars(
        select(Attachment.storage_key).where(Attachment.submission_id == submission_id)))
    await db.execute(delete(Attachment).where(Attachment.submission_id == submission_id))
    # Only answers older than the cutoff: one arriving during the purge is news, kept.
    old_answers = and_(Answer.submission_id == submission_id, Answer.received_at < cutoff,
                       (Answer.text != "") | (Answer.file_key != ""))
    answers = (await db.execute(select(Answer.id, Answer.file_key).where(old_answers))).all()
    if answers:
        await db.execute(
            update(Answer).where(Answer.id.in_([row.id for row in answers]))
            .values(text="", file_key="", file_name="", file_type="", file_size=0)
            .execution_options(synchronize_session=False)
        )
    keys += [row.file_key for row in answers if row.file_key]
    into.submissions += 1
    into.answers += len(answers)
    into.storage_keys += keys
    return True
