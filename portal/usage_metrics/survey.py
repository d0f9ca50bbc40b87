"""The satisfaction question after a submission: one optional rating, one optional comment.

    GET|POST /feedback/service/{service_slug}?journey=<id>   the question (skippable)
    GET      /feedback/service/{service_slug}/thanks          after answering

The journey id in the address is the only key: it is random, belongs to one
submitted journey, and can be used once. The answer is stored without it (see
`models.SatisfactionAnswer`); a `rated` event marks the journey as answered.
"""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy import select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import NoMatchFound

from portal.database import db, utcnow
from portal.templating import render
from portal.usage_metrics.events import JOURNEY_ID, UsageEvent, known_journey, record_usage
from portal.usage_metrics.forms import SatisfactionForm
from portal.usage_metrics.models import SatisfactionAnswer, UsageEventRecord
from portal.usage_metrics.services import service_named

SURVEY_ROUTE = "service_satisfaction"
THANKS_ROUTE = "service_satisfaction_thanks"


def satisfaction_link(request: Request, *, service_slug: str, draft_id: str) -> str | None:
    """The address of the question for the submission made from this draft in this
    session; None when the session has no journey for it (nothing to ask about)."""
    journey = known_journey(request.session, draft_id) if "session" in request.scope else None
    if journey is None:
        return None
    path = request.url_for(SURVEY_ROUTE, service_slug=service_slug).path
    return f"{path}?{urlencode({'journey': journey})}"


def _skip_url(request: Request) -> str:
    try:
        return str(request.url_for("my_submissions").path)
    except NoMatchFound:  # the submission pages are not mounted in this application
        return str(request.url_for("home").path)


async def satisfaction_survey(request: Request) -> Response:
    slug = request.path_params["service_slug"]
    journey = request.query_params.get("journey", "")
    service = service_named(request, slug)
    if service is None or not JOURNEY_ID.fullmatch(journey):
        raise HTTPException(404)
    session = db(request)
    submitted = await session.scalar(select(UsageEventRecord).where(
        UsageEventRecord.journey_id == journey, UsageEventRecord.service_slug == slug,
        UsageEventRecord.kind == UsageEvent.SUBMITTED.value))
    if submitted is None:
        raise HTTPException(404)
    thanks = request.url_for(THANKS_ROUTE, service_slug=slug).path
    already = await session.scalar(select(UsageEventRecord.id).where(
        UsageEventRecord.journey_id == journey, UsageEventRecord.kind == UsageEvent.RATED.value))
    if already is not None:
        return RedirectResponse(thanks, status_code=303)

    form = await SatisfactionForm.from_request(request)
    if request.method == "POST" and form.validate():
        now = utcnow()
        first_answer = await record_usage(
            session, service_slug=slug, event=UsageEvent.RATED, journey_id=journey,
            device_class=submitted.device_class, locale=submitted.locale, now=now)
        if first_answer:  # a second tab answering at the same moment adds nothing
            session.add(SatisfactionAnswer(
                service_slug=slug, rating=int(form.rating.data),
                comment=(form.comment.data or "").strip(), device_class=submitted.device_class,
                locale=submitted.locale, answered_at=now))
            await session.flush()
        return RedirectResponse(thanks, status_code=303)
    return render(request, "usage_metrics/survey.html", {
        "form": form, "service": service, "skip_url": _skip_url(request),
    }, status_code=400 if form.errors else 200, headers={"cache-control": "no-store"})


async def satisfaction_thanks(request: Request) -> Response:
    service = service_named(request, request.path_params["service_slug"])
    if service is None:
        raise HTTPException(404)
    return render(request, "usage_metrics/survey_thanks.html",
                  {"service": service, "next_url": _skip_url(request)})
