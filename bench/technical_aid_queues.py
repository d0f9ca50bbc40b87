"""Benchmark: "my queue" for one person and the public statistics, at 10k, 100k and 1M requests.

Run from the repository root (see bench/README.md):

    .venv/bin/python bench/technical_aid_queues.py [--sizes 10000,100000,1000000] [--lookups 500]

It starts a throwaway PostgreSQL cluster (tests/support/postgres.py), migrates a
database, loads a catalogue of 200 aid groups and then technical-aid requests
(one history event each) with COPY, growing the table to each size in turn. At
each size, after ANALYZE, it prints:

- the p50 and p99 time of one person's "my queue" data: `requests_of` (every
  request of the person and their children, on the (personal_code, applied_at)
  index) plus `history_of` (the changes of those requests), each lookup in its
  own session, for randomly chosen people;
- the time to recompute every public aggregate (`recompute_statistics`, one
  transaction, best of three);

and at the end the ratios largest/smallest size: the per-person lookup must stay
flat (ratio near 1) while the recompute grows with the table. The first size is
the baseline, measured in the same run on the same cluster. A `SELECT 1` round
trip is printed as the floor of any query.

This is a benchmark, not a test: nothing here is collected by pytest.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import asyncpg  # type: ignore[import-untyped]  # noqa: E402
from sqlalchemy import text  # noqa: E402

from portal.database import create_engine, create_sessionmaker, transaction  # noqa: E402
from portal.migrations import upgrade  # noqa: E402
from queue_status.requests import history_of, requests_of  # noqa: E402
from queue_status.statistics.aggregation import recompute_statistics  # noqa: E402
from tests.support.postgres import PostgresCluster  # noqa: E402

GROUPS = 200
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DAY = 86_400
# Each person has this many requests on average (themselves and their children).
REQUESTS_PER_PERSON = 2
PROVIDERS = ("vaivari",) * 8 + ("deaf_association", "blind_society")


def provider_of(group: int) -> str:
    return PROVIDERS[group % len(PROVIDERS)]


def personal_code(person: int) -> str:
    return f"{person % 1_000_000:06d}-{person // 1_000_000:01d}{person % 10_000:04d}"


@dataclass
class Loaded:
    requests: int = 0


def request_rows(first: int, count: int, chance: random.Random) -> tuple[list[tuple[object, ...]],
                                                                         list[tuple[object, ...]]]:
    rows: list[tuple[object, ...]] = []
    events: list[tuple[object, ...]] = []
    for n in range(first, first + count):
        group = chance.randrange(GROUPS)
        person = n // REQUESTS_PER_PERSON
        applied = NOW - timedelta(seconds=chance.randrange(30 * DAY, 3 * 365 * DAY))
        kind = chance.random()
        entered = applied + timedelta(days=chance.randrange(1, 30))
        queued: datetime | None = entered
        issued: datetime | None = None
        if kind < 0.35:
            status = "issued"
            issued = min(entered + timedelta(seconds=chance.randrange(DAY, 500 * DAY)),
                         NOW - timedelta(hours=1))
        elif kind < 0.75:
            status = "in_queue"
        elif kind < 0.80:
            status = "offered"
        elif kind < 0.90:
            status = "rejected"
        else:
            status, queued = chance.choice(("received", "under_review")), None
        changed = issued or queued or applied
        request_id = f"TPL-{n:08d}"
        rows.append((request_id, personal_code(person), None, f"A{group:03d}-1", f"G{group:03d}",
                     provider_of(group), status, None, None, applied, queued, issued, changed,
                     changed))
        events.append((request_id, status, None, None, changed))
    return rows, events


REQUEST_COLUMNS = ["id", "personal_code", "reference", "aid_code", "group_code", "provider",
                   "status", "position", "queue_size", "applied_at", "queued_at", "issued_at",
                   "changed_at", "received_at"]
EVENT_COLUMNS = ["request_id", "status", "position", "queue_size", "changed_at"]
BATCH = 50_000


async def load_catalogue(connection: asyncpg.Connection) -> None:
    await connection.copy_records_to_table("aid_groups", records=[
        (f"G{g:03d}", f"Grupa {g}", f"Group {g}", g, NOW) for g in range(GROUPS)],
        columns=["code", "name_lv", "name_en", "sort_order", "refreshed_at"])
    await connection.copy_records_to_table("aids", records=[
        (f"A{g:03d}-1", f"G{g:03d}", provider_of(g), f"TPL {g}", f"Aid {g}", True, NOW)
        for g in range(GROUPS)],
        columns=["code", "group_code", "provider", "name_lv", "name_en", "active",
                 "refreshed_at"])


async def grow_to(dsn: str, loaded: Loaded, size: int, chance: random.Random) -> float:
    started = time.monotonic()
    connection = await asyncpg.connect(dsn)
    try:
        if loaded.requests == 0:
            await load_catalogue(connection)
        while loaded.requests < size:
            count = min(BATCH, size - loaded.requests)
            rows, events = request_rows(loaded.requests, count, chance)
            await connection.copy_records_to_table("technical_aid_requests", records=rows,
                                                   columns=REQUEST_COLUMNS)
            await connection.copy_records_to_table("technical_aid_request_events",
                                                   records=events, columns=EVENT_COLUMNS)
            loaded.requests += count
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return time.monotonic() - started


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class Measured:
    size: int
    load_seconds: float
    round_trip_ms: float
    lookup_p50_ms: float
    lookup_p99_ms: float
    rows_per_lookup: float
    recompute_seconds: float


async def measure(database_url: str, size: int, load_seconds: float, lookups: int,
                  chance: random.Random) -> Measured:
    engine = create_engine(database_url)
    sessionmaker = create_sessionmaker(engine)
    try:
        trips = []
        async with sessionmaker() as session:
            for _ in range(200):
                started = time.perf_counter()
                await session.execute(text("SELECT 1"))
                trips.append(time.perf_counter() - started)
        people = size // REQUESTS_PER_PERSON
        timings, found = [], []
        for index in range(lookups + 50):
            person = chance.randrange(people)
            # A parent looks at their own requests and a child's: two personal codes.
            codes = [personal_code(person), personal_code(chance.randrange(people))]
            started = time.perf_counter()
            async with sessionmaker() as session:
                rows = await requests_of(session, codes)
                await history_of(session, [row.id for row in rows])
            elapsed = time.perf_counter() - started
            if index >= 50:  # the first 50 warm the pool and the caches
                timings.append(elapsed)
                found.append(len(rows))
        recomputes = []
        for _ in range(3):
            started = time.perf_counter()
            async with transaction(sessionmaker) as session:
                await recompute_statistics(session, NOW)
            recomputes.append(time.perf_counter() - started)
    finally:
        await engine.dispose()
    return Measured(size, load_seconds, statistics.median(trips) * 1000,
                    percentile(timings, 0.5) * 1000, percentile(timings, 0.99) * 1000,
                    statistics.mean(found), min(recomputes))


def report(results: list[Measured]) -> None:
    print()
    print(f"{'requests':>10} {'load s':>8} {'SELECT 1 ms':>12} {'my queue p50 ms':>16} "
          f"{'p99 ms':>8} {'rows/lookup':>12} {'recompute s':>12}")
    for r in results:
        print(f"{r.size:>10,} {r.load_seconds:>8.1f} {r.round_trip_ms:>12.2f} "
              f"{r.lookup_p50_ms:>16.2f} {r.lookup_p99_ms:>8.2f} {r.rows_per_lookup:>12.1f} "
              f"{r.recompute_seconds:>12.2f}")
    first, last = results[0], results[-1]
    if first is last:
        return
    growth = last.size / first.size
    print()
    print(f"{last.size:,} / {first.size:,} requests ({growth:.0f}x the entries):")
    print(f"  my queue p50: {last.lookup_p50_ms / first.lookup_p50_ms:.2f}x, "
          f"p99: {last.lookup_p99_ms / first.lookup_p99_ms:.2f}x "
          "(flat means it does not grow with the table)")
    print(f"  recompute of all public aggregates: "
          f"{last.recompute_seconds / first.recompute_seconds:.1f}x")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="table sizes to measure at, comma-separated, growing")
    parser.add_argument("--lookups", type=int, default=500,
                        help="people looked up at each size (default 500)")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    chance = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="portal-bench-queue-") as temporary:
        print("starting a throwaway PostgreSQL cluster ...", flush=True)
        cluster = PostgresCluster.start(Path(temporary))
        try:
            database_url = cluster.create_database("bench_queue")
            upgrade(database_url)
            dsn = database_url.replace("postgresql+asyncpg://", "postgresql://")
            loaded, results = Loaded(), []
            for size in sizes:
                seconds = asyncio.run(grow_to(dsn, loaded, size, chance))
                print(f"{size:,} requests loaded ({seconds:.1f} s for this step); measuring ...",
                      flush=True)
                results.append(asyncio.run(measure(database_url, size, seconds, args.lookups,
                                                   chance)))
            report(results)
        finally:
            cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
