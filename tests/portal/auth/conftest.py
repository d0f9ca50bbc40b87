"""Fixtures for the login tests, on top of the app and client of tests/conftest.py.

The login does not depend on the database backend (web sessions are tested on
both in tests/portal/test_web_sessions.py), so these tests run on SQLite only.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from adapters.demo_people import ILZE_KALNINA, DemoPerson
from portal.settings import Settings


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def database_url(sqlite_database_url: str) -> str:
    return sqlite_database_url


@pytest.fixture
def demo_person() -> DemoPerson:
    return ILZE_KALNINA


@pytest.fixture
def settings_changes() -> dict[str, Any]:
    """Parametrize this to run a test with other settings."""
    return {}


@pytest.fixture
def settings(settings: Settings, settings_changes: dict[str, Any]) -> Settings:
    return settings.replace(**settings_changes)


@pytest.fixture
async def client(client: httpx.AsyncClient) -> httpx.AsyncClient:
    # Messages are asserted in English, the catalogs' source language.
    client.headers["accept-language"] = "en"
    return client
