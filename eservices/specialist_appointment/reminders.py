"""Reminding a person of an appointment, on the channel they chose, a set time before it.

A booking made with e-mail or the e-address as its channel gets `remind_at`
(the start less `appointment_reminder_hours`) and a pending reminder. `portal
worker` calls, periodically,

    sent = await send_due_reminders(sessionmaker, adapters, utcnow(),
                                    portal_url=settings.base_url)

which sends those due and marks them sent; calling it again sends nothing twice.
A moved or cancelled booking's reminder is dropped with it. The booking row is
the queue (`REMINDERS`), sent by `portal.notifications.sender.send_due` with the
claiming, lease and back-off of answer notifications.
"""

from __future__ import annotations

from datetime import datetime

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
from portal.notifications.sender import Message, MessageQueue, NotificationChannels, send_due
from portal.templating import local_date, local_datetime

REMINDERS = MessageQueue(
    name="appointment reminder", model=AppointmentBooking, id=AppointmentBooking.id,
    state=AppointmentBooking.reminder_state, due_at=AppointmentBooking.remind_at,
    attempts=AppointmentBooking.reminder_attempts, sent_at=AppointmentBooking.reminder_sent_at,
    error=AppointmentBooking.reminder_error, pending=ReminderState.PENDING,
    sent=ReminderState.SENT, failed=ReminderState.FAILED,
    also_due=lambda now: [AppointmentBooking.state == AppointmentState.BOOKED,
                          AppointmentBooking.starts_at > now])  # none after the visit


async def send_due_reminders(sessionmaker: async_sessionmaker[AsyncSession],
                             adapters: NotificationChannels, now: datetime, *,
                             portal_url: str = "", batch_size: int = 50) -> int:
    """Send the reminders due at `now`, at most `batch_size`; return how many were sent."""

    async def compose(db: AsyncSession, booking: AppointmentBooking) -> Message:
        submission = await db.get_one(Submission, booking.submission_id)
        return reminder(booking, submission.reference, portal_url)

    return await send_due(REMINDERS, sessionmaker, adapters, now, compose,
                          batch_size=batch_size)


def reminder(booking: AppointmentBooking, reference: str,
             portal_url: str) -> Message:
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
