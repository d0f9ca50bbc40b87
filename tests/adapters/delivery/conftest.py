"""A database (SQLite and PostgreSQL, as everywhere) and a storage for the worker tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from eservices.attachments import LocalDirectoryStorage
from portal.database import create_engine, create_sessionmaker
from tests.adapters.delivery.queued import empty_tables


@pytest.fixture
async def sessionmaker(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url)
    try:
        yield create_sessionmaker(engine)
    finally:
        await empty_tables(engine)
        await engine.dispose()


@pytest.fixture
def storage(tmp_path: Path) -> LocalDirectoryStorage:
    return LocalDirectoryStorage(tmp_path / "files")
