"""Signing a demo person in for tests by writing the web session the login would
write, and the other small steps the representation tests share."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from adapters.demo_people import DemoPerson
from portal.audit.models import AuditEvent
from portal.database import utcnow
from portal.locale import LOCALE_COOKIE
from portal.representation import clock
from portal.web_sessions import WebSessionRecord, hash_token, session_cookie_name

# The demo data's ages are as of this day (see adapters/demo_people.py).
DEMO_DAY = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def person_session(person: DemoPerson) -> dict[str, str]:
    return {"personal_code": person.personal_code, "given_name": person.given_name,
            "family_name": person.family_name, "name": person.full_name,
            "auth_method": "test"}


async def sign_in(app: Starlette, client: httpx.AsyncClient, person: DemoPerson, *,
                  idle_for: timedelta = timedelta(0),
                  signed_in_for: timedelta | None = None) -> str:
    """A session for `person`, last used `idle_for` ago; returns its cookie token."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    async with app.state.sessionmaker() as db:
        db.add(WebSessionRecord(
            token_hash=hash_token(token), data={"person": person_session(person)},
            created_at=now - (signed_in_for if signed_in_for is not None else idle_for),
            last_seen_at=now - idle_for))
        await db.commit()
    client.cookies.set(session_cookie_name(app.state.settings), token)
    return token


def in_english(client: httpx.AsyncClient) -> None:
    client.cookies.set(LOCALE_COOKIE, "en")


def pin_clock(monkeypatch: pytest.MonkeyPatch, when: datetime = DEMO_DAY) -> None:
    """Representation's clock only: web sessions keep real time."""
    monkeypatch.setattr(clock, "now", lambda: when)


async def csrf_token(client: httpx.AsyncClient) -> str:
    page = await client.get("/accessibility/feedback")
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match
    return match.group(1)


async def act_for(client: httpx.AsyncClient, key: str) -> httpx.Response:
    return await client.post("/acting-for", data={"csrf_token": await csrf_token(client),
                                                  "subject": key})


def offered(page: str) -> list[str]:
    """The subject keys a page's switch offers (radios or the header's select)."""
    return sorted(set(re.findall(r'value="((?:self|child_or_ward|company):[0-9-]+)"', page)))


async def audit_entries(app: Starlette) -> list[AuditEvent]:
    async with app.state.sessionmaker() as db:
        return list(await db.scalars(select(AuditEvent).order_by(AuditEvent.id)))
