"""The http register translates what goes wrong into `adapters.errors`."""

from __future__ import annotations

import httpx
import pytest

from adapters.address_register.base import Wgs84Point
from adapters.address_register.http import HttpAddressRegister
from adapters.errors import NotFound, Rejected, Unavailable

pytestmark = pytest.mark.anyio


def register(handler: httpx.MockTransport) -> HttpAddressRegister:
    return HttpAddressRegister(httpx.AsyncClient(transport=handler), "http://register.test/var/")


def answering(status: int, body: object = None, text: str | None = None) -> HttpAddressRegister:
    def handle(request: httpx.Request) -> httpx.Response:
        if text is not None:
            return httpx.Response(status, text=text)
        return httpx.Response(status, json=body)
    return register(httpx.MockTransport(handle))


@pytest.mark.parametrize(("status", "error"), [
    (404, NotFound), (400, Rejected), (408, Unavailable), (429, Unavailable),
    (500, Unavailable), (503, Unavailable),
])
async def test_status_codes(status: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        await answering(status, {}).nearest(Wgs84Point(56.95, 24.11))


@pytest.mark.parametrize("body", [
    {"addresses": "none"},
    {"addresses": [{"code": "12", "text": "x", "postal_code": "LV-1001",
                    "wgs84": {"lat": 1, "lon": 2}, "lks92": {"x": 1, "y": 2}}]},
    {"addresses": [{"code": "123456789", "text": "x", "postal_code": "LV-1001",
                    "wgs84": {"lat": True, "lon": 2}, "lks92": {"x": 1, "y": 2}}]},
    [],
])
async def test_unexpected_bodies_are_unavailable(body: object) -> None:
    with pytest.raises(Unavailable):
        await answering(200, body).search("brivibas")


async def test_a_proxy_error_page_is_unavailable() -> None:
    with pytest.raises(Unavailable):
        await answering(200, text="<html>Bad gateway</html>").search("brivibas")


async def test_connection_errors_and_timeouts_are_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    for handler in (refuse, slow):
        with pytest.raises(Unavailable):
            await register(httpx.MockTransport(handler)).get("123456789")


async def test_requests_sent() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"addresses": []})

    http = register(httpx.MockTransport(handle))
    assert await http.search("Brīvības 10", limit=5) == []
    assert await http.search("  ") == []  # nothing asked for an empty text
    assert len(seen) == 1
    assert seen[0].url.path == "/var/addresses"
    assert seen[0].url.params["q"] == "Brīvības 10" and seen[0].url.params["limit"] == "5"
    with pytest.raises(NotFound):  # not a code: never put into the path
        await http.get("1/../2")
    assert len(seen) == 1
