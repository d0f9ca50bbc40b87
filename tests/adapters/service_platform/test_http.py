"""What the HTTP adapter sends, and how it reads the platform's answers."""

from __future__ import annotations

import json
from datetime import date

import httpx
import pytest

from adapters.errors import Rejected, Unavailable
from adapters.service_platform.base import UsageReport
from adapters.service_platform.http import HttpServicePlatform

pytestmark = pytest.mark.anyio

REPORT = UsageReport(service="technical_aid", day=date(2026, 3, 29), revision=2,
                     figures={"starts": 1})


def platform(handler: httpx.MockTransport) -> HttpServicePlatform:
    client = httpx.AsyncClient(transport=handler)
    return HttpServicePlatform(client, "https://platform.example.lv/api/", token="s3cret")


async def test_the_request_names_the_day_and_carries_key_and_token() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "X-1", "replaced": True})

    receipt = await platform(httpx.MockTransport(answer)).publish(REPORT)
    assert receipt.platform_id == "X-1" and receipt.replaced
    request = seen[0]
    assert request.method == "PUT"
    assert str(request.url) == "https://platform.example.lv/api/usage-reports/technical_aid/2026-03-29"
    assert request.headers["idempotency-key"] == "technical_aid/2026-03-29/r2"
    assert request.headers["authorization"] == "Bearer s3cret"
    assert json.loads(request.content) == {"service": "technical_aid", "day": "2026-03-29",
                                           "revision": 2, "figures": {"starts": 1}}


@pytest.mark.parametrize(("status", "error"), [
    (400, Rejected), (404, Rejected), (409, Rejected),
    (408, Unavailable), (429, Unavailable), (500, Unavailable), (503, Unavailable),
])
async def test_statuses_become_our_errors(status: int, error: type[Exception]) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(
        status, json={"title": "Revision conflict"}))
    with pytest.raises(error):
        await platform(transport).publish(REPORT)


async def test_a_proxy_error_page_is_not_a_receipt() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>oops"))
    with pytest.raises(Unavailable, match="without a receipt"):
        await platform(transport).publish(REPORT)


async def test_connection_failures_are_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(Unavailable, match="ConnectError"):
        await platform(httpx.MockTransport(refuse)).publish(REPORT)
