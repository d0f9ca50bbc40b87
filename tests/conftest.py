"""Fixtures shared by every test: settings, an app built by the factory, a client.

Database tests run twice, on SQLite and on a throwaway PostgreSQL cluster that
the test run starts itself. Each backend is migrated once per run by Alembic
(so migrations are tested on both), and every table is emptied after each test.
Every HTML response seen through `client` is checked for the page invariants.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from sqlalchemy import delete
from starlette.applications import Starlette

from portal.app import create_app
from portal.migrations import upgrade
from portal.models import metadata
from portal.settings import Settings
from tests.support.html import invariant_problems

if TYPE_CHECKING:
    from tests.support.postgres import PostgresCluster

pytest_plugins = ["tests.support.postgres"]

TEST_SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"
BASE_URL = "http://testserver"


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def sqlite_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("sqlite") / "portal.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgres_database_url(postgres_cluster: PostgresCluster) -> str:
    url = postgres_cluster.create_database("portal_tests")
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_database_url")
    return url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        secret_key=TEST_SECRET_KEY,
        base_url=BASE_URL,
        storage_dir=tmp_path / "files",
        dev_login_enabled=True,
        adapters="fake",
        secure_cookies=False,
        hsts=False,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application
        async with application.state.engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                await connection.execute(delete(table))


async def check_page_invariants(response: httpx.Response) -> None:
    if response.request.method != "HEAD" and response.headers.get(
        "content-type", ""
    ).startswith("text/html"):
        await response.aread()
        problems = invariant_problems(response.text)
        assert not problems, f"{response.request.method} {response.request.url}: {problems}"


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=BASE_URL,
        event_hooks={"response": [check_page_invariants]},
    ) as http:
        yield http
