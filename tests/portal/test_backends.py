"""Which adapter serves each system: the most specific setting that is not "same" decides."""

from __future__ import annotations

import httpx
import pytest

from adapters.spolis.aids_fake import FakeTechnicalAidQueues
from adapters.spolis.aids_http import HttpTechnicalAidQueues
from adapters.spolis.fake import FakeSpolis
from adapters.spolis.http import HttpSpolis
from portal.backends import build_spolis, build_technical_aids
from portal.settings import Settings

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(("adapters", "back_office", "spolis", "http"), [
    ("fake", "same", "same", False),
    ("http", "same", "same", True),
    ("fake", "http", "same", True),  # the demo: the fake back office over HTTP
    ("fake", "http", "fake", False),  # SPOLIS' own setting wins over the back office's
    ("http", "fake", "http", True),
])
async def test_spolis_follows_its_own_setting_then_the_back_office_then_adapters(
    adapters: str, back_office: str, spolis: str, http: bool
) -> None:
    settings = Settings(adapters=adapters, back_office_adapters=back_office,  # type: ignore[arg-type]
                        spolis_adapter=spolis,  # type: ignore[arg-type]
                        back_office_url="http://backoffice:8101/")
    async with httpx.AsyncClient() as client:
        calendar = build_spolis(settings, client)
        queues = build_technical_aids(settings, client)
    assert isinstance(calendar, HttpSpolis if http else FakeSpolis)
    assert isinstance(queues, HttpTechnicalAidQueues if http else FakeTechnicalAidQueues)
