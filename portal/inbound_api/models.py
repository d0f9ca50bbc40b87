"""What the inbound API keeps besides statuses and answers: used token ids and queue positions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class UsedTokenId(Base):
    """A `jti` already presented by a back office, kept until its token expires.

    The primary key makes a replay fail on insert, also when two copies of one
    token arrive at two web processes at the same moment.
    """

    __tablename__ = "inbound_api_token_ids"

    issuer: Mapped[str] = mapped_column(String(50), primary_key=True)
    jti: Mapped[str] = mapped_column(String(200), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class QueuePositionReport(Base):
    """A submission's place in a back office's waiting queue, as reported at one moment.

    Every report is kept (the latest is the current position; the earlier ones
    show how the queue moved). A back office resending the same report, same
    submission and same `reported_at`, changes nothing.
    """

    __tablename__ = "queue_positions"
    __table_args__ = (UniqueConstraint("submission_id", "reported_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[str] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(Integer)
    queue_size: Mapped[int] = mapped_column(Integer)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
