"""One contract for the functioning assessment database, two implementations: in
memory, and over HTTP against the fake back office, plus how the HTTP adapter
translates what a real gateway might answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from adapters.demo_people import ELZA_KALNINA, ILZE_KALNINA, JANIS_OZOLS
from adapters.errors import AdapterError, Unavailable
from adapters.functioning.base import FunctioningDatabase
from adapters.functioning.fake import FakeFunctioningDatabase
from adapters.functioning.http import HttpFunctioningDatabase
from tests.adapters.gateways import (
    BACKOFFICE,
    FAILURE_FIELDS,
    WRONG_ADDRESS_OR_DOWN,
    Target,
    answering,
    assert_translated,
    contract_target,
)

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target[FunctioningDatabase]]:
    fake: FunctioningDatabase = FakeFunctioningDatabase()
    async with contract_target(
        request.param, fake,
        lambda client: HttpFunctioningDatabase(client, f"{BACKOFFICE}/vaivari"), "functioning",
    ) as found:
        yield found


async def test_a_recommendation_with_its_groups(target: Target[FunctioningDatabase]) -> None:
    found = await target.adapter.latest_recommendation(ELZA_KALNINA.personal_code)
    assert found is not None
    assert found.assessed_on == date(2026, 10, 6)
    assert found.specialist == "fizioterapeite Ieva Liepiņa"
    assert "Vaivari" in found.institution
    assert found.recommended_groups == ("12-22", "12-06")
    other = await target.adapter.latest_recommendation(JANIS_OZOLS.personal_code)
    assert other is not None and other.recommended_groups[0] == "22-06"


async def test_none(target: Target[FunctioningDatabase]) -> None:
    assert await target.adapter.latest_recommendation(ILZE_KALNINA.personal_code) is None


async def test_down_is_unavailable(target: Target[FunctioningDatabase]) -> None:
    await target.break_it()
    with pytest.raises(Unavailable):
        await target.adapter.latest_recommendation(ELZA_KALNINA.personal_code)


def asked(request: httpx.Request) -> None:
    assert request.url.path == "/vaivari/persons/recommendation"


@pytest.mark.parametrize(FAILURE_FIELDS, [
    *WRONG_ADDRESS_OR_DOWN,
    (502, b"{}", None, Unavailable),
    (200, b'{"recommendation": {"assessed_on": "2026-10-06", "specialist": "x", '
          b'"institution": "y", "recommended_groups": "12-22"}}', None, Unavailable),
    (200, b'{"recommendation": {"assessed_on": "2026-10-06", "specialist": "x", '
          b'"institution": "y", "recommended_groups": [12]}}', None, Unavailable),
])
async def test_http_translates_failures(
    status: int, body: bytes, error: Exception | None, expected: type[AdapterError]
) -> None:
    adapter = HttpFunctioningDatabase(answering(status, body, error=error, check=asked),
                                      "http://gw/vaivari/")
    await assert_translated(adapter.latest_recommendation("329017-20475"), expected,
                            "functioning")
