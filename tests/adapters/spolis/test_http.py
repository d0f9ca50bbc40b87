"""The HTTP adapter's edge: what it sends, and how broken answers become our errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from adapters.errors import NotFound, Rejected, Unavailable
from adapters.spolis.base import Region, SpecialistType, TrainingType
from adapters.spolis.http import HttpSpolis

pytestmark = pytest.mark.anyio

START = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


def adapter(handler: httpx.MockTransport) -> HttpSpolis:
    return HttpSpolis(httpx.AsyncClient(transport=handler), "http://spolis/calendar/")


async def test_requests_carry_the_query_and_utc_times() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"slots": []})

    await adapter(httpx.MockTransport(answer)).free_slots(
        SpecialistType.AUDIOLOGIST, start=START, end=START + timedelta(days=7))
    (request,) = seen
    assert request.url.path == "/calendar/slots"
    assert dict(request.url.params) == {"specialist_type": "audiologist",
                                        "from": "2026-12-01T07:00:00Z",
                                        "to": "2026-12-08T07:00:00Z"}


@pytest.mark.parametrize(("status", "body", "error"), [
    (404, {}, NotFound),
    (400, {}, Rejected),
    (429, {}, Unavailable),
    (503, {}, Unavailable),
    (200, {"sessions": [{"id": "x"}]}, Unavailable),  # a session without its fields
    (200, {"sessions": [{"id": "x", "training_type": "cooking", "region": "riga",
                         "place": "p", "address": "a", "days": ["2026-12-05"], "seats": 3}]},
     Unavailable),
    (200, ["not", "an", "object"], Unavailable),
])
async def test_answers_become_our_errors(status: int, body: object,
                                         error: type[Exception]) -> None:
    spolis = adapter(httpx.MockTransport(lambda request: httpx.Response(status, json=body)))
    with pytest.raises(error):
        await spolis.training_sessions(TrainingType.FOSTER_FAMILY, Region.RIGA)


async def test_a_connection_failure_is_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(Unavailable) as caught:
        await adapter(httpx.MockTransport(refuse)).slot("audiologist-1-202612011000")
    assert "audiologist-1" not in str(caught.value)  # ids stay out of log lines
