"""SPOLIS pushing request changes through the inbound API: only SPOLIS, only good bodies;
and the fake back office placing an application and pushing it, seen in "my queue"."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from adapters.demo_people import ELZA_KALNINA, ILZE_KALNINA
from adapters.fake_backoffice import create_fake_backoffice
from adapters.fake_backoffice.keys import inbound_api_keys_setting, private_keys
from portal.inbound_api.tokens import sign_request_token
from portal.settings import Settings
from queue_status.models import TechnicalAidRequest, TechnicalAidRequestEvent
from tests.conftest import BASE_URL
from tests.portal.representation.signing_in import in_english, sign_in

pytestmark = pytest.mark.anyio

URL = "/api/v1/technical-aid-requests"
GOOD: dict[str, Any] = {
    "request_id": "TPL-2026-100001", "personal_code": ELZA_KALNINA.personal_code,
    "reference": None, "aid_code": "12-22-18", "group_code": "12-22", "provider": "vaivari",
    "status": "in_queue", "position": 4, "queue_size": 12,
    "applied_at": "2026-09-01T08:00:00Z", "queued_at": "2026-09-10T08:00:00Z",
    "issued_at": None, "changed_at": "2026-10-01T06:00:00+03:00"}


@pytest.fixture
def keys_dir(tmp_path: Path) -> Path:
    return tmp_path / "keys"


@pytest.fixture
def settings(settings: Settings, keys_dir: Path) -> Settings:
    return settings.replace(inbound_api_keys=inbound_api_keys_setting(keys_dir))


@pytest.fixture
async def backoffice(app: Starlette, keys_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    fake = create_fake_backoffice(portal_url=BASE_URL, keys_dir=keys_dir,
                                  portal_transport=httpx.ASGITransport(app=app))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=fake),
                                 base_url="http://backoffice") as client:
        yield client


@pytest.fixture
def bearer(settings: Settings, keys_dir: Path) -> Callable[[str], dict[str, str]]:
    keys = private_keys(keys_dir)

    def headers(system: str) -> dict[str, str]:
        token = sign_request_token(keys[system], issuer=system, audience=f"{BASE_URL}/api/v1")
        return {"authorization": f"Bearer {token}"}

    return headers


async def stored(app: Starlette) -> tuple[int, int]:
    async with app.state.sessionmaker() as session:
        return (await session.scalar(select(func.count()).select_from(TechnicalAidRequest)) or 0,
                await session.scalar(select(func.count()).select_from(
                    TechnicalAidRequestEvent)) or 0)


async def test_spolis_pushes_and_the_same_push_again_changes_nothing(
        app: Starlette, client: httpx.AsyncClient,
        bearer: Callable[[str], dict[str, str]]) -> None:
    first = await client.post(URL, json=[GOOD], headers=bearer("spolis"))
    assert first.status_code == 200, first.text
    assert first.json() == {"stored": 1, "unchanged": 0}
    again = await client.post(URL, json=[GOOD], headers=bearer("spolis"))
    assert again.json() == {"stored": 0, "unchanged": 1}
    assert await stored(app) == (1, 1)


async def test_only_spolis_may_push(app: Starlette, client: httpx.AsyncClient,
                                    bearer: Callable[[str], dict[str, str]]) -> None:
    unsigned = await client.post(URL, json=[GOOD])
    assert unsigned.status_code == 401
    assert unsigned.headers["content-type"] == "application/problem+json"
    other = await client.post(URL, json=[GOOD], headers=bearer("vdi"))
    assert other.status_code == 403 and other.json()["type"].endswith("/forbidden")
    assert await stored(app) == (0, 0)


@pytest.mark.parametrize(("body", "pointer"), [
    ([], "/"),
    ({"request_id": "x"}, "/"),
    ([{**GOOD, "status": "lost"}], "/0/status"),
    ([{**GOOD, "provider": "elsewhere"}], "/0/provider"),
    ([{**GOOD, "personal_code": "Elza"}], "/0/personal_code"),
    ([{**GOOD, "position": 13}], "/0/position"),
    ([{**GOOD, "changed_at": "2026-10-01T06:00:00"}], "/0/changed_at"),
    ([{**GOOD, "changed_at": "2099-01-01T00:00:00Z"}], "/0/changed_at"),
    ([{**GOOD, "applied_at": None}], "/0/applied_at"),
    ([{**GOOD, "request_id": ""}], "/0/request_id"),
    ([{**GOOD, "extra": 1}], "/0/extra"),
    ([GOOD, {k: v for k, v in GOOD.items() if k != "queue_size"}], "/1/queue_size"),
])
async def test_bad_bodies_are_refused_whole(
        app: Starlette, client: httpx.AsyncClient, bearer: Callable[[str], dict[str, str]],
        body: object, pointer: str) -> None:
    answer = await client.post(URL, json=body, headers=bearer("spolis"))
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert pointer in [error["pointer"] for error in answer.json()["errors"]]
    assert await stored(app) == (0, 0)


async def test_a_body_that_is_not_json_is_a_problem(
        client: httpx.AsyncClient, bearer: Callable[[str], dict[str, str]]) -> None:
    answer = await client.post(URL, content=b"{not json",
                               headers={**bearer("spolis"), "content-type": "application/json"})
    assert answer.status_code == 400 and answer.json()["type"].endswith("/malformed")
    answer = await client.post(URL, content=json.dumps([GOOD]).encode(),
                               headers={**bearer("spolis"), "content-type": "text/plain"})
    assert answer.status_code == 415


async def test_the_fake_back_office_places_and_pushes_and_my_queue_shows_it(
        app: Starlette, client: httpx.AsyncClient, backoffice: httpx.AsyncClient) -> None:
    placed = await backoffice.post("/spolis/aids/control/place", json={
        "reference": "TPL-2026-7777", "personal_code": ELZA_KALNINA.personal_code,
        "aid_codes": ["12-22-18"]})
    assert placed.status_code == 201, placed.text
    body = placed.json()
    assert body["pushed"]["portal_status"] == 200, body
    assert body["pushed"]["portal_response"] == {"stored": 1, "unchanged": 0}
    request_id = body["requests"][0]["request_id"]
    async with app.state.sessionmaker() as session:
        row = await session.get(TechnicalAidRequest, request_id)
        assert row is not None and row.status == "in_queue" and row.reference == "TPL-2026-7777"
    pushed = await backoffice.post("/spolis/aids/control/push",
                                   json={"personal_code": ELZA_KALNINA.personal_code})
    assert pushed.status_code == 200 and pushed.json()["portal_status"] == 200
    # Even with SPOLIS not answering the page, the pushed request is there.
    app.state.adapters.technical_aids.fail_with()
    await sign_in(app, client, ILZE_KALNINA)
    in_english(client)
    page = await client.get("/my-queue")
    assert page.status_code == 200 and request_id in page.text
    assert "SPOLIS is not answering just now" in page.text
