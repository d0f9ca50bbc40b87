"""Usage events, satisfaction answers, and the record of what was published.

None of these rows holds personal data. A journey is a random id drawn when a
person starts an e-service; it is not derived from the person, the draft or the
submission, so the events cannot be joined to them through the database. The
satisfaction answers do not even carry the journey: once a journey is rated,
only a `rated` event marks it, so a comment cannot be traced to its journey's
steps and times.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class UsageEventRecord(Base):
    __tablename__ = "usage_events"
    __table_args__ = (
        # One row per journey, kind and step: reloading a step does not count it twice,
        # and a double submit cannot count two submissions.
        UniqueConstraint("journey_id", "kind", "step"),
        Index("ix_usage_events_service_time", "service_slug", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    journey_id: Mapped[str] = mapped_column(String(32))
    service_slug: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(20))  # started, step, submitted, rated
    # "" rather than NULL for kinds without a step: NULLs never collide in a unique key.
    step: Mapped[str] = mapped_column(String(50), default="")
    device_class: Mapped[str] = mapped_column(String(10))
    locale: Mapped[str] = mapped_column(String(5))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Only on `submitted`: measured when it happens, from the journey's start.
    seconds_to_complete: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SatisfactionAnswer(Base):
    __tablename__ = "usage_satisfaction"
    __table_args__ = (Index("ix_usage_satisfaction_service_time", "service_slug", "answered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_slug: Mapped[str] = mapped_column(String(50))
    rating: Mapped[int] = mapped_column(Integer)  # 1 very dissatisfied ... 5 very satisfied
    comment: Mapped[str] = mapped_column(Text, default="")
    # Copied from the journey's submission, so answers split like the other figures.
    device_class: Mapped[str] = mapped_column(String(10))
    locale: Mapped[str] = mapped_column(String(5))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class UsagePublication(Base):
    """One day's figures of one e-service as the service platform accepted them."""

    __tablename__ = "usage_publications"
    __table_args__ = (UniqueConstraint("service_slug", "day", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_slug: Mapped[str] = mapped_column(String(50))
    day: Mapped[date] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
    # SHA-256 of the figures as sent: a re-run compares digests, not JSON documents.
    digest: Mapped[str] = mapped_column(String(64))
    platform_id: Mapped[str] = mapped_column(String(100), default="")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
