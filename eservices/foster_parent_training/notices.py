"""Telling a person that a seat became free for them, on the channel they chose.

`service.cancel` marks the booking that got the freed seat (`notice_state` pending)
in the cancellation's own transaction; `send_seat_notices`, called periodically
by `portal worker`, sends the message:

    sent = await send_seat_notices(sessionmaker, adapters, utcnow(),
                                   portal_url=settings.base_url)

The booking row is the queue (`SEAT_NOTICES`): claimed, sent and recorded by
`portal.notifications.sender.send_due`, as answer notifications are, with their
lease and back-off; a notice already sent is never sent again.
"""

from __future__ import annotations

from datetime import datetime

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
from portal.notifications.sender import Message, MessageQueue, NotificationChannels, send_due
from portal.templating import local_date

SEAT_NOTICES = MessageQueue(
    name="seat notice", model=TrainingBooking, id=TrainingBooking.id,
    state=TrainingBooking.notice_state, due_at=TrainingBooking.notice_due_at,
    attempts=TrainingBooking.notice_attempts, sent_at=TrainingBooking.notice_sent_at,
    error=TrainingBooking.notice_error, pending=NoticeState.PENDING, sent=NoticeState.SENT,
    failed=NoticeState.FAILED)


async def send_seat_notices(sessionmaker: async_sessionmaker[AsyncSession],
                            adapters: NotificationChannels, now: datetime, *,
                            portal_url: str = "", batch_size: int = 50) -> int:
    """Send the notices due at `now`, at most `batch_size`; return how many were sent."""

    async def compose(db: AsyncSession, booking: TrainingBooking) -> Message:
        session = await db.get_one(TrainingSessionRecord, booking.session_id)
        submission = await db.get_one(Submission, booking.submission_id)
        return _message(booking, session, submission.reference, portal_url)

    return await send_due(SEAT_NOTICES, sessionmaker, adapters, now, compose,
                          batch_size=batch_size)


def _message(booking: TrainingBooking, session: TrainingSessionRecord, reference: str,
             portal_url: str) -> Message:
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
