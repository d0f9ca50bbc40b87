from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The person who signed in, whoever they were acting for.
    actor_personal_code: Mapped[str] = mapped_column(String(12), index=True)
    # "self", "child_or_ward" or "company", and a personal code or registration number.
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_identifier: Mapped[str] = mapped_column(String(12))
    action: Mapped[str] = mapped_column(String(30), index=True)
    # Identifiers only (a mandate number, an e-service slug): never form content.
    detail: Mapped[str] = mapped_column(String(200), default="")
