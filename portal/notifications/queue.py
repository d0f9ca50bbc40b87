"""Queueing an answer's notification in the answer's own transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from eservices.submissions.models import Answer, Submission
from portal.notifications.models import AnswerNotification, NotificationState

# The channels that send something; "portal" alone means "My submissions" only.
NOTIFYING_CHANNELS = frozenset({"email", "e_address"})


async def enqueue_answer_notification(
    db: AsyncSession, answer: Answer, submission: Submission, now: datetime
) -> AnswerNotification | None:
    """Queue the notification of `answer` (already flushed) on the submission's channel.

    Returns None when the person chose the portal only. A channel that cannot be
    used (e-mail without an address) is queued as failed, so operators see it.
    """
    channel = submission.answer_channel
    if channel not in NOTIFYING_CHANNELS:
        return None
    existing = await db.scalar(
        select(AnswerNotification).where(AnswerNotification.answer_id == answer.id)
    )
    if existing is not None:
        return existing
    unusable = channel == "email" and not submission.contact_email.strip()
    notification = AnswerNotification(
        answer_id=answer.id,
        channel=channel,
        state=NotificationState.FAILED if unusable else NotificationState.PENDING,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
        last_error="no contact e-mail address" if unusable else "",
    )
    db.add(notification)
    await db.flush()
    return notification
