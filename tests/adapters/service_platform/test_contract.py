"""One publishing contract, two implementations: in memory, and HTTP to the fake platform.

The HTTP adapter talks to `receiver.create_fake_service_platform()` through httpx's
ASGI transport, so requests and answers cross a real HTTP interface.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date

import httpx
import pytest

from adapters.errors import Rejected, Unavailable
from adapters.service_platform.base import ServicePlatform, UsageReport
from adapters.service_platform.fake import FakeServicePlatform
from adapters.service_platform.http import HttpServicePlatform
from adapters.service_platform.receiver import create_fake_service_platform

pytestmark = pytest.mark.anyio

DAY = date(2026, 11, 23)


@dataclass
class Target:
    adapter: ServicePlatform
    fake: FakeServicePlatform
    fail: Callable[[str], Awaitable[None]]


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    fake = FakeServicePlatform()
    if request.param == "fake":

        async def fail_fake(mode: str) -> None:
            fake.fail(None if mode == "ok" else
                      (Unavailable if mode == "error" else Rejected)("service_platform", mode))

        yield Target(fake, fake, fail_fake)
        return
    app = create_fake_service_platform(fake)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://platform") as client:

        async def fail_http(mode: str) -> None:
            (await client.post("/control/fail", json={"mode": mode})).raise_for_status()

        yield Target(HttpServicePlatform(client, "http://platform"), fake, fail_http)


def report(revision: int, starts: int = 3) -> UsageReport:
    return UsageReport(service="labour_complaint", day=DAY, revision=revision,
                       figures={"starts": starts, "drop_off": {"employer": 1}})


async def test_a_new_day_is_created_and_held(target: Target) -> None:
    receipt = await target.adapter.publish(report(1))
    assert not receipt.replaced and not receipt.already_held
    assert receipt.platform_id == "labour_complaint/2026-11-23"
    held = target.fake.latest("labour_complaint", DAY)
    assert held is not None and held.revision == 1
    assert dict(held.figures) == {"starts": 3, "drop_off": {"employer": 1}}


async def test_sending_the_same_revision_again_changes_nothing(target: Target) -> None:
    await target.adapter.publish(report(1))
    receipt = await target.adapter.publish(report(1))
    assert receipt.already_held
    assert len(target.fake.accepted) == 1


async def test_a_correction_replaces_the_day(target: Target) -> None:
    await target.adapter.publish(report(1))
    receipt = await target.adapter.publish(report(2, starts=4))
    assert receipt.replaced
    held = target.fake.latest("labour_complaint", DAY)
    assert held is not None and held.figures["starts"] == 4


async def test_stale_or_conflicting_revisions_are_refused(target: Target) -> None:
    await target.adapter.publish(report(1))
    await target.adapter.publish(report(2, starts=4))
    with pytest.raises(Rejected):
        await target.adapter.publish(report(1))
    with pytest.raises(Rejected):
        await target.adapter.publish(report(2, starts=5))


async def test_a_platform_that_is_down_is_unavailable_until_it_heals(target: Target) -> None:
    await target.fail("error")
    with pytest.raises(Unavailable):
        await target.adapter.publish(report(1))
    await target.fail("ok")
    assert not (await target.adapter.publish(report(1))).already_held
