"""`recompute_statistics` against figures worked out by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from portal.database import transaction
from queue_status.statistics.aggregation import percentile, recompute_statistics, whole_days
from queue_status.statistics.chart import month_bars, nice_ceiling
from queue_status.statistics.models import (
    QueueStatistic,
    QueueStatisticMonth,
    QueueStatisticsSnapshot,
)
from queue_status.statistics.periods import last_full_months, month_start
from queue_status.statistics.published import shown, shown_series
from tests.queue_status.statistics.requests import (
    MONTHS,
    NOW,
    Req,
    fixed_requests,
    insert,
    reference,
    riga,
)

pytestmark = pytest.mark.anyio


async def stored(app: Starlette) -> dict[tuple[str, str], tuple[QueueStatistic, list[int],
                                                                 list[int]]]:
    async with app.state.sessionmaker() as session:
        rows = {(r.group_code, r.provider): r for r in await session.scalars(
            select(QueueStatistic))}
        months: dict[tuple[str, str], list[QueueStatisticMonth]] = {}
        for m in await session.scalars(select(QueueStatisticMonth).order_by(
                QueueStatisticMonth.month)):
            months.setdefault((m.group_code, m.provider), []).append(m)
    return {key: (row, [m.served for m in months[key]], [m.waiting_at_end for m in months[key]])
            for key, row in rows.items()}


async def recompute(app: Starlette, now: datetime = NOW) -> None:
    async with transaction(app.state.sessionmaker) as session:
        await recompute_statistics(session, now)


async def test_the_stored_figures_are_those_worked_out_by_hand(app: Starlette) -> None:
    requests = fixed_requests()
    await insert(app.state.sessionmaker, requests)
    await recompute(app)
    figures = await stored(app)
    expected = reference(requests)
    assert set(figures) == set(expected) | {("CANE", "blind_society")}
    for key, queue in expected.items():
        row, served, at_end = figures[key]
        assert (row.waiting, served, at_end) == (queue.waiting, queue.served,
                                                 queue.waiting_at_end), key
        assert row.served == sum(queue.served) and row.timed == len(queue.waits), key
        assert (row.median_wait_days, row.p90_wait_days) == (queue.median, queue.p90), key
    wheel, served, at_end = figures[("WHEEL", "vaivari")]
    # Spelled out for the main queue: the first minute of October (Riga) counts in October.
    assert wheel.waiting == 12 and served == [0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 3, 8]
    assert wheel.served == 17 and wheel.group_name_lv == "Riteņkrēsli"
    # The request rejected on 5 August waited at the end of January to July only; the
    # one issued at the first minute of October still waited at the end of September.
    assert at_end == [0, 6, 10, 17, 12, 13, 15, 25, 25, 24, 21, 13]
    cane, served, at_end = figures[("CANE", "blind_society")]
    assert (cane.waiting, cane.served, cane.median_wait_days) == (0, 0, None)
    assert served == [0] * 12 and at_end == [0] * 12
    pros, _served, _at_end = figures[("PROS", "vaivari")]
    assert (pros.group_name_lv, pros.group_name_en, pros.waiting) == ("PROS", "PROS", 5)


async def test_random_requests_agree_with_the_hand_computation(app: Starlette) -> None:
    chance = random.Random(20261123)
    queues = [("WHEEL", "vaivari"), ("HEAR", "deaf_association"), ("CANE", "blind_society"),
              ("WALK", "vaivari")]
    start = riga(2024, 6, 1)
    requests = []
    for _ in range(400):
        group, provider = chance.choice(queues)
        queued = start + timedelta(seconds=chance.randrange(0, 900 * 86400))
        kind = chance.random()
        if kind < 0.45:
            issued = queued + timedelta(seconds=chance.randrange(0, 400 * 86400))
            requests.append(Req(group, provider, "issued", queued=queued,
                                issued=min(issued, NOW - timedelta(hours=1))))
        elif kind < 0.55:
            changed = queued + timedelta(days=chance.randrange(0, 200))
            requests.append(Req(group, provider, "rejected", queued=queued,
                                changed=min(changed, NOW - timedelta(hours=1))))
        elif kind < 0.9:
            requests.append(Req(group, provider, chance.choice(["in_queue", "offered"]),
                                queued=min(queued, NOW - timedelta(hours=1))))
        else:
            requests.append(Req(group, provider, "under_review"))
    await insert(app.state.sessionmaker, requests)
    await recompute(app)
    figures = await stored(app)
    for key, queue in reference(requests).items():
        row, served, at_end = figures[key]
        assert (row.waiting, served, at_end, row.timed) == (
            queue.waiting, queue.served, queue.waiting_at_end, len(queue.waits)), key
        assert (row.median_wait_days, row.p90_wait_days) == (queue.median, queue.p90), key


async def test_a_recompute_replaces_the_previous_snapshot(app: Starlette) -> None:
    await insert(app.state.sessionmaker, fixed_requests())
    await recompute(app)
    await recompute(app, NOW + timedelta(days=20))
    async with app.state.sessionmaker() as session:
        snapshots = list(await session.scalars(select(QueueStatisticsSnapshot)))
        assert len(snapshots) == 1
        assert snapshots[0].first_month == date(2025, 12, 1)
        assert snapshots[0].last_month == date(2026, 11, 1)
        months = await session.scalar(select(func.count()).select_from(QueueStatisticMonth))
        assert months == 4 * 12


def test_twelve_full_months_in_latvian_time() -> None:
    assert last_full_months(NOW) == MONTHS
    # 31 December 22:30 UTC is already 1 January in Riga: December is then a full month.
    months = last_full_months(datetime(2026, 12, 31, 22, 30, tzinfo=UTC))
    assert months[0] == date(2026, 1, 1) and months[-1] == date(2026, 12, 1)
    assert month_start(date(2026, 7, 1)) == datetime(2026, 6, 30, 21, 0, tzinfo=UTC)


def test_percentiles_interpolate_like_percentile_cont() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([10.0], 0.9) == 10.0
    assert percentile([0.0, 10.0], 0.9) == pytest.approx(9.0)
    assert (whole_days(12.5), whole_days(12.49), whole_days(0.0)) == (13, 12, 0)


def test_small_counts_are_hidden_and_cannot_be_worked_out() -> None:
    assert [shown(n) for n in (0, 1, 4, 5, 120)] == [0, None, None, 5, 120]
    # One hidden month of 3 with a shown total: the smallest shown month goes too.
    assert shown_series([0, 3, 6, 8], total_shown=True) == [0, None, None, 8]
    # Two hidden months adding up to 5 or more give nothing away.
    assert shown_series([4, 3, 9], total_shown=True) == [None, None, 9]
    # Without a shown total there is nothing to subtract from.
    assert shown_series([2, 6], total_shown=False) == [None, 6]
    assert shown_series([2, 1, 0], total_shown=True) == [None, None, 0]


def test_the_chart_has_a_bar_or_a_mark_for_every_month() -> None:
    assert [nice_ceiling(n) for n in (0, 1, 3, 7, 10, 11, 480)] == [1, 1, 5, 10, 10, 20, 500]
    chart = month_bars([("jan", 10), ("feb", None), ("mar", 0), ("apr", 20)])
    assert [b.hidden for b in chart.bars] == [False, True, False, False]
    assert chart.bars[3].height == 160 and chart.bars[0].height == 80
    assert [g.value for g in chart.gridlines] == [0, 10, 20]
    empty = month_bars([("jan", None), ("feb", 0)])
    assert [g.value for g in empty.gridlines] == [0]
