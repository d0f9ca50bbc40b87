"""/operator/deliveries: the outbox by state, one row's attempts, retrying a dead letter."""

from __future__ import annotations

import logging
from datetime import timedelta

from babel.dates import format_timedelta
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from eservices.submissions.models import OutboxEntry, OutboxState
from i18n.catalogs import lazy_gettext as _l
from portal.audit import AuditAction, record
from portal.audit.views import is_operator
from portal.database import db, utcnow
from portal.operator import queries
from portal.templating import format_locale, render

logger = logging.getLogger(__name__)

PRIVATE = {"cache-control": "no-store"}

STATE_LABELS = {
    OutboxState.PENDING.value: _l("Pending"),
    OutboxState.DEAD.value: _l("Dead letters"),
    OutboxState.DELIVERED.value: _l("Delivered"),
}
STATE_CAPTIONS = {
    OutboxState.PENDING.value: _l("Deliveries waiting to be made"),
    OutboxState.DEAD.value: _l("Deliveries that gave up"),
    OutboxState.DELIVERED.value: _l("Deliveries made"),
}
CONDITION_LABELS = {
    "ok": _l("Working"),
    "delayed": _l("Delayed"),
    "attention": _l("Needs attention"),
}
OUTCOME_LABELS = {
    "delivered": _l("Delivered"),
    "retry": _l("Failed, will retry"),
    "rejected": _l("Rejected by the back office"),
    "dead": _l("Failed, gave up"),
}
CHANNEL_LABELS = {"email": _l("E-mail"), "e_address": _l("E-address")}


def _require_operator(request: Request) -> None:
    if not is_operator(request):
        raise HTTPException(404)


def _age(age: timedelta | None) -> str:
    if age is None:
        return ""
    return format_timedelta(age, threshold=1.5, locale=format_locale())


async def deliveries(request: Request) -> Response:
    _require_operator(request)
    state = request.query_params.get("state", OutboxState.DEAD.value)
    if state not in STATE_LABELS:
        state = OutboxState.DEAD.value
    session = db(request)
    now = utcnow()
    health = await queries.health(session)
    return render(request, "operator/deliveries.html", {
        "state": state,
        "state_labels": STATE_LABELS,
        "caption": STATE_CAPTIONS[state],
        "counts": await queries.counts_by_state(session),
        "rows": await queries.entries(session, state),
        "page_size": queries.PAGE_SIZE,
        "health": [(item, CONDITION_LABELS[item.condition(now)],
                    _age(item.oldest_pending_age(now))) for item in health],
        "notifications": await queries.notification_counts(session),
        "channel_labels": CHANNEL_LABELS,
    }, headers=PRIVATE)


async def delivery(request: Request) -> Response:
    _require_operator(request)
    found = await queries.entry(db(request), request.path_params["outbox_id"])
    if found is None:
        raise HTTPException(404)
    entry, reference = found
    return render(request, "operator/delivery.html", {
        "entry": entry,
        "reference": reference,
        "state_label": STATE_LABELS.get(entry.state, entry.state),
        "attempts": await queries.attempts(db(request), entry.id),
        "outcome_labels": OUTCOME_LABELS,
        "retried": request.query_params.get("retried") == "1",
    }, headers=PRIVATE)


async def retry(request: Request) -> Response:
    """Put a dead letter back in the queue, due now, with a fresh retry schedule (its age
    and back-off count from now: see `adapters.delivery.worker.schedule_start`). Only
    dead rows: a pending row is already queued, and a delivered one must not be sent
    again."""
    _require_operator(request)
    session = db(request)
    entry = await session.get(OutboxEntry, request.path_params["outbox_id"])
    if entry is None:
        raise HTTPException(404)
    location = request.url_for("operator_delivery", outbox_id=entry.id).path
    if entry.state != OutboxState.DEAD:
        return RedirectResponse(location, status_code=303)
    now = utcnow()
    entry.state = OutboxState.PENDING
    entry.next_attempt_at = now
    entry.retried_at = now
    entry.attempts_before_retry = entry.attempts
    entry.claimed_by = ""
    entry.claimed_until = None
    # Audited as acting for themselves (no subject); the entry names only the row.
    await record(session, actor=str(request.session["person"]["personal_code"]), subject=None,
                 action=AuditAction.DELIVERY_RETRIED, detail=f"outbox {entry.id}")
    logger.info("operator: delivery %s put back in the queue", entry.id)
    return RedirectResponse(location + "?retried=1", status_code=303)


def operator_routes() -> list[Route]:
    return [
        Route("/operator/deliveries", deliveries, name="operator_deliveries"),
        Route("/operator/deliveries/{outbox_id:int}", delivery, name="operator_delivery"),
        Route("/operator/deliveries/{outbox_id:int}/retry", retry, methods=["POST"],
              name="operator_delivery_retry"),
    ]
