"""Fixtures of the adapters' tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import httpx
import pytest

from tests.adapters.gateways import Handler, MockGateway


@pytest.fixture
async def mock_gateway() -> AsyncIterator[MockGateway]:
    """Makes clients whose every request a handler answers; closes them after the test."""
    async with AsyncExitStack() as stack:

        def make(handler: Handler) -> httpx.AsyncClient:
            client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
            stack.push_async_callback(client.aclose)
            return client

        yield make
