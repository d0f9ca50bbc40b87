"""The retention rule: which delivered submissions lose their details, and what stays."""

from __future__ import annotations

from datetime import datetime

import anyio
import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette

from eservices.submissions.models import (
    Answer,
    Attachment,
    OutboxState,
    StatusEvent,
)
from portal.audit.models import AuditEvent
from portal.database import utcnow
from portal.housekeeping.command import tidy_once
from portal.housekeeping.files import delete_queued_files
from portal.housekeeping.models import StorageDeletion
from portal.housekeeping.purge import purge_expired_submissions
from portal.notifications.models import AnswerNotification, NotificationState
from tests.portal.housekeeping.conftest import (
    DAY,
    exists,
    make_submission,
    stored_file,
    submission,
)

pytestmark = pytest.mark.anyio

DAYS = 365


async def _purge(app: Starlette, now: datetime) -> int:
    outcome = await purge_expired_submissions(app.state.sessionmaker, retention_days=DAYS,
                                              now=now)
    await delete_queued_files(app.state.sessionmaker, app.state.storage)
    return outcome.submissions


async def test_an_old_delivered_submission_keeps_only_its_record(app: Starlette) -> None:
    now = utcnow()
    old = await make_submission(app, now, delivered_days_ago=400, quiet_days=400,
                                answer_days_ago=390, notification=NotificationState.SENT)
    storage = app.state.storage
    assert await exists(storage, old.attachment_keys + old.answer_keys) == [True, True]

    report = await tidy_once(app.state.sessionmaker, storage, app.state.settings, now)

    assert (report.submissions, report.answers, report.files_deleted) == (1, 1, 2)
    assert await exists(storage, old.attachment_keys + old.answer_keys) == [False, False]
    purged = await submission(app, old.id)
    assert purged.purged_at == now and purged.answers == {}
    assert purged.attachments == []
    assert [(a.text, a.file_key, a.file_name, a.file_size) for a in purged.answers_received] \
        == [("", "", "", 0)]
    # The minimal record stays: reference, service, subject, dates, status history.
    assert purged.reference.startswith("TST") and purged.service_slug == "labour_complaint"
    assert purged.subject_id == "32578140219" and purged.submitted_at < now
    assert [e.status for e in purged.events] == ["received"]
    async with app.state.sessionmaker() as db:
        assert await db.scalar(select(func.count()).select_from(StorageDeletion)) == 0
        audit = (await db.scalars(select(AuditEvent))).one()
    assert audit.action == "submissions_purged" and audit.actor_personal_code == "housekeeping"
    assert audit.detail == "submissions 1, answers 1, files 2; after 365 days"
    assert "Ilze" not in audit.detail and purged.reference not in audit.detail


async def test_recent_undelivered_and_busy_submissions_are_left_alone(app: Starlette) -> None:
    now = utcnow()
    recent = await make_submission(app, now, delivered_days_ago=300, quiet_days=300)
    # Delivered long ago, but the status changed (or an answer came) within the period.
    news = await make_submission(app, now, delivered_days_ago=500, quiet_days=100)
    answered = await make_submission(app, now, delivered_days_ago=500, quiet_days=500,
                                     answer_days_ago=10)
    waiting = await make_submission(app, now, delivered_days_ago=None, quiet_days=500)
    dead = await make_submission(app, now, delivered_days_ago=500, quiet_days=500,
                                 outbox_state=OutboxState.DEAD)
    pending = await make_submission(app, now, delivered_days_ago=500, quiet_days=500,
                                    answer_days_ago=400, notification=NotificationState.PENDING)

    assert await _purge(app, now) == 0

    for made in (recent, news, answered, waiting, dead, pending):
        kept = await submission(app, made.id)
        assert kept.purged_at is None and kept.answers != {}
        assert len(kept.attachments) == 1
        assert await exists(app.state.storage, made.attachment_keys + made.answer_keys) == \
            [True] * (1 + len(made.answer_keys))


async def test_a_pending_notification_only_delays_the_purge(app: Starlette) -> None:
    now = utcnow()
    made = await make_submission(app, now, delivered_days_ago=500, quiet_days=500,
                                 answer_days_ago=400, notification=NotificationState.PENDING)
    assert await _purge(app, now) == 0
    async with app.state.sessionmaker() as db:
        answer = (await db.scalars(select(Answer))).one()
        answer.notified_at = now
        notification = (await db.scalars(select(AnswerNotification))).one()
        notification.state = NotificationState.SENT
        await db.commit()
    assert await _purge(app, now) == 1
    assert (await submission(app, made.id)).purged_at == now


