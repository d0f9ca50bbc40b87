"""The stored snapshot of the public queue statistics (see `aggregation.py`).

A snapshot is computed from `technical_aid_requests` by `recompute_statistics` and
read by the public page and the open-data files, so they all show the same
figures and never aggregate a million rows per visit. The counts are stored
as computed; small ones are hidden when they are shown (`published.py`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, ForeignKeyConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import Base, UTCDateTime


class QueueStatisticsSnapshot(Base):
    __tablename__ = "queue_statistics_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The twelve full calendar months (Europe/Riga) the monthly figures cover.
    first_month: Mapped[date] = mapped_column(Date)
    last_month: Mapped[date] = mapped_column(Date)
    # The latest time the portal learnt of a change from SPOLIS; None without data.
    data_received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class QueueStatistic(Base):
    """One queue (aid group at one provider) in a snapshot."""

    __tablename__ = "queue_statistics"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("queue_statistics_snapshots.id", ondelete="CASCADE"), primary_key=True)
    group_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    provider: Mapped[str] = mapped_column(String(30), primary_key=True)
    # The catalogue's names when computed, so the files stand on their own.
    group_name_lv: Mapped[str] = mapped_column(String(200))
    group_name_en: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer)
    waiting: Mapped[int] = mapped_column(Integer)
    # Issued in the snapshot's twelve months; `timed` of them have a known wait.
    served: Mapped[int] = mapped_column(Integer)
    timed: Mapped[int] = mapped_column(Integer)
    median_wait_days: Mapped[int | None] = mapped_column(Integer)
    p90_wait_days: Mapped[int | None] = mapped_column(Integer)


class QueueStatisticMonth(Base):
    """One calendar month of one queue in a snapshot: the trend."""

    __tablename__ = "queue_statistics_months"
    __table_args__ = (
        ForeignKeyConstraint(
            ["snapshot_id", "group_code", "provider"],
            ["queue_statistics.snapshot_id", "queue_statistics.group_code",
             "queue_statistics.provider"],
            ondelete="CASCADE"),
    )

    snapshot_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    provider: Mapped[str] = mapped_column(String(30), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    served: Mapped[int] = mapped_column(Integer)
    waiting_at_end: Mapped[int] = mapped_column(Integer)
