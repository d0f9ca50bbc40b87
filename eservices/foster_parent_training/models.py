"""Training sessions mirrored from SPOLIS, and who took their seats.

SPOLIS schedules the sessions and says how many seats it offers; the portal
hands the seats out, so the count lives here, next to the sign-ups, where one
transaction can take a seat and record who took it. `seats_taken` only ever
changes by conditional UPDATEs under the session row's lock (see `service.py`).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class Placement(StrEnum):
    SEAT = "seat"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class NoticeState(StrEnum):
    NONE = ""  # nothing to tell, or the person chose the portal only
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class TrainingSessionRecord(Base):
    __tablename__ = "training_sessions"
    __table_args__ = (Index("ix_training_sessions_choice", "training_type", "region",
                            "first_day"),)

    id: Mapped[str] = mapped_column(String(60), primary_key=True)  # SPOLIS' id
    training_type: Mapped[str] = mapped_column(String(40))
    region: Mapped[str] = mapped_column(String(20))
    place: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    days: Mapped[list[str]] = mapped_column(JSON)  # ISO dates, as SPOLIS lists them
    capacity: Mapped[int] = mapped_column(Integer)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    # Drawn by every sign-up under the row's lock: the order of the waiting list.
    last_queue_number: Mapped[int] = mapped_column(Integer, default=0)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def seats_left(self) -> int:
        return max(0, self.capacity - self.seats_taken)

    @property
    def dates(self) -> list[date]:
        return [date.fromisoformat(day) for day in self.days]


class TrainingBooking(Base):
    """One sign-up: the applicant (and co-applicant) for one session."""

    __tablename__ = "training_bookings"
    __table_args__ = (
        # One live sign-up per person and session; `active_subject` is NULL once
        # cancelled, and NULLs never collide, so a person may sign up again later.
        UniqueConstraint("session_id", "active_subject", name="uq_training_bookings_live"),
        UniqueConstraint("session_id", "queue_number", name="uq_training_bookings_queue"),
        Index("ix_training_bookings_subject", "subject_id", "created_at"),
        Index("ix_training_bookings_notice", "notice_state", "notice_due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("training_sessions.id"))
    subject_id: Mapped[str] = mapped_column(String(20))  # the applicant's personal code
    active_subject: Mapped[str | None] = mapped_column(String(20), nullable=True)
    applicant_name: Mapped[str] = mapped_column(String(200))
    co_applicant_code: Mapped[str] = mapped_column(String(12), default="")
    co_applicant_name: Mapped[str] = mapped_column(String(200), default="")
    seats: Mapped[int] = mapped_column(Integer)  # 2 with a co-applicant
    placement: Mapped[str] = mapped_column(String(20))
    queue_number: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(20))  # portal, email or e_address
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    locale: Mapped[str] = mapped_column(String(5))
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"))
    cancellation_id: Mapped[str | None] = mapped_column(ForeignKey("submissions.id"),
                                                        nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seat_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # "A seat became free for you", sent by `notices.send_seat_notices`.
    notice_state: Mapped[str] = mapped_column(String(20), default=NoticeState.NONE)
    notice_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    notice_attempts: Mapped[int] = mapped_column(Integer, default=0)
    notice_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    notice_error: Mapped[str] = mapped_column(Text, default="")
