"""One contract for VDEĀVK's disability system, two implementations: in memory, and
over HTTP against the fake back office (the endpoint the demo serves), plus how the
HTTP adapter translates what a real gateway might answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date

import httpx
import pytest

from adapters.demo_people import ANDRIS_LIEPA, ELZA_KALNINA, ILZE_KALNINA, JANIS_OZOLS
from adapters.disability_system.base import DisabilityGroup, DisabilitySystem
from adapters.disability_system.fake import FakeDisabilitySystem
from adapters.disability_system.http import HttpDisabilitySystem
from adapters.errors import Rejected, Unavailable
from adapters.fake_backoffice import create_fake_backoffice

pytestmark = pytest.mark.anyio

TODAY = date(2026, 11, 23)


@dataclass
class Target:
    system: DisabilitySystem
    break_it: Callable[[], Awaitable[None]]


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    if request.param == "fake":
        fake = FakeDisabilitySystem()

        async def break_fake() -> None:
            fake.fail_with()

        yield Target(fake, break_fake)
        return
    app = create_fake_backoffice()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:

        async def break_http() -> None:
            told = await client.post("/control/fail",
                                     json={"system": "disability_system", "mode": "error"})
            told.raise_for_status()

        yield Target(HttpDisabilitySystem(client, "http://backoffice/vdeavk/"), break_http)


async def test_a_childs_disability(target: Target) -> None:
    status = await target.system.disability_status(ELZA_KALNINA.personal_code, on=TODAY)
    assert status is not None
    assert status.group is DisabilityGroup.CHILD
    assert (status.valid_from, status.valid_until) == (date(2025, 3, 4), date(2028, 3, 3))
    assert status.decision_number == "2-11/2025/0387"


async def test_a_group_without_a_time_limit(target: Target) -> None:
    status = await target.system.disability_status(JANIS_OZOLS.personal_code, on=TODAY)
    assert status is not None and status.group is DisabilityGroup.II
    assert status.valid_until is None


async def test_none_and_expired_are_none(target: Target) -> None:
    assert await target.system.disability_status(ILZE_KALNINA.personal_code, on=TODAY) is None
    assert await target.system.disability_status(ANDRIS_LIEPA.personal_code, on=TODAY) is None
    # ... but on a day it was valid, the expired one is there.
    old = await target.system.disability_status(ANDRIS_LIEPA.personal_code, on=date(2024, 1, 1))
    assert old is not None and old.group is DisabilityGroup.III
    assert await target.system.disability_status("999999-99999", on=TODAY) is None


async def test_down_is_unavailable(target: Target) -> None:
    await target.break_it()
    with pytest.raises(Unavailable):
        await target.system.disability_status(ELZA_KALNINA.personal_code, on=TODAY)


def gateway(status: int, body: bytes = b"", *, error: Exception | None = None
            ) -> HttpDisabilitySystem:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/vdeavk/persons/disability"
        assert b"329017-20475" in request.content and b"329017" not in request.url.query
        if error is not None:
            raise error
        return httpx.Response(status, content=body, headers={"content-type": "application/json"})

    return HttpDisabilitySystem(httpx.AsyncClient(transport=httpx.MockTransport(answer)),
                                "http://gw/vdeavk")


@pytest.mark.parametrize(("status", "body", "error", "expected"), [
    (404, b"{}", None, Rejected),  # a wrong address must not read as "no disability"
    (400, b"{}", None, Rejected),
    (429, b"{}", None, Unavailable),
    (503, b"{}", None, Unavailable),
    (200, b"<html>proxy error</html>", None, Unavailable),
    (200, b"{}", None, Unavailable),
    (200, b'{"disability": {"group": "IV", "valid_from": "2025-01-01", "valid_until": null, '
          b'"decision_number": "1"}}', None, Unavailable),
    (200, b'{"disability": {"group": "I", "valid_from": "01.01.2025", "valid_until": null, '
          b'"decision_number": "1"}}', None, Unavailable),
    (0, b"", httpx.ConnectError("refused"), Unavailable),
    (0, b"", httpx.ReadTimeout("slow"), Unavailable),
])
async def test_http_translates_failures(
    status: int, body: bytes, error: Exception | None, expected: type[Exception]
) -> None:
    with pytest.raises(expected) as raised:
        await gateway(status, body, error=error).disability_status("329017-20475", on=TODAY)
    assert raised.value.system == "disability_system"  # type: ignore[attr-defined]


async def test_fake_backoffice_refuses_malformed_questions() -> None:
    app = create_fake_backoffice()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:
        for body in ({"personal_code": "32901720475x", "on": "2026-11-23"},
                     {"personal_code": "329017-20475"}, ["329017-20475"]):
            response = await client.post("/vdeavk/persons/disability", json=body)
            assert response.status_code == 400, body
