"""The satisfaction question after a submission: optional, accessible, answered once."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.requests import Request

from portal.database import transaction, utcnow
from portal.locale import LOCALE_COOKIE
from portal.usage_metrics import (
    UsageEvent,
    journey_for,
    new_journey_id,
    record_usage,
    satisfaction_link,
)
from portal.usage_metrics.models import SatisfactionAnswer, UsageEventRecord
from portal.web_sessions import WebSession

pytestmark = pytest.mark.anyio

SERVICE = "labour_complaint"


async def submitted_journey(app: Starlette, *, submitted: bool = True) -> str:
    journey = new_journey_id()
    async with transaction(app.state.sessionmaker) as db:
        await record_usage(db, service_slug=SERVICE, event=UsageEvent.STARTED, step="employer",
                           journey_id=journey, device_class="tablet", locale="en", now=utcnow())
        if submitted:
            await record_usage(db, service_slug=SERVICE, event=UsageEvent.SUBMITTED,
                               journey_id=journey, device_class="tablet", locale="en",
                               now=utcnow())
    return journey


def survey_url(journey: str, service: str = SERVICE) -> str:
    return f"/feedback/service/{service}?journey={journey}"


def token_of(page: httpx.Response) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match
    return match.group(1)


async def answers(app: Starlette) -> list[SatisfactionAnswer]:
    async with app.state.sessionmaker() as db:
        return list(await db.scalars(select(SatisfactionAnswer)))


async def test_the_question_is_a_fieldset_of_radios_and_can_be_skipped(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    client.cookies.set(LOCALE_COOKIE, "en")
    page = await client.get(survey_url(await submitted_journey(app)))
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    fieldset = page.text[page.text.index("<fieldset"):page.text.index("</fieldset>")]
    assert "<legend" in fieldset
    assert fieldset.count('type="radio"') == 5
    assert fieldset.index("Very satisfied") < fieldset.index("Very dissatisfied")
    assert '<textarea class="textarea" id="comment"' in page.text
    assert "Do not include personal information" in page.text
    assert re.search(r'<a class="link" href="/[^"]*">Skip this question</a>', page.text)


async def test_an_answer_is_kept_without_the_journey_and_only_once(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    journey = await submitted_journey(app)
    page = await client.get(survey_url(journey))
    sent = await client.post(survey_url(journey), data={
        "csrf_token": token_of(page), "rating": "4", "comment": "  Ātri un saprotami  "})
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/feedback/service/{SERVICE}/thanks"
    thanks = await client.get(sent.headers["location"])
    assert thanks.status_code == 200
    [answer] = await answers(app)
    assert (answer.rating, answer.comment) == (4, "Ātri un saprotami")
    # The split follows the journey's submission, not the answering page.
    assert (answer.device_class, answer.locale) == ("tablet", "en")
    assert journey not in repr(vars(answer))

    again = await client.get(survey_url(journey))
    assert again.status_code == 303
    resent = await client.post(survey_url(journey), data={
        "csrf_token": token_of(page), "rating": "1"})
    assert resent.status_code == 303
    assert len(await answers(app)) == 1
    async with app.state.sessionmaker() as db:
        rated = await db.scalar(select(func.count(UsageEventRecord.id)).where(
            UsageEventRecord.kind == UsageEvent.RATED.value))
    assert rated == 1


async def test_sending_without_a_rating_explains_and_keeps_the_comment(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    client.cookies.set(LOCALE_COOKIE, "en")
    journey = await submitted_journey(app)
    page = await client.get(survey_url(journey))
    response = await client.post(survey_url(journey), data={
        "csrf_token": token_of(page), "comment": "Par garu"})
    assert response.status_code == 400
    assert "<title>Error: " in response.text
    assert 'href="#rating-0"' in response.text
    assert "Select how you feel about the service, or skip this question" in response.text
    assert "Par garu</textarea>" in response.text
    too_long = await client.post(survey_url(journey), data={
        "csrf_token": token_of(page), "rating": "5", "comment": "x" * 1201})
    assert too_long.status_code == 400
    assert await answers(app) == []


@pytest.mark.parametrize("case", ["not submitted", "unknown", "malformed", "other service"])
async def test_only_a_submitted_journey_of_the_service_is_asked(
    app: Starlette, client: httpx.AsyncClient, case: str
) -> None:
    journey = await submitted_journey(app, submitted=case != "not submitted")
    url = {
        "not submitted": survey_url(journey),
        "unknown": survey_url(new_journey_id()),
        "malformed": survey_url("<script>"),
        "other service": survey_url(journey, service="technical_aid"),
    }[case]
    assert (await client.get(url)).status_code == 404
    assert (await client.get("/feedback/service/no_such_service/thanks")).status_code == 404


async def test_the_confirmation_page_links_to_its_own_journey(app: Starlette) -> None:
    session = WebSession({"person": {"personal_code": "010101-10006"}})
    journey = journey_for(session, "draft-1")
    request = Request({"type": "http", "app": app, "router": app.router, "session": session,
                       "path": "/", "headers": []})
    link = satisfaction_link(request, service_slug=SERVICE, draft_id="draft-1")
    assert link == survey_url(journey)
    # A draft submitted in another session has no journey here: no question is offered.
    assert satisfaction_link(request, service_slug=SERVICE, draft_id="draft-2") is None
