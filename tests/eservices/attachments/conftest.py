"""Fixtures for the attachment tests: a storage root per test and the upload app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from eservices.attachments import LocalDirectoryStorage
from tests.eservices.attachments.upload_app import UploadSetup, build_app


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def setup(tmp_path: Path) -> UploadSetup:
    root = tmp_path / "attachments"
    root.mkdir()
    return UploadSetup(storage=LocalDirectoryStorage(root))


@pytest.fixture
async def upload_client(setup: UploadSetup) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_app(setup))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
