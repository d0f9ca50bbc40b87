"""Migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect

from portal.database import create_engine
from portal.migrations import downgrade, upgrade
from portal.models import metadata
from tests.support.postgres import PostgresCluster

pytestmark = pytest.mark.anyio


async def _differences(url: str) -> list[object]:
    engine = create_engine(url)

    def compare(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    try:
        async with engine.connect() as connection:
            return await connection.run_sync(compare)
    finally:
        await engine.dispose()


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda c: inspect(c).get_table_names())
            return set(names) - {"alembic_version"}
    finally:
        await engine.dispose()


def _fresh_sqlite(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'migrations.sqlite3'}"


async def test_models_match_migrations_on_sqlite(sqlite_database_url: str) -> None:
    assert await _differences(sqlite_database_url) == []


async def test_models_match_migrations_on_postgresql(postgres_database_url: str) -> None:
    assert await _differences(postgres_database_url) == []


def test_downgrade_removes_everything_and_upgrade_restores_it(
    tmp_path: Path, postgres_cluster: PostgresCluster
) -> None:
    for url in (_fresh_sqlite(tmp_path), postgres_cluster.create_database("migrations_roundtrip")):
        upgrade(url)
        assert asyncio.run(_tables(url)) == set(metadata.tables)
        downgrade(url, "base")
        assert asyncio.run(_tables(url)) == set()
        upgrade(url)
        assert asyncio.run(_tables(url)) == set(metadata.tables)
