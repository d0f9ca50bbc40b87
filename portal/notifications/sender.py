"""Sending queued answer notifications; called periodically by `portal worker`.

    sent = await send_pending_notifications(sessionmaker, adapters, utcnow(),
                                            portal_url=settings.base_url)

Several workers may run this at once (also on SQLite): a row is claimed by a
conditional UPDATE that pushes `next_attempt_at` past a lease, and only the
worker whose UPDATE matched sends it. Sending happens outside any transaction,
so a slow mail server holds no database locks. A worker that dies mid-send
leaves the row to be picked up again when the lease ends: a person may rarely
get a message twice, never none.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.e_address.base import EAddress, EAddressMessage
from adapters.email.base import EmailMessage, EmailSender
from adapters.errors import AdapterError, Rejected
from eservices.submissions.models import Answer, Submission
from portal.database import transaction
from portal.notifications.messages import e_address_message_for, email_for
from portal.notifications.models import AnswerNotification, NotificationState

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# About fifteen hours of retries with the delays above: a mail server down
# overnight still delivers; past that, operators see a failed notification.
MAX_ATTEMPTS = 20


class NotificationChannels(Protocol):
    """What sending needs of `portal.backends.Adapters`."""

    @property
    def email(self) -> EmailSender: ...

    @property
    def e_address(self) -> EAddress: ...


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off with jitter, so a recovering server is not hit all at once."""
    delay = min(FIRST_RETRY * (1 << min(max(attempts - 1, 0), 20)), LONGEST_RETRY)
    return delay * random.uniform(0.8, 1.0)  # noqa: S311 - jitter, not security


async def send_on_channel(adapters: NotificationChannels,
                          message: EmailMessage | EAddressMessage) -> AdapterError | None:
    """Send one message by e-mail or to the e-address; the channel's error, if any."""
    try:
        if isinstance(message, EmailMessage):
            await adapters.email.send(message)
        else:
            await adapters.e_address.send(message)
    except AdapterError as failure:
        return failure
    return None


def gives_up(error: AdapterError, attempts: int) -> bool:
    """A refusal will not change on retrying; other failures are retried a while."""
    return isinstance(error, Rejected) or attempts >= MAX_ATTEMPTS


async def send_pending_notifications(
    sessionmaker: async_sessionmaker[AsyncSession],
    adapters: NotificationChannels,
    now: datetime,
    *,
    portal_url: str = "",
    batch_size: int = 50,
) -> int:
    """Send the notifications due at `now`, at most `batch_size`; return how many were sent.

    `portal_url` (the settings' `base_url`) makes the "sign in" link in messages.
    """
    async with sessionmaker() as db:
        due = list(await db.scalars(
            select(AnswerNotification.id)
            .where(AnswerNotification.state == NotificationState.PENDING,
                   AnswerNotification.next_attempt_at <= now)
            .order_by(AnswerNotification.next_attempt_at)
            .limit(batch_size)
        ))
    sent = 0
    for notification_id in due:
        if await _send_one(sessionmaker, adapters, notification_id, now, portal_url):
            sent += 1
    return sent


async def _send_one(
    sessionmaker: async_sessionmaker[AsyncSession],
    adapters: NotificationChannels,
    notification_id: int,
    now: datetime,
    portal_url: str,
) -> bool:
    async with transaction(sessionmaker) as db:
        claimed = await db.execute(
            update(AnswerNotification)
            .where(AnswerNotification.id == notification_id,
                   AnswerNotification.state == NotificationState.PENDING,
                   AnswerNotification.next_attempt_at <= now)
            .values(next_attempt_at=now + LEASE, attempts=AnswerNotification.attempts + 1)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            return False  # another worker took it
        row = (await db.execute(
            select(AnswerNotification, Answer, Submission)
            .join(Answer, Answer.id == AnswerNotification.answer_id)
            .join(Submission, Submission.id == Answer.submission_id)
            .where(AnswerNotification.id == notification_id)
        )).one()
        notification, answer, submission = row
        channel, attempts = notification.channel, notification.attempts
        email = email_for(answer, submission, portal_url) if channel == "email" else None
        e_message = (e_address_message_for(answer, submission, portal_url)
                     if channel == "e_address" else None)

    message = email or e_message
    error = (await send_on_channel(adapters, message) if message is not None
             else Rejected("notifications", f"unknown channel {channel!r}"))

    async with transaction(sessionmaker) as db:
        notification = await db.get_one(AnswerNotification, notification_id)
        if error is None:
            notification.state = NotificationState.SENT
            notification.sent_at = now
            notification.last_error = ""
            await db.execute(
                update(Answer).where(Answer.id == notification.answer_id)
                .values(notified_channel=channel, notified_at=now)
            )
            return True
        notification.last_error = str(error)[:1000]
        if gives_up(error, attempts):
            notification.state = NotificationState.FAILED
            logger.warning("answer notification %s failed for good: %s", notification_id, error)
        else:
            notification.next_attempt_at = now + retry_delay(attempts)
            logger.info("answer notification %s will be retried: %s", notification_id, error)
        return False
