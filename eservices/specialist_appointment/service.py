"""Booking, moving and cancelling an appointment with a specialist.

A slot is free when SPOLIS says so and no live booking in the portal holds it.
Two people who book the same slot at the same moment both insert a booking with
`active_slot_id` set to it; the unique constraint lets exactly one of them
through, and the other gets `SlotTaken` and the nearest alternatives. Each
booking, move and cancellation is a submission to SPOLIS through the outbox,
written in the transaction that changes the booking.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.errors import NotFound
from adapters.spolis.base import Slot, SpecialistType, Spolis
from eservices.registry import EService
from eservices.specialist_appointment.models import (
    AppointmentBooking,
    AppointmentState,
    ReminderState,
)
from eservices.submissions import drafts
from eservices.submissions.models import Submission
from eservices.submissions.service import Submitter, submit_draft
from portal.templating import TIME_ZONE

NOTIFYING_CHANNELS = frozenset({"email", "e_address"})
ALTERNATIVES = 6
ALTERNATIVES_WITHIN = timedelta(days=14)


class SlotTaken(Exception):
    """The slot was booked by someone else (or has gone) since it was listed."""

    def __init__(self, slot: Slot | None) -> None:
        super().__init__("slot taken")
        self.slot = slot


class TooLate(Exception):
    """The booking can no longer be moved or cancelled in the portal."""


@dataclass(frozen=True, slots=True)
class Contact:
    channel: str
    email: str
    locale: str


async def free_slots(db: AsyncSession, spolis: Spolis, specialist_type: SpecialistType, *,
                     start: datetime, end: datetime) -> list[Slot]:
    """SPOLIS' free slots, less those booked through the portal but not yet delivered."""
    found = await spolis.free_slots(specialist_type, start=start, end=end)
    held = set(await db.scalars(select(AppointmentBooking.active_slot_id).where(
        AppointmentBooking.active_slot_id.in_([slot.id for slot in found]))))
    return [slot for slot in found if slot.id not in held]


async def nearest_alternatives(db: AsyncSession, spolis: Spolis, taken: Slot,
                               now: datetime) -> list[Slot]:
    """The free slots of the same kind of specialist nearest in time to `taken`."""
    found = await free_slots(db, spolis, taken.specialist_type,
                             start=max(now, taken.starts_at - ALTERNATIVES_WITHIN),
                             end=taken.starts_at + ALTERNATIVES_WITHIN)
    others = [slot for slot in found if slot.id != taken.id]
    nearest = sorted(others, key=lambda slot: abs(slot.starts_at - taken.starts_at))
    return sorted(nearest[:ALTERNATIVES], key=lambda slot: (slot.starts_at, slot.id))


def slot_answers(slot: Slot) -> dict[str, Any]:
    local_start, local_end = slot.starts_at.astimezone(TIME_ZONE), slot.ends_at.astimezone(
        TIME_ZONE)
    return {"slot": slot.id, "specialist_type": slot.specialist_type.value,
            "specialist": slot.specialist, "place": f"{slot.place}, {slot.address}",
            "day": local_start.date().isoformat(),
            "time": f"{local_start:%H:%M}–{local_end:%H:%M}"}


async def book(db: AsyncSession, *, service: EService, spolis: Spolis, slot_id: str,
               submitter: Submitter, contact: Contact, now: datetime, reminder_lead: timedelta,
               replaces: AppointmentBooking | None = None) -> AppointmentBooking:
    try:
        slot = await spolis.slot(slot_id)
    except NotFound:
        raise SlotTaken(None) from None
    if not slot.free or slot.starts_at <= now:
        raise SlotTaken(slot)
    answers: dict[str, Any] = {"appointment": slot_answers(slot),
                               "contact": {"channel": contact.channel, "email": contact.email}}
    if replaces is not None:
        moved_from = await db.get_one(Submission, replaces.submission_id)
        answers["move"] = {"booking": moved_from.reference, "day": answers["appointment"]["day"],
                           "time": answers["appointment"]["time"]}
    notify = contact.channel in NOTIFYING_CHANNELS
    try:
        # One savepoint for the booking and its submission: if the slot went to
        # somebody else a moment ago, neither is kept.
        async with db.begin_nested():
            submission = await _submit(db, service, submitter, contact, now, answers)
            booking = AppointmentBooking(
                uid=replaces.uid if replaces else str(uuid.uuid4()), slot_id=slot.id,
                active_slot_id=slot.id, subject_kind=submitter.subject_kind,
                subject_id=submitter.subject_id, subject_name=submitter.subject_name,
                actor_personal_code=submitter.actor_personal_code,
                specialist_type=slot.specialist_type.value, specialist=slot.specialist,
                place=slot.place, address=slot.address, starts_at=slot.starts_at,
                ends_at=slot.ends_at, change_until_hours_before=slot.change_until_hours_before,
                state=AppointmentState.BOOKED, channel=contact.channel,
                contact_email=contact.email, locale=contact.locale,
                submission_id=submission.id, replaces_id=replaces.id if replaces else None,
                created_at=now,
                reminder_state=ReminderState.PENDING if notify else ReminderState.NONE,
                remind_at=slot.starts_at - reminder_lead, reminder_attempts=0,
                reminder_error="")
            db.add(booking)
    except IntegrityError:
        raise SlotTaken(slot) from None
    return booking


