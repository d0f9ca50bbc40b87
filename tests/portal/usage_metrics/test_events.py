"""Recording events: device classes, journeys kept in the session, each event once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from portal.database import transaction
from portal.usage_metrics import (
    DeviceClass,
    UsageEvent,
    device_class_from,
    journey_for,
    new_journey_id,
    record_usage,
)
from portal.usage_metrics.events import known_journey
from portal.usage_metrics.models import UsageEventRecord
from portal.web_sessions import WebSession
from tests.portal.usage_metrics.journeys import D1, at

pytestmark = pytest.mark.anyio

IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")
ANDROID_PHONE = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
                 "Gecko) Chrome/131.0 Mobile Safari/537.36")
ANDROID_TABLET = ("Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like "
                  "Gecko) Chrome/131.0 Safari/537.36")
IPAD = ("Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.7 Mobile/15E148 Safari/604.1")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.mark.parametrize(("agent", "expected"), [
    (IPHONE, DeviceClass.MOBILE), (ANDROID_PHONE, DeviceClass.MOBILE),
    (ANDROID_TABLET, DeviceClass.TABLET), (IPAD, DeviceClass.TABLET),
    (FIREFOX, DeviceClass.DESKTOP), (None, DeviceClass.DESKTOP), ("", DeviceClass.DESKTOP),
])
def test_device_class_from_the_user_agent(agent: str | None, expected: DeviceClass) -> None:
    assert device_class_from(agent) is expected


def test_a_reported_viewport_wins_and_nonsense_is_ignored() -> None:
    assert device_class_from(FIREFOX, 360) is DeviceClass.MOBILE
    assert device_class_from(IPHONE, "800") is DeviceClass.TABLET
    assert device_class_from(IPHONE, 1280) is DeviceClass.DESKTOP
    assert device_class_from(IPHONE, "wide") is DeviceClass.MOBILE
    assert device_class_from(FIREFOX, 0) is DeviceClass.DESKTOP


def test_the_mobile_client_hint_is_used_when_the_agent_is_vague() -> None:
    reduced = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
    assert device_class_from(reduced, mobile_hint="?1") is DeviceClass.MOBILE
    assert device_class_from(reduced, mobile_hint="?0") is DeviceClass.TABLET


def test_a_journey_is_random_per_draft_and_kept_in_the_session() -> None:
    session = WebSession({"person": {"personal_code": "010101-10006"}})
    first = journey_for(session, "draft-a")
    assert session.modified
    assert journey_for(session, "draft-a") == first
    assert journey_for(session, "draft-b") != first
    assert known_journey(session, "draft-a") == first
    assert known_journey(session, "draft-c") is None
    assert "010101" not in first and len(first) == 32
    for number in range(30):
        journey_for(session, f"draft-{number}")
    assert len(session["usage_journeys"]) == 20


async def test_each_event_is_recorded_once_per_journey(app: Starlette) -> None:
    journey = new_journey_id()
    common: dict[str, Any] = {"service_slug": "labour_complaint", "journey_id": journey,
              "device_class": DeviceClass.MOBILE, "locale": "lv"}
    async with transaction(app.state.sessionmaker) as db:
        assert await record_usage(db, event=UsageEvent.STARTED, step="employer",
                                  now=at(D1, 9, 0), **common)
        assert await record_usage(db, event=UsageEvent.STEP, step="workplace",
                                  now=at(D1, 9, 5), **common)
        # The person reloads the step and goes back and forth: nothing new.
        assert not await record_usage(db, event=UsageEvent.STEP, step="workplace",
                                      now=at(D1, 9, 6), **common)
        assert await record_usage(db, event=UsageEvent.SUBMITTED, now=at(D1, 9, 20),
                                  **common)
        assert not await record_usage(db, event=UsageEvent.SUBMITTED, now=at(D1, 9, 21),
                                      **common)
    async with app.state.sessionmaker() as db:
        rows = list(await db.scalars(select(UsageEventRecord).order_by(UsageEventRecord.id)))
    assert [(r.kind, r.step) for r in rows] == [
        ("started", "employer"), ("step", "workplace"), ("submitted", "")]
    assert rows[-1].seconds_to_complete == 20 * 60
    assert rows[0].occurred_at == at(D1, 9, 0)


async def test_time_to_complete_prefers_the_drafts_start(app: Starlette) -> None:
    async with transaction(app.state.sessionmaker) as db:
        # A new session: no `started` event in this journey, but the draft knows.
        await record_usage(db, service_slug="technical_aid", event=UsageEvent.SUBMITTED,
                           journey_id=new_journey_id(), device_class="desktop", locale="en",
                           now=at(D1, 12, 0), started_at=at(D1, 12, 0) - timedelta(hours=26))
        # Without either, the time is unknown rather than wrong.
        await record_usage(db, service_slug="technical_aid", event=UsageEvent.SUBMITTED,
                           journey_id=new_journey_id(), device_class="desktop", locale="en",
                           now=at(D1, 12, 0))
    async with app.state.sessionmaker() as db:
        seconds = list(await db.scalars(
            select(UsageEventRecord.seconds_to_complete).order_by(UsageEventRecord.id)))
    assert seconds == [26 * 3600, None]


async def test_a_journey_id_must_be_one_we_drew(app: Starlette) -> None:
    async with app.state.sessionmaker() as db:
        with pytest.raises(ValueError, match="32 hexadecimal"):
            await record_usage(db, service_slug="labour_complaint", event=UsageEvent.STARTED,
                               journey_id="010101-10006", device_class="mobile", locale="lv",
                               now=at(D1, 9, 0))
