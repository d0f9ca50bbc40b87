"""Tables shared by every e-service: drafts, submissions, attachments, statuses,
answers, and the outbox that the delivery worker drains.

A submission, its attachment records and its outbox row are written in one
transaction (DESIGN, "the way data travels"); the worker only ever sees
committed work. Every row belongs to a *subject* — the person, child, ward or
company the submission is for — as `(subject_kind, subject_id)`; pages filter
on that pair, so another subject's ids simply are not found.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, UTCDateTime


class SubmissionStatus(StrEnum):
    RECEIVED = "received"  # stored in the portal, waiting for delivery
    DELIVERED = "delivered"  # the back office confirmed receipt
    IN_REVIEW = "in_review"
    NEEDS_INFORMATION = "needs_information"
    IN_QUEUE = "in_queue"
    ANSWERED = "answered"
    REJECTED = "rejected"
    CLOSED = "closed"


class OutboxState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"  # gave up after `delivery_dead_after`; an operator may retry


class Draft(Base):
    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_subject", "subject_kind", "subject_id", "service_slug"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service_slug: Mapped[str] = mapped_column(String(50))
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(String(20))
    actor_personal_code: Mapped[str] = mapped_column(String(12))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_step: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Submission(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_subject", "subject_kind", "subject_id", "submitted_at"),
        # The retention rule's first filter (portal/housekeeping): not yet purged, quiet since.
        Index("ix_submissions_retention", "purged_at", "status_changed_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # The draft it came from: unique, so a double submit of one draft makes one submission.
    draft_id: Mapped[str] = mapped_column(String(36), unique=True)
    service_slug: Mapped[str] = mapped_column(String(50))
    destination: Mapped[str] = mapped_column(String(20))
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(String(20))
    subject_name: Mapped[str] = mapped_column(String(200))
    actor_personal_code: Mapped[str] = mapped_column(String(12))
    actor_name: Mapped[str] = mapped_column(String(200))
    representation: Mapped[str] = mapped_column(String(30))  # self, parent, board_member, ...
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    answer_channel: Mapped[str] = mapped_column(String(20), default="portal")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    locale: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(30), default=SubmissionStatus.RECEIVED)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When the retention rule last removed its details (answers, files, answers' content):
    # the reference, service, subject, dates and status history stay (portal/housekeeping).
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="submission", order_by="Attachment.id", lazy="selectin"
    )
    events: Mapped[list[StatusEvent]] = relationship(
        back_populates="submission", order_by="StatusEvent.id", lazy="selectin"
    )
    answers_received: Mapped[list[Answer]] = relationship(
        back_populates="submission", order_by="Answer.id", lazy="selectin"
    )


class Attachment(Base):
    """A stored file, first of a draft and, once submitted, of the submission."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[str | None] = mapped_column(String(36), index=True)
    submission_id: Mapped[str | None] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    field_name: Mapped[str] = mapped_column(String(50))
    storage_key: Mapped[str] = mapped_column(String(100), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    content_type: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    scan_status: Mapped[str] = mapped_column(String(20))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime)

    submission: Mapped[Submission | None] = relationship(back_populates="attachments")


class StatusEvent(Base):
    """The timeline of a submission, shown in "My submissions"."""

    __tablename__ = "status_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20))  # portal or the back office's name
    at: Mapped[datetime] = mapped_column(UTCDateTime)

    submission: Mapped[Submission] = relationship(back_populates="events")


class OutboxEntry(Base):
    """One delivery to do. Written in the submission's transaction; drained by the worker."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    destination: Mapped[str] = mapped_column(String(20))
    idempotency_key: Mapped[str] = mapped_column(String(60), unique=True)
    state: Mapped[str] = mapped_column(String(20), default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A worker that claimed the row; others skip it until `claimed_until` passes.
    claimed_by: Mapped[str] = mapped_column(String(64), default="")
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # An operator's retry of a dead letter starts a fresh schedule: its age counts
    # from `retried_at`, its back-off from the attempts made since (`attempts` minus
    # `attempts_before_retry`); `attempts` itself keeps counting every attempt.
    retried_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts_before_retry: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class DeliveryAttempt(Base):
    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id", ondelete="CASCADE"), index=True)
    worker: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    duration_ms: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))  # delivered, retry, rejected, dead
    error: Mapped[str] = mapped_column(Text, default="")


class Answer(Base):
    """An answer from a back office, always shown in "My submissions".

    The back office names each answer with an `Idempotency-Key`, unique per back
    office: an answer sent again with the same key is stored (and announced) once.
    Answers kept from before the keys have none.
    """

    __tablename__ = "answers"
    __table_args__ = (
        Index("ix_answers_idempotency", "source", "idempotency_key", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    file_key: Mapped[str] = mapped_column(String(100), default="")
    file_name: Mapped[str] = mapped_column(String(255), default="")
    file_type: Mapped[str] = mapped_column(String(100), default="")
    file_size: Mapped[int] = mapped_column(BigInteger, default=0)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Where else it went (email, e-address), and when; empty until sent.
    notified_channel: Mapped[str] = mapped_column(String(20), default="")
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The back office that sent it, its key, and the SHA-256 of what it sent (text,
    # file name and file bytes), which a resend with the same key must match.
    source: Mapped[str] = mapped_column(String(20), default="", server_default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    request_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)

    submission: Mapped[Submission] = relationship(back_populates="answers_received")
