"""One contract for the municipalities' social assistance system (SOPA), two
implementations: in memory, and over HTTP against the fake back office, plus how
the HTTP adapter translates what a real gateway might answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest

from adapters.demo_people import ANNA_BERZINA, ELZA_KALNINA, JANIS_OZOLS, LAURA_VITOLA
from adapters.errors import AdapterError, Unavailable
from adapters.social_assistance.base import IncomeStatusKind, SocialAssistance
from adapters.social_assistance.fake import FakeSocialAssistance
from adapters.social_assistance.http import HttpSocialAssistance
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

TODAY = date(2026, 11, 23)


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target[SocialAssistance]]:
    fake: SocialAssistance = FakeSocialAssistance()
    async with contract_target(
        request.param, fake, lambda client: HttpSocialAssistance(client, f"{BACKOFFICE}/sopa"),
        "social_assistance",
    ) as found:
        yield found


async def test_low_income_and_needy(target: Target[SocialAssistance]) -> None:
    low = await target.adapter.income_status(ELZA_KALNINA.personal_code, on=TODAY)
    assert low is not None and low.kind is IncomeStatusKind.LOW_INCOME
    assert low.municipality == "Rīgas valstspilsētas pašvaldība"
    assert (low.valid_from, low.valid_until) == (date(2026, 10, 1), date(2027, 3, 31))
    assert low.exempt_from_co_payment
    needy = await target.adapter.income_status(ANNA_BERZINA.personal_code, on=TODAY)
    assert needy is not None and needy.kind is IncomeStatusKind.NEEDY


async def test_none_and_expired_are_none(target: Target[SocialAssistance]) -> None:
    assert await target.adapter.income_status(JANIS_OZOLS.personal_code, on=TODAY) is None
    assert await target.adapter.income_status(LAURA_VITOLA.personal_code, on=TODAY) is None


async def test_down_is_unavailable_until_healed(target: Target[SocialAssistance]) -> None:
    await target.break_it()
    with pytest.raises(Unavailable):
        await target.adapter.income_status(ELZA_KALNINA.personal_code, on=TODAY)
    await target.heal_it()
    assert await target.adapter.income_status(ELZA_KALNINA.personal_code, on=TODAY) is not None


def asked(request: httpx.Request) -> None:
    assert request.url.path == "/sopa/persons/income-status"


@pytest.mark.parametrize(FAILURE_FIELDS, [
    *WRONG_ADDRESS_OR_DOWN,
    (500, b"{}", None, Unavailable),
    (200, b'{"status": {"kind": "rich", "municipality": "x", "valid_from": "2026-01-01", '
          b'"valid_until": "2026-12-31"}}', None, Unavailable),
])
async def test_http_translates_failures(
    status: int, body: bytes, error: Exception | None, expected: type[AdapterError]
) -> None:
    adapter = HttpSocialAssistance(answering(status, body, error=error, check=asked),
                                   "http://gw/sopa")
    await assert_translated(adapter.income_status("329017-20475", on=TODAY), expected,
                            "social_assistance")
