"""Appointments booked through the portal, one row per booked slot.

SPOLIS owns the calendar; the portal owns who booked which slot through it. A
slot holds one live booking at a time: `active_slot_id` is the slot's id while
the booking stands and NULL once it is cancelled or moved, and a unique
constraint on it makes the second of two simultaneous bookings fail.
The slot's details are copied in, so "my appointments" needs no SPOLIS call.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class AppointmentState(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    MOVED = "moved"  # replaced by the booking whose `replaces_id` points here


class ReminderState(StrEnum):
    NONE = ""  # the person chose the portal only
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class AppointmentBooking(Base):
    __tablename__ = "appointment_bookings"
    __table_args__ = (
        Index("ix_appointment_bookings_subject", "subject_kind", "subject_id", "starts_at"),
        Index("ix_appointment_bookings_reminder", "reminder_state", "remind_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The calendar's UID (RFC 5545): kept when the booking is moved, so a calendar
    # program that imports the new file updates the event instead of adding one.
    uid: Mapped[str] = mapped_column(String(36), index=True)
    slot_id: Mapped[str] = mapped_column(String(80))
    active_slot_id: Mapped[str | None] = mapped_column(String(80), nullable=True, unique=True)
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(String(20))
    subject_name: Mapped[str] = mapped_column(String(200))
    actor_personal_code: Mapped[str] = mapped_column(String(12))
    specialist_type: Mapped[str] = mapped_column(String(40))
    specialist: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    change_until_hours_before: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default=AppointmentState.BOOKED)
    channel: Mapped[str] = mapped_column(String(20))  # portal, email or e_address
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    locale: Mapped[str] = mapped_column(String(5))
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"))
    # The submission that told SPOLIS of the cancellation or the move away from this slot.
    ended_by_id: Mapped[str | None] = mapped_column(ForeignKey("submissions.id"),
                                                    nullable=True)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("appointment_bookings.id"),
                                                    nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reminder_state: Mapped[str] = mapped_column(String(20), default=ReminderState.NONE)
    remind_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminder_attempts: Mapped[int] = mapped_column(Integer, default=0)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reminder_error: Mapped[str] = mapped_column(Text, default="")

    @property
    def change_until(self) -> datetime:
        """The last moment the person may move or cancel it in the portal."""
        return self.starts_at - timedelta(hours=self.change_until_hours_before)

    def changeable(self, now: datetime) -> bool:
        return self.state == AppointmentState.BOOKED and now < self.change_until
