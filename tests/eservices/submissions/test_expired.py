"""A step sent just after the session timed out is kept as a draft, not lost."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update
from starlette.applications import Starlette

from portal.database import utcnow
from portal.settings import Settings
from portal.web_sessions import WebSessionRecord
from tests.eservices.submissions.conftest import ILZE, post_step, token_of
from tests.support.signin import sign_in

pytestmark = pytest.mark.anyio


async def time_out(app: Starlette, settings: Settings) -> None:
    async with app.state.sessionmaker() as db:
        await db.execute(update(WebSessionRecord).values(
            last_seen_at=utcnow() - timedelta(seconds=settings.session_idle_timeout_seconds + 5)))
        await db.commit()


async def test_typed_answers_survive_a_time_out(
    web: httpx.AsyncClient, sample_app: Starlette, settings: Settings
) -> None:
    await sign_in(sample_app, web, ILZE)
    await post_step(web, "about", {"topic": "Virsstundas", "happened_on-day": "2",
                                   "happened_on-month": "10", "happened_on-year": "2026"})
    page = await web.get("/e/sample/details")
    await time_out(sample_app, settings)
    sent = await web.post("/e/sample/details", data={
        "csrf_token": token_of(page), "details": "Strādāju 60 stundas nedēļā", "urgent": ""})
    assert sent.status_code == 200
    assert "Jūs tikāt atslēgts" in sent.text

    await sign_in(sample_app, web, ILZE)
    again = await web.get("/e/sample/details")
    assert "Strādāju 60 stundas nedēļā" in again.text
    # Kept unvalidated: the step still has to be sent before the check page.
    assert (await web.get("/e/sample/check")).headers["location"] == "/e/sample/details"
