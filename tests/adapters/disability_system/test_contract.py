"""One contract for VDEĀVK's disability system, two implementations: in memory, and
over HTTP against the fake back office (the endpoint the demo serves), plus how the
HTTP adapter translates what a real gateway might answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from adapters.demo_people import ANDRIS_LIEPA, ELZA_KALNINA, ILZE_KALNINA, JANIS_OZOLS
from adapters.disability_system.base import DisabilityGroup, DisabilitySystem
from adapters.disability_system.fake import FakeDisabilitySystem
from adapters.disability_system.http import HttpDisabilitySystem
from adapters.errors import AdapterError, Unavailable
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

TODAY = date(2026, 11, 23)


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target[DisabilitySystem]]:
    fake: DisabilitySystem = FakeDisabilitySystem()
    async with contract_target(
        request.param, fake, lambda client: HttpDisabilitySystem(client, f"{BACKOFFICE}/vdeavk/"),
        "disability_system",
    ) as found:
        yield found


async def test_a_childs_disability(target: Target[DisabilitySystem]) -> None:
    status = await target.adapter.disability_status(ELZA_KALNINA.personal_code, on=TODAY)
    assert status is not None
    assert status.group is DisabilityGroup.CHILD
    assert (status.valid_from, status.valid_until) == (date(2025, 3, 4), date(2028, 3, 3))
    assert status.decision_number == "2-11/2025/0387"


async def test_a_group_without_a_time_limit(target: Target[DisabilitySystem]) -> None:
    status = await target.adapter.disability_status(JANIS_OZOLS.personal_code, on=TODAY)
    assert status is not None and status.group is DisabilityGroup.II
    assert status.valid_until is None


async def test_none_and_expired_are_none(target: Target[DisabilitySystem]) -> None:
    assert await target.adapter.disability_status(ILZE_KALNINA.personal_code, on=TODAY) is None
    assert await target.adapter.disability_status(ANDRIS_LIEPA.personal_code, on=TODAY) is None
    # ... but on a day it was valid, the expired one is there.
    old = await target.adapter.disability_status(ANDRIS_LIEPA.personal_code, on=date(2024, 1, 1))
    assert old is not None and old.group is DisabilityGroup.III
    assert await target.adapter.disability_status("999999-99999", on=TODAY) is None


async def test_down_is_unavailable(target: Target[DisabilitySystem]) -> None:
    await target.break_it()
    with pytest.raises(Unavailable):
        await target.adapter.disability_status(ELZA_KALNINA.personal_code, on=TODAY)


def asked(request: httpx.Request) -> None:
    assert request.url.path == "/vdeavk/persons/disability"
    assert b"329017-20475" in request.content and b"329017" not in request.url.query


@pytest.mark.parametrize(FAILURE_FIELDS, [
    *WRONG_ADDRESS_OR_DOWN,
    (200, b"{}", None, Unavailable),
    (200, b'{"disability": {"group": "IV", "valid_from": "2025-01-01", "valid_until": null, '
          b'"decision_number": "1"}}', None, Unavailable),
    (200, b'{"disability": {"group": "I", "valid_from": "01.01.2025", "valid_until": null, '
          b'"decision_number": "1"}}', None, Unavailable),
])
async def test_http_translates_failures(
    status: int, body: bytes, error: Exception | None, expected: type[AdapterError]
) -> None:
    adapter = HttpDisabilitySystem(answering(status, body, error=error, check=asked),
                                   "http://gw/vdeavk")
    await assert_translated(adapter.disability_status("329017-20475", on=TODAY), expected,
                            "disability_system")


async def test_fake_backoffice_refuses_malformed_questions() -> None:
    async with backoffice() as client:
        for body in ({"personal_code": "32901720475x", "on": "2026-11-23"},
                     {"personal_code": "329017-20475"}, ["329017-20475"]):
            response = await client.post("/vdeavk/persons/disability", json=body)
            assert response.status_code == 400, body
