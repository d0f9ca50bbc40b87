"""`portal housekeeping`, run as a real process against the test database."""

from __future__ import annotations

from dataclasses import replace

import anyio
import anyio.to_thread
import pytest
from starlette.applications import Starlette

from portal.database import utcnow
from portal.housekeeping.command import keep_tidy, tidy_once
from tests.portal.housekeeping.conftest import exists, make_submission, submission
from tests.portal.test_cli import run_portal

pytestmark = pytest.mark.anyio


async def test_the_command_says_what_it_did(app: Starlette) -> None:
    now = utcnow()
    old = await make_submission(app, now, delivered_days_ago=40, quiet_days=40,
                                answer_days_ago=35)
    recent = await make_submission(app, now, delivered_days_ago=20, quiet_days=20)
    settings = app.state.settings
    env = {"PORTAL_DATABASE_URL": settings.database_url,
           "PORTAL_STORAGE_DIR": str(settings.storage_dir),
           "PORTAL_SUBMISSION_RETENTION_DAYS": "30", "PORTAL_LOG_LEVEL": "WARNING"}

    result = await anyio.to_thread.run_sync(lambda: run_portal("housekeeping", env=env))

    assert result.returncode == 0, result.stderr
    assert "submissions whose details were removed (delivered and quiet for 30 days): 1, " \
        "with 1 answer(s)" in result.stdout
    assert "stored files deleted: 2" in result.stdout
    assert "expired web sessions deleted: 0" in result.stdout
    assert (await submission(app, old.id)).purged_at is not None
    assert (await submission(app, recent.id)).purged_at is None
    assert await exists(app.state.storage, old.attachment_keys + recent.attachment_keys) == \
        [False, True]
    # Nothing personal in what it printed or logged.
    assert "Ilze" not in result.stdout + result.stderr
    assert (await submission(app, old.id)).reference not in result.stdout + result.stderr

    again = await anyio.to_thread.run_sync(lambda: run_portal("housekeeping", env=env))
    assert again.returncode == 0, again.stderr
    assert "(delivered and quiet for 30 days): 0" in again.stdout


def test_help_lists_it() -> None:
    result = run_portal("--help")
    assert "housekeeping" in result.stdout


async def test_the_worker_loop_tidies_every_interval(app: Starlette) -> None:
    now = utcnow()
    old = await make_submission(app, now, delivered_days_ago=400, quiet_days=400)
    settings = replace(app.state.settings, housekeeping_interval_seconds=1)
    async with anyio.create_task_group() as group:
        group.start_soon(keep_tidy, app.state.sessionmaker, app.state.storage, settings)
        for _attempt in range(400):  # the first round runs at once; 20 s at most
            purged = (await submission(app, old.id)).purged_at is not None
            if purged and await exists(app.state.storage, old.attachment_keys) == [False]:
                break
            await anyio.sleep(0.05)
        group.cancel_scope.cancel()
    assert purged and await exists(app.state.storage, old.attachment_keys) == [False]


async def test_a_retention_of_zero_days_is_refused_not_applied(app: Starlette) -> None:
    now = utcnow()
    made = await make_submission(app, now, delivered_days_ago=2, quiet_days=2)
    settings = replace(app.state.settings, submission_retention_days=0)
    report = await tidy_once(app.state.sessionmaker, app.state.storage, settings, now)
    assert report.submissions == 0
    assert (await submission(app, made.id)).purged_at is None
