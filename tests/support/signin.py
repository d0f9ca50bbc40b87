"""Signing a test client in without the login flow (which has tests of its own)."""

from __future__ import annotations

from typing import Any

import httpx
from starlette.applications import Starlette

from portal.database import utcnow
from portal.web_sessions import WebSession, session_cookie_name


def person(personal_code: str, given_name: str, family_name: str) -> dict[str, Any]:
    return {
        "personal_code": personal_code,
        "given_name": given_name,
        "family_name": family_name,
        "name": f"{given_name} {family_name}",
        "auth_method": "test",
    }


async def sign_in(app: Starlette, client: httpx.AsyncClient, who: dict[str, Any]) -> None:
    session = WebSession({"person": who})
    token = await app.state.web_sessions.save(session, utcnow())
    assert token is not None
    client.cookies.set(session_cookie_name(app.state.settings), token)
