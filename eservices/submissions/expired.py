"""Keeping an unfinished step when the session timed out while it was being sent.

`ExpiredSessionMiddleware` calls `keep_unsent_step` for the first request after
a time-out. If that request posts a step of an e-service, what was typed is
saved, unvalidated, into the draft of the subject the person was acting for, so
after signing in again the step comes back filled in. Files are not kept: a
multipart body is left unread, and the person attaches them again.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

from starlette.requests import Request

from eservices.registry import SubjectKind
from eservices.submissions import drafts
from eservices.submissions.flow import UNVALIDATED, serialise
from eservices.submissions.flows import flow_for, service_for
from portal.database import db, utcnow
from portal.representation.rights import ACTING_FOR_KEY
from portal.representation.subjects import signed_in_person

logger = logging.getLogger(__name__)

_STEP_PATH = re.compile(r"^/e/(?P<service>[a-z_]+)/(?P<step>[a-z_]+)$")
_NOT_STEPS = {"check", "discard"}


def _subject_of(expired_data: dict[str, Any], personal_code: str) -> tuple[str, str]:
    """(kind, identifier) of whom the person was acting for; themselves by default."""
    chosen = expired_data.get(ACTING_FOR_KEY)
    if isinstance(chosen, dict) and ":" in str(chosen.get("key", "")):
        kind, identifier = str(chosen["key"]).split(":", 1)
        if kind in set(SubjectKind):
            return kind, identifier
    return SubjectKind.SELF.value, personal_code


async def keep_unsent_step(request: Request, expired_data: dict[str, Any]) -> None:
    match = _STEP_PATH.match(request.url.path)
    person = signed_in_person(expired_data)
    content_type = request.headers.get("content-type", "")
    if (request.method != "POST" or match is None or person is None
            or match["step"] in _NOT_STEPS
            or not content_type.startswith("application/x-www-form-urlencoded")):
        return
    service = service_for(request.app.state.registry, match["service"])
    flow = flow_for(service) if service else None
    step = flow.step(match["step"]) if flow else None
    if service is None or step is None:
        return
    kind, identifier = _subject_of(expired_data, str(person["personal_code"]))
    now = utcnow()
    keep_for = timedelta(days=request.app.state.settings.draft_retention_days)
    session = db(request)
    draft = await drafts.find_draft(session, service_slug=service.slug, subject_kind=kind,
                                    subject_id=identifier, now=now)
    if draft is None:
        draft = await drafts.start_draft(
            session, service_slug=service.slug, subject_kind=kind, subject_id=identifier,
            actor_personal_code=str(person["personal_code"]), now=now, keep_for=keep_for)
    form = step.form(formdata=await request.form())
    drafts.save_step(draft, step.slug, {**serialise(form), UNVALIDATED: True}, now=now,
                     keep_for=keep_for)
    await session.flush()
    logger.info("kept an unsent step of %s as a draft after a session time-out", service.slug)
