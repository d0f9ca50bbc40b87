"""What the contract tests of the JSON gateways share: each adapter run in memory
and over HTTP against the fake back office (VDI, SRIS and the registries the
technical-aid application asks), and the answers of a real gateway its HTTP side
must translate (those, and the registers of people and companies)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

import httpx
import pytest

from adapters.errors import AdapterError, NotFound, Rejected, Unavailable
from adapters.fake_backoffice import create_fake_backoffice
from adapters.fakes import Breakable

T = TypeVar("T")
BACKOFFICE = "http://backoffice"

# What every gateway whose 404 means a wrong address (not "no record") must do:
# (status, body, error raised instead of answering, what the adapter raises).
WRONG_ADDRESS_OR_DOWN = [
    pytest.param(404, b"{}", None, Rejected, id="404 is a wrong address, not no record"),
    pytest.param(400, b"{}", None, Rejected, id="400"),
    pytest.param(422, b"{}", None, Rejected, id="422"),
    pytest.param(408, b"{}", None, Unavailable, id="408 says later"),
    pytest.param(429, b"{}", None, Unavailable, id="429 says later"),
    pytest.param(503, b"{}", None, Unavailable, id="503"),
    pytest.param(200, b"<html>proxy error</html>", None, Unavailable, id="not JSON"),
    pytest.param(200, b"[]", None, Unavailable, id="not a JSON object"),
    pytest.param(0, b"", httpx.ConnectError("refused"), Unavailable, id="refused"),
    pytest.param(0, b"", httpx.ReadTimeout("slow"), Unavailable, id="timed out"),
]
FAILURE_FIELDS = ("status", "body", "error", "expected")

# What every gateway whose 404 means "no such record" must do with a status.
STATUSES = [
    pytest.param(404, NotFound, id="404"),
    *(pytest.param(status, Rejected, id=str(status)) for status in (400, 401, 403, 422)),
    *(pytest.param(status, Unavailable, id=str(status))
      for status in (408, 429, 500, 502, 503, 504, 301, 302)),
]
# 200 answers that are no JSON object: a proxy's page, a half-finished deployment.
NOT_JSON_OBJECTS = [
    pytest.param(b"<html><body>Bad gateway</body></html>", id="html"),
    pytest.param(b"", id="empty"),
    pytest.param(b'{"name": ', id="truncated"),
    pytest.param(b"\xff\xfe not utf-8", id="not-utf8"),
    pytest.param(b"null", id="null"),
    pytest.param(b"[]", id="list"),
]

Handler = Callable[[httpx.Request], httpx.Response]
MockGateway = Callable[[Handler], httpx.AsyncClient]
"""Makes a client whose every request the handler answers (fixture `mock_gateway`)."""


@dataclass
class Target(Generic[T]):
    adapter: T
    break_it: Callable[[], Awaitable[None]]
    heal_it: Callable[[], Awaitable[None]]


@asynccontextmanager
async def backoffice() -> AsyncIterator[httpx.AsyncClient]:
    """A client of a new fake back office, served in process at `BACKOFFICE`."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_fake_backoffice()),
                                 base_url=BACKOFFICE) as client:
        yield client


@asynccontextmanager
async def contract_target(kind: str, fake: T, http: Callable[[httpx.AsyncClient], T],
                          system: str) -> AsyncIterator[Target[T]]:
    """`fake` itself ("fake"), or the adapter `http` makes for a client of the fake
    back office ("http"), broken as `system` is broken: by being told to fail."""
    if kind == "fake":
        assert isinstance(fake, Breakable)
        breakable = fake

        async def break_fake() -> None:
            breakable.fail_with()

        async def heal_fake() -> None:
            breakable.heal()

        yield Target(fake, break_fake, heal_fake)
        return
    async with backoffice() as client:

        async def break_http() -> None:
            told = await client.post("/control/fail", json={"system": system, "mode": "error"})
            told.raise_for_status()

        async def heal_http() -> None:
            (await client.post("/control/reset")).raise_for_status()

        yield Target(http(client), break_http, heal_http)


def answering(status: int, body: bytes = b"", *, error: Exception | None = None,
              check: Callable[[httpx.Request], None] | None = None) -> httpx.AsyncClient:
    """A client whose every request gets `status` with the JSON `body`, or raises
    `error`; `check` sees each request first."""
    def answer(request: httpx.Request) -> httpx.Response:
        if check is not None:
            check(request)
        if error is not None:
            raise error
        return httpx.Response(status, content=body, headers={"content-type": "application/json"})

    return httpx.AsyncClient(transport=httpx.MockTransport(answer))


async def assert_translated(call: Awaitable[object], expected: type[AdapterError],
                            system: str) -> None:
    with pytest.raises(expected) as raised:
        await call
    assert raised.value.system == system


