from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from eservices.submissions.reference import normalise_reference
from portal.feedback.models import AccessibilityFeedback
from tests.portal.security.test_csrf import form_token, saved_feedback

pytestmark = pytest.mark.anyio


async def test_report_gets_a_reference_number(client: httpx.AsyncClient, app: Starlette) -> None:
    token = await form_token(client)
    response = await client.post("/accessibility/feedback", data={
        "csrf_token": token, "description": "  Ekrāna lasītājs nenolasa pogu  ",
        "page_address": "/privacy", "reply_email": "anna@example.lv"})
    assert response.status_code == 303
    confirmation = await client.get(response.headers["location"])
    reference = re.search(r'class="reference">([^<]+)<', confirmation.text)
    assert reference and normalise_reference(reference.group(1)) == reference.group(1)
    async with app.state.sessionmaker() as db:
        stored = (await db.scalars(select(AccessibilityFeedback))).one()
    assert stored.reference == reference.group(1)
    assert stored.description == "Ekrāna lasītājs nenolasa pogu"
    assert stored.locale == "lv"


async def test_errors_keep_what_was_typed_and_save_nothing(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    token = await form_token(client)
    response = await client.post("/accessibility/feedback", data={
        "csrf_token": token, "description": "", "reply_email": "not-an-address",
        "page_address": "/sakums"})
    assert response.status_code == 400
    assert "<title>Kļūda: " in response.text
    assert "Aprakstiet problēmu" in response.text
    assert 'value="not-an-address"' in response.text and 'value="/sakums"' in response.text
    assert await saved_feedback(app) == 0


async def test_confirmation_needs_a_real_reference(client: httpx.AsyncClient) -> None:
    for reference in ("", "PIE-AAAA-AAAA", "<script>"):
        response = await client.get("/accessibility/feedback/sent",
                                    params={"reference": reference})
        assert response.status_code == 303
        assert response.headers["location"] == "/accessibility/feedback"
