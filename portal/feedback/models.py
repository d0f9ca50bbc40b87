from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class AccessibilityFeedback(Base):
    __tablename__ = "accessibility_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    description: Mapped[str] = mapped_column(Text)
    page_address: Mapped[str] = mapped_column(String(500), default="")
    # Only when the person wants an answer; nothing else identifies them.
    reply_email: Mapped[str] = mapped_column(String(254), default="")
    locale: Mapped[str] = mapped_column(String(5))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
