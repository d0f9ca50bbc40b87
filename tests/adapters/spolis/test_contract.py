"""One calendar contract, two implementations: in memory, and HTTP to the served fake.

The HTTP adapter talks to `served.calendar_mount()` through httpx's ASGI transport,
so requests and answers cross the real HTTP interface of `adapters/spolis/http.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette

from adapters.errors import NotFound, Unavailable
from adapters.fake_backoffice import create_fake_backoffice
from adapters.spolis.base import Region, SpecialistType, Spolis, TrainingType
from adapters.spolis.fake import FakeSpolis
from adapters.spolis.http import HttpSpolis
from adapters.spolis.served import PREFIX, calendar_mount

pytestmark = pytest.mark.anyio

TODAY = date(2026, 11, 23)  # a Monday
WEEK_START = datetime(2026, 11, 23, tzinfo=UTC)


@dataclass
class Target:
    spolis: Spolis
    take: Callable[[str], Awaitable[None]]
    fail: Callable[[bool], Awaitable[None]]


@pytest.fixture(params=["fake", "http"])
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    fake = FakeSpolis(TODAY)
    if request.param == "fake":

        async def take_fake(slot_id: str) -> None:
            fake.take(slot_id)

        async def fail_fake(failing: bool) -> None:
            fake.fail_with() if failing else fake.heal()

        yield Target(fake, take_fake, fail_fake)
        return
    app = Starlette(routes=[calendar_mount(fake)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="http://backoffice") as client:

        async def take_http(slot_id: str) -> None:
            (await client.post(f"{PREFIX}/control/take", json={"slot_id": slot_id})
             ).raise_for_status()

        async def fail_http(failing: bool) -> None:
            (await client.post(f"{PREFIX}/control/fail",
                               json={"mode": "error" if failing else "ok"})).raise_for_status()

        yield Target(HttpSpolis(client, f"http://backoffice{PREFIX}"), take_http, fail_http)


async def test_every_training_type_is_scheduled_in_every_region(target: Target) -> None:
    for training_type in TrainingType:
        for region in Region:
            sessions = await target.spolis.training_sessions(training_type, region)
            assert sessions, (training_type, region)
            assert [s.days[0] for s in sessions] == sorted(s.days[0] for s in sessions)
            for session in sessions:
                assert (session.training_type, session.region) == (training_type, region)
                assert session.days[0] > TODAY and list(session.days) == sorted(session.days)
                assert session.seats > 0 and session.place and session.address


async def test_one_session_by_its_id(target: Target) -> None:
    listed = (await target.spolis.training_sessions(TrainingType.ADOPTIVE_PARENT,
                                                    Region.KURZEME))[0]
    assert await target.spolis.training_session(listed.id) == listed
    with pytest.raises(NotFound):
        await target.spolis.training_session("no-such-session")


async def test_free_slots_of_one_kind_in_a_window(target: Target) -> None:
    end = WEEK_START + timedelta(days=7)
    slots = await target.spolis.free_slots(SpecialistType.AUDIOLOGIST, start=WEEK_START, end=end)
    assert slots
    assert [s.starts_at for s in slots] == sorted(s.starts_at for s in slots)
    for slot in slots:
        assert slot.specialist_type is SpecialistType.AUDIOLOGIST and slot.free
        assert WEEK_START <= slot.starts_at < end and slot.ends_at > slot.starts_at
        assert slot.starts_at.tzinfo is not None and slot.change_until_hours_before > 0
    assert await target.spolis.slot(slots[0].id) == slots[0]


async def test_a_slot_taken_in_spolis_is_no_longer_free(target: Target) -> None:
    end = WEEK_START + timedelta(days=7)
    slot = (await target.spolis.free_slots(SpecialistType.TECHNICAL_AID_FITTING,
                                           start=WEEK_START, end=end))[0]
    await target.take(slot.id)
    assert (await target.spolis.slot(slot.id)).free is False
    again = await target.spolis.free_slots(SpecialistType.TECHNICAL_AID_FITTING,
                                           start=WEEK_START, end=end)
    assert slot.id not in {s.id for s in again}
    with pytest.raises(NotFound):
        await target.spolis.slot("no-such-slot")


async def test_a_calendar_that_fails_is_unavailable(target: Target) -> None:
    await target.fail(True)
    with pytest.raises(Unavailable):
        await target.spolis.training_sessions(TrainingType.ANNUAL_IMPROVEMENT, Region.RIGA)
    with pytest.raises(Unavailable):
        await target.spolis.free_slots(SpecialistType.AUDIOLOGIST, start=WEEK_START,
                                       end=WEEK_START + timedelta(days=1))
    await target.fail(False)
    assert await target.spolis.training_sessions(TrainingType.ANNUAL_IMPROVEMENT, Region.RIGA)


async def test_the_fake_back_office_serves_the_calendar() -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_fake_backoffice()),
                                 base_url="http://backoffice") as client:
        spolis = HttpSpolis(client, f"http://backoffice{PREFIX}")
        assert await spolis.training_sessions(TrainingType.FOSTER_FAMILY, Region.LATGALE)
        now = datetime.now(UTC)
        assert await spolis.free_slots(SpecialistType.OCCUPATIONAL_THERAPIST, start=now,
                                       end=now + timedelta(days=14))
