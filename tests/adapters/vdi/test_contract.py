"""One contract for VDI's orders, two implementations: in memory, and over HTTP
against the fake back office app (the endpoint the demo serves), plus how the
HTTP adapter translates what a real gateway might answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date

import httpx
import pytest

from adapters.demo_people import DAUGAVAS_LOGISTIKA, RIGAS_MAIZNICA, ZIEMELU_BUVE
from adapters.errors import Rejected, Unavailable
from adapters.fake_backoffice import create_fake_backoffice
from adapters.vdi.base import Vdi
from adapters.vdi.fake import FakeVdi
from adapters.vdi.http import HttpVdi

pytestmark = pytest.mark.anyio


@dataclass
class Target:
    vdi: Vdi
    break_it: Callable[[], Awaitable[None]]


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    if request.param == "fake":
        fake = FakeVdi()

        async def break_fake() -> None:
            fake.fail_with()

        yield Target(fake, break_fake)
        return
    app = create_fake_backoffice()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:

        async def break_http() -> None:
            told = await client.post("/control/fail", json={"system": "vdi", "mode": "error"})
            told.raise_for_status()

        yield Target(HttpVdi(client, "http://backoffice/vdi"), break_http)


async def test_active_acts_with_their_violations(target: Target) -> None:
    acts = await target.vdi.list_active_acts(ZIEMELU_BUVE.registration_number)
    assert [act.number for act in acts] == ["11-1/2026/418", "11-1/2026/502"]
    assert [len(act.violations) for act in acts] == [2, 1]
    first = acts[0].violations[0]
    assert first.id == "P-2026-0418-1" and first.deadline == date(2026, 10, 15)
    assert "aizsargmargas" in first.description
    assert acts[0].issued_on == date(2026, 9, 15)


async def test_closed_acts_and_companies_without_acts_give_an_empty_list(
    target: Target,
) -> None:
    assert await target.vdi.list_active_acts(RIGAS_MAIZNICA.registration_number) == []
    assert await target.vdi.list_active_acts(DAUGAVAS_LOGISTIKA.registration_number) == []


async def test_vdi_down_is_unavailable(target: Target) -> None:
    await target.break_it()
    with pytest.raises(Unavailable):
        await target.vdi.list_active_acts(ZIEMELU_BUVE.registration_number)


def gateway(status: int, body: bytes = b"", *, error: Exception | None = None) -> HttpVdi:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/vdi/companies/40003528717/acts"
        if error is not None:
            raise error
        return httpx.Response(status, content=body,
                              headers={"content-type": "application/json"})

    return HttpVdi(httpx.AsyncClient(transport=httpx.MockTransport(answer)), "http://vdi/vdi/")


@pytest.mark.parametrize(("status", "body", "error", "expected"), [
    (404, b"{}", None, Rejected),  # a wrong address must not read as "no acts"
    (400, b"{}", None, Rejected),
    (429, b"{}", None, Unavailable),
    (503, b"{}", None, Unavailable),
    (200, b"<html>proxy error</html>", None, Unavailable),
    (200, b'{"acts": [{"id": "A-1"}]}', None, Unavailable),
    (200, b'{"acts": [{"id": "A-1", "number": "1", "issued_on": "15.09.2026", '
          b'"violations": []}]}', None, Unavailable),
    (0, b"", httpx.ConnectError("refused"), Unavailable),
    (0, b"", httpx.ReadTimeout("slow"), Unavailable),
])
async def test_http_translates_failures(
    status: int, body: bytes, error: Exception | None, expected: type[Exception]
) -> None:
    with pytest.raises(expected) as raised:
        await gateway(status, body, error=error).list_active_acts("40003528717")
    assert raised.value.system == "vdi"  # type: ignore[attr-defined]


async def test_fake_backoffice_refuses_malformed_numbers() -> None:
    app = create_fake_backoffice()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:
        response = await client.get("/vdi/companies/4000352871x/acts")
    assert response.status_code == 400
