"""The time-out warning's endpoints and the "You were signed out" page."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request

from adapters.demo_people import ILZE_KALNINA
from portal.database import utcnow
from portal.session_timeout.middleware import ExpiredSessionMiddleware
from portal.web_sessions import WebSessionRecord, hash_token, session_cookie_name
from tests.portal.representation.signing_in import (
    audit_entries,
    csrf_token,
    in_english,
    sign_in,
)

pytestmark = pytest.mark.anyio


async def last_seen(app: Starlette, token: str) -> datetime | None:
    async with app.state.sessionmaker() as db:
        record = await db.get(WebSessionRecord, hash_token(token))
        return record.last_seen_at if record else None


async def test_staying_signed_in_moves_last_seen_to_now(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    csrf = await csrf_token(client)  # before signing in: any page view touches the session
    token = await sign_in(app, client, ILZE_KALNINA, idle_for=timedelta(minutes=10))
    before = await last_seen(app, token)
    assert before is not None and utcnow() - before > timedelta(minutes=9)
    response = await client.post("/session/extend", headers={"x-csrf-token": csrf})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.json() == {"signed_in": True, "seconds_left": 15 * 60}
    after = await last_seen(app, token)
    assert after is not None and utcnow() - after < timedelta(seconds=5)


async def test_staying_cannot_pass_the_absolute_limit(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE_KALNINA, idle_for=timedelta(minutes=1),
                  signed_in_for=timedelta(hours=7, minutes=59))
    response = await client.post("/session/extend",
                                 headers={"x-csrf-token": await csrf_token(client)})
    assert 0 < response.json()["seconds_left"] <= 60


async def test_staying_needs_a_session_and_the_token(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    csrf = await csrf_token(client)
    anonymous = await client.post("/session/extend", headers={"x-csrf-token": csrf})
    assert anonymous.status_code == 401
    assert anonymous.json() == {"signed_in": False, "seconds_left": 0}
    await sign_in(app, client, ILZE_KALNINA)
    assert (await client.post("/session/extend")).status_code == 403


async def test_signed_in_pages_carry_the_warning_for_the_script(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    anonymous = (await client.get("/")).text
    assert 'id="session-timeout"' not in anonymous and "session-timeout.js" not in anonymous
    await sign_in(app, client, ILZE_KALNINA, idle_for=timedelta(minutes=5))
    page = (await client.get("/")).text
    seconds = re.search(r'data-seconds-left="(\d+)"', page)
    assert seconds and 590 <= int(seconds.group(1)) <= 600
    assert 'data-warning-seconds="120"' in page
    assert 'data-extend-url="/session/extend"' in page
    assert f'data-csrf-token="{await csrf_token(client)}"' in page
    assert 'aria-labelledby="session-timeout-title"' in page
    assert '<script src="/static/js/session-timeout.js" defer></script>' in page
    assert "<script>" not in page  # the CSP forbids inline scripts


@pytest.mark.parametrize(("idle_for", "signed_in_for"), [
    (timedelta(minutes=16), None),  # idle time-out
    (timedelta(minutes=1), timedelta(hours=8, minutes=1)),  # absolute time-out
])
async def test_the_next_page_after_a_time_out_explains_it(
    app: Starlette, client: httpx.AsyncClient, idle_for: timedelta,
    signed_in_for: timedelta | None,
) -> None:
    in_english(client)
    await sign_in(app, client, ILZE_KALNINA, idle_for=idle_for, signed_in_for=signed_in_for)
    response = await client.get("/acting-for?x=1")
    assert response.status_code == 200
    assert "<h1 class=\"heading-xl\">You were signed out</h1>" in response.text
    assert "after 15 minutes without any activity, and 8 hours after you signed in" in (
        response.text)
    assert 'href="/login?next=/acting-for%3Fx%3D1"' in response.text
    cookie = session_cookie_name(app.state.settings)
    assert f"{cookie}=;" in response.headers["set-cookie"]
    # Once: the next page is an ordinary one for a visitor who is not signed in.
    assert "You were signed out" not in (await client.get("/")).text
    [logout] = await audit_entries(app)
    assert (logout.action, logout.actor_personal_code, logout.detail) == (
        "logout", ILZE_KALNINA.personal_code, "session timed out")


async def test_the_signed_out_page_is_in_latvian_too(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    await sign_in(app, client, ILZE_KALNINA, idle_for=timedelta(minutes=20))
    response = await client.get("/")
    assert response.status_code == 200
    assert '<html lang="lv">' in response.text
    assert 'href="/login?next=/"' in response.text


async def test_a_form_sent_after_the_time_out_reaches_the_drafts_hook(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    kept: list[tuple[str, dict[str, Any], str]] = []

    async def keep_draft(request: Request, expired_data: dict[str, Any]) -> None:
        form = await request.form()
        kept.append((request.url.path, expired_data, str(form.get("description"))))

    app.user_middleware = [
        Middleware(ExpiredSessionMiddleware, keep_drafts=[keep_draft])
        if middleware.cls is ExpiredSessionMiddleware  # type: ignore[comparison-overlap]
        else middleware
        for middleware in app.user_middleware
    ]
    in_english(client)
    csrf = await csrf_token(client)
    await sign_in(app, client, ILZE_KALNINA, idle_for=timedelta(minutes=20))
    response = await client.post("/accessibility/feedback",
                                 data={"csrf_token": csrf, "description": "Puse teksta"})
    assert response.status_code == 200
    assert "You were signed out" in response.text
    assert 'href="/login?next=/accessibility/feedback"' in response.text
    [(path, data, description)] = kept
    assert path == "/accessibility/feedback"
    assert data["person"]["personal_code"] == ILZE_KALNINA.personal_code
    assert description == "Puse teksta"


async def test_when_the_warning_runs_out_the_session_ends(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    in_english(client)
    token = await sign_in(app, client, ILZE_KALNINA,
                          idle_for=timedelta(minutes=14, seconds=45))
    response = await client.get("/session/timed-out", params={"next": "/mandates"})
    assert response.status_code == 200
    assert "You were signed out" in response.text
    assert 'href="/login?next=/mandates"' in response.text
    assert await last_seen(app, token) is None
    assert [e.action for e in await audit_entries(app)] == ["logout"]


async def test_a_session_kept_alive_elsewhere_goes_back_to_the_page(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    token = await sign_in(app, client, ILZE_KALNINA, idle_for=timedelta(minutes=2))
    response = await client.get("/session/timed-out",
                                params={"next": "https://evil.example/"})
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert await last_seen(app, token) is not None
    response = await client.get("/session/timed-out", params={"next": "/acting-for"})
    assert response.headers["location"] == "/acting-for"
    assert await audit_entries(app) == []


