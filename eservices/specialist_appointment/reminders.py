"""Reminding a person of an appointment, on the channel they chose, a set time before it.

A booking made with e-mail or the e-address as its channel gets `remind_at`
(the start less `appointment_reminder_hours`) and a pending reminder. `portal
worker` calls, periodically,

    sent = await send_due_reminders(sessionmaker, adapters, utcnow(),
                                    portal_url=settings.base_url)

which sends those due and marks them sent; calling it again sends nothing twice.
A moved or cancelled booking's reminder is dropped with it. Claiming, leases and
back-off are those of answer notifications (`portal/notifications/sender.py`).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.e_address.base import EAddressMessage, RecipientKind
from adapters.email.base import EmailMessage
from adapters.spolis.base import SpecialistType
from eservices.specialist_appointment.forms import SPECIALIST_TYPES
from eservices.specialist_appointment.models import (
    AppointmentBooking,
    AppointmentState,
    ReminderState,
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
from portal.templating import local_date, local_datetime

logger = logging.getLogger(__name__)


def _due(now: datetime) -> list[ColumnElement[bool]]:
    return [AppointmentBooking.state == AppointmentState.BOOKED,
            AppointmentBooking.reminder_state == ReminderState.PENDING,
            AppointmentBooking.remind_at <= now,
            AppointmentBooking.starts_at > now]  # a reminder after the visit helps nobody


async def send_due_reminders(sessionmaker: async_sessionmaker[AsyncSession],
                             adapters: NotificationChannels, now: datetime, *,
                             portal_url: str = "", batch_size: int = 50) -> int:
    """Send the reminders due at `now`, at most `batch_size`; return how many were sent."""
    async with sessionmaker() as db:
        due = list(await db.scalars(
            select(AppointmentBooking.id).where(*_due(now))
            .order_by(AppointmentBooking.remind_at).limit(batch_size)))
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
            update(AppointmentBooking)
            .where(AppointmentBooking.id == booking_id, *_due(now))
            .values(remind_at=now + LEASE,
                    reminder_attempts=AppointmentBooking.reminder_attempts + 1)
            .execution_options(synchronize_session=False))
        if getattr(claimed, "rowcount", 0) != 1:
            return False  # another worker took it, or it was cancelled meanwhile
        booking, submission = (await db.execute(
            select(AppointmentBooking, Submission)
            .join(Submission, Submission.id == AppointmentBooking.submission_id)
            .where(AppointmentBooking.id == booking_id))).one()
        message = reminder(booking, submission.reference, portal_url)
        attempts = booking.reminder_attempts

    error = await send_on_channel(adapters, message)

    async with transaction(sessionmaker) as db:
        booking = await db.get_one(AppointmentBooking, booking_id)
        if error is None:
            booking.reminder_state = ReminderState.SENT
            booking.reminder_sent_at = now
            booking.reminder_error = ""
            return True
        booking.reminder_error = str(error)[:1000]
        if gives_up(error, attempts):
            booking.reminder_state = ReminderState.FAILED
            logger.warning("appointment reminder %s failed for good: %s", booking_id, error)
        else:
            booking.remind_at = now + retry_delay(attempts)
        return False


def reminder(booking: AppointmentBooking, reference: str,
             portal_url: str) -> EmailMessage | EAddressMessage:
    url = f"{portal_url.rstrip('/')}/appointments" if portal_url else _("Welfare e-services")
    with use_locale(booking.locale):
        when = local_datetime(booking.starts_at)
        subject = _("Reminder: your appointment on %(day)s", day=local_date(booking.starts_at))
        change = _("If you cannot come, move or cancel it in the portal until %(until)s: "
                   "%(url)s", until=local_datetime(booking.change_until), url=url)
        closing = [_("This message was sent automatically. Please do not reply to it."),
                   _("Welfare e-services")]
        if booking.channel == "email":
            # E-mail travels unencrypted: when and where, but not which specialist.
            paragraphs = [
                _("Hello,"),
                _("This is a reminder of the appointment %(reference)s: %(when)s at %(place)s, "
                  "%(address)s.", reference=reference, when=when, place=booking.place,
                  address=booking.address),
                change, *closing]
            return EmailMessage(to=booking.contact_email, subject=subject,
                                body="\n\n".join(paragraphs) + "\n", language=booking.locale)
        paragraphs = [
            _("Hello,"),
            _("This is a reminder of the appointment %(reference)s for %(name)s: %(specialist)s "
              "(%(kind)s), %(when)s at %(place)s, %(address)s.", reference=reference,
              name=booking.subject_name, specialist=booking.specialist,
              kind=str(SPECIALIST_TYPES[SpecialistType(booking.specialist_type)]),
              when=when, place=booking.place, address=booking.address),
            change, *closing]
        # To whoever booked it: a parent, not the child the appointment is for.
        return EAddressMessage(
            recipient_kind=RecipientKind.PERSON, recipient_code=booking.actor_personal_code,
            subject=subject, body="\n\n".join(paragraphs) + "\n", reference=reference,
            idempotency_key=f"appointment-reminder-{booking.id}", language=booking.locale)
