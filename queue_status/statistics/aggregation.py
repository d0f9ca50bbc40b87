"""`recompute_statistics`: the public figures of every queue, stored as one snapshot.

Two queries over `technical_aid_requests`, plain SQL that SQLite and PostgreSQL
run alike: one aggregate pass with a `CASE` per month for the counts, and one
that reads the entry and issue times of the requests served in the twelve months,
whose waits are ordered in Python. Doing the percentiles here rather than with
PostgreSQL's `percentile_cont` keeps one code path and so the same results on
both databases; the served rows of a year are a small part of the table.

The snapshot is written in the caller's transaction (the caller commits), and
older snapshots are deleted in it, so readers see the old figures or the new
ones, never a mixture. Two workers recomputing at once each write their own
snapshot; the later one wins.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, case, delete, func, insert, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from queue_status.models import Aid, AidGroup, RequestStatus, TechnicalAidRequest
from queue_status.statistics.models import (
    QueueStatistic,
    QueueStatisticMonth,
    QueueStatisticsSnapshot,
)
from queue_status.statistics.periods import last_full_months, month_start, next_month

WAITING_STATUSES = (RequestStatus.IN_QUEUE.value, RequestStatus.OFFERED.value)
SECONDS_PER_DAY = 86_400

R = TechnicalAidRequest


def percentile(ordered: Sequence[float], fraction: float) -> float:
    """Linear interpolation between the nearest ranks, as `percentile_cont`."""
    if not ordered:
        raise ValueError("no values")
    position = fraction * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def whole_days(days: float) -> int:
    """Rounded half up: 12.5 days is 13 (Python's `round` would give 12)."""
    return math.floor(days + 0.5)


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def _waiting_at(instant: datetime) -> ColumnElement[bool]:
    return and_(
        R.queued_at < instant,
        or_(R.issued_at.is_(None), R.issued_at >= instant),
        not_(and_(R.status == RequestStatus.REJECTED.value, R.changed_at < instant)),
    )


@dataclass
class _Queue:
    waiting: int = 0
    served: list[int] | None = None
    waiting_at_end: list[int] | None = None


async def recompute_statistics(session: AsyncSession, now: datetime) -> QueueStatisticsSnapshot:
    months = last_full_months(now)
    starts = [month_start(m) for m in months]
    ends = [month_start(next_month(m)) for m in months]

    columns = [_count(R.status.in_(WAITING_STATUSES))]
    columns += [_count(and_(R.issued_at >= s, R.issued_at < e)) for s, e in zip(starts, ends,
                                                                                  strict=True)]
    columns += [_count(_waiting_at(e)) for e in ends]
    counted = await session.execute(
        select(R.group_code, R.provider, *columns).group_by(R.group_code, R.provider))
    queues: dict[tuple[str, str], _Queue] = {}
    for group_code, provider, waiting, *monthly in counted:
        queues[(group_code, provider)] = _Queue(
            int(waiting or 0), [int(n or 0) for n in monthly[:len(months)]],
            [int(n or 0) for n in monthly[len(months):]])
    received = await session.scalar(select(func.max(R.received_at)))

    waits: dict[tuple[str, str], list[float]] = defaultdict(list)
    served_rows = await session.execute(
        select(R.group_code, R.provider, R.queued_at, R.issued_at).where(
            R.issued_at >= starts[0], R.issued_at < ends[-1], R.queued_at.is_not(None)))
    for group_code, provider, queued_at, issued_at in served_rows:
        if queued_at is None or issued_at is None:  # excluded by the query
            continue
        seconds = (issued_at - queued_at).total_seconds()
        waits[(group_code, provider)].append(max(0.0, seconds) / SECONDS_PER_DAY)

    # Every queue of the catalogue is listed, also one nobody has joined yet.
    catalogue = await session.execute(select(Aid.group_code, Aid.provider).distinct())
    for group_code, provider in catalogue:
        queues.setdefault((group_code, provider), _Queue())
    groups = {g.code: g for g in await session.scalars(select(AidGroup))}

    snapshot = QueueStatisticsSnapshot(computed_at=now, first_month=months[0],
                                       last_month=months[-1], data_received_at=received)
    session.add(snapshot)
    await session.flush()
    # Bulk inserts (one multi-row statement per table): 200 queues make 2,600 rows.
    statistics, months_rows = [], []
    for (group_code, provider), queue in queues.items():
        group = groups.get(group_code)
        ordered = sorted(waits.get((group_code, provider), ()))
        served = queue.served or [0] * len(months)
        at_end = queue.waiting_at_end or [0] * len(months)
        statistics.append({
            "snapshot_id": snapshot.id, "group_code": group_code, "provider": provider,
            "group_name_lv": group.name_lv if group else group_code,
            "group_name_en": group.name_en if group else group_code,
            "sort_order": group.sort_order if group else 0,
            "waiting": queue.waiting, "served": sum(served), "timed": len(ordered),
            "median_wait_days": whole_days(percentile(ordered, 0.5)) if ordered else None,
            "p90_wait_days": whole_days(percentile(ordered, 0.9)) if ordered else None})
        months_rows += [{"snapshot_id": snapshot.id, "group_code": group_code,
                         "provider": provider, "month": month, "served": served[index],
                         "waiting_at_end": at_end[index]}
                        for index, month in enumerate(months)]
    if statistics:
        await session.execute(insert(QueueStatistic), statistics)
        await session.execute(insert(QueueStatisticMonth), months_rows)
    await _delete_older(session, snapshot.id)
    await session.flush()
    return snapshot


async def _delete_older(session: AsyncSession, snapshot_id: int) -> None:
    # Children first: SQLite enforces the foreign keys but the order keeps it simple.
    await session.execute(delete(QueueStatisticMonth).where(
        QueueStatisticMonth.snapshot_id < snapshot_id))
    await session.execute(delete(QueueStatistic).where(QueueStatistic.snapshot_id < snapshot_id))
    await session.execute(delete(QueueStatisticsSnapshot).where(
        QueueStatisticsSnapshot.id < snapshot_id))


async def latest_snapshot(session: AsyncSession) -> QueueStatisticsSnapshot | None:
    return await session.scalar(
        select(QueueStatisticsSnapshot).order_by(QueueStatisticsSnapshot.id.desc()).limit(1))


def months_of(snapshot: QueueStatisticsSnapshot) -> list[date]:
    months = [snapshot.first_month]
    while months[-1] < snapshot.last_month:
        months.append(next_month(months[-1]))
    return months
