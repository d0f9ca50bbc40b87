"""How long a wait in a technical-aid queue may be, from how fast that queue moved.

The method, as the page explains it: count how many requests the queue (one aid
group at one provider) served — aids issued — in each of the last 12 whole
calendar months. Serving at the pace of its busiest month, the queue reaches
position P in P ÷ (busiest month) months; at the pace of its quietest month in
which it served anybody, in P ÷ (quietest month) months. Both are rounded up to
whole months. A queue that served nobody in those months gives no estimate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from math import ceil
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from queue_status.models import RequestStatus, TechnicalAidRequest

RIGA = ZoneInfo("Europe/Riga")
MONTHS = 12

Queue = tuple[str, str]
"""(group_code, provider)."""


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    shortest_months: int
    longest_months: int


def estimate_wait(position: int, served_by_month: Sequence[int]) -> WaitEstimate | None:
    """The wait range for `position` (1 is next), or None when the queue served nobody."""
    served = [count for count in served_by_month if count > 0]
    if position < 1 or not served:
        return None
    return WaitEstimate(shortest_months=ceil(position / max(served)),
                        longest_months=ceil(position / min(served)))


def counted_months(now: datetime) -> list[tuple[int, int]]:
    """The last `MONTHS` whole calendar months in Latvia before `now`, oldest first."""
    local = now.astimezone(RIGA)
    year, month = local.year, local.month
    months = []
    for _ in range(MONTHS):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.append((year, month))
    return months[::-1]


def _month_start(year: int, month: int) -> datetime:
    return datetime(year, month, 1, tzinfo=RIGA).astimezone(UTC)


async def served_by_month(session: AsyncSession, queues: Iterable[Queue],
                          now: datetime) -> dict[Queue, list[int]]:
    """Requests issued in each counted month (oldest first), per queue; one query on the
    (group_code, provider, issued_at) index."""
    wanted = sorted(set(queues))
    months = counted_months(now)
    counts: dict[Queue, list[int]] = {queue: [0] * len(months) for queue in wanted}
    if not wanted:
        return counts
    start = _month_start(*months[0])
    end_year, end_month = months[-1]
    end = _month_start(end_year + end_month // 12, end_month % 12 + 1)
    index = {month: position for position, month in enumerate(months)}
    rows = await session.execute(
        select(TechnicalAidRequest.group_code, TechnicalAidRequest.provider,
               TechnicalAidRequest.issued_at)
        .where(or_(*(and_(TechnicalAidRequest.group_code == group,
                          TechnicalAidRequest.provider == provider) for group, provider in wanted)),
               TechnicalAidRequest.status == RequestStatus.ISSUED.value,
               TechnicalAidRequest.issued_at >= start, TechnicalAidRequest.issued_at < end))
    for group, provider, issued_at in rows.all():
        if issued_at is None:
            continue
        local = issued_at.astimezone(RIGA)
        slot = index.get((local.year, local.month))
        if slot is not None:
            counts[(group, provider)][slot] += 1
    return counts
