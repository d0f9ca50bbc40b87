"""'My queue' end to end on SQLite and PostgreSQL: whose requests it shows, what it says
about each, and what it does when SPOLIS does not answer."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update
from starlette.applications import Starlette

from adapters.demo_people import (
    ANNA_BERZINA,
    ELZA_KALNINA,
    ILZE_KALNINA,
    JANIS_OZOLS,
    LAURA_VITOLA,
    MARTINS_KALNINS,
)
from adapters.spolis.aids_fake import FakeTechnicalAidQueues
from portal.database import utcnow
from queue_status.models import TechnicalAidRequest
from queue_status.sync import sync_technical_aids
from tests.portal.representation.signing_in import act_for, in_english, sign_in

pytestmark = pytest.mark.anyio


def queues(app: Starlette) -> FakeTechnicalAidQueues:
    fake = app.state.adapters.technical_aids
    assert isinstance(fake, FakeTechnicalAidQueues)
    return fake


async def current(app: Starlette, personal_code: str) -> list[str]:
    return [c.request_id for c in await queues(app).requests_of([personal_code])]


async def test_signed_out_goes_to_sign_in(client: httpx.AsyncClient) -> None:
    page = await client.get("/my-queue")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


async def test_a_parent_sees_her_children_s_requests_with_place_and_estimate(
        app: Starlette, client: httpx.AsyncClient) -> None:
    await sync_technical_aids(app.state.sessionmaker, queues(app), utcnow())
    await sign_in(app, client, ILZE_KALNINA)
    in_english(client)
    page = await client.get("/my-queue")
    assert page.status_code == 200, page.text[:500]
    assert page.headers["cache-control"] == "no-store"
    text = page.text
    for person in (ILZE_KALNINA, ELZA_KALNINA, MARTINS_KALNINS):
        assert person.full_name in text
    for request_id in [*await current(app, ELZA_KALNINA.personal_code),
                       *await current(app, MARTINS_KALNINS.personal_code)]:
        assert request_id in text
    waiting = next(c for c in await queues(app).requests_of([ELZA_KALNINA.personal_code])
                   if c.status == "in_queue")
    assert f"{waiting.position} of {waiting.queue_size}" in text
    assert "Children&#39;s wheelchair" in text or "Manual wheelchair" in text \
        or "Powered wheelchair" in text
    assert re.search(r"(about \d+ months?|from \d+ to \d+ months?)", text)
    assert "History of changes" in text and "Under review" in text
    assert "How the wait is estimated" in text
    # Nobody else's requests.
    for other in (JANIS_OZOLS, ANNA_BERZINA):
        for request_id in await current(app, other.personal_code):
            assert request_id not in text


async def test_acting_for_a_child_shows_only_the_child(app: Starlette,
                                                       client: httpx.AsyncClient) -> None:
    await sign_in(app, client, ILZE_KALNINA)
    switched = await act_for(client, f"child_or_ward:{MARTINS_KALNINS.personal_code}")
    assert switched.status_code == 303
    text = (await client.get("/my-queue")).text
    for request_id in await current(app, MARTINS_KALNINS.personal_code):
        assert request_id in text
    for request_id in await current(app, ELZA_KALNINA.personal_code):
        assert request_id not in text


async def test_a_guardian_sees_his_ward_and_a_person_without_requests_is_told(
        app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, JANIS_OZOLS)
    text = (await client.get("/my-queue")).text
    for request_id in await current(app, ANNA_BERZINA.personal_code):
        assert request_id in text
    client.cookies.clear()
    await sign_in(app, client, LAURA_VITOLA)
    in_english(client)
    assert "No technical-aid requests." in (await client.get("/my-queue")).text


async def test_an_application_placed_by_spolis_appears(app: Starlette,
                                                       client: httpx.AsyncClient) -> None:
    (placed,) = queues(app).place("TPL-2026-4821", ELZA_KALNINA.personal_code, ["12-22-18"])
    await sign_in(app, client, ILZE_KALNINA)
    in_english(client)
    text = (await client.get("/my-queue")).text
    assert placed.request_id in text and "TPL-2026-4821" in text
    assert f"{placed.position} of {placed.queue_size}" in text


async def test_when_spolis_is_down_the_stored_data_shows_with_its_age(
        app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, ILZE_KALNINA)
    in_english(client)
    assert (await client.get("/my-queue")).status_code == 200  # stored now
    async with app.state.sessionmaker() as session:
        await session.execute(update(TechnicalAidRequest).values(
            received_at=utcnow() - timedelta(hours=3, minutes=5)))
        await session.commit()
    queues(app).fail_with()
    page = await client.get("/my-queue")
    assert page.status_code == 200
    assert "SPOLIS is not answering just now" in page.text
    assert "Data updated 3 hours ago" in page.text
    for request_id in await _stored(app, ELZA_KALNINA.personal_code):
        assert request_id in page.text


async def test_when_spolis_is_down_and_nothing_is_stored_the_page_says_so(
        app: Starlette, client: httpx.AsyncClient) -> None:
    queues(app).fail_with()
    await sign_in(app, client, ILZE_KALNINA)
    in_english(client)
    page = await client.get("/my-queue")
    assert page.status_code == 200
    assert "The portal has no data about these requests yet" in page.text


async def test_the_page_in_latvian(app: Starlette, client: httpx.AsyncClient) -> None:
    await sign_in(app, client, ILZE_KALNINA)
    page = await client.get("/my-queue")
    assert page.status_code == 200
    assert "Rindā" in page.text and "Kā tiek aprēķināts gaidīšanas laiks" in page.text


async def _stored(app: Starlette, personal_code: str) -> list[str]:
    async with app.state.sessionmaker() as session:
        return list(await session.scalars(select(TechnicalAidRequest.id).where(
            TechnicalAidRequest.personal_code == personal_code)))
