"""Signing up for a training session and cancelling, without ever overbooking it.

Every change to a session's seats starts by taking that session's row lock with
an UPDATE (`_lock`), so sign-ups and cancellations of one session take turns on
PostgreSQL (a row lock held to the end of the transaction) and on SQLite (one
writer at a time). Under the lock a sign-up draws its queue number, and takes a
seat with a conditional UPDATE (`seats_taken + n <= capacity`) whose row count
says whether it got one; otherwise it waits in queue-number order. A cancelled
seat goes to the first person waiting, in the same transaction.

A sign-up and a cancellation are each a submission to SPOLIS (outbox row and
all, through `submit_draft`), written in the transaction that changes the seats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.errors import AdapterError, NotFound
from adapters.spolis.base import Region, Spolis, TrainingSession, TrainingType
from eservices.foster_parent_training.models import (
    NoticeState,
    Placement,
    TrainingBooking,
    TrainingSessionRecord,
)
from eservices.registry import EService
from eservices.submissions import drafts
from eservices.submissions.models import Submission
from eservices.submissions.service import Submitter, submit_draft

NOTIFYING_CHANNELS = frozenset({"email", "e_address"})



class SessionGone(Exception):
    """SPOLIS no longer lists the session."""


class AlreadySignedUp(Exception):
    """The person already has a live sign-up for this session."""


@dataclass(frozen=True, slots=True)
class Applicant:
    personal_code: str
    name: str


@dataclass(frozen=True, slots=True)
class SignUpChoices:
    co_applicant_code: str  # "" without a co-applicant
    co_applicant_name: str
    channel: str
    contact_email: str
    locale: str


# --- the mirror of SPOLIS' sessions -----------------------------------------------------

async def sessions_for(db: AsyncSession, spolis: Spolis, training_type: TrainingType,
                       region: Region, now: datetime) -> tuple[list[TrainingSessionRecord], bool]:
    """The sessions of a type in a region, refreshed from SPOLIS; and whether SPOLIS
    answered (if not, the last mirrored ones are shown)."""
    try:
        found = await spolis.training_sessions(training_type, region)
    except AdapterError:
        mirrored = await db.scalars(
            select(TrainingSessionRecord)
            .where(TrainingSessionRecord.training_type == training_type,
                   TrainingSessionRecord.region == region)
            .order_by(TrainingSessionRecord.first_day, TrainingSessionRecord.id))
        return list(mirrored), False
    return [await _mirror(db, item, now) for item in found], True


async def session_for(db: AsyncSession, spolis: Spolis, session_id: str,
                      now: datetime) -> TrainingSessionRecord | None:
    """One session, refreshed from SPOLIS when it answers; None when it is gone."""
    try:
        return await _mirror(db, await spolis.training_session(session_id), now)
    except NotFound:
        return None
    except AdapterError:
        return await db.get(TrainingSessionRecord, session_id)


async def _mirror(db: AsyncSession, found: TrainingSession, now: datetime) -> TrainingSessionRecord:
    record = await db.get(TrainingSessionRecord, found.id)
    if record is None:
        try:
            async with db.begin_nested():
                record = TrainingSessionRecord(id=found.id, seats_taken=0, last_queue_number=0,
                                 **_described(found, now))
                db.add(record)
        except IntegrityError:  # mirrored by another request at this very moment
            record = await db.get_one(TrainingSessionRecord, found.id, populate_existing=True)
        else:
            return record
    grew = found.seats > record.capacity
    for name, value in _described(found, now).items():
        setattr(record, name, value)
    await db.flush()
    if grew:  # more seats: those waiting get them first
        await _lock(db, record.id, draw_number=False)
        await _fill_free_seats(db, record.id, now)
        await db.refresh(record)
    return record


def _described(found: TrainingSession, now: datetime) -> dict[str, Any]:
    # Never seats_taken: only this portal counts those.
    return {"training_type": found.training_type.value, "region": found.region.value,
            "place": found.place, "address": found.address, "first_day": found.days[0],
            "last_day": found.days[-1], "days": [day.isoformat() for day in found.days],
            "capacity": found.seats, "refreshed_at": now}


# --- seats -------------------------------------------------------------------------------

async def _lock(db: AsyncSession, session_id: str, *, draw_number: bool) -> int | None:
    """Lock the session's row for the rest of the transaction; with `draw_number`, draw
    the next queue number. None when there is no such session."""
    drawn = TrainingSessionRecord.last_queue_number + (1 if draw_number else 0)
    result = await db.execute(
        update(TrainingSessionRecord).where(TrainingSessionRecord.id == session_id)
        .values(last_queue_number=drawn)
        .returning(TrainingSessionRecord.last_queue_number)
        .execution_options(synchronize_session=False))
    number: int | None = result.scalar_one_or_none()
    return number


async def _take_seats(db: AsyncSession, session_id: str, seats: int) -> bool:
    took = await db.execute(
        update(TrainingSessionRecord)
        .where(TrainingSessionRecord.id == session_id,
               TrainingSessionRecord.seats_taken + seats <= TrainingSessionRecord.capacity)
        .values(seats_taken=TrainingSessionRecord.seats_taken + seats)
        .execution_options(synchronize_session=False))
    return getattr(took, "rowcount", 0) == 1


async def _fill_free_seats(db: AsyncSession, session_id: str,
                           now: datetime) -> list[TrainingBooking]:
    """Give free seats to those waiting, strictly in order (caller holds the lock)."""
    promoted: list[TrainingBooking] = []
    while True:
        first = await db.scalar(
            select(TrainingBooking)
            .where(TrainingBooking.session_id == session_id,
                   TrainingBooking.placement == Placement.WAITING)
            .order_by(TrainingBooking.queue_number).limit(1))
        # A couple first in line waits for two seats; nobody overtakes them.
        if first is None or not await _take_seats(db, session_id, first.seats):
            return promoted
        first.placement = Placement.SEAT
        first.seat_since = now
        if first.channel in NOTIFYING_CHANNELS:
            first.notice_state = NoticeState.PENDING
            first.notice_due_at = now
        await db.flush()
        promoted.append(first)


async def waiting_position(db: AsyncSession, booking: TrainingBooking) -> int:
    ahead = await db.scalar(select(func.count()).select_from(TrainingBooking).where(
        TrainingBooking.session_id == booking.session_id,
        TrainingBooking.placement == Placement.WAITING,
        TrainingBooking.queue_number < booking.queue_number))
    return int(ahead or 0) + 1


async def live_booking(db: AsyncSession, session_id: str, personal_code: str
                       ) -> TrainingBooking | None:
    return await db.scalar(select(TrainingBooking).where(
        TrainingBooking.session_id == session_id,
        TrainingBooking.active_subject == personal_code))


async def sign_up(db: AsyncSession, *, service: EService, session_id: str,
                  applicant: Applicant, choices: SignUpChoices, now: datetime) -> TrainingBooking:
    """A seat if one is free and nobody waits for it, else a place on the waiting list."""
    queue_number = await _lock(db, session_id, draw_number=True)
    if queue_number is None:
        raise SessionGone(session_id)
    if await live_booking(db, session_id, applicant.personal_code) is not None:
        raise AlreadySignedUp(session_id)
    seats = 2 if choices.co_applicant_code else 1
    waiting = await db.scalar(select(func.count()).select_from(TrainingBooking).where(
        TrainingBooking.session_id == session_id,
        TrainingBooking.placement == Placement.WAITING))
    seated = not waiting and await _take_seats(db, session_id, seats)
    session = await db.get_one(TrainingSessionRecord, session_id, populate_existing=True)
    placement = Placement.SEAT if seated else Placement.WAITING
    submission = await _submit(db, service, applicant, choices, now, {
        "training": {"training_type": session.training_type, "region": session.region},
        "session": {"session": session.id, "place": f"{session.place}, {session.address}",
                    "first_day": session.first_day.isoformat(),
                    "last_day": session.last_day.isoformat(), "placement": placement.value},
        "applicants": {"co_applicant": "yes" if seats == 2 else "no",
                       "co_applicant_name": choices.co_applicant_name,
                       "co_applicant_code": choices.co_applicant_code},
        "contact": {"channel": choices.channel, "email": choices.contact_email},
    })
    booking = TrainingBooking(
        session_id=session_id, subject_id=applicant.personal_code,
        active_subject=applicant.personal_code, applicant_name=applicant.name,
        co_applicant_code=choices.co_applicant_code, co_applicant_name=choices.co_applicant_name,
        seats=seats, placement=placement, queue_number=queue_number, channel=choices.channel,
        contact_email=choices.contact_email, locale=choices.locale, submission_id=submission.id,
        created_at=now, seat_since=now if seated else None, notice_state=NoticeState.NONE,
        notice_attempts=0, notice_error="")
    db.add(booking)
    try:
        await db.flush()
    except IntegrityError:  # the unique constraint, should two tabs sign up at once
        raise AlreadySignedUp(session_id) from None
    return booking


async def cancel(db: AsyncSession, *, service: EService, booking: TrainingBooking,
                 applicant: Applicant, locale: str, now: datetime) -> list[TrainingBooking]:
    """Cancel a live sign-up; its seats go to those waiting. Returns whom they went to."""
    await _lock(db, booking.session_id, draw_number=False)
    await db.refresh(booking)  # read under the lock: it may have got a seat meanwhile
    if booking.placement == Placement.CANCELLED:
        return []
    had_seats = booking.placement == Placement.SEAT
    booking.placement = Placement.CANCELLED
    booking.active_subject = None
    booking.cancelled_at = now
    booking.notice_state = NoticeState.NONE
    await db.flush()
    promoted: list[TrainingBooking] = []
    if had_seats:
        await db.execute(
            update(TrainingSessionRecord)
            .where(TrainingSessionRecord.id == booking.session_id)
            .values(seats_taken=TrainingSessionRecord.seats_taken - booking.seats)
            .execution_options(synchronize_session=False))
        promoted = await _fill_free_seats(db, booking.session_id, now)
    session = await db.get_one(TrainingSessionRecord, booking.session_id)
    sign_up_submission = await db.get_one(Submission, booking.submission_id)
    cancellation = await _submit(db, service, applicant, SignUpChoices(
        booking.co_applicant_code, booking.co_applicant_name, booking.channel,
        booking.contact_email, locale), now, {"cancellation": {
            "sign_up": sign_up_submission.reference,
            "place": f"{session.place}, {session.address}",
            "first_day": session.first_day.isoformat(),
            # For SPOLIS, not shown to the person: who has the seats now.
            "seats_passed_to": [await _reference(db, b) for b in promoted],
        }})
    booking.cancellation_id = cancellation.id
    await db.flush()
    return promoted


async def _reference(db: AsyncSession, booking: TrainingBooking) -> str:
    return (await db.get_one(Submission, booking.submission_id)).reference


async def _submit(db: AsyncSession, service: EService, applicant: Applicant,
                  choices: SignUpChoices, now: datetime,
                  answers: dict[str, Any]) -> Submission:
    # The shared path from a draft to a submission and its outbox row; the draft only
    # lives inside this transaction, as the whole sign-up is one page's answer.
    draft = await drafts.start_draft(
        db, service_slug=service.slug, subject_kind="self", subject_id=applicant.personal_code,
        actor_personal_code=applicant.personal_code, now=now, keep_for=timedelta(hours=1))
    draft.answers = answers
    return await submit_draft(
        db, service=service, draft=draft, locale=choices.locale, now=now,
        submitter=Submitter(subject_kind="self", subject_id=applicant.personal_code,
                            subject_name=applicant.name,
                            actor_personal_code=applicant.personal_code,
                            actor_name=applicant.name, representation="self"),
        answer_channel=choices.channel, contact_email=choices.contact_email)


async def bookings_of(db: AsyncSession, personal_code: str
                      ) -> list[tuple[TrainingBooking, TrainingSessionRecord, Submission]]:
    rows = await db.execute(
        select(TrainingBooking, TrainingSessionRecord, Submission)
        .join(TrainingSessionRecord, TrainingSessionRecord.id == TrainingBooking.session_id)
        .join(Submission, Submission.id == TrainingBooking.submission_id)
        .where(TrainingBooking.subject_id == personal_code)
        .order_by(TrainingSessionRecord.first_day, TrainingBooking.id))
    return [(booking, session, sent) for booking, session, sent in rows]


def starts_after(sessions: list[TrainingSessionRecord],
                 day: date | None) -> list[TrainingSessionRecord]:
    return [s for s in sessions if day is None or s.first_day >= day]
