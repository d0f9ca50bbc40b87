"""Technical aids as SPOLIS keeps them: the catalogue and the queue, mirrored in the portal.

SPOLIS owns both. The portal keeps a copy so that "my queue" answers when SPOLIS
does not (with the age of what it shows) and so that the public statistics and
open data are computed here, without touching SPOLIS on every visit:

- the catalogue (`aid_groups`, `aids`) is refreshed from SPOLIS' catalogue;
- every request in SPOLIS' technical-aid queues has one `technical_aid_requests`
  row, written when SPOLIS pushes a change through the inbound API or when the
  portal pulls a person's requests on demand; `technical_aid_request_events`
  keeps each change, the history shown in "my queue".

A queue is one aid group at one provider: positions and waits are counted per
(`group_code`, `provider`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class Provider(StrEnum):
    """Who issues an aid (SPEC §3.4)."""

    VAIVARI = "vaivari"  # Nacionālais rehabilitācijas centrs "Vaivari"
    DEAF_ASSOCIATION = "deaf_association"  # Latvijas Nedzirdīgo savienība
    BLIND_SOCIETY = "blind_society"  # Latvijas Neredzīgo biedrība


class RequestStatus(StrEnum):
    """Where a request stands (SPEC §3.5)."""

    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    IN_QUEUE = "in_queue"
    OFFERED = "offered"
    ISSUED = "issued"
    REJECTED = "rejected"


class AidGroup(Base):
    """A group of aids in SPOLIS' catalogue, e.g. "Riteņkrēsli" (wheelchairs)."""

    __tablename__ = "aid_groups"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)  # SPOLIS' code
    name_lv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Aid(Base):
    """One aid of the catalogue and the provider that issues it."""

    __tablename__ = "aids"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)  # SPOLIS' code
    group_code: Mapped[str] = mapped_column(ForeignKey("aid_groups.code"), index=True)
    provider: Mapped[str] = mapped_column(String(30))  # a Provider value
    name_lv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    # False once SPOLIS no longer offers it; kept for the requests that name it.
    active: Mapped[bool] = mapped_column(default=True)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TechnicalAidRequest(Base):
    """One request in SPOLIS' technical-aid queues, as SPOLIS last reported it."""

    __tablename__ = "technical_aid_requests"
    __table_args__ = (
        # Everything "my queue" needs for one person: one index range, whatever the size.
        Index("ix_technical_aid_requests_person", "personal_code", "applied_at"),
        # The public statistics: who waits now, who was served when, per queue.
        Index("ix_technical_aid_requests_queue", "group_code", "provider", "status"),
        Index("ix_technical_aid_requests_served", "group_code", "provider", "issued_at"),
    )

    id: Mapped[str] = mapped_column(String(60), primary_key=True)  # SPOLIS' request id
    # Whose aid it is (the person, or the child or ward a parent applied for).
    personal_code: Mapped[str] = mapped_column(String(12))
    # The portal submission that made the request; None for requests made on paper.
    reference: Mapped[str | None] = mapped_column(String(20), index=True)
    aid_code: Mapped[str] = mapped_column(String(40))
    group_code: Mapped[str] = mapped_column(String(40))
    provider: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))  # a RequestStatus value
    position: Mapped[int | None] = mapped_column(Integer)  # while in the queue
    queue_size: Mapped[int | None] = mapped_column(Integer)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime)
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # served
    # When SPOLIS says the request last changed, and when the portal learnt it.
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TechnicalAidRequestEvent(Base):
    """One change of a request: its history in "my queue". A change SPOLIS reports
    twice (same request, same `changed_at`) is kept once."""

    __tablename__ = "technical_aid_request_events"
    __table_args__ = (UniqueConstraint("request_id", "changed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(
        ForeignKey("technical_aid_requests.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    position: Mapped[int | None] = mapped_column(Integer)
    queue_size: Mapped[int | None] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FeedCursor(Base):
    """Where the portal stopped reading a back office's change feed, e.g. SPOLIS'
    technical-aid changes: the next round goes on from exactly there."""

    __tablename__ = "feed_cursors"

    feed: Mapped[str] = mapped_column(String(60), primary_key=True)
    cursor: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
