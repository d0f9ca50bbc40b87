"""One contract for the municipalities' social assistance system (SOPA), two
implementations: in memory, and over HTTP against the fake back office, plus how
the HTTP adapter translates what a real gateway might answer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date

import httpx
import pytest

from adapters.demo_people import ANNA_BERZINA, ELZA_KALNINA, JANIS_OZOLS, LAURA_VITOLA
from adapters.errors import Rejected, Unavailable
from adapters.fake_backoffice import create_fake_backoffice
from adapters.social_assistance.base import IncomeStatusKind, SocialAssistance
from adapters.social_assistance.fake import FakeSocialAssistance
from adapters.social_assistance.http import HttpSocialAssistance

pytestmark = pytest.mark.anyio

TODAY = date(2026, 11, 23)


@dataclass
class Target:
    system: SocialAssistance
    break_it: Callable[[], Awaitable[None]]
    heal_it: Callable[[], Awaitable[None]]


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    if request.param == "fake":
        fake = FakeSocialAssistance()

        async def break_fake() -> None:
            fake.fail_with()

        async def heal_fake() -> None:
            fake.heal()

        yield Target(fake, break_fake, heal_fake)
        return
    app = create_fake_backoffice()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:

        async def break_http() -> None:
            told = await client.post("/control/fail",
                                     json={"system": "social_assistance", "mode": "error"})
            told.raise_for_status()

        async def heal_http() -> None:
            (await client.post("/control/reset")).raise_for_status()

        yield Target(HttpSocialAssistance(client, "http://backoffice/sopa"), break_http,
                     heal_http)


async def test_low_income_and_needy(target: Target) -> None:
    low = await target.system.income_status(ELZA_KALNINA.personal_code, on=TODAY)
    assert low is not None and low.kind is IncomeStatusKind.LOW_INCOME
    assert low.municipality == "Rīgas valstspilsētas pašvaldība"
    assert (low.valid_from, low.valid_until) == (date(2026, 10, 1), date(2027, 3, 31))
    assert low.exempt_from_co_payment
    needy = await target.system.income_status(ANNA_BERZINA.personal_code, on=TODAY)
    assert needy is not None and needy.kind is IncomeStatusKind.NEEDY


async def test_none_and_expired_are_none(target: Target) -> None:
    assert await target.system.income_status(JANIS_OZOLS.personal_code, on=TODAY) is None
    assert await target.system.income_status(LAURA_VITOLA.personal_code, on=TODAY) is None


async def test_down_is_unavailable_until_healed(target: Target) -> None:
    await target.break_it()
    with pytest.raises(Unavailable):
        await target.system.income_status(ELZA_KALNINA.personal_code, on=TODAY)
    await target.heal_it()
    assert await target.system.income_status(ELZA_KALNINA.personal_code, on=TODAY) is not None


def gateway(status: int, body: bytes = b"", *, error: Exception | None = None
            ) -> HttpSocialAssistance:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/sopa/persons/income-status"
        if error is not None:
            raise error
        return httpx.Response(status, content=body, headers={"content-type": "application/json"})

    return HttpSocialAssistance(httpx.AsyncClient(transport=httpx.MockTransport(answer)),
                                "http://gw/sopa")


@pytest.mark.parametrize(("status", "body", "error", "expected"), [
    (404, b"{}", None, Rejected),
    (403, b"{}", None, Rejected),
    (500, b"{}", None, Unavailable),
    (200, b"[]", None, Unavailable),
    (200, b'{"status": {"kind": "rich", "municipality": "x", "valid_from": "2026-01-01", '
          b'"valid_until": "2026-12-31"}}', None, Unavailable),
    (0, b"", httpx.ReadTimeout("slow"), Unavailable),
])
async def test_http_translates_failures(
    status: int, body: bytes, error: Exception | None, expected: type[Exception]
) -> None:
    with pytest.raises(expected) as raised:
        await gateway(status, body, error=error).income_status("329017-20475", on=TODAY)
    assert raised.value.system == "social_assistance"  # type: ignore[attr-defined]
