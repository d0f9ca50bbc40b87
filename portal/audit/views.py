"""/operator/audit: the audit log for the portal's operators, newest first, with filters.

Anyone else, signed in or not, gets the ordinary 404 page: the address of an
operator page is not confirmed to people who may not use it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Select, func, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from i18n.catalogs import lazy_gettext as _l
from portal.audit.forms import AuditFilterForm
from portal.audit.log import ACTION_LABELS
from portal.audit.models import AuditEvent
from portal.database import db
from portal.settings import Settings
from portal.templating import TIME_ZONE, render

PAGE_SIZE = 50

SUBJECT_KIND_LABELS = {
    "self": _l("Themselves"),
    "child_or_ward": _l("Child or ward"),
    "company": _l("Company"),
}


def _digits(personal_code: str) -> str:
    return personal_code.replace("-", "").strip()


def is_operator(request: Request) -> bool:
    person = request.session.get("person") if "session" in request.scope else None
    if not isinstance(person, dict):
        return False
    settings: Settings = request.app.state.settings
    code = _digits(str(person.get("personal_code", "")))
    return bool(code) and code in {_digits(c) for c in settings.operator_personal_codes}


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=TIME_ZONE).astimezone(UTC)


def _filtered(query: Select[Any], form: AuditFilterForm) -> Select[Any]:
    if form.action_filter:
        query = query.where(AuditEvent.action == form.action_filter)
    if form.date_from.data:
        query = query.where(AuditEvent.occurred_at >= _local_midnight(form.date_from.data))
    if form.date_to.data:
        end = _local_midnight(form.date_to.data + timedelta(days=1))
        query = query.where(AuditEvent.occurred_at < end)
    return query


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or "1"), 1_000_000))
    except ValueError:
        return 1


async def audit_log(request: Request) -> Response:
    if not is_operator(request):
        raise HTTPException(404)
    form = AuditFilterForm(formdata=request.query_params)
    valid = form.validate()
    page = _page_number(request.query_params.get("page"))
    events: list[AuditEvent] = []
    total = 0
    if valid:
        session = db(request)
        total = int(await session.scalar(
            _filtered(select(func.count(AuditEvent.id)), form)) or 0)
        events = list(await session.scalars(
            _filtered(select(AuditEvent), form)
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
    # The filters travel in the paging links, so page 2 is page 2 of the same list.
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "page"]

    def page_url(number: int) -> str:
        return "?" + urlencode([*kept, ("page", str(number))])

    first = (page - 1) * PAGE_SIZE + 1
    return render(request, "audit/list.html", {
        "form": form,
        "events": events,
        "total": total,
        "first": first,
        "last": first + len(events) - 1,
        "previous_page_url": page_url(page - 1) if page > 1 and valid else None,
        "next_page_url": page_url(page + 1) if page * PAGE_SIZE < total else None,
        "action_labels": {a.value: label for a, label in ACTION_LABELS.items()},
        "kind_labels": SUBJECT_KIND_LABELS,
    }, status_code=200 if valid else 400, headers={"cache-control": "no-store"})
