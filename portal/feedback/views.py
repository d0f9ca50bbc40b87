"""Report an accessibility problem: a form, then a confirmation with a reference."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from eservices.submissions.reference import new_reference, normalise_reference
from i18n.catalogs import get_locale
from portal.database import db, utcnow
from portal.feedback.forms import FeedbackForm
from portal.feedback.models import AccessibilityFeedback
from portal.templating import render

REFERENCE_PREFIX = "PIE"


async def feedback_form(request: Request) -> Response:
    form = await FeedbackForm.from_request(request)
    if request.method == "POST" and form.validate():
        session = db(request)
        for _attempt in range(5):
            reference = new_reference(REFERENCE_PREFIX)
            try:
                async with session.begin_nested():
                    session.add(AccessibilityFeedback(
                        reference=reference,
                        description=form.description.data.strip(),
                        page_address=(form.page_address.data or "").strip(),
                        reply_email=(form.reply_email.data or "").strip(),
                        locale=get_locale(),
                        received_at=utcnow(),
                    ))
            except IntegrityError:  # the same reference drawn twice: draw again
                continue
            break
        url = request.url_for("accessibility_feedback_sent").include_query_params(
            reference=reference)
        return RedirectResponse(str(url.path) + "?" + url.query, status_code=303)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "pages/feedback.html", {"form": form}, status_code=status)


async def feedback_sent(request: Request) -> Response:
    reference = normalise_reference(request.query_params.get("reference", ""))
    if reference is None:
        return RedirectResponse(request.url_for("accessibility_feedback").path, status_code=303)
    found = await db(request).scalar(
        select(AccessibilityFeedback.id).where(AccessibilityFeedback.reference == reference))
    if found is None:
        return RedirectResponse(request.url_for("accessibility_feedback").path, status_code=303)
    return render(
        request, "pages/feedback_sent.html", {"reference": reference})
