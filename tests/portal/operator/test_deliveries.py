"""The operators' delivery pages: who may see them, what they show, retrying a dead letter."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from eservices.submissions.models import (
    DeliveryAttempt,
    OutboxEntry,
    OutboxState,
    Submission,
    SubmissionStatus,
)
from eservices.submissions.reference import new_reference
from portal.audit.models import AuditEvent
from portal.settings import Settings
from tests.support.signin import person, sign_in

pytestmark = pytest.mark.anyio

OPERATOR = person("329954-31870", "Dace", "Ābele")
RESIDENT = person("010101-10000", "Jānis", "Bērziņš")
RESIDENT_CODE = "120380-12345"
NOW = datetime.now(UTC)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.replace(operator_personal_codes=("329954-31870",))


async def _outbox_row(app: Starlette, destination: str, state: OutboxState, *,
                      age: timedelta, error: str = "", attempts: int = 0) -> tuple[int, str]:
    reference = new_reference("VDS")
    submitted = NOW - age
    async with app.state.sessionmaker() as db:
        submission = Submission(
            id=str(uuid.uuid4()), reference=reference, draft_id=str(uuid.uuid4()),
            service_slug="labour_complaint", destination=destination, subject_kind="self",
            subject_id=RESIDENT_CODE, subject_name="Jānis Bērziņš",
            actor_personal_code=RESIDENT_CODE, actor_name="Jānis Bērziņš",
            representation="self", answers={"description": "Alga netiek izmaksāta"},
            answer_channel="portal", contact_email="", locale="lv",
            status=SubmissionStatus.RECEIVED, submitted_at=submitted, status_changed_at=submitted)
        db.add(submission)
        await db.flush()  # no relationship orders the inserts
        entry = OutboxEntry(
            submission_id=submission.id, destination=destination, idempotency_key=reference,
            state=state, attempts=attempts, created_at=submitted,
            next_attempt_at=NOW + timedelta(minutes=5), claimed_by="", last_error=error,
            delivered_at=NOW - timedelta(minutes=1) if state == OutboxState.DELIVERED else None)
        db.add(entry)
        await db.flush()
        for number in range(attempts):
            db.add(DeliveryAttempt(
                outbox_id=entry.id, worker=f"worker-{number}", started_at=submitted,
                duration_ms=120 + number, outcome="dead" if number == attempts - 1 else "retry",
                error=error))
        await db.commit()
        return entry.id, reference


async def _csrf(client: httpx.AsyncClient, page: httpx.Response) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, "no CSRF field on the page"
    return match.group(1)


async def test_only_operators_see_the_pages(app: Starlette, client: httpx.AsyncClient) -> None:
    entry_id, _ = await _outbox_row(app, "vdi", OutboxState.DEAD, age=timedelta(days=4))
    pages = ["/operator/deliveries", f"/operator/deliveries/{entry_id}"]
    for path in pages:
        assert (await client.get(path)).status_code == 404
    assert (await client.post(f"/operator/deliveries/{entry_id}/retry")).status_code in (403, 404)
    await sign_in(app, client, RESIDENT)
    for path in pages:
        response = await client.get(path)
        assert response.status_code == 404 and "Dead" not in response.text
    await sign_in(app, client, OPERATOR)
    for path in pages:
        assert (await client.get(path)).status_code == 200


async def test_the_overview_shows_health_and_rows_without_personal_data(
    app: Starlette, client: httpx.AsyncClient,
) -> None:
    _, dead_ref = await _outbox_row(app, "vdi", OutboxState.DEAD, age=timedelta(days=4),
                                    error="vdi: HTTP 503: POST /vdi/submissions", attempts=3)
    _, pending_ref = await _outbox_row(app, "spolis", OutboxState.PENDING,
                                       age=timedelta(hours=2), attempts=1)
    await _outbox_row(app, "spolis", OutboxState.DELIVERED, age=timedelta(hours=3))
    await sign_in(app, client, OPERATOR)

    page = await client.get("/operator/deliveries")
    assert page.status_code == 200
    text = page.text
    assert "<caption" in text and 'scope="col"' in text and 'scope="row"' in text
    assert dead_ref in text and "HTTP 503" in text
    assert pending_ref not in text  # dead letters are shown first
    for private in (RESIDENT_CODE, "Bērziņš", "Alga netiek"):
        assert private not in text
    health = text[:text.index("</tbody>")]
    assert re.findall(r'<th scope="row">([A-Z]+)</th>', health) == ["VDI", "SPOLIS", "SIVA"]

    pending = await client.get("/operator/deliveries", params={"state": "pending"})
    assert pending_ref in pending.text and dead_ref not in pending.text
    delivered = await client.get("/operator/deliveries", params={"state": "delivered"})
    assert delivered.status_code == 200


async def test_a_row_shows_its_attempts(app: Starlette, client: httpx.AsyncClient) -> None:
    entry_id, reference = await _outbox_row(app, "siva", OutboxState.DEAD,
                                            age=timedelta(days=4), error="siva: timed out",
                                            attempts=2)
    await sign_in(app, client, OPERATOR)
    page = await client.get(f"/operator/deliveries/{entry_id}")
    assert reference in page.text
    assert page.text.count("worker-") == 2
    assert "siva: timed out" in page.text
    assert (await client.get("/operator/deliveries/999999")).status_code == 404


async def test_retry_moves_a_dead_letter_back_to_pending_and_is_audited(
    app: Starlette, client: httpx.AsyncClient,
) -> None:
    entry_id, _ = await _outbox_row(app, "vdi", OutboxState.DEAD, age=timedelta(days=4),
                                    error="vdi: HTTP 500", attempts=5)
    await sign_in(app, client, OPERATOR)
    page = await client.get(f"/operator/deliveries/{entry_id}")
    assert f'action="/operator/deliveries/{entry_id}/retry"' in page.text
    token = await _csrf(client, page)
    # Without the CSRF token nothing happens.
    refused = await client.post(f"/operator/deliveries/{entry_id}/retry")
    assert refused.status_code == 403
    before = datetime.now(UTC)
    response = await client.post(f"/operator/deliveries/{entry_id}/retry",
                                 data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"] == f"/operator/deliveries/{entry_id}?retried=1"
    async with app.state.sessionmaker() as db:
        entry = await db.get_one(OutboxEntry, entry_id)
        assert entry.state == OutboxState.PENDING
        assert entry.next_attempt_at >= before - timedelta(seconds=1)
        assert entry.attempts == 5 and entry.last_error == "vdi: HTTP 500"
        audit = (await db.scalars(select(AuditEvent))).all()
    assert [(a.action, a.actor_personal_code, a.detail) for a in audit] == [
        ("delivery_retried", "329954-31870", f"outbox {entry_id}")]
    confirmation = await client.get(response.headers["location"])
    assert 'class="notification-banner' in confirmation.text
    assert f'action="/operator/deliveries/{entry_id}/retry"' not in confirmation.text

    # A row that is not dead is left alone.
    again = await client.post(f"/operator/deliveries/{entry_id}/retry",
                              data={"csrf_token": token})
    assert again.headers["location"] == f"/operator/deliveries/{entry_id}"
