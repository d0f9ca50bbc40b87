"""The queue of answer notifications still to send on e-mail or the e-address."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class NotificationState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # refused by the channel or out of attempts; shown to operators


class AnswerNotification(Base):
    __tablename__ = "answer_notifications"
    __table_args__ = (Index("ix_answer_notifications_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # One notification per answer: enqueueing twice is a no-op, not a second e-mail.
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answers.id", ondelete="CASCADE"), unique=True
    )
    channel: Mapped[str] = mapped_column(String(20))  # email or e_address
    state: Mapped[str] = mapped_column(String(20), default=NotificationState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # While a sender works on a row this is pushed forward (a lease), so a second
    # worker does not send the same message; if the sender dies, the row is due again.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
