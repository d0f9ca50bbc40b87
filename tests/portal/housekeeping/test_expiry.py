"""Expired web sessions, used inbound token ids and expired drafts are deleted in batches."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from eservices.submissions.models import Attachment, Draft
from portal.database import utcnow
from portal.housekeeping.command import tidy_once
from portal.housekeeping.expiry import (
    delete_expired_drafts,
    delete_expired_sessions,
    delete_expired_token_ids,
)
from portal.inbound_api.models import UsedTokenId
from portal.web_sessions import WebSessionRecord
from tests.portal.housekeeping.conftest import DAY, exists, stored_file

pytestmark = pytest.mark.anyio


async def _count(app: Starlette, model: type) -> int:
    async with app.state.sessionmaker() as db:
        return int(await db.scalar(select(func.count()).select_from(model)) or 0)


async def test_idle_sessions_are_deleted_in_batches(app: Starlette) -> None:
    now = utcnow()
    idle = timedelta(seconds=app.state.settings.session_idle_timeout_seconds)
    async with app.state.sessionmaker() as db:
        for number in range(7):
            db.add(WebSessionRecord(token_hash=f"old{number:061d}", data={"person": {}},
                                    created_at=now - idle * 3,
                                    last_seen_at=now - idle - timedelta(seconds=number + 1)))
        db.add(WebSessionRecord(token_hash="live" + "0" * 60, data={}, created_at=now,
                                last_seen_at=now - timedelta(seconds=10)))
        await db.commit()
    assert await delete_expired_sessions(app.state.sessionmaker, app.state.settings, now,
                                         batch=3) == 7
    async with app.state.sessionmaker() as db:
        assert list(await db.scalars(select(WebSessionRecord.token_hash))) == ["live" + "0" * 60]


async def test_expired_token_ids_are_deleted_and_live_ones_kept(app: Starlette) -> None:
    now = utcnow()
    async with app.state.sessionmaker() as db:
        for number in range(5):
            db.add(UsedTokenId(issuer="vdi", jti=f"old-{number}",
                               expires_at=now - timedelta(minutes=number + 1)))
        db.add(UsedTokenId(issuer="spolis", jti="live", expires_at=now + timedelta(minutes=5)))
        await db.commit()
    assert await delete_expired_token_ids(app.state.sessionmaker, now, batch=2) == 5
    async with app.state.sessionmaker() as db:
        assert list(await db.scalars(select(UsedTokenId.jti))) == ["live"]


async def test_expired_drafts_go_with_their_files_a_day_after_expiry(app: Starlette) -> None:
    now = utcnow()
    storage = app.state.storage
    keys: dict[str, str] = {}
    async with app.state.sessionmaker() as db:
        for name, expired in (("long_gone", now - 3 * DAY), ("just_expired", now - DAY / 2),
                              ("alive", now + DAY)):
            draft_id = str(uuid.uuid4())
            keys[name] = await stored_file(storage)
            db.add(Draft(id=draft_id, service_slug="labour_complaint", subject_kind="self",
                         subject_id="32578140219", actor_personal_code="325781-40219",
                         answers={"about": {"topic": name}}, last_step="about",
                         created_at=expired - 30 * DAY, updated_at=expired - 30 * DAY,
                         expires_at=expired))
            await db.flush()
            db.add(Attachment(draft_id=draft_id, field_name="evidence", storage_key=keys[name],
                              filename="līgums.pdf", size=10, content_type="application/pdf",
                              sha256="0" * 64, scan_status="clean", uploaded_at=now))
        await db.commit()
    assert await delete_expired_drafts(app.state.sessionmaker, now) == 1
    report = await tidy_once(app.state.sessionmaker, storage, app.state.settings, now)
    assert (report.drafts, report.files_deleted) == (0, 1)
    assert await exists(storage, [keys["long_gone"], keys["just_expired"], keys["alive"]]) == \
        [False, True, True]
    assert await _count(app, Draft) == 2 and await _count(app, Attachment) == 2


async def test_a_round_with_nothing_to_do_does_nothing(app: Starlette) -> None:
    report = await tidy_once(app.state.sessionmaker, app.state.storage, app.state.settings,
                             utcnow())
    assert (report.sessions, report.token_ids, report.drafts, report.submissions,
            report.files_deleted, report.files_failed) == (0, 0, 0, 0, 0, 0)
