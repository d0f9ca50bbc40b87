"""The fake back office calling the portal's inbound API with its own signed tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from adapters.fake_backoffice import create_fake_backoffice
from adapters.fake_backoffice.keys import inbound_api_keys_setting
from eservices.attachments import LocalDirectoryStorage
from eservices.submissions.models import Answer, Submission
from portal.settings import Settings
from tests.adapters.delivery.queued import TECHNICAL_AID, queue_submission
from tests.conftest import BASE_URL

pytestmark = pytest.mark.anyio


@pytest.fixture
def keys_dir(tmp_path: Path) -> Path:
    return tmp_path / "keys"


@pytest.fixture
def settings(settings: Settings, keys_dir: Path) -> Settings:
    # The portal trusts the fake back offices' public keys.
    return settings.replace(inbound_api_keys=inbound_api_keys_setting(keys_dir))


@pytest.fixture
async def backoffice(app: Starlette, keys_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    fake = create_fake_backoffice(portal_url=BASE_URL, keys_dir=keys_dir,
                                  portal_transport=httpx.ASGITransport(app=app))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake),
                                 base_url="http://backoffice") as client:
        yield client


async def queued(app: Starlette, settings: Settings) -> Submission:
    return await queue_submission(app.state.sessionmaker,
                                  LocalDirectoryStorage(settings.storage_dir))


async def control(client: httpx.AsyncClient, path: str, **data: Any) -> dict[str, Any]:
    response = await client.post(f"/control/{path}", json=data)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_a_status_reaches_the_submissions_timeline(
    app: Starlette, settings: Settings, backoffice: httpx.AsyncClient
) -> None:
    submission = await queued(app, settings)
    result = await control(backoffice, "send-status", system="vdi",
                           reference=submission.reference, status="in_review",
                           note="Nodots inspektoram")
    assert result["portal_status"] == 200, result
    async with app.state.sessionmaker() as db:
        stored = await db.get(Submission, submission.id)
        assert stored is not None
        assert stored.status == "in_review"
        assert (stored.events[-1].source, stored.events[-1].note) == ("vdi", "Nodots inspektoram")


async def test_an_answer_with_a_file_and_a_queue_position_arrive(
    app: Starlette, settings: Settings, backoffice: httpx.AsyncClient
) -> None:
    submission = await queue_submission(app.state.sessionmaker,
                                        LocalDirectoryStorage(settings.storage_dir),
                                        service=TECHNICAL_AID)
    sent = {"system": "spolis", "reference": submission.reference, "text": "Lēmums pielikumā.",
            "file_name": "lemums.txt", "file_text": "Piešķirts.",
            "idempotency_key": "c1d2e3f4-0000-4000-8000-000000000001"}
    answer = await control(backoffice, "send-answer", **sent)
    # Sent again with its key (the back office timed out, say): kept once.
    again = await control(backoffice, "send-answer", **sent)
    position = await control(backoffice, "send-queue-position", system="spolis",
                             reference=submission.reference, position=3, queue_size=40)
    assert answer["portal_status"] == 201, answer
    assert (again["portal_status"], again["portal_response"]) == (200, answer["portal_response"])
    assert position["portal_status"] == 200, position
    async with app.state.sessionmaker() as db:
        [stored] = list(await db.scalars(select(Answer)))
    assert (stored.text, stored.file_name) == ("Lēmums pielikumā.", "lemums.txt")


async def test_another_back_offices_submission_is_not_found(
    app: Starlette, settings: Settings, backoffice: httpx.AsyncClient
) -> None:
    submission = await queued(app, settings)  # routed to VDI
    result = await control(backoffice, "send-status", system="siva",
                           reference=submission.reference, status="in_review")
    assert result["portal_status"] == 404


async def test_without_a_portal_nothing_is_sent() -> None:
    fake = create_fake_backoffice()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake),
                                 base_url="http://backoffice") as client:
        unconfigured = await client.post("/control/send-status", json={
            "system": "vdi", "reference": "VDS-AAAA-AAAA", "status": "in_review"})
        malformed = await client.post("/control/send-status", json={"system": "nope"})
    assert unconfigured.status_code == 409
    assert malformed.status_code == 400
