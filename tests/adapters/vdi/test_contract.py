"""One contract for VDI's orders, two implementations: in memory, and over HTTP
against the fake back office app (the endpoint the demo serves), plus how the
HTTP adapter translates what a real gateway might answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from adapters.demo_people import DAUGAVAS_LOGISTIKA, RIGAS_MAIZNICA, ZIEMELU_BUVE
from adapters.errors import AdapterError, Unavailable
from adapters.vdi.base import Vdi
from adapters.vdi.fake import FakeVdi
from adapters.vdi.http import HttpVdi
from tests.adapters.gateways import (
    BACKOFFICE,
    FAILURE_FIELDS,
    WRONG_ADDRESS_OR_DOWN,
    Target,
    answering,
    assert_translated,
    backoffice,
    contract_target,
)

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target[Vdi]]:
    fake: Vdi = FakeVdi()
    async with contract_target(request.param, fake,
                               lambda client: HttpVdi(client, f"{BACKOFFICE}/vdi"),
                               "vdi") as found:
        yield found


async def test_active_acts_with_their_violations(target: Target[Vdi]) -> None:
    acts = await target.adapter.list_active_acts(ZIEMELU_BUVE.registration_number)
    assert [act.number for act in acts] == ["11-1/2026/418", "11-1/2026/502"]
    assert [len(act.violations) for act in acts] == [2, 1]
    first = acts[0].violations[0]
    assert first.id == "P-2026-0418-1" and first.deadline == date(2026, 10, 15)
    assert "aizsargmargas" in first.description
    assert acts[0].issued_on == date(2026, 9, 15)


async def test_closed_acts_and_companies_without_acts_give_an_empty_list(
    target: Target[Vdi],
) -> None:
    assert await target.adapter.list_active_acts(RIGAS_MAIZNICA.registration_number) == []
    assert await target.adapter.list_active_acts(DAUGAVAS_LOGISTIKA.registration_number) == []


async def test_vdi_down_is_unavailable(target: Target[Vdi]) -> None:
    await target.break_it()
    with pytest.raises(Unavailable):
        await target.adapter.list_active_acts(ZIEMELU_BUVE.registration_number)


def asked(request: httpx.Request) -> None:
    assert request.url.path == "/vdi/companies/40003528717/acts"


@pytest.mark.parametrize(FAILURE_FIELDS, [
    *WRONG_ADDRESS_OR_DOWN,
    (200, b'{"acts": [{"id": "A-1"}]}', None, Unavailable),
    (200, b'{"acts": [{"id": "A-1", "number": "1", "issued_on": "15.09.2026", '
          b'"violations": []}]}', None, Unavailable),
])
async def test_http_translates_failures(
    status: int, body: bytes, error: Exception | None, expected: type[AdapterError]
) -> None:
    adapter = HttpVdi(answering(status, body, error=error, check=asked), "http://vdi/vdi/")
    await assert_translated(adapter.list_active_acts("40003528717"), expected, "vdi")


async def test_fake_backoffice_refuses_malformed_numbers() -> None:
    async with backoffice() as client:
        response = await client.get("/vdi/companies/4000352871x/acts")
    assert response.status_code == 400
