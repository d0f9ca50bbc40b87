"""The throwaway PostgreSQL cluster that the database tests run on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.support import postgres
from tests.support.postgres import MISSING_SERVER, PostgresCluster, PostgresUnavailable

pytestmark = pytest.mark.postgres


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresCluster]:
    started = PostgresCluster.start(tmp_path_factory.mktemp("cluster"))
    try:
        yield started
    finally:
        started.stop()


@pytest.mark.anyio
async def test_a_database_is_created_queried_and_dropped(cluster: PostgresCluster) -> None:
    url = cluster.create_database("cluster_check")
    assert url == f"postgresql+asyncpg://postgres@127.0.0.1:{cluster.port}/cluster_check"

    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            database = await connection.scalar(text("select current_database()"))
            fsync = await connection.scalar(text("show fsync"))
            max_connections = await connection.scalar(text("show max_connections"))
            listen = await connection.scalar(text("show listen_addresses"))
    finally:
        await engine.dispose()
    assert (database, fsync, max_connections, listen) == ("cluster_check", "off", "200",
                                                          "127.0.0.1")

    cluster.drop_database("cluster_check")
    cluster.drop_database("cluster_check")  # dropping twice is harmless
    admin = create_async_engine(cluster.url("postgres"))
    try:
        async with admin.connect() as connection:
            left = await connection.scalar(
                text("select count(*) from pg_database where datname = 'cluster_check'")
            )
    finally:
        await admin.dispose()
    assert left == 0


def test_database_names_are_plain_identifiers(cluster: PostgresCluster) -> None:
    with pytest.raises(ValueError, match="plain database name"):
        cluster.create_database("x; drop database postgres")


def test_stop_removes_the_cluster(tmp_path: Path) -> None:
    cluster = PostgresCluster.start(tmp_path)
    directory = cluster.directory
    assert (directory / "data" / "PG_VERSION").exists()
    cluster.stop()
    assert not directory.exists()


def test_missing_server_binaries_are_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    (tmp_path / "15" / "bin").mkdir(parents=True)  # a client-only install: no initdb
    monkeypatch.setattr(postgres, "DEBIAN_SERVER_ROOT", tmp_path)
    with pytest.raises(PostgresUnavailable) as raised:
        postgres.find_bindir()
    assert str(raised.value) == MISSING_SERVER
    assert "\n" not in MISSING_SERVER
