"""The technical-aid HTTP adapter's edge: what it sends, and how broken answers become errors."""

from __future__ import annotations

import json

import httpx
import pytest

from adapters.errors import Rejected, Unavailable
from adapters.spolis.aids_http import HttpTechnicalAidQueues

pytestmark = pytest.mark.anyio


def adapter(handler: httpx.MockTransport) -> HttpTechnicalAidQueues:
    return HttpTechnicalAidQueues(httpx.AsyncClient(transport=handler), "http://spolis/aids/")


async def test_personal_codes_travel_in_the_body_in_batches() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"requests": []})

    codes = [f"32{n:04d}-00000" for n in range(120)]
    assert await adapter(httpx.MockTransport(answer)).requests_of(codes) == []
    assert [len(json.loads(r.content)["personal_codes"]) for r in seen] == [50, 50, 20]
    for request in seen:
        assert request.method == "POST" and request.url.path == "/aids/requests/search"
        assert "32" not in str(request.url)


async def test_the_feed_is_asked_with_cursor_and_limit() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"changes": [], "cursor": "c2"})

    queues = adapter(httpx.MockTransport(answer))
    assert await queues.changes_since("c1", 200) == ([], "c2")
    assert await queues.changes_since(None, 5) == ([], "c2")
    assert [dict(r.url.params) for r in seen] == [{"cursor": "c1", "limit": "200"},
                                                  {"limit": "5"}]


GOOD = {"request_id": "TPL-1", "personal_code": "320000-00000", "reference": None,
        "aid_code": "12-22-03", "group_code": "12-22", "provider": "vaivari",
        "status": "in_queue", "position": 3, "queue_size": 9,
        "applied_at": "2026-01-02T10:00:00Z", "queued_at": "2026-01-10T10:00:00Z",
        "issued_at": None, "changed_at": "2026-02-01T06:00:00Z"}


@pytest.mark.parametrize(("status", "body", "error"), [
    (404, {}, Rejected),
    (400, {}, Rejected),
    (503, {}, Unavailable),
    (200, {"requests": [{**GOOD, "status": "lost"}]}, Unavailable),
    (200, {"requests": [{**GOOD, "provider": "elsewhere"}]}, Unavailable),
    (200, {"requests": [{**GOOD, "changed_at": "2026-02-01T06:00:00"}]}, Unavailable),
    (200, {"requests": [{**GOOD, "position": -1}]}, Unavailable),
    (200, {"requests": [{"request_id": "TPL-1"}]}, Unavailable),
    (200, ["not", "an", "object"], Unavailable),
])
async def test_answers_become_our_errors(status: int, body: object,
                                         error: type[Exception]) -> None:
    queues = adapter(httpx.MockTransport(lambda request: httpx.Response(status, json=body)))
    with pytest.raises(error):
        await queues.requests_of(["320000-00000"])


async def test_a_good_answer_is_read() -> None:
    queues = adapter(httpx.MockTransport(
        lambda request: httpx.Response(200, json={"requests": [GOOD]})))
    (change,) = await queues.requests_of(["320000-00000"])
    assert (change.position, change.queue_size, change.issued_at) == (3, 9, None)
    assert change.changed_at.tzinfo is not None


async def test_a_timeout_is_unavailable_and_names_no_one() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(Unavailable) as caught:
        await adapter(httpx.MockTransport(slow)).with_timeout(0.5).requests_of(["320000-00000"])
    assert "320000" not in str(caught.value)
