"""One contract for the functioning assessment database, two implementations: in
memory, and over HTTP against the fake back office, plus how the HTTP adapter
translates what a real gateway might answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date

import httpx
import pytest

from adapters.demo_people import ELZA_KALNINA, ILZE_KALNINA, JANIS_OZOLS
from adapters.errors import Rejected, Unavailable
from adapters.fake_backoffice import create_fake_backoffice
from adapters.functioning.base import FunctioningDatabase
from adapters.functioning.fake import FakeFunctioningDatabase
from adapters.functioning.http import HttpFunctioningDatabase

pytestmark = pytest.mark.anyio


@dataclass
class Target:
    database: FunctioningDatabase
    break_it: Callable[[], Awaitable[None]]


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    if request.param == "fake":
        fake = FakeFunctioningDatabase()

        async def break_fake() -> None:
            fake.fail_with()

        yield Target(fake, break_fake)
        return
    app = create_fake_backoffice()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:

        async def break_http() -> None:
            told = await client.post("/control/fail",
                                     json={"system": "functioning", "mode": "error"})
            told.raise_for_status()

        yield Target(HttpFunctioningDatabase(client, "http://backoffice/vaivari"), break_http)


async def test_a_recommendation_with_its_groups(target: Target) -> None:
    found = await target.database.latest_recommendation(ELZA_KALNINA.personal_code)
    assert found is not None
    assert found.assessed_on == date(2026, 10, 6)
    assert found.specialist == "fizioterapeite Ieva Liepiņa"
    assert "Vaivari" in found.institution
    assert found.recommended_groups == ("12-22", "12-06")
    other = await target.database.latest_recommendation(JANIS_OZOLS.personal_code)
    assert other is not None and other.recommended_groups[0] == "22-06"


async def test_none(target: Target) -> None:
    assert await target.database.latest_recommendation(ILZE_KALNINA.personal_code) is None


async def test_down_is_unavailable(target: Target) -> None:
    await target.break_it()
    with pytest.raises(Unavailable):
        await target.database.latest_recommendation(ELZA_KALNINA.personal_code)


def gateway(status: int, body: bytes = b"", *, error: Exception | None = None
            ) -> HttpFunctioningDatabase:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/vaivari/persons/recommendation"
        if error is not None:
            raise error
        return httpx.Response(status, content=body, headers={"content-type": "application/json"})

    return HttpFunctioningDatabase(httpx.AsyncClient(transport=httpx.MockTransport(answer)),
                                   "http://gw/vaivari/")


@pytest.mark.parametrize(("status", "body", "error", "expected"), [
    (404, b"{}", None, Rejected),
    (422, b"{}", None, Rejected),
    (408, b"{}", None, Unavailable),
    (502, b"{}", None, Unavailable),
    (200, b"not json", None, Unavailable),
    (200, b'{"recommendation": {"assessed_on": "2026-10-06", "specialist": "x", '
          b'"institution": "y", "recommended_groups": "12-22"}}', None, Unavailable),
    (200, b'{"recommendation": {"assessed_on": "2026-10-06", "specialist": "x", '
          b'"institution": "y", "recommended_groups": [12]}}', None, Unavailable),
    (0, b"", httpx.ConnectError("refused"), Unavailable),
])
async def test_http_translates_failures(
    status: int, body: bytes, error: Exception | None, expected: type[Exception]
) -> None:
    with pytest.raises(expected) as raised:
        await gateway(status, body, error=error).latest_recommendation("329017-20475")
    assert raised.value.system == "functioning"  # type: ignore[attr-defined]
