"""What `portal publish-open-data` sent to the open-data portal, one row per period.

The row is written before anything is sent, with the files of that period: every
later run in the same period sends these same bytes (or, finding them there,
nothing), so publishing is idempotent per period even when a run stopped half-way
or the statistics were recomputed since.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class OpenDataPublication(Base):
    __tablename__ = "open_data_publications"

    # The last full month the files cover, e.g. "2026-10".
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    csv_body: Mapped[str] = mapped_column(Text)
    json_body: Mapped[str] = mapped_column(Text)
    csv_sha256: Mapped[str] = mapped_column(String(64))
    json_sha256: Mapped[str] = mapped_column(String(64))
    prepared_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set once the open-data portal holds both files of the period.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dataset_id: Mapped[str | None] = mapped_column(String(100))
