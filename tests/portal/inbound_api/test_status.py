"""Status updates: the timeline grows, the current status follows the latest event."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from eservices.submissions.models import StatusEvent, Submission
from tests.portal.inbound_api.conftest import SubmissionFactory

pytestmark = pytest.mark.anyio

Auth = Callable[..., dict[str, str]]


async def _reload(app: Starlette, submission_id: str) -> Submission:
    async with app.state.sessionmaker() as db:
        submission: Submission = await db.get_one(Submission, submission_id)
        return submission


async def test_a_status_update_joins_the_timeline(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    submission = await make_submission("vdi")
    url = f"/api/v1/submissions/{submission.reference}/status"
    first = await client.post(url, headers=auth(), json={
        "status": "in_review", "occurred_at": "2026-11-20T10:00:00+02:00"})
    assert first.status_code == 200, first.text
    assert first.json() == {"reference": submission.reference, "status": "in_review",
                            "status_changed_at": "2026-11-20T08:00:00+00:00"}
    later = await client.post(url, headers=auth(), json={
        "status": "needs_information", "note": "Lūdzu, pievienojiet darba līgumu.",
        "occurred_at": "2026-11-21T09:30:00Z"})
    assert later.json()["status"] == "needs_information"

    stored = await _reload(app, submission.id)
    assert stored.status == "needs_information"
    assert [(e.status, e.source) for e in stored.events] == [
        ("received", "portal"), ("in_review", "vdi"), ("needs_information", "vdi")]
    assert stored.events[-1].note == "Lūdzu, pievienojiet darba līgumu."


async def test_an_older_event_does_not_override_a_newer_status_and_repeats_count_once(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    submission = await make_submission("vdi")
    url = f"/api/v1/submissions/{submission.reference}/status"
    newer = {"status": "closed", "occurred_at": "2026-11-22T12:00:00+00:00"}
    older = {"status": "in_review", "occurred_at": "2026-11-20T12:00:00+00:00"}
    for body in (newer, older, newer):
        assert (await client.post(url, headers=auth(), json=body)).status_code == 200
    stored = await _reload(app, submission.id)
    assert stored.status == "closed"
    async with app.state.sessionmaker() as db:
        events = (await db.scalars(select(StatusEvent.status).where(
            StatusEvent.submission_id == submission.id).order_by(StatusEvent.at))).all()
    assert events == ["received", "in_review", "closed"]


async def test_another_back_offices_submission_and_unknown_references_are_not_found(
    client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    theirs = await make_submission("spolis")
    body = {"status": "in_review", "occurred_at": "2026-11-20T10:00:00+02:00"}
    for reference in (theirs.reference, "VDS-AAAA-AAAA", "nonsense", "x" * 300):
        response = await client.post(f"/api/v1/submissions/{reference}/status",
                                     headers=auth("vdi"), json=body)
        assert response.status_code == 404, reference
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"] == "/api/v1/problems/not-found"
    # ... while its own back office may.
    response = await client.post(f"/api/v1/submissions/{theirs.reference}/status",
                                 headers=auth("spolis"), json=body)
    assert response.status_code == 200


MALFORMED = [
    (b"{not json", "application/json", 400, "malformed"),
    (b"\xff\xfe", "application/json", 400, "malformed"),
    (b'{"status": NaN}', "application/json", 400, "malformed"),
    (b"[1, 2]", "application/json", 422, "invalid"),
    (b'{"status": "received", "occurred_at": "2026-11-20T10:00:00Z"}', "application/json",
     422, "invalid"),
    (b'{"status": "finished", "occurred_at": "2026-11-20T10:00:00Z"}', "application/json",
     422, "invalid"),
    (b'{"status": "closed", "occurred_at": "2026-11-20 10:00"}', "application/json",
     422, "invalid"),
    (b'{"status": "closed", "occurred_at": "2999-01-01T00:00:00Z"}', "application/json",
     422, "invalid"),
    (b'{"status": "closed", "occurred_at": "0001-01-01T00:00:00+05:00"}', "application/json",
     422, "invalid"),
    (b'{"status": "closed", "occurred_at": "2026-11-20T10:00:00Z", "x": 1}',
     "application/json", 422, "invalid"),
    (b'{"status": "closed", "occurred_at": "2026-11-20T10:00:00Z", "note": 5}',
     "application/json", 422, "invalid"),
    (b"status=closed", "application/x-www-form-urlencoded", 415, "unsupported-media-type"),
]


async def test_malformed_bodies_get_a_problem_and_change_nothing(
    app: Starlette, client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    submission = await make_submission("vdi")
    for content, content_type, status, kind in MALFORMED:
        response = await client.post(f"/api/v1/submissions/{submission.reference}/status",
                                     headers={**auth(), "content-type": content_type},
                                     content=content)
        assert response.status_code == status, (content, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"] == f"/api/v1/problems/{kind}"
        if kind == "invalid":
            assert problem["errors"] and all("pointer" in e for e in problem["errors"])
    stored = await _reload(app, submission.id)
    assert stored.status == "received" and len(stored.events) == 1


async def test_a_body_too_large_is_refused(
    client: httpx.AsyncClient, make_submission: SubmissionFactory, auth: Auth,
) -> None:
    submission = await make_submission("vdi")
    response = await client.post(f"/api/v1/submissions/{submission.reference}/status",
                                 headers={**auth(), "content-type": "application/json"},
                                 content=b" " * (1024 * 1024 + 1))
    assert response.status_code == 413
    assert response.json()["type"] == "/api/v1/problems/too-large"