async def test_a_second_run_changes_nothing(app: Starlette) -> None:
    now = utcnow()
    made = await make_submission(app, now, delivered_days_ago=400, quiet_days=400,
                                 answer_days_ago=380)
    assert await _purge(app, now) == 1
    later = now + DAY
    assert await _purge(app, later) == 0
    assert (await submission(app, made.id)).purged_at == now
    async with app.state.sessionmaker() as db:
        assert await db.scalar(select(func.count()).select_from(AuditEvent)) == 1


async def test_two_workers_at_once_purge_each_submission_once(app: Starlette) -> None:
    now = utcnow()
    made = [await make_submission(app, now, delivered_days_ago=400, quiet_days=400)
            for _ in range(7)]
    counts: list[int] = []

    async def one_worker() -> None:
        outcome = await purge_expired_submissions(app.state.sessionmaker, retention_days=DAYS,
                                                  now=now, batch=3)
        counts.append(outcome.submissions)

    async with anyio.create_task_group() as group:
        group.start_soon(one_worker)
        group.start_soon(one_worker)
    assert sum(counts) == 7
    await delete_queued_files(app.state.sessionmaker, app.state.storage)
    for one in made:
        assert (await submission(app, one.id)).purged_at == now
        assert await exists(app.state.storage, one.attachment_keys) == [False]
    async with app.state.sessionmaker() as db:
        details = list(await db.scalars(select(AuditEvent.detail)))
    assert sum(int(d.split(",")[0].split()[1]) for d in details) == 7


async def test_a_failed_file_deletion_is_retried_next_round(app: Starlette) -> None:
    now = utcnow()
    made = await make_submission(app, now, delivered_days_ago=400, quiet_days=400)
    storage = app.state.storage
    real_delete = storage.delete

    async def broken(key: str) -> None:
        raise OSError("the disk is read-only")

    storage.delete = broken
    try:
        report = await tidy_once(app.state.sessionmaker, storage, app.state.settings, now)
    finally:
        storage.delete = real_delete
    assert (report.submissions, report.files_deleted, report.files_failed) == (1, 0, 1)
    # The row no longer names the file, and the file waits in the queue.
    purged = await submission(app, made.id)
    assert purged.purged_at == now and purged.attachments == []
    async with app.state.sessionmaker() as db:
        queued = (await db.scalars(select(StorageDeletion))).one()
    assert queued.storage_key == made.attachment_keys[0] and queued.attempts == 1
    assert queued.last_error == "OSError: the disk is read-only"

    again = await tidy_once(app.state.sessionmaker, storage, app.state.settings, now + DAY)
    assert (again.submissions, again.files_deleted, again.files_failed) == (0, 1, 0)
    assert await exists(storage, made.attachment_keys) == [False]


async def test_an_answer_after_the_purge_stays_its_own_period(app: Starlette) -> None:
    now = utcnow()
    made = await make_submission(app, now, delivered_days_ago=800, quiet_days=800)
    first = now - 400 * DAY
    assert await _purge(app, first) == 1
    key = await stored_file(app.state.storage)
    async with app.state.sessionmaker() as db:
        db.add(Answer(submission_id=made.id, text="Vēlā atbilde", file_key=key,
                      file_name="vēlā.pdf", file_type="application/pdf", file_size=10,
                      received_at=first + 20 * DAY))
        await db.commit()
    # Within its own period the late answer stays readable.
    assert await _purge(app, first + 300 * DAY) == 0
    assert (await submission(app, made.id)).answers_received[0].text == "Vēlā atbilde"
    # A year after it arrived, it goes too.
    assert await _purge(app, now) == 1
    purged = await submission(app, made.id)
    assert purged.purged_at == now and purged.answers_received[0].text == ""
    assert await exists(app.state.storage, [key]) == [False]
    # Status history intact throughout.
    async with app.state.sessionmaker() as db:
        assert await db.scalar(select(func.count()).select_from(StatusEvent)) == 1
        assert await db.scalar(select(func.count()).select_from(Attachment)) == 0
