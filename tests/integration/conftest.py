"""A database, a storage directory and a process stack for each integration test.

The test process writes submissions straight into the database through
`submit_draft` (with real files in storage), as the e-service pages do, and
watches the outcome through the database and the fake back office's HTTP
listing; everything else runs in the separate processes of `processes.Stack`.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from eservices.attachments import LocalDirectoryStorage, ScanStatus
from eservices.submissions.models import OutboxEntry, Submission
from portal.database import create_engine, create_sessionmaker
from portal.migrations import upgrade
from tests.adapters.delivery.queued import empty_tables, queue_submission
from tests.integration.processes import Stack
from tests.support.postgres import PostgresCluster

WAIT_TIMEOUT = 60.0


@pytest.fixture(scope="session")
def integration_postgres_url(postgres_cluster: PostgresCluster) -> str:
    url = postgres_cluster.create_database("integration")
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def integration_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('integration') / 'portal.sqlite3'}"
    upgrade(url)
    return url


@dataclass
class Harness:
    stack: Stack
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    storage: LocalDirectoryStorage

    async def queue(self, count: int, *, files: Callable[[int], Sequence[bytes]] | None = None,
                    scan: ScanStatus = ScanStatus.CLEAN) -> list[Submission]:
        make_files = files or (lambda index: [os.urandom(random.randint(1, 64 * 1024))])
        return [await queue_submission(self.sessionmaker, self.storage, files=make_files(i),
                                       scan=scan) for i in range(count)]

    async def outbox(self) -> Counter[str]:
        async with self.sessionmaker() as db:
            rows = await db.execute(select(OutboxEntry.state, func.count())
                                    .group_by(OutboxEntry.state))
            return Counter({state: count for state, count in rows.all()})

    async def wait_for(self, check: Callable[[], Any], what: str,
                       within: float = WAIT_TIMEOUT) -> None:
        deadline = anyio.current_time() + within
        while anyio.current_time() < deadline:
            if await check():
                return
            await anyio.sleep(0.1)
        raise AssertionError(f"timed out waiting until {what}\n{self.stack.logs()}")

    async def wait_delivered(self, count: int, within: float = WAIT_TIMEOUT) -> None:
        async def done() -> bool:
            return (await self.outbox())["delivered"] >= count

        await self.wait_for(done, f"{count} rows are delivered", within)

    async def received(self, system: str = "vdi") -> list[dict[str, Any]]:
        """What the fake back office holds, over HTTP."""
        async with httpx.AsyncClient(base_url=self.stack.backoffice_url) as client:
            response = await client.get(f"/{system}/submissions", timeout=10)
            response.raise_for_status()
            listing: list[dict[str, Any]] = response.json()["submissions"]
            return listing

    async def assert_each_received_once(self, submissions: Sequence[Submission]) -> None:
        """The back office stored each submission once, with every file's SHA-256 intact."""
        listing = await self.received()
        references = [item["reference"] for item in listing]
        assert sorted(references) == sorted(s.reference for s in submissions)
        by_reference = {item["reference"]: item for item in listing}
        for submission in submissions:
            sent = [a.sha256 for a in submission.attachments]
            assert [f["sha256"] for f in by_reference[submission.reference]["files"]] == sent
        # No delivery of one submission overlapped another of the same.
        assert {item["peak_concurrency"] for item in listing} <= {1}


async def harness_for(url: str, tmp_path: Path) -> AsyncIterator[Harness]:
    engine = create_engine(url)
    stack = Stack(tmp_path, url)
    try:
        yield Harness(stack, engine, create_sessionmaker(engine),
                      LocalDirectoryStorage(stack.storage_dir))
    finally:
        stack.stop_all()
        await empty_tables(engine)
        await engine.dispose()


@pytest.fixture
async def on_postgres(integration_postgres_url: str, tmp_path: Path) -> AsyncIterator[Harness]:
    async for harness in harness_for(integration_postgres_url, tmp_path):
        yield harness


@pytest.fixture
async def on_sqlite(integration_sqlite_url: str, tmp_path: Path) -> AsyncIterator[Harness]:
    async for harness in harness_for(integration_sqlite_url, tmp_path):
        yield harness


@pytest.fixture(params=["sqlite", "postgres"])
def integration_url(request: pytest.FixtureRequest) -> str:
    # Resolved outside the event loop: migrating runs a loop of its own.
    url: str = request.getfixturevalue(f"integration_{request.param}_url")
    return url


@pytest.fixture
async def on_both(integration_url: str, tmp_path: Path) -> AsyncIterator[Harness]:
    async for harness in harness_for(integration_url, tmp_path):
        yield harness
