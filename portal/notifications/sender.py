"""Sending queued messages to people; called periodically by `portal worker`.

    sent = await send_pending_notifications(sessionmaker, adapters, utcnow(),
                                            portal_url=settings.base_url)

Answer notifications live here; seat notices (`foster_parent_training/notices.py`)
and appointment reminders (`specialist_appointment/reminders.py`) are rows of
their own tables, described by a `MessageQueue`, and all three go through
`send_due`.

Several workers may run it at once (also on SQLite): a row is claimed by a
conditional UPDATE that pushes its due time past a lease, and only the worker
whose UPDATE matched sends it. Sending happens outside any transaction, so a
slow mail server holds no database locks. A worker that dies mid-send leaves
the row to be picked up again when the lease ends: a person may rarely get a
message twice, never none. A refusal is final; other failures are retried with
back-off until `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import InstrumentedAttribute

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


Message = EmailMessage | EAddressMessage
Row = TypeVar("Row")
# The message a claimed row owes (None when it cannot be written), and what else
# a sent one changes; both run inside the claim's or the record's transaction.
Compose = Callable[[AsyncSession, Row], Awaitable[Message | None]]
OnSent = Callable[[AsyncSession, Row, datetime], Awaitable[None]]


@dataclass(frozen=True)
class MessageQueue(Generic[Row]):
    """Rows of one table that each owe a person one message: which columns say how far."""

    name: str  # in logs: "seat notice 12 failed for good"
    model: type[Row]
    id: InstrumentedAttribute[int]
    state: InstrumentedAttribute[str]
    due_at: InstrumentedAttribute[Any]  # datetime, nullable on some tables
    attempts: InstrumentedAttribute[int]
    sent_at: InstrumentedAttribute[datetime | None]
    error: InstrumentedAttribute[str]
    pending: str
    sent: str
    failed: str
    also_due: Callable[[datetime], list[ColumnElement[bool]]] = lambda now: []
    """Conditions besides the state and due time, e.g. "the appointment is still booked"."""

    def due(self, now: datetime) -> list[ColumnElement[bool]]:
        return [self.state == self.pending, self.due_at <= now, *self.also_due(now)]


async def send_due(queue: MessageQueue[Row], sessionmaker: async_sessionmaker[AsyncSession],
                   adapters: NotificationChannels, now: datetime, compose: Compose[Row], *,
                   on_sent: OnSent[Row] | None = None, batch_size: int = 50) -> int:
    """Send the queue's messages due at `now`, at most `batch_size`; return how many were sent."""
    async with sessionmaker() as db:
        due = list(await db.scalars(
            select(queue.id).where(*queue.due(now)).order_by(queue.due_at).limit(batch_size)))
    sent = 0
    for row_id in due:
        if await _send_one(queue, sessionmaker, adapters, row_id, now, compose, on_sent):
            sent += 1
    return sent


async def _send_one(queue: MessageQueue[Row], sessionmaker: async_sessionmaker[AsyncSession],
                    adapters: NotificationChannels, row_id: int, now: datetime,
                    compose: Compose[Row], on_sent: OnSent[Row] | None) -> bool:
    async with transaction(sessionmaker) as db:
        claimed = await db.execute(
            update(queue.model).where(queue.id == row_id, *queue.due(now))
            .values({queue.due_at: now + LEASE, queue.attempts: queue.attempts + 1})
            .execution_options(synchronize_session=False))
        if getattr(claimed, "rowcount", 0) != 1:
            return False  # another worker took it, or it stopped being due meanwhile
        row = await db.get_one(queue.model, row_id)
        message = await compose(db, row)
        attempts: int = getattr(row, queue.attempts.key)

    error = (await send_on_channel(adapters, message) if message is not None
             else Rejected("notifications", f"no message for {queue.name} {row_id}"))

    async with transaction(sessionmaker) as db:
        row = await db.get_one(queue.model, row_id)
        if error is None:
            setattr(row, queue.state.key, queue.sent)
            setattr(row, queue.sent_at.key, now)
            setattr(row, queue.error.key, "")
            if on_sent is not None:
                await on_sent(db, row, now)
            return True
        setattr(row, queue.error.key, str(error)[:1000])
        if gives_up(error, attempts):
            setattr(row, queue.state.key, queue.failed)
            logger.warning("%s %s failed for good: %s", queue.name, row_id, error)
        else:
            setattr(row, queue.due_at.key, now + retry_delay(attempts))
            logger.info("%s %s will be retried: %s", queue.name, row_id, error)
        return False


ANSWER_NOTIFICATIONS = MessageQueue(
    name="answer notification", model=AnswerNotification, id=AnswerNotification.id,
    state=AnswerNotification.state, due_at=AnswerNotification.next_attempt_at,
    attempts=AnswerNotification.attempts, sent_at=AnswerNotification.sent_at,
    error=AnswerNotification.last_error, pending=NotificationState.PENDING,
    sent=NotificationState.SENT, failed=NotificationState.FAILED)


async def send_pending_notifications(
    sessionmaker: async_sessionmaker[AsyncSession],
    adapters: NotificationChannels,
    now: datetime,
    *,
    portal_url: str = "",
    batch_size: int = 50,
) -> int:
    """Send the answer notifications due at `now`, at most `batch_size`; return how many
    were sent. `portal_url` (the settings' `base_url`) makes the "sign in" link in messages.
    """

    async def compose(db: AsyncSession, notification: AnswerNotification) -> Message | None:
        answer = await db.get_one(Answer, notification.answer_id)
        submission = await db.get_one(Submission, answer.submission_id)
        if notification.channel == "email":
            return email_for(answer, submission, portal_url)
        if notification.channel == "e_address":
            return e_address_message_for(answer, submission, portal_url)
        return None

    async def record_on_answer(db: AsyncSession, notification: AnswerNotification,
                               now: datetime) -> None:
        await db.execute(update(Answer).where(Answer.id == notification.answer_id)
                         .values(notified_channel=notification.channel, notified_at=now))

    return await send_due(ANSWER_NOTIFICATIONS, sessionmaker, adapters, now, compose,
                          on_sent=record_on_answer, batch_size=batch_size)
