"""Every state-changing request needs the form's token; nothing is saved without it."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from portal.feedback.models import AccessibilityFeedback
from portal.security.csrf import MAX_URLENCODED_BYTES

pytestmark = pytest.mark.anyio


async def form_token(client: httpx.AsyncClient) -> str:
    page = await client.get("/accessibility/feedback")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, "the form carries a token"
    return match.group(1)


async def saved_feedback(app: Starlette) -> int:
    async with app.state.sessionmaker() as session:
        return int(await session.scalar(select(func.count(AccessibilityFeedback.id))) or 0)


async def test_valid_token_is_accepted(client: httpx.AsyncClient, app: Starlette) -> None:
    token = await form_token(client)
    response = await client.post("/accessibility/feedback",
                                 data={"csrf_token": token, "description": "Poga nestrādā"})
    assert response.status_code == 303
    assert await saved_feedback(app) == 1


async def test_missing_token_is_refused_with_an_explanation(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    await form_token(client)
    response = await client.post("/accessibility/feedback", data={"description": "x"})
    assert response.status_code == 403
    assert "Veidlapu nevarēja nosūtīt" in response.text
    assert await saved_feedback(app) == 0


async def test_token_from_another_browser_is_refused(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    token = await form_token(client)
    client.cookies.clear()
    await client.get("/")  # a new visitor: a new nonce cookie
    response = await client.post("/accessibility/feedback",
                                 data={"csrf_token": token, "description": "x"})
    assert response.status_code == 403
    assert await saved_feedback(app) == 0


async def test_forged_token_is_refused(client: httpx.AsyncClient) -> None:
    await form_token(client)
    response = await client.post("/accessibility/feedback",
                                 data={"csrf_token": "A" * 43, "description": "x"})
    assert response.status_code == 403


async def test_header_token_is_accepted(client: httpx.AsyncClient) -> None:
    token = await form_token(client)
    response = await client.post("/accessibility/feedback", data={"description": "Teksts"},
                                 headers={"x-csrf-token": token})
    assert response.status_code == 303


async def test_multipart_token_first_is_accepted_and_body_reaches_the_view(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    token = await form_token(client)
    response = await client.post(
        "/accessibility/feedback",
        data={"csrf_token": token, "description": "Ar pielikumu"},
        files={"unused": ("a.txt", b"hello" * 50_000, "text/plain")},
    )
    assert response.status_code == 303
    assert await saved_feedback(app) == 1


def multipart(boundary: str, parts: list[tuple[str, bytes]]) -> bytes:
    body = b""
    for name, value in parts:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                 .encode() + value + b"\r\n")
    return body + f"--{boundary}--\r\n".encode()


async def test_multipart_token_not_first_is_refused(client: httpx.AsyncClient) -> None:
    token = await form_token(client)
    body = multipart("b0undary", [("description", b"x"), ("csrf_token", token.encode())])
    response = await client.post("/accessibility/feedback", content=body,
                                 headers={"content-type": "multipart/form-data; boundary=b0undary"})
    assert response.status_code == 403


async def test_broken_multipart_body_is_refused(client: httpx.AsyncClient) -> None:
    await form_token(client)
    response = await client.post("/accessibility/feedback", content=b"--x\r\ngarbage",
                                 headers={"content-type": "multipart/form-data; boundary=x"})
    assert response.status_code == 403


async def test_oversized_urlencoded_body_is_refused(client: httpx.AsyncClient) -> None:
    token = await form_token(client)
    response = await client.post(
        "/accessibility/feedback",
        data={"csrf_token": token, "description": "x" * (MAX_URLENCODED_BYTES + 10)},
    )
    assert response.status_code == 403


async def test_other_content_types_are_refused(client: httpx.AsyncClient) -> None:
    await form_token(client)
    response = await client.post("/accessibility/feedback", json={"description": "x"})
    assert response.status_code == 403


async def test_safe_methods_need_no_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/accessibility/feedback")).status_code == 200
    assert (await client.head("/")).status_code == 200


async def test_nonce_cookie_is_httponly_and_samesite(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    cookie = next(v for k, v in response.headers.multi_items()
                  if k == "set-cookie" and "csrf" in v)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
