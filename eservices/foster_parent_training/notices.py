"""Telling a person that a seat became free for them, on the channel they chose.

`service.cancel` marks the booking that got the freed seat (`notice_state` pending)
in the cancellation's own transaction; `send_seat_notices`, called periodically
by `portal worker`, sends the message:

    sent = await send_seat_notices(sessionmaker, adapters, utcnow(),
                                   portal_url=settings.base_url)

As with answer notifications (`portal/notifications/sender.py`, whose back-off
this reuses), a row is claimed by a conditional UPDATE that pushes its due time
past a lease, the message is sent outside any transaction, and the outcome is
recorded afterwards; a row already sent is never sent again.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.e_address.base import EAddressMessage, RecipientKind
from adapters.email.base import EmailMessage
from adapters.spolis.base import TrainingType
from eservices.foster_parent_training.forms import TRAINING_TYPES
from eservices.foster_parent_training.models import (
    NoticeState,
    TrainingBooking,
    TrainingSessionRecord,
)
from eservices.submissions.models import Submission
from i18n.catalogs import gettext as _
from i18n.catalogs import use_locale
from portal.database import transaction
from portal.notifications.sender import (
    LEASE,
    NotificationChannels,
    gives_up,
    retry_delay,
    send_on_channel,
)
from portal.templating import local_date

logger = logging.getLogger(__name__)


async def send_seat_notices(sessionmaker: async_sessionmaker[AsyncSession],
                            adapters: NotificationChannels, now: datetime, *,
                            portal_url: str = "", batch_size: int = 50) -> int:
    """Send the notices due at `now`, at most `batch_size`; return how many were sent."""
    async with sessionmaker() as db:
        due = list(await db.scalars(
            select(TrainingBooking.id)
            .where(TrainingBooking.notice_state == NoticeState.PENDING,
                   TrainingBooking.notice_due_at <= now)
            .order_by(TrainingBooking.notice_due_at).limit(batch_size)))
    sent = 0
    for booking_id in due:
        if await _send_one(sessionmaker, adapters, booking_id, now, portal_url):
            sent += 1
    return sent


async def _send_one(sessionmaker: async_sessionmaker[AsyncSession],
                    adapters: NotificationChannels, booking_id: int, now: datetime,
                    portal_url: str) -> bool:
    async with transaction(sessionmaker) as db:
        claimed = await db.execute(
            update(TrainingBooking)
            .where(TrainingBooking.id == booking_id,
                   TrainingBooking.notice_state == NoticeState.PENDING,
                   TrainingBooking.notice_due_at <= now)
            .values(notice_due_at=now + LEASE, notice_attempts=TrainingBooking.notice_attempts + 1)
            .execution_options(synchronize_session=False))
        if getattr(claimed, "rowcount", 0) != 1:
            return False  # another worker took it
        booking, session, submission = (await db.execute(
            select(TrainingBooking, TrainingSessionRecord, Submission)
            .join(TrainingSessionRecord, TrainingSessionRecord.id == TrainingBooking.session_id)
            .join(Submission, Submission.id == TrainingBooking.submission_id)
            .where(TrainingBooking.id == booking_id))).one()
        message = _message(booking, session, submission.reference, portal_url)
        attempts = booking.notice_attempts

    error = await send_on_channel(adapters, message)

    async with transaction(sessionmaker) as db:
        booking = await db.get_one(TrainingBooking, booking_id)
        if error is None:
            booking.notice_state = NoticeState.SENT
            booking.notice_sent_at = now
            booking.notice_error = ""
            return True
        booking.notice_error = str(error)[:1000]
        if gives_up(error, attempts):
            booking.notice_state = NoticeState.FAILED
            logger.warning("seat notice %s failed for good: %s", booking_id, error)
        else:
            booking.notice_due_at = now + retry_delay(attempts)
        return False


def _message(booking: TrainingBooking, session: TrainingSessionRecord, reference: str,
             portal_url: str) -> EmailMessage | EAddressMessage:
    url = f"{portal_url.rstrip('/')}/trainings" if portal_url else _("Welfare e-services")
    with use_locale(booking.locale):
        subject = _("A seat in the training is yours now")
        closing = [
            _("If you can no longer take part, please cancel the sign-up in the portal, so that "
              "the seat goes to the next person waiting."),
            _("This message was sent automatically. Please do not reply to it."),
            _("Welfare e-services"),
        ]
        if booking.channel == "email":
            # E-mail travels unencrypted: it says that something happened, not what.
            paragraphs = [
                _("Hello,"),
                _("A seat became free in the training you were on the waiting list for "
                  "(sign-up %(reference)s), and it is yours now.", reference=reference),
                _("Sign in to the portal to see the training's place and dates: %(url)s",
                  url=url),
                *closing,
            ]
            return EmailMessage(to=booking.contact_email, subject=subject,
                                body="\n\n".join(paragraphs) + "\n", language=booking.locale)
        paragraphs = [
            _("Hello,"),
            _("A seat became free in the training you were on the waiting list for "
              "(sign-up %(reference)s), and it is yours now.", reference=reference),
            _("%(training)s: %(place)s, %(address)s, from %(first_day)s to %(last_day)s.",
              training=str(TRAINING_TYPES[TrainingType(session.training_type)]),
              place=session.place, address=session.address,
              first_day=local_date(session.first_day), last_day=local_date(session.last_day)),
            _("You can see the sign-up in the portal: %(url)s", url=url),
            *closing,
        ]
        return EAddressMessage(
            recipient_kind=RecipientKind.PERSON, recipient_code=booking.subject_id,
            subject=subject, body="\n\n".join(paragraphs) + "\n", reference=reference,
            idempotency_key=f"training-seat-{booking.id}", language=booking.locale)