async def _end(db: AsyncSession, booking: AppointmentBooking, state: AppointmentState,
               now: datetime) -> None:
    """End a live booking, freeing its slot; `TooLate` past its cut-off or once ended."""
    if not booking.changeable(now):
        raise TooLate()
    ended = await db.execute(
        update(AppointmentBooking)
        .where(AppointmentBooking.id == booking.id,
               AppointmentBooking.state == AppointmentState.BOOKED)
        .values(state=state, active_slot_id=None, ended_at=now,
                reminder_state=ReminderState.NONE)
        .execution_options(synchronize_session=False))
    if getattr(ended, "rowcount", 0) != 1:  # ended by a request a moment ago
        raise TooLate()
    await db.refresh(booking)


async def move(db: AsyncSession, *, service: EService, spolis: Spolis,
               booking: AppointmentBooking, slot_id: str, submitter: Submitter,
               now: datetime, reminder_lead: timedelta) -> AppointmentBooking:
    """Book `slot_id` in place of `booking`; `SlotTaken` (and nothing changed) if the new
    slot went to somebody else, `TooLate` past the cut-off."""
    if not booking.changeable(now):
        raise TooLate()
    moved = await book(db, service=service, spolis=spolis, slot_id=slot_id,
                       submitter=submitter, now=now, reminder_lead=reminder_lead,
                       contact=Contact(booking.channel, booking.contact_email, booking.locale),
                       replaces=booking)
    await _end(db, booking, AppointmentState.MOVED, now)
    booking.ended_by_id = moved.submission_id
    await db.flush()
    return moved


async def cancel(db: AsyncSession, *, service: EService, booking: AppointmentBooking,
                 submitter: Submitter, locale: str, now: datetime) -> None:
    await _end(db, booking, AppointmentState.CANCELLED, now)
    sent = await db.get_one(Submission, booking.submission_id)
    local_start = booking.starts_at.astimezone(TIME_ZONE)
    cancellation = await _submit(
        db, service, submitter, Contact(booking.channel, booking.contact_email, locale), now,
        {"cancellation": {"booking": sent.reference, "day": local_start.date().isoformat(),
                          "time": f"{local_start:%H:%M}"}})
    booking.ended_by_id = cancellation.id
    await db.flush()


async def _submit(db: AsyncSession, service: EService, submitter: Submitter, contact: Contact,
                  now: datetime, answers: dict[str, Any]) -> Submission:
    # The shared path from a draft to a submission and its outbox row; the draft only
    # lives inside this transaction, as a booking is answered on one page.
    draft = await drafts.start_draft(
        db, service_slug=service.slug, subject_kind=submitter.subject_kind,
        subject_id=submitter.subject_id, actor_personal_code=submitter.actor_personal_code,
        now=now, keep_for=timedelta(hours=1))
    draft.answers = answers
    return await submit_draft(db, service=service, draft=draft, submitter=submitter,
                              locale=contact.locale, now=now, answer_channel=contact.channel,
                              contact_email=contact.email)


async def bookings_of(db: AsyncSession, subject_kind: str,
                      subject_id: str) -> list[AppointmentBooking]:
    return list(await db.scalars(
        select(AppointmentBooking)
        .where(AppointmentBooking.subject_kind == subject_kind,
               AppointmentBooking.subject_id == subject_id)
        .order_by(AppointmentBooking.starts_at.desc(), AppointmentBooking.id.desc())))


async def revision(db: AsyncSession, booking: AppointmentBooking) -> int:
    """How often the appointment was moved: the calendar file's SEQUENCE."""
    earlier = await db.scalar(select(func.count()).select_from(AppointmentBooking).where(
        AppointmentBooking.uid == booking.uid, AppointmentBooking.id < booking.id))
    return int(earlier or 0)


async def replacement(db: AsyncSession, booking: AppointmentBooking) -> AppointmentBooking | None:
    """The booking this one was moved to, if it was."""
    return await db.scalar(select(AppointmentBooking).where(
        AppointmentBooking.replaces_id == booking.id))
