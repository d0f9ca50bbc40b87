"""Which SRIS the portal talks to: the one at the back office that takes SIVA's deliveries."""

from __future__ import annotations

import httpx
import pytest

from adapters.sris.fake import FakeSris
from adapters.sris.http import HttpSris
from portal.backends import build_sris
from portal.settings import Settings

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("adapters", "back_office", "expected"), [
    ("fake", "same", FakeSris),
    ("http", "same", HttpSris),
    ("fake", "http", HttpSris),  # the demo: fake registers, the fake back office over HTTP
    ("http", "fake", FakeSris),
])
async def test_sris_follows_the_back_office_setting(
    adapters: str, back_office: str, expected: type
) -> None:
    settings = Settings(adapters=adapters, back_office_adapters=back_office,  # type: ignore[arg-type]
                        back_office_url="http://backoffice:8101/")
    async with httpx.AsyncClient() as client:
        assert isinstance(build_sris(settings, client), expected)


async def test_the_http_one_asks_the_back_offices_siva_address() -> None:
    asked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return httpx.Response(200, json={"queue_places": []})

    settings = Settings(adapters="http", back_office_url="http://backoffice:8101/")
    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        assert await build_sris(settings, client).queue_places("031158-15239") == []
    assert asked == ["http://backoffice:8101/siva/sris/queue-places/search"]
