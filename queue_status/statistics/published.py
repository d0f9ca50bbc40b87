"""The statistics as they may be shown: one reading of the snapshot, small counts hidden.

The page, the CSV and the JSON are all built from `published_statistics`, so the
suppression rule is applied in this one place:

- a count of one to four people (waiting now, served in a month, waiting at the
  end of a month, served in twelve months) is not shown: it reads "fewer than 5"
  (`None` here, "<5" in the CSV, null in the JSON). Zero is shown: it is nobody.
- the median and 90th-percentile waits are shown only when at least five served
  requests with a known wait stand behind them.
- so that a hidden month cannot be worked out by subtracting the shown months
  from the twelve-month total, when the hidden months of a queue add up to one to
  four people, the smallest shown months are hidden too, until they add up to
  five or more (or all are hidden).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from queue_status.models import Provider
from queue_status.statistics.aggregation import latest_snapshot, months_of
from queue_status.statistics.models import QueueStatistic, QueueStatisticMonth

THRESHOLD = 5

# The providers' names in both languages: the files carry both, whatever the reader's.
PROVIDER_NAMES: dict[str, tuple[str, str]] = {
    Provider.VAIVARI.value: ('VSIA Nacionālais rehabilitācijas centrs "Vaivari"',
                             'National Rehabilitation Centre "Vaivari"'),
    Provider.DEAF_ASSOCIATION.value: ("Latvijas Nedzirdīgo savienība",
                                      "Latvian Association of the Deaf"),
    Provider.BLIND_SOCIETY.value: ("Latvijas Neredzīgo biedrība", "Latvian Society of the Blind"),
}


def provider_names(provider: str) -> tuple[str, str]:
    return PROVIDER_NAMES.get(provider, (provider, provider))


def shown(count: int) -> int | None:
    """The count, or None when it is about one to four people."""
    return None if 0 < count < THRESHOLD else count


def shown_series(counts: Sequence[int], total_shown: bool) -> list[int | None]:
    """Hide small months, and enough others that the total gives none of them away."""
    values: list[int | None] = [shown(c) for c in counts]
    if not total_shown:
        return values
    hidden = sum(c for c, v in zip(counts, values, strict=True) if v is None)
    while 0 < hidden < THRESHOLD:
        candidates = [i for i, v in enumerate(values) if v]  # shown and not zero
        if not candidates:
            break
        smallest = min(candidates, key=lambda i: (counts[i], i))
        values[smallest] = None
        hidden += counts[smallest]
    return values


@dataclass(frozen=True, slots=True)
class PublishedMonth:
    month: date
    served: int | None
    waiting_at_end: int | None


@dataclass(frozen=True, slots=True)
class PublishedQueue:
    group_code: str
    group_name_lv: str
    group_name_en: str
    provider: str
    provider_name_lv: str
    provider_name_en: str
    waiting: int | None
    served: int | None  # in the twelve months
    median_wait_days: int | None
    p90_wait_days: int | None
    months: tuple[PublishedMonth, ...]

    @property
    def slug(self) -> str:
        return f"{self.group_code}/{self.provider}"


@dataclass(frozen=True, slots=True)
class PublishedStatistics:
    computed_at: datetime
    data_received_at: datetime | None
    months: tuple[date, ...]
    queues: tuple[PublishedQueue, ...]

    @property
    def first_month(self) -> date:
        return self.months[0]

    @property
    def last_month(self) -> date:
        return self.months[-1]

    def queue(self, group_code: str, provider: str) -> PublishedQueue | None:
        for queue in self.queues:
            if queue.group_code == group_code and queue.provider == provider:
                return queue
        return None


def publish_queue(row: QueueStatistic, months: Sequence[QueueStatisticMonth]) -> PublishedQueue:
    served_total = shown(row.served)
    served = shown_series([m.served for m in months], served_total is not None)
    # The month-end counts have no published total to subtract from.
    waiting = [shown(m.waiting_at_end) for m in months]
    enough = row.timed >= THRESHOLD
    lv, en = provider_names(row.provider)
    return PublishedQueue(
        group_code=row.group_code, group_name_lv=row.group_name_lv,
        group_name_en=row.group_name_en, provider=row.provider, provider_name_lv=lv,
        provider_name_en=en, waiting=shown(row.waiting), served=served_total,
        median_wait_days=row.median_wait_days if enough else None,
        p90_wait_days=row.p90_wait_days if enough else None,
        months=tuple(PublishedMonth(m.month, s, w)
                     for m, s, w in zip(months, served, waiting, strict=True)))


async def published_statistics(session: AsyncSession) -> PublishedStatistics | None:
    """The latest snapshot with suppression applied; None before the first one."""
    snapshot = await latest_snapshot(session)
    if snapshot is None:
        return None
    rows = list(await session.scalars(
        select(QueueStatistic).where(QueueStatistic.snapshot_id == snapshot.id).order_by(
            QueueStatistic.sort_order, QueueStatistic.group_code, QueueStatistic.provider)))
    months: dict[tuple[str, str], list[QueueStatisticMonth]] = {}
    for month in await session.scalars(
            select(QueueStatisticMonth).where(QueueStatisticMonth.snapshot_id == snapshot.id)
            .order_by(QueueStatisticMonth.month)):
        months.setdefault((month.group_code, month.provider), []).append(month)
    return PublishedStatistics(
        computed_at=snapshot.computed_at, data_received_at=snapshot.data_received_at,
        months=tuple(months_of(snapshot)),
        queues=tuple(publish_queue(row, months.get((row.group_code, row.provider), []))
                     for row in rows))
