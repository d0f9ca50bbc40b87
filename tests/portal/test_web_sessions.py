"""Server-side sessions: created only when needed, hashed, rotated, timed out."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from portal.database import utcnow
from portal.settings import Settings
from portal.web_sessions import WebSessionRecord, hash_token, session_cookie_name

COOKIE = "portal-session"

pytestmark = pytest.mark.anyio


async def remember(request: Request) -> Response:
    request.session["value"] = request.query_params["value"]
    if "rotate" in request.query_params:
        request.session.rotate()  # type: ignore[attr-defined]
    return JSONResponse({"ok": True})


async def recall(request: Request) -> Response:
    return JSONResponse({"value": request.session.get("value"),
                         "expired": request.session.expired})  # type: ignore[attr-defined]


async def forget(request: Request) -> Response:
    request.session.clear()
    return JSONResponse({"ok": True})


@pytest.fixture
def session_app(app: Starlette) -> Starlette:
    app.add_route("/test/remember", remember)
    app.add_route("/test/recall", recall)
    app.add_route("/test/forget", forget)
    return app


async def records(app: Starlette) -> list[WebSessionRecord]:
    async with app.state.sessionmaker() as db:
        return list((await db.scalars(select(WebSessionRecord))).all())


async def test_anonymous_pages_create_no_session(client: httpx.AsyncClient, app: Starlette) -> None:
    response = await client.get("/")
    assert COOKIE not in response.cookies
    assert await records(app) == []


async def test_session_is_stored_server_side_under_a_hash(
    client: httpx.AsyncClient, session_app: Starlette
) -> None:
    response = await client.get("/test/remember", params={"value": "42"})
    token = response.cookies[COOKIE]
    cookie_header = response.headers["set-cookie"]
    assert "HttpOnly" in cookie_header and "SameSite=Lax" in cookie_header
    assert "Secure" not in cookie_header  # demo/test settings serve plain HTTP
    stored = await records(session_app)
    assert [r.token_hash for r in stored] == [hash_token(token)]
    assert token not in str(stored[0].data)
    assert (await client.get("/test/recall")).json()["value"] == "42"


async def test_rotation_gives_a_new_id_and_keeps_the_data(
    client: httpx.AsyncClient, session_app: Starlette
) -> None:
    first = (await client.get("/test/remember", params={"value": "a"})).cookies[COOKIE]
    second = (await client.get("/test/remember",
                               params={"value": "b", "rotate": "1"})).cookies[COOKIE]
    assert first != second
    assert [r.token_hash for r in await records(session_app)] == [hash_token(second)]
    client.cookies.set(COOKIE, first)
    assert (await client.get("/test/recall")).json()["value"] is None  # the old id is dead


async def test_clearing_deletes_the_record_and_the_cookie(
    client: httpx.AsyncClient, session_app: Starlette
) -> None:
    await client.get("/test/remember", params={"value": "a"})
    response = await client.get("/test/forget")
    assert "Max-Age=0" in response.headers["set-cookie"]
    assert await records(session_app) == []


@pytest.mark.parametrize("column", ["last_seen_at", "created_at"])
async def test_idle_and_absolute_timeouts_end_the_session(
    client: httpx.AsyncClient, session_app: Starlette, settings: Settings, column: str
) -> None:
    await client.get("/test/remember", params={"value": "a"})
    limit = (settings.session_idle_timeout_seconds if column == "last_seen_at"
             else settings.session_absolute_timeout_seconds)
    async with session_app.state.sessionmaker() as db:
        await db.execute(update(WebSessionRecord).values(
            {column: utcnow() - timedelta(seconds=limit + 1)}))
        await db.commit()
    answer = (await client.get("/test/recall")).json()
    assert answer == {"value": None, "expired": True}
    assert await records(session_app) == []


async def test_secure_cookie_names_under_https_settings(settings: Settings) -> None:
    assert session_cookie_name(settings.replace(secure_cookies=True)).startswith("__Host-")
