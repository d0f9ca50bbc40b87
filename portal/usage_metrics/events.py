"""Recording what people do with an e-service: started, each step reached, submitted.

The life-cycle views call `record_usage` (or `record_request_usage`, which reads
the journey, device class and language from the request) in the request's
transaction, so an event is kept exactly when the change it describes is kept.

The journey id is random and lives in the person's server-side web session,
keyed by the draft it belongs to. It is never written next to the draft, the
submission or the personal code, so no database join leads from an event to a
person; no cookie is added for it either (the session cookie already exists).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import MutableMapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from i18n.catalogs import get_locale
from portal.database import db, utcnow
from portal.usage_metrics.models import UsageEventRecord

SESSION_KEY = "usage_journeys"
# A person rarely has more than a few unfinished e-services at once; older entries
# only point at drafts long gone.
MAX_JOURNEYS_IN_SESSION = 20
JOURNEY_ID = re.compile(r"[0-9a-f]{32}")
# The step name for "check your answers", which is no step of a flow but a place
# where people give up too.
CHECK_STEP = "check"


class UsageEvent(StrEnum):
    STARTED = "started"  # the first step was shown to a signed-in subject
    STEP = "step"  # a step was shown (each step counts once per journey)
    SUBMITTED = "submitted"
    RATED = "rated"  # the satisfaction question was answered (recorded by the survey)


class DeviceClass(StrEnum):
    MOBILE = "mobile"
    TABLET = "tablet"
    DESKTOP = "desktop"


# Viewport widths in CSS pixels where the layouts change (GOV.UK Frontend's
# breakpoints): what the person saw matters more than what the device claims.
TABLET_MIN_WIDTH = 641
DESKTOP_MIN_WIDTH = 1024

_TABLET_UA = re.compile(r"iPad|Tablet|Kindle|Silk/|PlayBook|Nexus (7|9|10)", re.IGNORECASE)
_MOBILE_UA = re.compile(r"Mobi|iPhone|iPod|Windows Phone|Opera Mini|BlackBerry|IEMobile",
                        re.IGNORECASE)


def device_class_from(
    user_agent: str | None,
    viewport_width: int | str | None = None,
    *,
    mobile_hint: str | None = None,
) -> DeviceClass:
    """Mobile, tablet or desktop: from the viewport when a page reported it, else from
    the `Sec-CH-UA-Mobile` client hint (sent by Chromium browsers unasked), else from
    the user agent. Anything unrecognised counts as desktop."""
    width = _width(viewport_width)
    if width is not None:
        if width < TABLET_MIN_WIDTH:
            return DeviceClass.MOBILE
        return DeviceClass.TABLET if width < DESKTOP_MIN_WIDTH else DeviceClass.DESKTOP
    agent = user_agent or ""
    if mobile_hint == "?1" and not _TABLET_UA.search(agent):
        return DeviceClass.MOBILE
    if _TABLET_UA.search(agent):
        return DeviceClass.TABLET
    if _MOBILE_UA.search(agent):
        return DeviceClass.MOBILE
    # Android phones say "Mobile"; Android without it is a tablet.
    if "android" in agent.lower():
        return DeviceClass.TABLET
    return DeviceClass.DESKTOP


def _width(value: int | str | None) -> int | None:
    if isinstance(value, int):
        width = value
    elif isinstance(value, str) and value.strip().isdigit():
        width = int(value.strip())
    else:
        return None
    return width if 100 <= width <= 10_000 else None  # anything else is not a real screen


def new_journey_id() -> str:
    return secrets.token_hex(16)


def journey_for(session: MutableMapping[str, Any], draft_id: str) -> str:
    """The journey of this draft in this session, drawn on first use."""
    journeys = dict(session.get(SESSION_KEY) or {})
    journey = journeys.get(draft_id)
    if isinstance(journey, str) and JOURNEY_ID.fullmatch(journey):
        return journey
    journey = new_journey_id()
    journeys[draft_id] = journey
    # Assigned anew (not mutated) so the server-side session knows it changed.
    session[SESSION_KEY] = dict(list(journeys.items())[-MAX_JOURNEYS_IN_SESSION:])
    return journey


def known_journey(session: MutableMapping[str, Any], draft_id: str) -> str | None:
    """The journey of this draft if this session has one; never draws a new one."""
    journey = (session.get(SESSION_KEY) or {}).get(draft_id)
    return journey if isinstance(journey, str) and JOURNEY_ID.fullmatch(journey) else None


async def record_usage(
    db_session: AsyncSession,
    *,
    service_slug: str,
    event: UsageEvent,
    journey_id: str,
    device_class: DeviceClass | str,
    locale: str,
    now: datetime,
    step: str | None = None,
    started_at: datetime | None = None,
) -> bool:
    """Add one event to the transaction; False when the journey already has it.

    For `SUBMITTED`, the time to complete is measured from `started_at` when given
    (pass the draft's `created_at`: it survives a new session), else from the
    journey's `started` event.
    """
    if not JOURNEY_ID.fullmatch(journey_id):
        raise ValueError("a journey id is 32 hexadecimal digits (see new_journey_id)")
    step_slug = (step or "")[:50] if event in (UsageEvent.STARTED, UsageEvent.STEP) else ""
    exists = await db_session.scalar(select(UsageEventRecord.id).where(
        UsageEventRecord.journey_id == journey_id, UsageEventRecord.kind == event.value,
        UsageEventRecord.step == step_slug))
    if exists is not None:
        return False
    seconds = None
    if event is UsageEvent.SUBMITTED:
        start = started_at or await db_session.scalar(
            select(UsageEventRecord.occurred_at).where(
                UsageEventRecord.journey_id == journey_id,
                UsageEventRecord.kind == UsageEvent.STARTED.value))
        seconds = max(0, round((now - start).total_seconds())) if start is not None else None
    try:
        # A savepoint: two tabs of one journey racing must not undo the request's work.
        async with db_session.begin_nested():
            db_session.add(UsageEventRecord(
                journey_id=journey_id, service_slug=service_slug[:50], kind=event.value,
                step=step_slug, device_class=DeviceClass(device_class).value,
                locale=locale[:5], occurred_at=now, seconds_to_complete=seconds))
    except IntegrityError:
        return False
    return True


async def record_request_usage(
    request: Request,
    *,
    service_slug: str,
    event: UsageEvent,
    draft_id: str,
    step: str | None = None,
    started_at: datetime | None = None,
    now: datetime | None = None,
    viewport_width: int | str | None = None,
) -> bool:
    """`record_usage` with the journey, device class and language taken from the request."""
    return await record_usage(
        db(request),
        service_slug=service_slug,
        event=event,
        journey_id=journey_for(request.session, draft_id),
        device_class=device_class_from(request.headers.get("user-agent"), viewport_width,
                                       mobile_hint=request.headers.get("sec-ch-ua-mobile")),
        locale=get_locale(),
        now=now or utcnow(),
        step=step,
        started_at=started_at,
    )
